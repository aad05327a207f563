// Memory held over many calls: RSS and the live heap of the built server over streamable HTTP, after a
// warm-up, read through metrics://panther (the server runs with --expose-gc, so each read follows a
// full collection). Not a test: it prints figures.
//   npm run build && npx tsx bench/memory.ts [--calls 12000] [--warmup 500] [--concurrency 8]
// Other scripts call measureMemory() and get the same figures as an object.
import type { Client } from "@modelcontextprotocol/client";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, startSimulatorForTests, TOKEN } from "../test/e2e/harness.js";
import { httpClient, servingUrl } from "../test/http/harness.js";

export interface MemoryOptions {
  /** Calls measured after the warm-up; default 12,000. */
  calls?: number;
  /** Calls before the starting figures are taken; default 500. */
  warmup?: number;
  /** Calls in flight at once; default 8. */
  concurrency?: number;
  /** How to start the server (node arguments); default the built CLI, dist/src/cli.js. */
  serverArgs?: string[];
}

export interface MemoryFigures {
  calls: number;
  warmup: number;
  concurrency: number;
  seconds: number;
  calls_per_second: number;
  /** RSS after a full collection, before and after the measured calls. */
  rss_start_mb: number;
  rss_end_mb: number;
  rss_growth_mb: number;
  /** Live heap (heap used after a full collection), before and after. */
  heap_start_mb: number;
  heap_end_mb: number;
  heap_growth_mb: number;
  /** How the measured calls ended: "ok" or the error code. */
  outcomes: Record<string, number>;
}

interface ProcessMemory {
  rss_mb: number;
  heap_used_mb: number;
  after_gc: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function measureMemory(options: MemoryOptions = {}): Promise<MemoryFigures> {
  const calls = options.calls ?? 12_000;
  const warmup = options.warmup ?? 500;
  const concurrency = options.concurrency ?? 8;
  const cli = join(ROOT, "dist/src/cli.js");
  if (!options.serverArgs && !existsSync(cli)) throw new Error("bench/memory: dist/src/cli.js is missing; run `npm run build` first");
  const serverArgs = options.serverArgs ?? [cli];

  const sim = await startSimulatorForTests({ queryDelayMs: 0 });
  const child = spawn(process.execPath, ["--expose-gc", ...serverArgs], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    // Default settings (log level, timeout, retries) but for the transport and the Panther endpoint.
    env: {
      PATH: process.env.PATH ?? "",
      PANTHER_GRAPHQL_URL: sim.graphqlUrl,
      PANTHER_REST_URL: sim.restUrl,
      PANTHER_API_TOKEN: TOKEN,
      MCP_TRANSPORT: "streamable-http",
      MCP_HOST: "127.0.0.1",
      MCP_PORT: "0",
    },
  });
  const clients: Client[] = [];
  try {
    // Its log is read only up to the serving line; the rest is drained, never kept (it grows with every call).
    child.stderr!.resume();
    const url = await servingUrl(child, 30_000);
    for (const era of ["2025", "2026"] as const) clients.push(await httpClient(url, era));

    // Each read follows a full collection; the live heap is the last read's (the first frees what the
    // collection before it let go of), the RSS the lowest of the reads. After a collection V8 and the C
    // allocator hand freed pages back to the system over the next moments, not at once: one RSS read
    // right after the calls swung by ±30 MB from run to run (-5 to 62 MB of growth, same server), while
    // the lowest over 2 s, taken the same way at the start and at the end, is what the process holds.
    const memory = async (): Promise<ProcessMemory> => {
      let last: ProcessMemory | undefined;
      let rss = Infinity;
      for (let i = 0; i < 8; i++) {
        const read = await clients[0].readResource({ uri: "metrics://panther" });
        last = JSON.parse((read.contents[0] as { text: string }).text)._process as ProcessMemory;
        rss = Math.min(rss, last.rss_mb);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      if (!last?.after_gc) throw new Error("bench/memory: the server did not run a collection (no --expose-gc?)");
      return { ...last, rss_mb: rss };
    };

    // A mix of paths: answers, Panther errors, invalid arguments, a 503 that is retried.
    const oneCall = async (i: number): Promise<string> => {
      const client = clients[Math.floor(i / 20) % 2];
      const kind = i % 20;
      let call: Promise<unknown>;
      if (kind === 3) {
        sim.faults.add({ match: { operationName: "ListAlerts" }, status: 503, headers: { "Retry-After": "0" } });
        call = client.callTool({ name: "list_alerts", arguments: { page_size: 5 } });
      } else if (kind === 5 || kind === 6) call = client.callTool({ name: "list_alerts", arguments: { page_size: 5 } });
      else if (kind === 9) call = client.callTool({ name: "list_alerts", arguments: { page_size: 500 } });
      else if (kind === 11 || kind === 12) call = client.callTool({ name: "get_alert", arguments: { alert_id: `missing-${i}` } });
      else call = client.callTool({ name: "get_alert", arguments: { alert_id: `alert-${String((i % 60) + 1).padStart(4, "0")}` } });
      try {
        const result = (await call) as { isError?: boolean; content: { text: string }[] };
        return result.isError ? result.content[0].text.split(":")[0] : "ok";
      } catch {
        return "rejected";
      }
    };
    const run = async (from: number, count: number): Promise<Record<string, number>> => {
      const seen: Record<string, number> = {};
      let next = from;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < from + count) {
            const outcome = await oneCall(next++);
            seen[outcome] = (seen[outcome] ?? 0) + 1;
          }
        }),
      );
      return seen;
    };

    await run(0, warmup);
    const start = await memory();
    const started = performance.now();
    const outcomes = await run(warmup, calls);
    const seconds = (performance.now() - started) / 1000;
    const end = await memory();
    return {
      calls,
      warmup,
      concurrency,
      seconds: round1(seconds),
      calls_per_second: Math.round(calls / seconds),
      rss_start_mb: start.rss_mb,
      rss_end_mb: end.rss_mb,
      rss_growth_mb: round1(end.rss_mb - start.rss_mb),
      heap_start_mb: start.heap_used_mb,
      heap_end_mb: end.heap_used_mb,
      heap_growth_mb: round1(end.heap_used_mb - start.heap_used_mb),
      outcomes,
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await sim.close();
  }
}

function flag(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number (got ${process.argv[at + 1]})`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  measureMemory({ calls: flag("calls"), warmup: flag("warmup"), concurrency: flag("concurrency") }).then(
    (figures) => process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
