// Builds dist/: each program of the package bundled with esbuild into one ESM file, plus the chunks
// that are loaded later (a tool call, the demo's simulator, the data lake, telemetry, HTTP). The type
// check is tsc's (`npm run build` runs it first) or tsgo's (`npm test`); this only bundles. `npm pack` runs
// only this (prepack).
//   node scripts/build.mjs           bundle into dist/ (emptied first)
// Why bundle: start-up to the first tools/list answer is mostly the cost of loading modules. The SDK
// and zod alone are ~110 ESM files, each resolved, read and compiled by Node's loader; one file with
// them inside, tree-shaken, loads faster than an unbundled SDK server does (docs/benchmarks.md, goal 3).
// Why esbuild: the standard, fast, maintained bundler for Node (already what tsx runs on).
// Bundled in: the SDK, zod and undici (the parts src/upstream/undici-parts.ts takes). undici is loaded on
// a server's first call (a chunk of its own, imported then); from node_modules it is ~200 CommonJS files,
// each resolved, read and wrapped on that call. Bundled CommonJS calls `require` for Node's built-in
// modules, which an ES module does not have: the banner gives each output file one (createRequire). So
// bundled code that asks `typeof require` takes its CommonJS branch, which in Node is the right one.
// What stays outside (imported from node_modules at run time): native or WASM packages (DuckDB, the SQL
// parsers), and those only the simulator or telemetry needs (graphql, htmlparser2, pino, OpenTelemetry),
// so that they still load only when used and the start-up import test still sees when they do.
// dist/meta.json is esbuild's record of which sources each output holds (test/e2e/module-record.ts
// reads it to name the modules a bundled server loads).
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** Packages bundled in; the rest are left to Node. */
const BUNDLED = new Set(["@modelcontextprotocol/server", "zod", "undici"]);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));

/** zod's namespace re-exports every locale (~60 files); only English, its default, is ever used. */
const englishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
    }));
  },
};

/** The SDK's Node shim, with its JSON Schema validator loaded on first use (src/bundle/sdk-shims.ts says why). */
const sdkShims = {
  name: "sdk-shims",
  setup(b) {
    b.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: join(ROOT, "src/bundle/sdk-shims.ts") }));
  },
};

/**
 * The data lake's engine process (lake-process.ts) is started afresh after every query that it runs out
 * of memory on, and its start-up is mostly module loading: it gets the JavaScript of DuckDB's API and of
 * the SQL translator bundled in (only the engine imports them, so no other output holds them). DuckDB's
 * native binding stays a file of its own, required at run time. Loaded from node_modules, DuckDB's API
 * is ~60 CommonJS files, each resolved, read and scanned for its exports by Node's ESM loader.
 */
const lakeEngine = {
  name: "lake-engine",
  setup(b) {
    const require = createRequire(import.meta.url);
    b.onResolve({ filter: /^@duckdb\/node-api$|^@polyglot-sql\/sdk\/manual$/ }, (args) => ({ path: require.resolve(args.path) }));
    // What DuckDB's API requires from outside itself (its binding, Node's own modules) is required at run time.
    b.onResolve({ filter: /^[^.]/ }, (args) =>
      args.kind === "require-call" && /[\\/]@duckdb[\\/]node-api[\\/]/.test(args.importer)
        ? { path: args.path, namespace: "lake-native" }
        : undefined,
    );
    // Resolved from DuckDB's API package, as its own require() would (its binding is its dependency, not ours).
    // A CommonJS module, so that the bundled require() hands back exactly what Node's would.
    b.onLoad({ filter: /.*/, namespace: "lake-native" }, (args) => ({
      contents: `module.exports = require("node:module").createRequire(require.resolve("@duckdb/node-api"))(${JSON.stringify(args.path)});`,
      loader: "js",
      resolveDir: ROOT,
    }));
    // wasm-bindgen's loader asks whether it was handed a fetch() Response or Request; reading those
    // globals loads Node's fetch (undici, ~20 ms of CPU). The engine always hands it the module's bytes.
    // A release that words those checks otherwise fails the build here, rather than load fetch again unseen.
    b.onLoad({ filter: /[\\/]@polyglot-sql[\\/]sdk[\\/]dist[\\/]manual\.js$/ }, (args) => {
      let contents = readFileSync(args.path, "utf8");
      for (const check of ["typeof Response === 'function'", "typeof Request === 'function'"]) {
        if (!contents.includes(check)) throw new Error(`${args.path} no longer has \`${check}\`: see scripts/build.mjs (lake-engine)`);
        contents = contents.replaceAll(check, "false");
      }
      return { contents, resolveDir: dirname(args.path) };
    });
  },
};

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: {
    "src/cli": "src/cli.ts",
    "src/index": "src/index.ts",
    "src/simulator/main": "src/simulator/main.ts",
    "src/simulator/lake-process": "src/simulator/lake-process.ts",
  },
  outdir: OUT,
  chunkNames: "src/chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external,
  plugins: [englishOnly, sdkShims, lakeEngine],
  // Whitespace and syntax minified, names kept: every process parses and compiles its bundles afresh
  // (Node 20 keeps no code cache for ES modules), and the smaller text cost a server about 14 ms less CPU
  // from its start to its first call's answer (0.181-0.182 s against 0.195-0.197 s, medians of 20 runs of
  // a launch, tools/list and one get_alert, alternated). Renaming identifiers as well saved a few ms more
  // (0.172-0.179 s) but would leave stacks and error names unreadable; these keep their functions' names.
  // The maps lead back to the sources: `node --enable-source-maps` shows .ts lines.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  banner: { js: 'import { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);' },
  metafile: true,
  logLevel: "warning",
});
writeFileSync(join(OUT, "meta.json"), JSON.stringify(result.metafile));
