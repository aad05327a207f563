// Our TypeScript compiled ahead to JavaScript for the test processes (test/run.ts), so that they run
// without tsx. In Node 20 tsx's loader hooks run on a thread of their own, and every module a process
// imports, each file of every package too, is a round trip to that thread: importing the packages the
// tests use took 2.8 CPU-seconds under tsx against 1.5 without it, and each test process pays that.
//
// One file out for each file in (no bundling), so that a module is one instance per process, as under
// tsx, and the files keep their places relative to each other. `import.meta.url` stands for the source
// file's URL, so that code finding files next to its own (schema/, templates, the project root) finds
// them where they are; packages resolve from the output folder, which sits inside node_modules/.cache.
// (scripts/generate.mjs does the same for the generator's bundle by replacing the text instead: its bundle
// holds packages too, which a define of import.meta.url would reach. Every file compiled here is ours.)
// A source map beside each file, read by the runner only for the files a failure names (test/stack-map.ts).
// TypeScript that the tests import by a computed path is not here: such an import fails loudly in a test
// process ("Unknown file extension .ts"). test/generator/typecheck.test.ts compiles the golden cases it
// runs itself.
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The folders of our TypeScript that tests import, and codegen.ts (the generator imports it). */
const FOLDERS = ["src", "generated", "generator", "test", "bench"];
/** Not code the tests import: the golden cases' files are data (their expected output is read as text). */
const SKIPPED = new Set(["test/golden"]);

/** What `import.meta.url` becomes: a constant each file declares (below). */
const SOURCE_URL = "__panther_source_url";

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(path) ? [] : sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/**
 * Compiles the sources into a new folder under node_modules/.cache/panther-mcp (the runner removes it at
 * the end); returns its path. Folders left by runs that were killed go once they are a day old.
 */
export async function compileForTests(): Promise<string> {
  const parent = join(ROOT, "node_modules", ".cache", "panther-mcp");
  mkdirSync(parent, { recursive: true });
  for (const old of readdirSync(parent, { withFileTypes: true })) {
    const path = join(parent, old.name);
    if (old.isDirectory() && old.name.startsWith("tests-") && statSync(path).mtimeMs < Date.now() - 86_400_000)
      rmSync(path, { recursive: true, force: true });
  }
  const out = mkdtempSync(join(parent, "tests-"));
  try {
    await compile(out);
  } catch (error) {
    rmSync(out, { recursive: true, force: true });
    throw error;
  }
  return out;
}

async function compile(out: string): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [...FOLDERS.flatMap(sources), "codegen.ts"],
    outdir: out,
    outbase: ROOT,
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "external",
    sourcesContent: false,
    define: { "import.meta.url": SOURCE_URL },
    logLevel: "error",
    plugins: [
      {
        name: "source-urls",
        setup(b) {
          // Declared at the start of the first line (a #! line becomes a comment), so that no line moves.
          b.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: `const ${SOURCE_URL} = ${JSON.stringify(pathToFileURL(args.path).href)}; ${readFileSync(args.path, "utf8").replace(/^#!/, "//")}`,
            loader: "ts",
          }));
        },
      },
    ],
  });
}
