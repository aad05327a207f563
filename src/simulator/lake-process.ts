// Entry of the data lake's engine process, started by data-lake.ts over an IPC channel.
// It runs one query at a time and exits when the channel closes. It never writes to stdout.
import type { DuckDBConnection } from "@duckdb/node-api";
import { Worker } from "node:worker_threads";
import { LakeEngine } from "./lake-engine.js";
import { LAKE_MEMORY_CEILING_MB, LAKE_WATCH_INTERVAL_MS } from "./lake-limits.js";
import type { EngineReply, EngineRequest } from "./lake-protocol.js";

// The engine's own watchdog runs on a thread of its own, so that it samples on time even while
// this thread is busy: past the ceiling the process ends itself at once (the simulator also watches).
// It samples only while the engine works (filling its tables, running a query): memory does not grow in
// between, and sampling every 5 ms while idle cost an engine about 2.5% of a core for its whole life.
const WATCHDOG = `
const { workerData, parentPort } = require("node:worker_threads");
const check = () => {
  if (process.memoryUsage.rss() > workerData.limit) process.kill(process.pid, "SIGKILL");
};
let timer;
parentPort.on("message", (watch) => {
  clearInterval(timer);
  timer = watch ? (check(), setInterval(check, workerData.interval)) : undefined;
});
`;
const watchdog = new Worker(WATCHDOG, { eval: true, workerData: { limit: LAKE_MEMORY_CEILING_MB * 1024 * 1024, interval: 5 } });
watchdog.unref();
/** Jobs in progress (the fill, a query); the watchdog samples while there is one. */
let working = 0;
async function watched<T>(job: () => Promise<T>): Promise<T> {
  if (working++ === 0) watchdog.postMessage(true);
  try {
    return await job();
  } finally {
    if (--working === 0) watchdog.postMessage(false);
  }
}

let engine: Promise<LakeEngine> | undefined;
let current: { id: number; conn: DuckDBConnection | null; interrupted: boolean } | undefined;

const send = (reply: EngineReply) => process.send?.(reply);

async function runQuery(id: number, sql: string, databaseName: string, now: Date): Promise<void> {
  const job = { id, conn: null as DuckDBConnection | null, interrupted: false };
  current = job;
  // The parent reads /proc when it can; this report covers the other platforms.
  const beat = setInterval(() => send({ kind: "rss", rss: process.memoryUsage.rss() }), LAKE_WATCH_INTERVAL_MS);
  try {
    const lake = await engine!;
    // Watched until the result is sent: serialising it for the channel takes memory too.
    await watched(async () => {
      const result = await lake.query(sql, databaseName, now, (conn) => {
        job.conn = conn;
        if (conn && job.interrupted) conn.interrupt();
      });
      // An interrupted stream can end early without an error: never report it as a whole result.
      if (job.interrupted) send({ kind: "failed", id, message: "interrupted", interrupted: true });
      else send({ kind: "done", id, result });
    });
  } catch (err) {
    send({ kind: "failed", id, message: err instanceof Error ? err.message : String(err), interrupted: job.interrupted });
  } finally {
    clearInterval(beat);
    if (current === job) current = undefined;
  }
}

process.on("message", (msg: EngineRequest) => {
  switch (msg.kind) {
    case "open":
      engine = watched(() => LakeEngine.open(new Date(msg.now), "fill" in msg ? { fill: msg.fill } : { extra: msg.extra })).then(
        ({ lake, made }) => {
          // The rows go back to the simulator once, for the engines started after this one.
          send({ kind: "ready", fill: made });
          return lake;
        },
        (err: unknown) => {
          send({ kind: "open-failed", message: err instanceof Error ? err.message : String(err) });
          throw err;
        },
      );
      engine.catch(() => undefined);
      break;
    case "query":
      void runQuery(msg.id, msg.sql, msg.databaseName, new Date(msg.now));
      break;
    case "interrupt":
      if (current?.id === msg.id) {
        current.interrupted = true;
        current.conn?.interrupt();
      }
      break;
  }
});
process.on("disconnect", () => process.exit(0));
