// The benchmark of issue 7: for each goal, the figure and its ratio to a reference measured in the
// same run (or to the goal's fixed budget where the goal is one). Runs the built server (dist/) at its
// default log level, after a warm-up, and reports medians over repeated runs.
//   npm run bench                       build, then every goal but the test-suite time
//   npm run bench -- --tests            also time `npm test` (the median of three runs: minutes)
//   npm run bench -- --json             only the JSON, for machines
//   npm run bench -- --quick            few iterations (checks that the bench runs; figures not for quoting)
//   npm run bench -- --write-docs       also write the table into docs/benchmarks.md
//   npm run bench -- --only 2           only the goals listed (comma-separated numbers, e.g. 2,4)
// Goals 1, 3 and 6 are measured by bench/memory.ts, bench/startup.ts and bench/generate.ts.
import type { Client } from "@modelcontextprotocol/client";
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The client, the tokenizer and the test harness are imported where they are used: a run refused for its
// arguments (a bad --only, --write-docs with --quick) then answers without loading them.

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = join(ROOT, "dist/src/cli.js");
const DOCS = join(ROOT, "docs/benchmarks.md");

const argv = process.argv.slice(2);
const QUICK = argv.includes("--quick");
const JSON_ONLY = argv.includes("--json");
const WITH_TESTS = argv.includes("--tests");
const WRITE_DOCS = argv.includes("--write-docs");
const ONLY = onlyGoals();

/** The goals named by `--only 2,4`; null measures them all. */
function onlyGoals(): Set<number> | null {
  const at = argv.indexOf("--only");
  if (at < 0) return null;
  const list = argv[at + 1] ?? "";
  const goals = list.split(",").map(Number);
  if (!/^\d+(,\d+)*$/.test(list) || goals.some((g) => g < 1 || g > 7)) {
    throw new Error(`--only takes goal numbers 1–7, comma-separated (e.g. --only 2,4); got ${JSON.stringify(list)}`);
  }
  return new Set(goals);
}
const wanted = (goal: number) => ONLY === null || ONLY.has(goal);

/** One line of the table: a figure, what it is compared with, the ratio, and the goal for the ratio. */
interface Row {
  goal: number;
  what: string;
  figure: number | null;
  unit: string;
  reference: number | null;
  reference_is: string;
  ratio: number | null;
  target: string;
  note?: string;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const ratioOf = (a: number, b: number) => round(a / b, 2);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const log = (text: string) => {
  if (!JSON_ONLY) process.stderr.write(`${text}\n`);
};

/** A separate simulator process (as a real Panther is), built; its URLs and token come from its stderr. */
async function startSimulatorProcess(): Promise<{ graphqlUrl: string; restUrl: string; token: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, "dist/src/simulator/main.js")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  const found = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start:\n${stderr}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /PANTHER_GRAPHQL_URL=(\S+)[\s\S]*PANTHER_REST_URL=(\S+)[\s\S]*PANTHER_API_TOKEN=(\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.on("exit", (code) => reject(new Error(`simulator exited (${code}):\n${stderr}`)));
  });
  return {
    graphqlUrl: found[1]!,
    restUrl: found[2]!,
    token: found[3]!,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

type Sim = Awaited<ReturnType<typeof startSimulatorProcess>>;

/** The environment of our server: nothing inherited but PATH, the simulator's endpoints and token. */
function serverEnv(sim: Sim, env: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    PANTHER_GRAPHQL_URL: sim.graphqlUrl,
    PANTHER_REST_URL: sim.restUrl,
    PANTHER_API_TOKEN: sim.token,
    ...env,
  };
}

/** Our built server over stdio, default settings (log level info) but the Panther endpoint; stderr read as a client does. */
async function connectServer(sim: Sim, env: Record<string, string> = {}): Promise<Client> {
  const [{ Client }, { StdioClientTransport }] = await Promise.all([
    import("@modelcontextprotocol/client"),
    import("@modelcontextprotocol/client/stdio"),
  ]);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    cwd: ROOT,
    stderr: "pipe",
    env: serverEnv(sim, env),
  });
  transport.stderr?.on("data", () => undefined);
  const client = new Client({ name: "panther-mcp-bench", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function graphql(sim: Sim, body: string): Promise<any> {
  const res = await fetch(sim.graphqlUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-API-Key": sim.token },
    body,
  });
  const json = (await res.json()) as { data?: unknown; errors?: unknown };
  if (!res.ok || json.errors) throw new Error(`simulator answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json.data;
}

/**
 * Goal 2: p50 of sequential get_alert calls through the server, against the same GraphQL request sent with
 * fetch. The goal's figure is taken with a bare JSON-RPC client (bench/stdio-exchange.ts), as the reference
 * is a bare HTTP request; the same calls through the SDK's client are a second row, whose extra time is
 * that client's own work per call (validating each result, its request bookkeeping).
 */
async function perCall(sim: Sim): Promise<Row[]> {
  const calls = QUICK ? 10 : 1000;
  const warmup = QUICK ? 2 : 200;
  const [{ getAlertDocument }, { StdioExchange }] = await Promise.all([
    import("../generated/alerts/get_alert.js"),
    import("./stdio-exchange.js"),
  ]);
  const body = JSON.stringify({ query: getAlertDocument, variables: { alertId: "alert-0001" }, operationName: "GetAlert" });
  const args = { alert_id: "alert-0001" };
  const bare = await StdioExchange.start(CLI, serverEnv(sim), ROOT);
  const client = await connectServer(sim);
  const server: number[] = [];
  const sdk: number[] = [];
  const direct: number[] = [];
  try {
    const timed = async (call: () => Promise<unknown>) => {
      const t = performance.now();
      await call();
      return performance.now() - t;
    };
    const viaServer = () => timed(() => bare.callTool("get_alert", args));
    const viaSdk = () =>
      timed(async () => {
        const result = await client.callTool({ name: "get_alert", arguments: args });
        if (result.isError) throw new Error(`get_alert failed: ${JSON.stringify(result.content)}`);
      });
    const viaFetch = () => timed(() => graphql(sim, body));
    for (let i = 0; i < warmup; i++) {
      await viaServer();
      await viaSdk();
      await viaFetch();
    }
    // Blocks taken in turn, so that a slow moment of the machine falls on all three alike.
    const block = Math.min(100, calls);
    for (let done = 0; done < calls; done += block) {
      for (let i = 0; i < block; i++) server.push(await viaServer());
      for (let i = 0; i < block; i++) sdk.push(await viaSdk());
      for (let i = 0; i < block; i++) direct.push(await viaFetch());
    }
  } finally {
    await Promise.all([bare.close(), client.close()]);
  }
  const p50 = round(median(server), 2);
  const withSdk = round(median(sdk), 2);
  const ref = round(median(direct), 2);
  const reference_is = "same GraphQL request with fetch, p50";
  return [
    {
      goal: 2,
      what: `get_alert p50 over stdio (${calls} sequential calls)`,
      figure: p50,
      unit: "ms",
      reference: ref,
      reference_is,
      ratio: ratioOf(p50, ref),
      target: "≤ 1.25",
    },
    {
      goal: 2,
      what: `the same calls through the SDK's client (${calls})`,
      figure: withSdk,
      unit: "ms",
      reference: ref,
      reference_is,
      ratio: ratioOf(withSdk, ref),
      target: "",
      note: `not the goal's figure: ${round(withSdk - p50, 2)} ms of it is the client's own work per call`,
    },
  ];
}

/** Goal 4: o200k tokens of each tool in the exact tools/list JSON, every toolset on. */
async function tokens(sim: Sim): Promise<Row[]> {
  const child = spawn(process.execPath, [CLI], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      PANTHER_GRAPHQL_URL: sim.graphqlUrl,
      PANTHER_REST_URL: sim.restUrl,
      PANTHER_API_TOKEN: sim.token,
      PANTHER_TOOLSETS: "all",
    },
    stdio: ["pipe", "pipe", "ignore"],
  });
  let tools: Record<string, unknown>[];
  try {
    tools = await new Promise((resolve, reject) => {
      let buffer = "";
      child.on("exit", (code) => reject(new Error(`server exited (${code}) before answering tools/list`)));
      child.stdout!.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let at = buffer.indexOf("\n"); at >= 0; at = buffer.indexOf("\n")) {
          const message = JSON.parse(buffer.slice(0, at)) as { id?: number; result?: { tools?: Record<string, unknown>[] } };
          buffer = buffer.slice(at + 1);
          if (message.id === 2 && message.result?.tools) resolve(message.result.tools);
        }
      });
      const send = (message: object) => child.stdin!.write(`${JSON.stringify(message)}\n`);
      send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "bench", version: "1" } },
      });
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
    });
  } finally {
    child.stdin!.end();
    await stopChild(child);
  }
  const { encode } = await import("gpt-tokenizer/encoding/o200k_base");
  const counts = tools.map((t) => ({ name: String(t.name), tokens: encode(JSON.stringify(t)).length }));
  const average = round(counts.reduce((sum, c) => sum + c.tokens, 0) / counts.length);
  const largest = counts.reduce((a, b) => (b.tokens > a.tokens ? b : a));
  return [
    {
      goal: 4,
      what: `tokens per tool, average (${counts.length} tools, all toolsets, o200k)`,
      figure: average,
      unit: "tokens",
      reference: 150,
      reference_is: "budget",
      ratio: ratioOf(average, 150),
      target: "≤ 1.0",
    },
    {
      goal: 4,
      what: `tokens of the largest tool (${largest.name})`,
      figure: largest.tokens,
      unit: "tokens",
      reference: 300,
      reference_is: "budget",
      ratio: ratioOf(largest.tokens, 300),
      target: "≤ 1.0",
    },
  ];
}

/** Goal 5: time to a data-lake result through the server, against the query's own run time in the simulator. */
async function dataLake(sim: Sim): Promise<Row[]> {
  const { unfence } = await import("../test/e2e/harness.js");
  const client = await connectServer(sim);
  const rows: Row[] = [];
  try {
    const sql = (ms: number) => `/* sim:delay=${ms} */ SELECT count(*) AS n FROM aws_cloudtrail WHERE p_occurs_since('7 d')`;
    const once = async (ms: number) => {
      const t = performance.now();
      const result = await client.callTool({ name: "query_data_lake", arguments: { sql: sql(ms) } });
      const total = performance.now() - t;
      const page = JSON.parse(unfence((result.content as { text: string }[])[0]!.text)) as { query_id: string; status: string };
      if (result.isError || page.status !== "succeeded") throw new Error(`query_data_lake: ${JSON.stringify(result.content)}`);
      const { dataLakeQuery: q } = await graphql(
        sim,
        JSON.stringify({ query: "query($id: ID!) { dataLakeQuery(id: $id) { startedAt completedAt } }", variables: { id: page.query_id } }),
      );
      return { total, run: Date.parse(q.completedAt) - Date.parse(q.startedAt) };
    };
    // Warm-up: the SQL parser and the lake's engine start on the first query.
    for (let i = 0; i < (QUICK ? 1 : 2); i++) await once(0);
    for (const [ms, repeats] of [
      [100, QUICK ? 1 : 7],
      [1000, QUICK ? 1 : 5],
      [4000, QUICK ? 1 : 3],
    ] as const) {
      const runs = [];
      for (let i = 0; i < repeats; i++) runs.push(await once(ms));
      const total = round(median(runs.map((r) => r.total)));
      const run = round(median(runs.map((r) => r.run)));
      rows.push({
        goal: 5,
        what: `data lake: time to result of a ${ms / 1000} s query (median of ${repeats})`,
        figure: total,
        unit: "ms",
        reference: run,
        reference_is: "the query's own run time (simulator)",
        ratio: round(median(runs.map((r) => r.total / r.run)), 2),
        target: "≤ 1.3",
      });
    }
  } finally {
    await client.close();
  }
  return rows;
}

/** Runs of `npm test` for goal 7: the host's speed drifts by several percent from one run to the next. */
const SUITE_RUNS = 3;

/** Goal 7: wall time of `npm test`, the median of SUITE_RUNS runs. */
async function testSuite(): Promise<Row[]> {
  const runs: { seconds: number; code: number | null; summary: RegExpExecArray | null }[] = [];
  for (let i = 0; i < SUITE_RUNS; i++) {
    const started = performance.now();
    const logFile = join(tmpdir(), `panther-mcp-bench-npm-test-${process.pid}-${i + 1}.log`);
    const out = openSync(logFile, "w");
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn("npm", ["test"], { cwd: ROOT, stdio: ["ignore", out, out] });
      child.on("exit", resolve);
    });
    closeSync(out);
    const summary = /ℹ pass (\d+)\nℹ fail (\d+)/.exec(readFileSync(logFile, "utf8"));
    // On stderr, not in the row: the row goes into docs/benchmarks.md, where a path on this machine means nothing.
    log(`npm test output: ${logFile}`);
    runs.push({ seconds: round((performance.now() - started) / 1000), code, summary });
  }
  const times = runs.map((r) => r.seconds);
  const seconds = median(times);
  const outcomeOf = (r: (typeof runs)[number]) => (r.summary ? `${r.summary[1]} passed, ${r.summary[2]} failed` : `exit ${r.code}`);
  // The first run that failed, if one did; else the last run's counts.
  const failed = runs.find((r) => r.code !== 0 || r.summary?.[2] !== "0");
  const outcome = failed ? `${outcomeOf(failed)} in a run` : outcomeOf(runs.at(-1)!);
  return [
    {
      goal: 7,
      what: `npm test, wall time (median of ${SUITE_RUNS})`,
      figure: seconds,
      unit: "s",
      reference: 60,
      reference_is: "budget",
      ratio: ratioOf(seconds, 60),
      target: "≤ 1.0",
      note: `${Math.min(...times)}–${Math.max(...times)} s; ${outcome}`,
    },
  ];
}

/** A module of another goal's bench, when it exists. */
async function optional<T>(path: string): Promise<T | undefined> {
  try {
    return (await import(path)) as T;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_MODULE_NOT_FOUND") return undefined;
    throw error;
  }
}

const missing = (goal: number, what: string, why: string): Row => ({
  goal,
  what,
  figure: null,
  unit: "",
  reference: null,
  reference_is: "",
  ratio: null,
  target: "",
  note: why,
});

async function memory(): Promise<Row[]> {
  const mod = await optional<typeof import("./memory.js")>("./memory.js");
  if (!mod) return [missing(1, "memory", "bench/memory.ts is missing")];
  // Quick: the call mix repeats every 20 calls, so the warm-up makes each kind once (on one client) and
  // the measured calls again (on the other).
  const m = await mod.measureMemory(QUICK ? { calls: 20, warmup: 20 } : {});
  return [
    {
      goal: 1,
      what: `RSS growth over ${m.calls} HTTP calls after ${m.warmup} (after full GC)`,
      figure: m.rss_growth_mb,
      unit: "MB",
      reference: 64,
      reference_is: "budget",
      ratio: ratioOf(m.rss_growth_mb, 64),
      target: "< 1.0",
    },
    {
      goal: 1,
      what: "live heap after full GC, end vs start",
      figure: m.heap_end_mb,
      unit: "MB",
      reference: m.heap_start_mb,
      reference_is: "live heap at the start",
      ratio: ratioOf(m.heap_end_mb, m.heap_start_mb),
      target: "≈ 1.0",
    },
  ];
}

async function startup(): Promise<Row[]> {
  const mod = await optional<typeof import("./startup.js")>("./startup.js");
  if (!mod) return [missing(3, "start-up", "bench/startup.ts is missing")];
  const s = await mod.measureStartup(QUICK ? { runs: 1, warmups: 0 } : {});
  const row = (what: string, figure: number, cpu: number, ratio: number, target: string): Row => ({
    goal: 3,
    what: `start-up to tools/list, ${what} (median of ${s.runs})`,
    figure,
    unit: "ms",
    reference: s.reference.median_ms,
    reference_is: `minimal SDK server, ${s.tools} trivial tools`,
    ratio,
    target,
    note: `CPU time to the answer (medians): ${cpu} ms against ${s.reference.cpu_median_ms} ms`,
  });
  return [
    row("credentials", s.credentials.median_ms, s.credentials.cpu_median_ms, s.ratio_credentials, "≤ 1.0"),
    row("demo", s.demo.median_ms, s.demo.cpu_median_ms, s.ratio_demo, "≤ 1.3"),
  ];
}

async function generate(): Promise<Row[]> {
  const mod = await optional<typeof import("./generate.js")>("./generate.js");
  if (!mod) return [missing(6, "generate", "bench/generate.ts is missing")];
  const g = await mod.measureGenerate(QUICK ? { ops: 2, runs: 1 } : {});
  return [
    {
      goal: 6,
      what: `npm run generate, the real set (${g.real_ops} operations)`,
      figure: g.real_ms,
      unit: "ms",
      reference: 2000,
      reference_is: "budget",
      ratio: ratioOf(g.real_ms, 2000),
      target: "≤ 1.0",
    },
    {
      goal: 6,
      what: `npm run generate, ${g.ops} operations`,
      figure: g.ops_1000_ms,
      unit: "ms",
      reference: 10_000,
      reference_is: "budget for 1,000 operations",
      ratio: ratioOf(g.ops_1000_ms, 10_000),
      target: "≤ 1.0",
      note: g.ops === 1000 ? undefined : "fewer operations than the goal's 1,000 (--quick)",
    },
  ];
}

function table(rows: Row[]): string {
  const cells = rows.map((r) => [
    String(r.goal),
    r.what,
    r.figure === null ? "—" : `${r.figure} ${r.unit}`,
    r.reference === null ? "—" : `${r.reference} ${r.unit} (${r.reference_is})`,
    r.ratio === null ? "—" : r.ratio.toFixed(2),
    r.target,
    r.note ?? "",
  ]);
  const head = ["goal", "what", "figure", "reference", "ratio", "target", "note"];
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...cells.map((c) => `| ${c.join(" | ")} |`)].join("\n");
}

function writeDocs(rows: Row[], meta: Record<string, unknown>): void {
  const text = readFileSync(DOCS, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${DOCS} has no ${start} … ${end} block`);
  const block = [
    start,
    `Written by \`npm run bench -- --write-docs\` on ${meta.date}: ${meta.cpu} (${meta.cores} cores), Node ${meta.node}, load average ${meta.load_average_at_start} at the start.`,
    "",
    table(rows),
    end,
  ].join("\n");
  writeFileSync(DOCS, text.slice(0, a) + block + text.slice(b + end.length));
}

/** The rows of `--only goals` measured by a new bench process. */
function inFreshProcess(goals: string): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    // The program this process runs, as it runs it (through tsx, or compiled: test/compile.ts).
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, "--only", goals, "--json"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`the bench of goals ${goals} failed (exit ${code})`));
      try {
        resolve((JSON.parse(out) as { rows: Row[] }).rows);
      } catch (error) {
        reject(new Error(`the bench of goals ${goals} printed no JSON: ${(error as Error).message}`));
      }
    });
  });
}

async function main(): Promise<void> {
  if (WRITE_DOCS && QUICK) throw new Error("--write-docs takes a full run: drop --quick");
  if (WRITE_DOCS && ONLY) throw new Error("--write-docs takes every goal: drop --only");
  const { builtAndFresh } = await import("../test/e2e/harness.js");
  if (!builtAndFresh()) throw new Error("dist/ is missing or older than src/: run `npm run build` (npm run bench does)");
  const loadAtStart = round(loadavg()[0]!, 2);
  const rows: Row[] = [];
  /** Measures goal `goal` (named `name` on stderr), if it is wanted. */
  const step = async (goal: number, name: string, fn: () => Promise<Row[]>) => {
    if (!wanted(goal)) return;
    log(`measuring ${name} (goal ${goal}) …`);
    rows.push(...(await fn()));
  };
  const withSimulator = async () => {
    if (![2, 4, 5].some(wanted)) return;
    const sim = await startSimulatorProcess();
    try {
      await step(2, "per-call overhead", () => perCall(sim));
      await step(4, "tokens", () => tokens(sim));
      await step(5, "data lake", () => dataLake(sim));
    } finally {
      await sim.stop();
    }
  };
  const groups = [() => step(1, "memory", memory), withSimulator, () => step(3, "start-up", startup), () => step(6, "generate", generate)];
  // --quick only checks that everything runs, so all at once, in this process. A full run measures one
  // group at a time, each in a fresh bench process (`--only`): the memory goal's 12,000 HTTP calls leave
  // this process's heap large, and its client then slowed the next goal's calls (per call 1.39 after it,
  // 1.23-1.27 alone).
  if (QUICK) await Promise.all(groups.map((g) => g()));
  else if (ONLY) for (const g of groups) await g();
  else for (const goals of ["1", "2,4,5", "3", "6"]) rows.push(...(await inFreshProcess(goals)));
  if (WITH_TESTS || ONLY?.has(7)) await step(7, "npm test", testSuite);
  else if (wanted(7)) rows.push(missing(7, "npm test, wall time", "not measured: add --tests (it runs the whole suite)"));
  rows.sort((a, b) => a.goal - b.goal);

  const meta = {
    date: new Date().toISOString().slice(0, 10),
    node: process.versions.node,
    cpu: cpus()[0]?.model ?? "unknown CPU",
    cores: availableParallelism(),
    load_average_at_start: loadAtStart,
    quick: QUICK,
    ...(ONLY ? { only: [...ONLY].sort() } : {}),
  };
  if (WRITE_DOCS) writeDocs(rows, meta);
  if (!JSON_ONLY) process.stdout.write(`${table(rows)}\n\n`);
  process.stdout.write(`${JSON.stringify({ ...meta, rows }, null, 2)}\n`);
}

await main();
