// Spawns the real panther-mcp over stdio against a running simulator and connects the SDK's client.
import { Client, type ElicitRequestFormParams, type ElicitResult } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createLogger } from "../../src/logger.js";
import { COMPILED_TESTS_ENV, compiledFile } from "../compiled-env.js";
import { PantherClient } from "../../src/upstream/client.js";
import { openSharedLake, startSimulator, type SharedLake, type Simulator, type SimulatorOptions } from "../../src/simulator/index.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const TOKEN = "e2e-secret-token-3f9c1a7b";
/** A token the test simulator grants AlertRead only. */
export const LIMITED_TOKEN = "limited-token-9d2e";

export type Era = "2025" | "2026";

export interface Session {
  sim: Simulator;
  client: Client;
  stderr: () => string;
  /** Calls a tool; the result as the client got it. */
  call(name: string, args?: Record<string, unknown>): ReturnType<Client["callTool"]>;
  /** Calls a tool; its result parsed as JSON (throws on an error result). */
  callJson(name: string, args?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  era?: Era;
  env?: Record<string, string>;
  args?: string[];
  /** Declare form elicitation and answer each elicitation/create with this (the user's answer). */
  elicit?: (params: ElicitRequestFormParams) => ElicitResult | Promise<ElicitResult>;
  /** 2026 era: hand input_required results to the caller instead of fulfilling them (manual multi-round-trip). */
  manualInput?: boolean;
}

/** Connect options for a session with the limited token (AlertRead only). */
export const LIMITED: ConnectOptions = { env: { PANTHER_API_TOKEN: LIMITED_TOKEN } };

/** Options of a test simulator: the simulator's, and whether it needs a data lake of its own. */
export type TestSimulatorOptions = SimulatorOptions & {
  /**
   * A lake of its own, not the process's shared one (a test that watches the engine process start or
   * end, or that kills it on purpose).
   */
  ownLake?: boolean;
};

/**
 * The fixed simulator time of the tests that pin one (dates they assert are relative to it). One shared
 * value, not one per file: a test process opens one lake per anchor, and test/run.ts runs the files that
 * name FIXED_NOW one after another in one process, so that the lake's engine starts once for them all.
 */
export const FIXED_NOW = new Date("2026-03-15T12:00:00.000Z");

/**
 * The data lakes shared by this process's simulators, by anchor ("" for simulators without a `now`):
 * an engine start is most of what a test file that queries the lake costs, and files run one after
 * another in a test process (test/shared-process.ts). Rows are only read, so a shared lake answers every
 * simulator as its own would: same anchor, same rows. What does carry over from file to file: a query
 * still being stopped delays the next file's first one, an engine replaced after a heavy query is
 * replaced for all, and a simulator with a fixed `now` reads its clock from when its anchor's lake was
 * opened (later in the run: minutes past `now` at most), not from its own start.
 */
const sharedLakes = new Map<string, SharedLake>();
/** This process's shared lake for `now` (undefined: the lake of simulators without a `now`), opened on first use. */
export function sharedLake(now: Date | undefined): SharedLake {
  const key = now?.toISOString() ?? "";
  let lake = sharedLakes.get(key);
  if (!lake) sharedLakes.set(key, (lake = openSharedLake(now ?? new Date(), BUILT_ENGINE)));
  return lake;
}

export async function startSimulatorForTests({ ownLake, ...opts }: TestSimulatorOptions = {}): Promise<Simulator> {
  const { now, ...rest } = opts;
  const lakeOptions = ownLake || opts.lake ? { now } : { lake: sharedLake(now) };
  return startSimulator({
    tokens: { [TOKEN]: "all", [LIMITED_TOKEN]: ["AlertRead"] },
    queryDelayMs: 100,
    builtEngine: BUILT_ENGINE,
    ...lakeOptions,
    ...rest,
  });
}

/**
 * Registers before/after hooks in the enclosing describe (or file): before starts a simulator with
 * `options` and connects one server session per entry of `sessions` (named as the test names them),
 * then hands all to `ready`; after closes them and asserts the API token never reached any session's stderr.
 */
export function useSimulator<K extends string>(
  options: TestSimulatorOptions,
  sessions: Record<K, ConnectOptions>,
  ready: (started: { sim: Simulator } & Record<K, Session>) => void,
): void {
  let sim: Simulator | undefined;
  const open: [K, Session][] = [];
  before(async () => {
    sim = await startSimulatorForTests(options);
    for (const [name, opts] of Object.entries(sessions) as [K, ConnectOptions][]) open.push([name, await connect(sim, opts)]);
    ready({ ...(Object.fromEntries(open) as Record<K, Session>), sim });
  });
  after(async () => {
    for (const [, session] of open) await session.close();
    await sim?.close();
    for (const [name, session] of open)
      assert.ok(!session.stderr().includes(TOKEN), `the API token must never reach stderr (session ${name})`);
  });
}

/** A Panther client of our own against the simulator, with the full token. */
export function pantherClientFor(sim: Simulator): PantherClient {
  return new PantherClient({
    graphqlUrl: sim.graphqlUrl,
    restUrl: sim.restUrl,
    apiToken: TOKEN,
    timeoutMs: 5000,
    logger: createLogger("silent"),
  });
}

/** Runs the CLI with `env` (and PATH) and stdin closed at once, until it exits (killed after 60 s). */
export async function runCli(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...SERVER_ARGS, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
  child.stdin.end();
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** The problem lines of a configuration error on stderr. */
export function problems(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((l) => l.startsWith("  - "))
    .map((l) => l.slice(4));
}

/** README.md from the line `heading` (e.g. "## Tools") up to the next level-2 heading. */
export function readmeSection(heading: string): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has a "${heading}" section`);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start + 1, end < 0 ? undefined : end + 1);
}

/**
 * Whether dist/ holds a build at least as new as every source under src/ and generated/ (the build
 * bundles them, scripts/build.mjs: the programs' entries, dist/src/cli.js first, are its outputs).
 * `npm test` builds first, so there it always does; a test file run by hand after an edit may not.
 */
export function builtAndFresh(): boolean {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
    );
  try {
    const built = Math.min(
      ...["src/cli.js", "src/simulator/main.js", "src/simulator/lake-process.js"].map((file) => statSync(join(ROOT, "dist", file)).mtimeMs),
    );
    return ["src", "generated"].flatMap(walk).every((file) => built >= statSync(join(ROOT, file)).mtimeMs);
  } catch {
    return false; // no build
  }
}

/**
 * Whether tests run our programs built (dist/, as users run them: ~0.25 s a server launch against ~0.45 s
 * through tsx) or from source. Built when dist/ is complete and newer than every source; otherwise (a
 * test file run by hand after an edit, without `npm run build`) from source through tsx, with a note on
 * stderr. PANTHER_MCP_TEST_SERVER=dist makes a stale build an error; =source always runs the sources.
 */
const BUILT = ((): boolean => {
  const want = process.env.PANTHER_MCP_TEST_SERVER;
  if (want === "source") return false;
  if (builtAndFresh()) return true;
  if (want === "dist") throw new Error("PANTHER_MCP_TEST_SERVER=dist but dist/ is missing or older than the sources: run `npm run build`");
  process.stderr.write(
    "note: dist/ is missing or older than src/: the tests run the server from source through tsx (`npm run build` for the built one)\n",
  );
  return false;
})();

/** The data lake's built engine for simulators started here, when the build is fresh (else from source, through tsx). */
export const BUILT_ENGINE = BUILT ? join(ROOT, "dist/src/simulator/lake-process.js") : undefined;

/** Node arguments (run in ROOT) that start the program whose source is `entry` (e.g. src/simulator/main.ts). */
export function programArgs(entry: string): string[] {
  return BUILT ? [join("dist", entry.replace(/\.ts$/, ".js"))] : ["--import", "tsx", entry];
}

/**
 * The compiled copy of our sources that this test process runs (test/compile.ts), if it runs one: the
 * programs that tests start from our TypeScript then run from it too, not through tsx's loader.
 */
const COMPILED = process.env[COMPILED_TESTS_ENV];

/** Node arguments (run in ROOT) that run our TypeScript program `entry` (e.g. bench/server.bench.ts) as this process runs its code. */
export function sourceProgramArgs(entry: string): string[] {
  return COMPILED ? [compiledFile(COMPILED, entry)] : ["--import", "tsx", entry];
}

/** Node arguments (run in ROOT) that run `script`, an ES module that imports our sources by sourceModule(). */
export function sourceScriptArgs(script: string): string[] {
  return [...(COMPILED ? [] : ["--import", "tsx"]), "--input-type=module", "-e", script];
}

/** The specifier of our module `path` (e.g. src/logger.ts) for a script of sourceScriptArgs(). */
export function sourceModule(path: string): string {
  return COMPILED ? pathToFileURL(compiledFile(COMPILED, path)).href : `./${path}`;
}

/** The server command line (node arguments, run in ROOT). */
export const SERVER_ARGS = programArgs("src/cli.ts");

/** Environment for a server process wired to `sim` (nothing inherited but PATH). */
export function serverEnv(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    PANTHER_GRAPHQL_URL: sim.graphqlUrl,
    PANTHER_REST_URL: sim.restUrl,
    PANTHER_API_TOKEN: TOKEN,
    LOG_LEVEL: "debug",
    ...extra,
  };
}

/** A data-lake query the simulator keeps running for `ms` before it succeeds. */
export function slowSql(ms: number): string {
  return `/* sim:delay=${ms} */ SELECT count(*) AS n FROM aws_cloudtrail WHERE p_occurs_since('7 d')`;
}

/** Polls `check` until it holds or `ms` pass; returns whether it held. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return check();
}

/**
 * Resolves once the simulator has received one more `operationName` request than it had when this was
 * called (e.g. GetDataLakeQuery: the call is polling the query it started): a test waits for that, not a fixed time,
 * before cancelling or signalling, so that a slow machine cannot reorder the steps.
 */
export async function nextRequest(sim: Simulator, operationName: string, ms = 30_000): Promise<void> {
  const count = () => sim.requests.filter((r) => r.operationName === operationName).length;
  const before = count();
  if (!(await waitFor(() => count() > before, ms))) throw new Error(`${operationName} did not reach the simulator within ${ms} ms`);
}

/** Waits until `text()` contains `part` (a log line, say); throws after `ms`. */
export async function untilIncludes(text: () => string, part: string, ms = 30_000): Promise<void> {
  if (!(await waitFor(() => text().includes(part), ms)))
    throw new Error(`no ${JSON.stringify(part)} within ${ms} ms in:\n${text().slice(-1500)}`);
}

/** Starts the server process wired to `sim` and connects a client speaking the given era. */
export async function connect(sim: Simulator, opts: ConnectOptions = {}): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...SERVER_ARGS, ...(opts.args ?? [])],
    cwd: ROOT,
    stderr: "pipe",
    env: serverEnv(sim, { PANTHER_TIMEOUT_SECONDS: "5", ...opts.env }),
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client(
    { name: "panther-mcp-e2e", version: "1.0.0" },
    {
      ...(opts.era === "2026" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {}),
      ...(opts.elicit ? { capabilities: { elicitation: { form: {} } } } : {}),
      ...(opts.manualInput ? { inputRequired: { autoFulfill: false } } : {}),
    },
  );
  const elicit = opts.elicit;
  if (elicit) client.setRequestHandler("elicitation/create", async (request) => elicit(request.params as ElicitRequestFormParams));
  await client.connect(transport);
  const call = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });
  return {
    sim,
    client,
    stderr: () => stderr,
    call,
    callJson: async (name, args) => resultJson(await call(name, args)),
    close: async () => {
      await client.close();
    },
  };
}

/** The text of a tool result, parsed as JSON when it is not an error. */
/** Every tool result the tests read passes through here: none may carry the API token. */
function checked(result: unknown): { content: { type: string; text: string }[]; isError?: boolean } {
  const text = JSON.stringify(result);
  if (text.includes(TOKEN)) throw new Error("a tool result contains the API token");
  return result as { content: { type: string; text: string }[]; isError?: boolean };
}

/** A fenced result (src/untrusted/fence.ts): the nonce, the JSON between the tags, and the removal note if any. */
const FENCED =
  /^<untrusted-data-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})>\n([\s\S]*)\n<\/untrusted-data-\1>(?:\n(Removed \d+ invisible or direction-changing characters from the data above\.))?$/;

/** The parts of a fenced tool result, or undefined when the text is not one fenced result. */
export function fenceOf(text: string): { nonce: string; body: string; note?: string } | undefined {
  const match = FENCED.exec(text);
  return match ? { nonce: match[1], body: match[2], note: match[3] } : undefined;
}

/** The JSON text of a tool result: what is inside its fence, or the text itself when it is not fenced. */
export function unfence(text: string): string {
  return fenceOf(text)?.body ?? text;
}

export function resultJson(result: unknown): any {
  const r = checked(result);
  if (r.isError) throw new Error(`tool returned an error: ${r.content[0]?.text}`);
  return JSON.parse(unfence(r.content[0].text));
}

export function errorText(result: unknown): string {
  const r = checked(result);
  if (!r.isError) throw new Error(`expected an error result, got ${r.content[0]?.text.slice(0, 200)}`);
  return r.content[0].text;
}
