// What `npm run generate` (and `generate:check`) runs: the generator CLI (generator/cli.ts), bundled with
// esbuild and run by plain Node. Loading the generator's ~40 modules and their packages through tsx's
// loader took about a third of a generate run; one bundled file loads in a fraction of that.
//   node scripts/generate.mjs [--check]    the same arguments and exit code as generator/cli.ts
// The bundle is kept in node_modules/.cache/panther-mcp/generator-<hash of the checkout's path>/, with a
// manifest naming our files it was built from (and npm's lockfiles, which stand for the packages' files)
// and a hash of their contents: when any of them changes (or the cache is absent, as in a fresh clone),
// it is built again first, which costs about a tenth of a second.
// Left out of the bundle: what finds its files next to its own code (TypeScript, the dprint plugin's WASM,
// the tokenizer, recheck), tsx, and the modules that read the registry (catalog, budget, docs), which load
// through tsx as the project's own code does. import.meta.url in our sources keeps meaning the source
// file, so the templates, the project root and createRequire resolve as they do unbundled.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
// One folder per checkout: node_modules may be shared by several (git worktrees, a symlinked install).
const CACHE = join(
  ROOT,
  "node_modules",
  ".cache",
  "panther-mcp",
  `generator-${createHash("sha256").update(ROOT).digest("hex").slice(0, 12)}`,
);
const MANIFEST = join(CACHE, "manifest.json");

/** Packages Node loads from node_modules (see above); the rest are bundled. */
const EXTERNAL = ["typescript", "@dprint/typescript", "gpt-tokenizer", "recheck", "tsx"];

/** A hash of the bundle's inputs (paths relative to the project, and their contents). */
function hashOf(inputs) {
  const hash = createHash("sha256").update(`${process.version}\0${ROOT}\0`);
  for (const input of inputs) {
    hash.update(`${input}\0`);
    hash.update(readFileSync(join(ROOT, input)));
  }
  return hash.digest("hex");
}

/** The bundle's folder if the cache holds a current one. */
function cached() {
  try {
    const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
    return manifest.hash === hashOf(manifest.inputs) && existsSync(join(CACHE, manifest.dir)) ? join(CACHE, manifest.dir) : undefined;
  } catch {
    return undefined;
  }
}

/** The generator's modules that read the registry: loaded from source, through tsx. */
const FROM_SOURCE = /^\.\/(catalog|budget|docs)\.js$/;
/** Our own TypeScript (not a package's). */
const OWN_SOURCE = new RegExp(`^${ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/(generator/.*|src/.*|codegen)\\.ts$`);

/**
 * Leaves the registry's readers out of the bundle, and makes import.meta.url in our sources stand for the
 * source file, not the bundle. (The filters are narrow: each file a plugin sees is a round trip between
 * esbuild and Node, and a plugin seeing every file of the packages tripled the time of a build.)
 */
const sourceUrls = {
  name: "source-urls",
  setup(b) {
    b.onResolve({ filter: FROM_SOURCE }, (args) =>
      args.resolveDir === join(ROOT, "generator")
        ? { path: pathToFileURL(join(args.resolveDir, args.path.replace(/\.js$/, ".ts"))).href, external: true }
        : undefined,
    );
    b.onLoad({ filter: OWN_SOURCE }, (args) => {
      const text = readFileSync(args.path, "utf8").replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href));
      return { contents: text, loader: "ts" };
    });
  },
};

/** Bundles the generator and its worker into a new folder of the cache; returns that folder. */
async function build() {
  const { build } = await import("esbuild");
  const dir = randomUUID();
  const out = join(CACHE, dir);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { generate: "generator/bundle-entry.ts", "typecheck-worker": "generator/typecheck-worker.ts" },
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // The CLI's own dynamic imports become chunks: its type check worker starts before they load.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
    // Bundled CommonJS packages require Node's modules.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    plugins: [sourceUrls],
    metafile: true,
    logLevel: "warning",
  });
  // Our own files by their contents; the packages' files (most of the inputs, ~3 MB) by npm's record of
  // what is installed, which an install or an update of any package rewrites.
  const own = Object.keys(result.metafile.inputs).filter((p) => !p.split(/[\\/]/).includes("node_modules"));
  const inputs = [
    ...new Set(
      [...own, "scripts/generate.mjs", "package.json", "package-lock.json", "node_modules/.package-lock.json"]
        .filter((p) => existsSync(join(ROOT, p)))
        .map((p) => relative(ROOT, join(ROOT, p))),
    ),
  ].sort();
  // The manifest is replaced in one rename, so a run started meanwhile reads the old or the new one.
  const temp = `${MANIFEST}.${dir}`;
  writeFileSync(temp, JSON.stringify({ dir, hash: hashOf(inputs), inputs }));
  renameSync(temp, MANIFEST);
  // Earlier bundles go, once old enough that no run can still be starting from one (or building it).
  for (const old of readdirSync(CACHE, { withFileTypes: true })) {
    const path = join(CACHE, old.name);
    if (old.isDirectory() && old.name !== dir && statSync(path).mtimeMs < Date.now() - 60_000)
      rmSync(path, { recursive: true, force: true });
  }
  return out;
}

mkdirSync(CACHE, { recursive: true });
const dir = cached() ?? (await build());
const bundle = pathToFileURL(join(dir, "generate.mjs")).href;
const { main, setUp } = await import(bundle);
setUp(bundle);
main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`generate: ${error?.stack ?? error}\n`);
    process.exit(2);
  },
);
