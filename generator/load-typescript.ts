// Loads TypeScript's compiler for the generator's type check with V8's code cache. typescript.js is 9 MB
// of JavaScript: compiling it, and then the functions a check runs, took about a fifth of a second of
// the type check worker's time, on the path `npm run generate` waits on. Node 22 keeps such a cache by
// itself (module.enableCompileCache); Node 20 does not, so it is done here as Node does it: the module's
// code is compiled with vm.Script and the cache V8 made of it is kept in node_modules/.cache.
// The cache is only an aid: V8 refuses one made by another V8 version or for other source text (it is
// then made again), and any failure to read or write it falls back to compiling as usual.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { constants, Script } from "node:vm";

type TypeScript = typeof import("typescript");

export interface LoadedTypeScript {
  ts: TypeScript;
  /** Keeps the code cache for the next process, once, if there was none to use (call it after a check). */
  keepCache(): void;
}

let loaded: LoadedTypeScript | undefined;

/**
 * TypeScript as `require("typescript")` from the generator gives it, with its code cache kept in
 * `cacheDir`; loaded once a process (thread).
 */
export function loadTypeScript(cacheDir: string): LoadedTypeScript {
  return (loaded ??= load(cacheDir));
}

function load(cacheDir: string): LoadedTypeScript {
  const require = createRequire(import.meta.url);
  const file = require.resolve("typescript");
  let source: string;
  let cacheFile: string;
  try {
    source = readFileSync(file, "utf8");
    const { mtimeMs, size } = statSync(file);
    const key = createHash("sha256").update(`${file}\0${mtimeMs}\0${size}\0${process.version}\0${process.arch}`).digest("hex");
    cacheFile = join(cacheDir, `typescript-${key.slice(0, 16)}.v8cache`);
  } catch {
    return { ts: require("typescript") as TypeScript, keepCache() {} };
  }
  let cached: Buffer | undefined;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const script = new Script(Module.wrap(source), {
    filename: file,
    cachedData: cached,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as TypeScript };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  let keep = cached === undefined || script.cachedDataRejected === true;
  return {
    ts: module.exports,
    keepCache() {
      if (!keep) return;
      keep = false;
      try {
        mkdirSync(cacheDir, { recursive: true });
        const temp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        writeFileSync(temp, script.createCachedData());
        renameSync(temp, cacheFile);
      } catch {
        // No cache this time: the next process compiles TypeScript as usual.
      }
    },
  };
}
