// Panther's asynchronous data lake flow: a query is started, reports "running" for a
// while, then runs on DuckDB and ends "succeeded" or "failed" (or "cancelled").
// Finished queries are kept for a while (FINISHED_QUERY_TTL_MS), up to a count and a total of
// result bytes, oldest forgotten first; running ones are never dropped.
import { randomUUID } from "node:crypto";
import type { DataLake, LakeResult } from "./data-lake.js";
import { FINISHED_QUERY_TTL_MS, MAX_ACTIVE_QUERIES, MAX_FINISHED_QUERIES, MAX_KEPT_RESULT_BYTES } from "./lake-limits.js";
import type { ActorRef } from "./model.js";
import { requestedDelayMs, requestedTimeoutMs, requestedTryAgain } from "./sql-macros.js";
import type { Clock } from "./time.js";

export type QueryStatus = "running" | "succeeded" | "failed" | "cancelled";

export interface QueryJob {
  id: string;
  sql: string;
  databaseName: string;
  status: QueryStatus;
  /** Error text of a failed query; for a succeeded one, why its results were truncated (else ""). */
  message: string;
  startedAt: string;
  completedAt: string | null;
  issuedBy: ActorRef;
  result: LakeResult | null;
  /** When a cancel request arrived, if one did. */
  cancelledAt: string | null;
  /** Reads of a succeeded query's results still to be answered with tryAgain (results not ready yet). */
  tryAgainReads: number;
}

export interface QueryJobLimits {
  finishedTtlMs: number;
  maxFinished: number;
  maxKeptResultBytes: number;
  maxActive: number;
}

const DEFAULT_LIMITS: QueryJobLimits = {
  finishedTtlMs: FINISHED_QUERY_TTL_MS,
  maxFinished: MAX_FINISHED_QUERIES,
  maxKeptResultBytes: MAX_KEPT_RESULT_BYTES,
  maxActive: MAX_ACTIVE_QUERIES,
};

/** Thrown by start() when too many queries are waiting or running. */
export class TooManyQueries extends Error {}

export class QueryJobs {
  private readonly jobs = new Map<string, QueryJob>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly aborts = new Map<string, AbortController>();
  /** Real time (ms) each finished job ended, in finishing order. */
  private readonly finishedAt = new Map<string, number>();
  private readonly limits: QueryJobLimits;
  private closed = false;

  constructor(
    private readonly lake: Promise<DataLake>,
    private readonly clock: Clock,
    private readonly defaultDelayMs: number,
    limits: Partial<QueryJobLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  start(sql: string, databaseName: string, issuedBy: ActorRef): QueryJob {
    this.evict();
    const active = this.jobs.size - this.finishedAt.size;
    if (active >= this.limits.maxActive) {
      throw new TooManyQueries(
        `too many data lake queries in progress (${active}); the demo data lake runs at most ${this.limits.maxActive} at once: wait for one to finish or cancel one`,
      );
    }
    const job: QueryJob = {
      id: randomUUID(),
      sql,
      databaseName,
      status: "running",
      message: "",
      startedAt: this.clock.nowIso(),
      completedAt: null,
      issuedBy,
      result: null,
      cancelledAt: null,
      tryAgainReads: requestedTryAgain(sql) ?? 0,
    };
    this.jobs.set(job.id, job);
    const delay = requestedDelayMs(sql) ?? this.defaultDelayMs;
    const timer = setTimeout(() => {
      this.timers.delete(job.id);
      void this.execute(job);
    }, delay);
    this.timers.set(job.id, timer);
    return job;
  }

  get(id: string): QueryJob | undefined {
    this.evict();
    return this.jobs.get(id);
  }

  all(): QueryJob[] {
    this.evict();
    return [...this.jobs.values()];
  }

  /** Cancels a running query. A query that already finished keeps its final status. */
  cancel(id: string): QueryJob | undefined {
    const job = this.get(id);
    if (!job) return undefined;
    job.cancelledAt = this.clock.nowIso();
    if (job.status !== "running") return job;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.aborts.get(id)?.abort();
    this.finish(job, "cancelled", "query was cancelled");
    return job;
  }

  private finish(job: QueryJob, status: QueryStatus, message: string, result: LakeResult | null = null): void {
    job.status = status;
    job.message = message;
    job.result = result;
    job.completedAt = this.clock.nowIso();
    this.finishedAt.set(job.id, Date.now());
    this.evict();
  }

  /** Forgets finished jobs past their TTL, then the oldest ones beyond the count or the result budget. */
  private evict(): void {
    const expired = Date.now() - this.limits.finishedTtlMs;
    let keptBytes = 0;
    for (const id of this.finishedAt.keys()) keptBytes += this.jobs.get(id)?.result?.resultBytes ?? 0;
    for (const [id, at] of this.finishedAt) {
      const over = this.finishedAt.size > this.limits.maxFinished || keptBytes > this.limits.maxKeptResultBytes;
      if (at > expired && !over) break;
      keptBytes -= this.jobs.get(id)?.result?.resultBytes ?? 0;
      this.finishedAt.delete(id);
      this.jobs.delete(id);
    }
  }

  private async execute(job: QueryJob): Promise<void> {
    if (this.closed || job.status !== "running") return;
    const abort = new AbortController();
    this.aborts.set(job.id, abort);
    try {
      const lake = await this.lake;
      const result = await lake.query(job.sql, job.databaseName, {
        timeoutMs: requestedTimeoutMs(job.sql),
        signal: abort.signal,
        now: this.clock.now(),
      });
      if (job.status === "running") this.finish(job, "succeeded", result.truncated ?? "", result);
    } catch (err) {
      if (job.status === "running") this.finish(job, "failed", err instanceof Error ? err.message : String(err));
    } finally {
      this.aborts.delete(job.id);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const abort of this.aborts.values()) abort.abort();
  }
}
