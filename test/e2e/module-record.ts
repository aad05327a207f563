// Reads what module-recorder.mjs wrote: which npm packages were loaded before the first tools/list
// answer and which after it, in any thread or process that recorded into the file.

export interface ModuleRecord {
  /** Whether the server wrote a tools/list answer. */
  answered: boolean;
  /**
   * Packages first loaded before the answer, with when (ms from the server's start); NaN for a CommonJS
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
    const own = url ? ownModuleOf(url) : undefined;
    if (own) (record.answered ? record.ownAfter : record.ownBefore).add(own);
    const name = url ? packageOf(url) : undefined;
    if (!name) continue;
    if (!record.answered) {
      if (!record.before.has(name)) record.before.set(name, kind === "require" ? Number.NaN : Number(at));
    } else if (!record.before.has(name)) record.after.add(name);
  }
  return record;
}
