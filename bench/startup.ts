// Start-up to the first tools/list answer, against a minimal server on the same SDK. Builds
// nothing: run `npm run build` first. Prints JSON:
//   npx tsx bench/startup.ts [--runs N] [--warmups N] [--cli path/to/cli.js] [--imports]
// Three servers, each started `runs` times (after `warmups`), taking turns so that a slow moment of
// the machine falls on all of them alike:
//   credentials — node dist/src/cli.js with credentials pointing at a simulator (no demo);
//   demo        — node dist/src/cli.js --demo;
//   reference   — bench/reference-server.mjs, the SDK's Server over stdio with as many trivial tools
//                 as our default list.
// Each run is timed from spawn to the tools/list answer over a raw JSON-RPC exchange on stdio
// (initialize, notifications/initialized, tools/list), then stdin is closed and the exit awaited.
// --imports also lists the packages each mode loads before its answer (with when they first load).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSimulator } from "../src/simulator/index.js";
import { readRecord } from "../test/e2e/module-record.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TOKEN = "startup-bench-token";
const RECORDER = join(ROOT, "test/e2e/module-recorder.mjs");

export interface StartupOptions {
  /** Timed starts of each server; default 15. */
  runs?: number;
  /** Untimed starts of each server first; default 2. */
  warmups?: number;
  /** Our CLI; default <repo>/dist/src/cli.js. */
  cli?: string;
  /** Longest a single start may take before the bench gives up; default 30 s. */
  timeoutMs?: number;
}

export interface ModeFigures {
  median_ms: number;
  /** Median CPU time (user + system) used up to the answer: steadier than wall time on a busy machine. */
  cpu_median_ms: number;
  min_ms: number;
  max_ms: number;
  runs_ms: number[];
}

export interface StartupFigures {
  runs: number;
  warmups: number;
  /** Tools in our default list, and so in the reference server. */
  tools: number;
  credentials: ModeFigures;
  demo: ModeFigures;
  reference: ModeFigures;
  /** credentials median / reference median (goal ≤ 1.0). */
  ratio_credentials: number;
  /** demo median / reference median (goal ≤ 1.3). */
  ratio_demo: number;
}

interface Launch {
  args: string[];
  env: Record<string, string>;
}

export interface StartResult {
  /** Wall time from spawn to the tools/list answer. */
  ms: number;
  /** CPU time (all threads) the process had used by then; NaN where /proc is missing. */
  cpuMs: number;
  /** Tools in the answer. */
  tools: number;
}

/** CPU time a live process has used, all threads, from /proc (Linux: schedstat in ns, else stat in ticks); NaN elsewhere. */
function cpuMsOf(pid: number | undefined): number {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    if (Number.isFinite(ns) && ns > 0) return ns / 1e6;
  } catch {
    // no schedstat: fall back to stat
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, counted in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Spawns one server, times spawn → tools/list answer, closes stdin and waits for the exit (SIGKILL after 5 s). */
export function timeStart(launch: Launch, timeoutMs = 30_000): Promise<StartResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, launch.args, { cwd: ROOT, env: launch.env, stdio: ["pipe", "pipe", "pipe"] });
    const what = launch.args.join(" ");
    let buffer = "";
    let stderr = "";
    let result: StartResult | undefined;
    let failure: Error | undefined;
    const fail = (error: Error) => {
      failure ??= error;
      child.kill("SIGKILL");
    };
    let timer = setTimeout(() => fail(new Error(`no tools/list answer within ${timeoutMs} ms from ${what}`)), timeoutMs);
    const send = (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`);
    child.stdin.on("error", () => undefined); // a server that dies early is reported by "exit"
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        let message: { id?: number; result?: { tools?: unknown[] }; error?: unknown };
        try {
          message = JSON.parse(line);
        } catch {
          return fail(new Error(`${what} wrote a line that is not JSON on stdout: ${line.slice(0, 200)}`));
        }
        if (message.error) return fail(new Error(`JSON-RPC error from ${what}: ${JSON.stringify(message.error)}`));
        if (message.id === 1) {
          send({ jsonrpc: "2.0", method: "notifications/initialized" });
          send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
        } else if (message.id === 2 && !result) {
          result = { ms: performance.now() - started, cpuMs: cpuMsOf(child.pid), tools: message.result?.tools?.length ?? 0 };
          child.stdin.end();
          // The next start must not overlap this one's exit; a server that does not exit is killed.
          clearTimeout(timer);
          timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        }
      }
    });
    child.on("error", fail);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (failure) reject(new Error(`${failure.message}; stderr: ${stderr.slice(-2000)}`));
      else if (result) resolve(result);
      else reject(new Error(`${what} exited (${code ?? signal}) before answering tools/list; stderr: ${stderr.slice(-2000)}`));
    });
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "startup-bench", version: "1.0.0" } },
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function figures(results: StartResult[]): ModeFigures {
  const times = results.map((r) => r.ms);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    median_ms: round(median(times)),
    cpu_median_ms: round(median(results.map((r) => r.cpuMs))),
    min_ms: round(Math.min(...times)),
    max_ms: round(Math.max(...times)),
    runs_ms: times.map(round),
  };
}

/** The three launches: our server with credentials, in the demo, and the reference server. */
function launches(
  cli: string,
  sim: { graphqlUrl: string; restUrl: string },
  tools: number,
): Record<"credentials" | "demo" | "reference", Launch> {
  const base = { PATH: process.env.PATH ?? "" };
  return {
    credentials: {
      args: [cli],
      env: { ...base, PANTHER_GRAPHQL_URL: sim.graphqlUrl, PANTHER_REST_URL: sim.restUrl, PANTHER_API_TOKEN: TOKEN },
    },
    demo: { args: [cli, "--demo"], env: base },
    reference: { args: [join(ROOT, "bench/reference-server.mjs")], env: { ...base, REFERENCE_TOOLS: String(tools) } },
  };
}

/** Measures start-up of our server (credentials, demo) and of the reference server; medians and ratios. */
export async function measureStartup(options: StartupOptions = {}): Promise<StartupFigures> {
  const runs = options.runs ?? 15;
  const warmups = options.warmups ?? 2;
  const cli = options.cli ?? join(ROOT, "dist/src/cli.js");
  const sim = await startSimulator({ tokens: { [TOKEN]: "all" } });
  try {
    // The reference serves as many tools as our default list: ask our server first.
    const { tools } = await timeStart(launches(cli, sim, 0).credentials, options.timeoutMs);
    const modes = launches(cli, sim, tools);
    const times = { credentials: [] as StartResult[], demo: [] as StartResult[], reference: [] as StartResult[] };
    for (let i = 0; i < warmups + runs; i++) {
      for (const mode of ["reference", "credentials", "demo"] as const) {
        const result = await timeStart(modes[mode], options.timeoutMs);
        if (i >= warmups) times[mode].push(result);
      }
    }
    const credentials = figures(times.credentials);
    const demo = figures(times.demo);
    const reference = figures(times.reference);
    return {
      runs,
      warmups,
      tools,
      credentials,
      demo,
      reference,
      ratio_credentials: Math.round((credentials.median_ms / reference.median_ms) * 100) / 100,
      ratio_demo: Math.round((demo.median_ms / reference.median_ms) * 100) / 100,
    };
  } finally {
    await sim.close();
  }
}

/** The packages a launch loads before its tools/list answer (any thread or child), each with when it first loaded (ms from start). */
export async function importsBeforeAnswer(launch: Launch, timeoutMs?: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "startup-imports-"));
  const file = join(dir, "modules.txt");
  try {
    await timeStart({ args: ["--import", RECORDER, ...launch.args], env: { ...launch.env, MODULE_RECORD_FILE: file } }, timeoutMs);
    const record = readRecord(readFileSync(file, "utf8"));
    if (!record.answered) throw new Error("the module record holds no tools/list answer");
    return Object.fromEntries(record.before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const cli = value("--cli");
  const options: StartupOptions = {
    runs: value("--runs") ? Number(value("--runs")) : undefined,
    warmups: value("--warmups") ? Number(value("--warmups")) : undefined,
    cli,
  };
  const result: Record<string, unknown> = { ...(await measureStartup(options)) };
  if (argv.includes("--imports")) {
    const sim = await startSimulator({ tokens: { [TOKEN]: "all" } });
    try {
      const modes = launches(cli ?? join(ROOT, "dist/src/cli.js"), sim, Number(result.tools));
      result.imports_before_answer = {
        credentials: await importsBeforeAnswer(modes.credentials),
        demo: await importsBeforeAnswer(modes.demo),
        reference: await importsBeforeAnswer(modes.reference),
      };
    } finally {
      await sim.close();
    }
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
