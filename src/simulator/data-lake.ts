// The simulated data lake as the simulator sees it. DuckDB runs in a separate engine process
// (lake-process.ts), started on the first query, one query at a time. While a query runs, a
// watchdog samples the engine's RSS: past LAKE_MEMORY_CEILING_MB the engine is killed (DuckDB's
// memory_limit and interrupt do not cover every allocation) and the next query starts a fresh
// one. A query past its time limit is interrupted, and killed if it does not stop.
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  INTERRUPT_GRACE_MS,
  LAKE_MEMORY_CEILING_MB,
  LAKE_RECYCLE_MB,
  LAKE_WATCH_INTERVAL_MS,
  MEMORY_STOP_MESSAGE,
  QUERY_TIMEOUT_MS,
  timeoutMessage,
} from "./lake-limits.js";
import { DATABASES, findDatabase } from "./data-lake-tables.js";
import type { EngineReply, EngineRequest, LakeFill, LakeResult } from "./lake-protocol.js";
import type { JsonObject } from "./model.js";
import { packageRoot } from "../package-root.js";

export type { LakeResult } from "./lake-protocol.js";

const MB = 1024 * 1024;

export interface LakeQueryOptions {
  /** Time limit in ms; QUERY_TIMEOUT_MS when absent, never more. */
  timeoutMs?: number;
  /** Aborting cancels the query, queued or running. */
  signal?: AbortSignal;
  /** The time p_occurs_* macros count from; the real time when absent. */
  now?: Date;
}

type StopReason = "timeout" | "memory" | "cancelled" | "closed";

interface Pending {
  id: number;
  sql: string;
  databaseName: string;
  now: Date;
  timeoutMs: number;
  signal?: AbortSignal;
  resolve(result: LakeResult): void;
  reject(err: Error): void;
}

interface Running {
  pending: Pending;
  child: ChildProcess;
  stop?: StopReason;
  timers: NodeJS.Timeout[];
  onAbort: () => void;
}

function stopMessage(reason: StopReason, timeoutMs: number): string {
  switch (reason) {
    case "timeout":
      return timeoutMessage(timeoutMs);
    case "memory":
      return MEMORY_STOP_MESSAGE;
    case "cancelled":
      return "query was cancelled";
    default:
      return "data lake is closed";
  }
}

/** Resident memory of a process in bytes, from /proc; undefined where /proc is not available. */
function procRss(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function engineEntry(built?: string): { entry: string; execArgv: string[] } {
  if (built) return { entry: built, execArgv: [] };
  // From source (tsx) the entry is the .ts file and the child needs the same loader; built, it is plain .js.
  const fromSource = import.meta.url.endsWith(".ts");
  // Found from the package root, not from this module: built, this code may sit in a bundle chunk.
  const entry = join(packageRoot(), fromSource ? "src/simulator/lake-process.ts" : "dist/src/simulator/lake-process.js");
  return { entry, execArgv: fromSource ? ["--import", import.meta.resolve("tsx")] : [] };
}

export class DataLake {
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess> | undefined;
  private readonly queue: Pending[] = [];
  private running: Running | undefined;
  /** True while the next query waits for the engine to start. */
  private starting = false;
  private reportedRss = 0;
  private nextId = 1;
  private closed = false;
  private exited: Promise<void> = Promise.resolve();
  private readonly killed = new WeakSet<ChildProcess>();
  /** The tables' rows as the first engine made them, given to the engines started after it. */
  private fill: LakeFill | undefined;

  private constructor(
    private readonly now: Date,
    private readonly extra: JsonObject[],
    private readonly builtEngine?: string,
  ) {}

  /**
   * The lake filled relative to `now`, with `extra` rows (alert events, see alertEventRows). Its engine
   * starts on the first query, from `builtEngine` (a built lake-process.js) when given, else from the
   * file beside this one.
   */
  static open(now: Date, extra: JsonObject[], builtEngine?: string): Promise<DataLake> {
    return Promise.resolve(new DataLake(now, extra, builtEngine));
  }

  /** The engine process's id while one runs. */
  get enginePid(): number | undefined {
    return this.child?.pid;
  }

  /** Runs one read-only statement (Snowflake SQL) with `databaseName` (with or without ".public") as the default schema. */
  query(sql: string, databaseName: string, opts: LakeQueryOptions = {}): Promise<LakeResult> {
    if (this.closed) return Promise.reject(new Error("data lake is closed"));
    if (!findDatabase(databaseName)) {
      return Promise.reject(new Error(`database "${databaseName}" does not exist; databases: ${DATABASES.map((d) => d.name).join(", ")}`));
    }
    if (opts.signal?.aborted) return Promise.reject(new Error(stopMessage("cancelled", 0)));
    const timeoutMs = Math.max(1, Math.min(opts.timeoutMs ?? QUERY_TIMEOUT_MS, QUERY_TIMEOUT_MS));
    return new Promise<LakeResult>((resolve, reject) => {
      const pending: Pending = {
        id: this.nextId++,
        sql,
        databaseName,
        now: opts.now ?? new Date(),
        timeoutMs,
        signal: opts.signal,
        resolve,
        reject,
      };
      this.queue.push(pending);
      opts.signal?.addEventListener(
        "abort",
        () => {
          const i = this.queue.indexOf(pending);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(new Error(stopMessage("cancelled", timeoutMs)));
          }
        },
        { once: true },
      );
      this.pump();
    });
  }

  /** Stops the running query, fails queued ones and ends the engine process. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const p of this.queue.splice(0)) p.reject(new Error(stopMessage("closed", 0)));
      if (this.running) this.running.stop = "closed";
      this.holdLoop(true);
      this.child?.kill("SIGKILL");
    }
    return this.exited;
  }

  private pump(): void {
    this.holdLoop(this.closed || !!this.running || this.starting || this.queue.length > 0);
    if (this.closed || this.running || this.starting || this.queue.length === 0) return;
    const pending = this.queue.shift()!;
    this.starting = true;
    this.engine().then(
      (child) => {
        this.starting = false;
        this.start(pending, child);
      },
      (err: unknown) => {
        this.starting = false;
        pending.reject(err instanceof Error ? err : new Error(String(err)));
        this.pump();
      },
    );
  }

  private start(pending: Pending, child: ChildProcess): void {
    if (this.closed || pending.signal?.aborted) {
      pending.reject(new Error(stopMessage(this.closed ? "closed" : "cancelled", 0)));
      this.pump();
      return;
    }
    const run: Running = { pending, child, timers: [], onAbort: () => this.stop(run, "cancelled") };
    this.running = run;
    this.reportedRss = 0;
    pending.signal?.addEventListener("abort", run.onAbort, { once: true });
    run.timers.push(setTimeout(() => this.stop(run, "timeout"), pending.timeoutMs));
    run.timers.push(
      setInterval(() => {
        const rss = procRss(child.pid!) ?? this.reportedRss;
        if (rss > LAKE_MEMORY_CEILING_MB * MB) this.stop(run, "memory");
      }, LAKE_WATCH_INTERVAL_MS),
    );
    this.send(child, {
      kind: "query",
      id: pending.id,
      sql: pending.sql,
      databaseName: pending.databaseName,
      now: pending.now.toISOString(),
    });
  }

  /** Interrupts the running query; memory overruns, and queries that do not stop in time, end the engine. */
  private stop(run: Running, reason: StopReason): void {
    if (this.running !== run || run.stop) return;
    run.stop = reason;
    if (reason === "memory") {
      this.kill(run.child);
      return;
    }
    this.send(run.child, { kind: "interrupt", id: run.pending.id });
    run.timers.push(setTimeout(() => this.kill(run.child), INTERRUPT_GRACE_MS));
  }

  /** Ends the running query with the engine's answer (or its exit, when `reply` is undefined). */
  private settle(run: Running, reply: Extract<EngineReply, { kind: "done" | "failed" }> | undefined, exit?: string): void {
    if (this.running !== run) return;
    this.running = undefined;
    for (const t of run.timers) clearTimeout(t);
    run.pending.signal?.removeEventListener("abort", run.onAbort);
    const { pending } = run;
    if (run.stop) pending.reject(new Error(stopMessage(run.stop, pending.timeoutMs)));
    else if (reply?.kind === "done") pending.resolve(reply.result);
    else if (reply?.kind === "failed")
      pending.reject(new Error(/^Out of Memory Error/i.test(reply.message) ? MEMORY_STOP_MESSAGE : reply.message));
    else
      pending.reject(new Error(`the data lake engine stopped while running this query (${exit ?? "unknown cause"}); try a narrower query`));
    // An engine that kept a lot of memory after the query is replaced before the next one.
    if (this.child === run.child && reply) {
      const rss = procRss(run.child.pid!) ?? this.reportedRss;
      if (rss > LAKE_RECYCLE_MB * MB) this.retire(run.child);
    }
    this.pump();
  }

  /** An idle engine process does not keep the simulator's event loop alive. */
  private holdLoop(busy: boolean): void {
    const child = this.child;
    if (!child) return;
    if (busy) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  }

  /** Ends an engine process; the next query starts a new one. */
  private retire(child: ChildProcess): void {
    if (this.child === child) {
      this.child = undefined;
      this.ready = undefined;
    }
    this.kill(child);
  }

  /** Kills an engine that ran away; a fresh one is started right after it exits. */
  private kill(child: ChildProcess): void {
    this.killed.add(child);
    child.kill("SIGKILL");
  }

  private send(child: ChildProcess, msg: EngineRequest): void {
    if (child.connected) child.send(msg);
  }

  /** The engine process, started and filled on first use. */
  private engine(): Promise<ChildProcess> {
    if (this.ready) return this.ready;
    const { entry, execArgv } = engineEntry(this.builtEngine);
    const child = fork(entry, [], {
      // Liftoff only: the SQL translator's WASM (lake-sql-translate.ts) compiles in a third of the time and
      // memory it takes with the optimizing tier, and translating a query needs no more speed than that.
      // Lazy validation: V8 checks each of its functions when it first compiles it (it compiles them on first
      // use anyway) instead of the whole 22 MB module at start-up, ~60 ms of CPU per engine start.
      execArgv: [...execArgv, "--max-old-space-size=256", "--liftoff-only", "--wasm-lazy-validation"],
      env: {},
      stdio: ["ignore", "ignore", "ignore", "ipc"],
      serialization: "advanced",
    });
    this.child = child;
    this.ready = new Promise<ChildProcess>((resolve, reject) => {
      child.on("message", (reply: EngineReply) => {
        if (reply.kind === "ready") {
          this.fill ??= reply.fill;
          resolve(child);
        } else if (reply.kind === "open-failed") reject(new Error(`the data lake could not be filled: ${reply.message}`));
        else if (reply.kind === "rss") this.reportedRss = reply.rss;
        else if (this.running?.child === child && this.running.pending.id === reply.id) this.settle(this.running, reply);
      });
      child.on("error", (err) => reject(new Error(`the data lake engine could not start: ${err.message}`)));
      this.exited = new Promise<void>((done) => {
        child.on("exit", (code, signal) => {
          reject(new Error(`the data lake engine exited during start-up (${signal ?? `code ${code}`})`));
          if (this.child === child) {
            this.child = undefined;
            this.ready = undefined;
          }
          // An engine that ends on a SIGKILL we did not send was stopped by its own memory watchdog (or the
          // OOM killer); one that aborts ran out of JavaScript heap.
          if ((signal === "SIGKILL" || signal === "SIGABRT") && !this.killed.has(child)) {
            this.killed.add(child);
            if (this.running?.child === child) this.running.stop ??= "memory";
          }
          if (this.running?.child === child) this.settle(this.running, undefined, signal ?? `exit code ${code}`);
          if (this.killed.has(child) && !this.closed && !this.ready)
            this.engine().then(
              () => this.pump(),
              () => undefined,
            );
          done();
        });
      });
    });
    this.ready.catch(() => child.kill("SIGKILL"));
    const now = this.now.toISOString();
    this.send(child, this.fill ? { kind: "open", now, fill: this.fill } : { kind: "open", now, extra: this.extra });
    return this.ready;
  }
}
