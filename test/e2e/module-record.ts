// Reads what module-recorder.mjs wrote: which npm packages were loaded before the first tools/list
// answer and which after it, in any thread or process that recorded into the file.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

export interface ModuleRecord {
  /** Whether the server wrote a tools/list answer. */
  answered: boolean;
  /**
   * Packages first loaded before the answer (from node_modules or bundled into a file of ours), with when (ms from the server's start); NaN for a CommonJS
   * package only ever required from another (the recorder lists those at the answer, without a time).
   */
  before: Map<string, number>;
  /** Packages first loaded after it. */
  after: Set<string>;
  /** Worker threads and child processes started before the answer ("thread eval", "process /path/lake-process.js"). */
  startedBefore: string[];
  /** And after it. */
  startedAfter: string[];
  /** Our own modules (path under the project, built or source: "src/tools/metrics", "generated/catalog") loaded before the answer. */
  ownBefore: Set<string>;
  /** And after it. */
  ownAfter: Set<string>;
}

/** "src/tools/metrics" for .../panther-mcp/dist/src/tools/metrics.js or .../src/tools/metrics.ts; undefined outside src/ and generated/. */
export function ownModuleOf(url: string): string | undefined {
  if (url.includes("/node_modules/")) return undefined;
  const m = /\/(?:dist\/)?((?:src|generated)\/.+)\.[cm]?[jt]s$/.exec(url);
  return m?.[1];
}

/** The npm package a module URL belongs to ("graphql", "@duckdb/node-api"), or undefined for our own code and node:*. */
export function packageOf(url: string): string | undefined {
  const at = url.lastIndexOf("/node_modules/");
  if (at < 0) return undefined;
  const parts = url.slice(at + "/node_modules/".length).split("/");
  return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** dist/meta.json (written by scripts/build.mjs): for each bundle output, the sources it holds. */
let bundleInputs: Map<string, { own: string[]; packages: string[] }> | undefined;

/**
 * What a loaded file holds: our own modules and npm packages. One module for a file built or run
 * alone; for an output of the bundled build (its entries and chunks under dist/src/), every source
 * and package bundled into it, so that a package bundled in is seen loading as one from node_modules is.
 */
function contentsOf(url: string): { own: string[]; packages: string[] } {
  if (bundleInputs === undefined) {
    bundleInputs = new Map();
    try {
      const meta = JSON.parse(readFileSync(join(ROOT, "dist/meta.json"), "utf8")) as {
        outputs: Record<string, { inputs: Record<string, unknown> }>;
      };
      for (const [output, { inputs }] of Object.entries(meta.outputs)) {
        const paths = Object.keys(inputs).map((input) => `/${input}`);
        bundleInputs.set(join(ROOT, output), {
          own: paths.flatMap((p) => ownModuleOf(p) ?? []),
          packages: [...new Set(paths.flatMap((p) => packageOf(p) ?? []))],
        });
      }
    } catch {
      // not the bundled build
    }
  }
  const bundled = url.startsWith("file:") ? bundleInputs.get(fileURLToPath(url)) : undefined;
  if (bundled) return bundled;
  const own = ownModuleOf(url);
  const name = packageOf(url);
  return { own: own ? [own] : [], packages: name ? [name] : [] };
}

export function readRecord(text: string): ModuleRecord {
  const record: ModuleRecord = {
    answered: false,
    before: new Map(),
    after: new Set(),
    startedBefore: [],
    startedAfter: [],
    ownBefore: new Set(),
    ownAfter: new Set(),
  };
  for (const line of text.split("\n")) {
    if (!line) continue;
    if (line.endsWith(" answered tools/list")) {
      record.answered = true;
      continue;
    }
    const [, at, kind, url] = line.split(" ");
    if (kind === "thread" || kind === "process") {
      (record.answered ? record.startedAfter : record.startedBefore).push(`${kind} ${url}`);
      continue;
    }
    if (!url) continue;
    const { own, packages } = contentsOf(url);
    for (const module of own) (record.answered ? record.ownAfter : record.ownBefore).add(module);
    for (const name of packages) {
      if (!record.answered) {
        if (!record.before.has(name)) record.before.set(name, kind === "require" ? Number.NaN : Number(at));
      } else if (!record.before.has(name)) record.after.add(name);
    }
  }
  return record;
}
