// No memory held per call. The real server over streamable HTTP (both protocol eras) serves a mix of
// calls on every path — success, Panther errors, a 503 retried and one given up on, invalid
// arguments, an upstream timeout, a data-lake query cancelled by the client and one that outlives its
// timeout_seconds, AI triage run to its end and cancelled while it polls — and then holds no more
// objects than after the warm-up: a heap snapshot census (objects by constructor) must not grow with
// the number of calls, and the live heap after a full collection (metrics://panther under
// --expose-gc) must return within a small margin.
import assert from "node:assert/strict";
import type { Client } from "@modelcontextprotocol/client";
import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { slowSql } from "./harness.js";
import { useHttpServer, type HttpServerProcess } from "../http/harness.js";

/**
 * Calls before the starting census: every path of the mix by both eras, so that what a path creates once
 * (and keeps, as a pool or a cache does) is there before the count starts. The rarest paths come once per
 * 100 calls and are taken by the second era at calls 117 and 119.
 */
const WARMUP = 120;
/**
 * Calls measured after the warm-up. Every path of the mix is taken by both eras within them (the rarest
 * come once per 100 calls), and the census limits below scale with the count: one object kept per call
 * shows as 200 against a limit of 20 for the per-call kinds. The bench (bench/memory.ts) measures the
 * goal's 12,000 calls; this test only has to see growth per call.
 */
const CALLS = 200;
const CONCURRENCY = 8;
/** Live-heap noise allowed: the heap must come back to where it was (bench/memory.ts measures 12,000 calls). */
const MARGIN_MB = 8;
/**
 * What a call creates on the server and must let go of: its MCP server and transport, HTTP request and
 * response, signals and controllers, timers, and the weak references a dependent signal leaves on its
 * sources (the AbortSignal.any leak: two per call). None may grow by more than one per 10 calls.
 */
const PER_CALL_KINDS = [
  "PantherServer",
  "WebStandardStreamableHTTPServerTransport",
  "IncomingMessage",
  "ServerResponse",
  "Request",
  "Response",
  "AbortController",
  "AbortSignal",
  "Timeout",
  "WeakRef",
];
/**
 * Any other kind of object may not grow by more than two per call: a call's whole graph left behind
 * shows up as hundreds per call. Kinds that depend on how many sockets happen to be open (parsers,
 * buffers, closures of a connection) move by a few hundred either way, whatever the number of calls.
 */
const ANY_KIND_PER_CALL = 2;

let sim: Simulator;
let server: HttpServerProcess;
/** Where the server writes its heap snapshots. */
const snapshots = mkdtempSync(join(tmpdir(), "panther-mcp-heap-"));
const clients: Client[] = [];

// Registered first, so that it runs before the server stops; the snapshots go once it has.
after(() => Promise.all(clients.map((c) => c.close())));
useHttpServer(
  {
    simulator: { queryDelayMs: 0 },
    env: {
      // A full collection before each metrics read; a heap snapshot on SIGUSR2, written to a temp dir.
      NODE_OPTIONS: `--expose-gc --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${snapshots}`,
      LOG_LEVEL: "info",
      PANTHER_TIMEOUT_SECONDS: "1",
      PANTHER_MAX_RETRIES: "1",
      PANTHER_MAX_CONCURRENCY: "16",
    },
  },
  (started) => ({ sim, server } = started),
);
before(async () => {
  for (const era of ["2025", "2026"] as const) clients.push(await server.connect({ era }));
});
after(() => rmSync(snapshots, { recursive: true, force: true }));

/** Tool calls the server has finished: one "tool call" log line each, whatever the outcome. */
const finished = () => server.stderr().split('"msg":"tool call').length - 1;

/** Waits until the server has finished `calls` tool calls: a census must not count calls still running. */
async function settled(calls: number): Promise<void> {
  for (let i = 0; i < 600 && finished() < calls; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(finished() >= calls, `the server finished ${finished()} of ${calls} calls`);
  // The SDK closes each exchange just after the answer.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** The server's memory after a full collection (two, so what the first one's finalizers freed goes too). */
async function memory(): Promise<{ heap_used_mb: number; rss_mb: number }> {
  let last: { heap_used_mb: number; rss_mb: number; after_gc: boolean } | undefined;
  for (let i = 0; i < 2; i++) {
    const read = await clients[0].readResource({ uri: "metrics://panther" });
    last = JSON.parse((read.contents[0] as { text: string }).text)._process;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.equal(last?.after_gc, true, "the server runs with --expose-gc");
  return last!;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Objects in the server's heap by constructor name, from a heap snapshot taken now. */
async function census(): Promise<Map<string, number>> {
  const before = new Set(readdirSync(snapshots));
  server.signal("SIGUSR2");
  // The file appears when writing starts; it is complete once it parses as JSON. Parsing a partial
  // file fails only at its end, so it is read only once it ends as a snapshot does ("]}").
  let snap: Snapshot | undefined;
  for (let i = 0; i < 300 && !snap; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const file = readdirSync(snapshots).find((f) => !before.has(f) && f.endsWith(".heapsnapshot"));
    if (!file || !endsLikeSnapshot(join(snapshots, file))) continue;
    try {
      snap = JSON.parse(readFileSync(join(snapshots, file), "utf8")) as Snapshot;
      rmSync(join(snapshots, file));
    } catch {
      // Still being written.
    }
  }
  assert.ok(snap, "the server wrote a heap snapshot");
  const fields = snap.snapshot.meta.node_fields.length;
  const types = snap.snapshot.meta.node_types[0];
  const counts = new Map<string, number>();
  for (let i = 0; i < snap.nodes.length; i += fields) {
    if (types[snap.nodes[i]] !== "object") continue;
    const name = snap.strings[snap.nodes[i + 1]];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** Whether the file's last characters close a heap snapshot's JSON, as they do once it is written. */
function endsLikeSnapshot(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(16, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.toString().trimEnd().endsWith("]}");
  } finally {
    closeSync(fd);
  }
}

/** One call of the mix; `i` picks the path. Every call ends: an answer, an error result or a rejection. */
function oneCall(i: number): Promise<string> {
  // Each path is taken by both eras in turn.
  const client = clients[Math.floor(i / 20) % 2];
  const kind = i % 20;
  if (kind === 3) {
    // Retried once (Retry-After: 0), then answered.
    sim.faults.add({ match: { path: "/rules/AWS.CloudTrail" }, status: 503, headers: { "Retry-After": "0" } });
    return outcome(client.callTool({ name: "get_detection", arguments: { detection_id: "AWS.CloudTrail" } }));
  }
  if (kind === 7) {
    // 503 on the attempt and on the retry: UPSTREAM_UNAVAILABLE.
    sim.faults.add({ match: { path: "/rules/AWS.CloudTrail.RootLogin" }, status: 503, headers: { "Retry-After": "0" }, times: 2 });
    return outcome(client.callTool({ name: "get_detection", arguments: { detection_id: "AWS.CloudTrail.RootLogin" } }));
  }
  if (kind === 9) return outcome(client.callTool({ name: "list_alerts", arguments: { page_size: 500 } }));
  if (kind === 11 || kind === 12) return outcome(client.callTool({ name: "get_alert", arguments: { alert_id: `missing-${i}` } }));
  if (i % 50 === 15) {
    // A 2026-era client's cancel stops the call on the server (and the query on Panther). A 2025-era
    // client over stateless HTTP cancels with a notification that reaches a fresh per-request server,
    // not the call, so the server runs that one to its end: a short query.
    const sql = slowSql(client === clients[1] ? 20_000 : 1000);
    const controller = new AbortController();
    const call = client.callTool({ name: "query_data_lake", arguments: { sql } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30 + (i % 150));
    return outcome(call);
  }
  if (i % 50 === 35) {
    // AI triage: the 2026-era client cancels while the stream is being polled; the 2025-era one waits
    // for a short stream to finish (one wait between reads).
    const cancel = client === clients[1];
    const prompt = cancel ? "/* sim:ai=never */" : "/* sim:ai-ms=200 */";
    const controller = new AbortController();
    const call = client.callTool(
      { name: "start_ai_alert_triage", arguments: { alert_id: "alert-0001", prompt } },
      { signal: controller.signal },
    );
    if (cancel) setTimeout(() => controller.abort(), 300 + (i % 150));
    return outcome(call);
  }
  if (i % 100 === 17) {
    return outcome(client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(3000), timeout_seconds: 1 } }));
  }
  if (i % 100 === 19) {
    // Panther answers after the 1 s request timeout: TIMEOUT (and the retry times out too).
    sim.faults.add({ match: { path: "/alert-comments" }, delayMs: 1500, times: 2 });
    return outcome(client.callTool({ name: "list_alert_comments", arguments: { alert_id: "alert-0001" } }));
  }
  const id = `alert-${String((i % 60) + 1).padStart(4, "0")}`;
  return outcome(client.callTool({ name: "get_alert", arguments: { alert_id: id } }));
}

async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    const result = (await call) as { isError?: boolean; content: { text: string }[] };
    return result.isError ? result.content[0].text.split(":")[0] : "ok";
  } catch {
    return "rejected";
  }
}

async function run(from: number, count: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let next = from;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < from + count) {
        const o = await oneCall(next++);
        seen.set(o, (seen.get(o) ?? 0) + 1);
      }
    }),
  );
  return seen;
}

test(`after a warm-up of ${WARMUP} calls, ${CALLS} more on every path leave nothing behind`, async () => {
  await run(0, WARMUP);
  await settled(WARMUP);
  const startMemory = await memory();
  const startCensus = await census();
  const seen = await run(WARMUP, CALLS);
  // Calls the client gave up on may still be finishing on the server (a cancelled query asks Panther to stop).
  await settled(WARMUP + CALLS);
  let endMemory = await memory();
  let endCensus = await census();
  // Work the last calls left behind (sockets closing, code the JIT compiled for them) can still be
  // in the heap on a loaded machine: look again after a pause. What a call keeps alive stays.
  const grewLoosely = () =>
    [...endCensus.keys()].some((name) => (endCensus.get(name) ?? 0) - (startCensus.get(name) ?? 0) > CALLS * ANY_KIND_PER_CALL);
  for (let look = 0; look < 3 && grewLoosely(); look++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    endMemory = await memory();
    endCensus = await census();
  }

  const outcomes = JSON.stringify(Object.fromEntries(seen));
  for (const expected of ["ok", "NOT_FOUND", "INVALID_ARGUMENT", "UPSTREAM_UNAVAILABLE", "TIMEOUT", "rejected"]) {
    assert.ok(seen.has(expected), `the path ending in ${expected} was taken: ${outcomes}`);
  }
  assert.ok(
    sim.requests.some((r) => r.operationName === "CancelDataLakeQuery"),
    "a cancelled data-lake query was cancelled on Panther",
  );
  assert.ok(
    sim.requests.some((r) => r.operationName === "AiInferenceStream"),
    "AI triage calls polled their streams",
  );

  const grew = (name: string) => (endCensus.get(name) ?? 0) - (startCensus.get(name) ?? 0);
  const perCall = PER_CALL_KINDS.map((name) => ({ name, grew: grew(name) })).filter((g) => g.grew > CALLS / 10);
  assert.deepEqual(perCall, [], `objects made per call that stayed (more than one per 10 calls): ${JSON.stringify(perCall)}`);
  const any = [...endCensus.keys()]
    .map((name) => ({ name, grew: grew(name) }))
    .filter((g) => g.grew > CALLS * ANY_KIND_PER_CALL)
    .sort((a, b) => b.grew - a.grew);
  assert.deepEqual(any, [], `objects that grew with the calls: ${JSON.stringify(any)}`);

  const growth = endMemory.heap_used_mb - startMemory.heap_used_mb;
  assert.ok(
    growth < MARGIN_MB,
    `live heap grew by ${growth.toFixed(1)} MB (${startMemory.heap_used_mb} → ${endMemory.heap_used_mb}); outcomes ${outcomes}`,
  );
});
