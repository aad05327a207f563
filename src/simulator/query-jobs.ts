// Panther's asynchronous data lake flow: a query is started, reports "running" for a
// while, then runs on DuckDB and ends "succeeded" or "failed" (or "cancelled").
import { randomUUID } from "node:crypto";
import type { DataLake, LakeResult } from "./data-lake.js";
import type { ActorRef } from "./model.js";
import { expandMacros, requestedDelayMs } from "./sql-macros.js";
import type { Clock } from "./time.js";

export type QueryStatus = "running" | "succeeded" | "failed" | "cancelled";

export interface QueryJob {
  id: string;
  sql: string;
  databaseName: string;
  status: QueryStatus;
  message: string;
  startedAt: string;
  completedAt: string | null;
  issuedBy: ActorRef;
  result: LakeResult | null;
  /** When a cancel request arrived, if one did. */
  cancelledAt: string | null;
}

export class QueryJobs {
  private readonly jobs = new Map<string, QueryJob>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly interrupts = new Map<string, () => void>();
  private closed = false;

  constructor(
    private readonly lake: Promise<DataLake>,
    private readonly clock: Clock,
    private readonly defaultDelayMs: number,
  ) {}

  start(sql: string, databaseName: string, issuedBy: ActorRef): QueryJob {
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
    return this.jobs.get(id);
  }

  all(): QueryJob[] {
    return [...this.jobs.values()];
  }

  /** Cancels a running query. A query that already finished keeps its final status. */
  cancel(id: string): QueryJob | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    job.cancelledAt = this.clock.nowIso();
    if (job.status !== "running") return job;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.interrupts.get(id)?.();
    this.finish(job, "cancelled", "query was cancelled");
    return job;
  }

  private finish(job: QueryJob, status: QueryStatus, message: string, result: LakeResult | null = null): void {
    job.status = status;
    job.message = message;
    job.result = result;
    job.completedAt = this.clock.nowIso();
  }

  private async execute(job: QueryJob): Promise<void> {
    if (this.closed || job.status !== "running") return;
    try {
      const sql = expandMacros(job.sql, this.clock.now());
      const lake = await this.lake;
      const result = await lake.query(sql, job.databaseName, (interrupt) => this.interrupts.set(job.id, interrupt));
      if (job.status === "running") this.finish(job, "succeeded", "", result);
    } catch (err) {
      if (job.status === "running") this.finish(job, "failed", err instanceof Error ? err.message : String(err));
    } finally {
      this.interrupts.delete(job.id);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const interrupt of this.interrupts.values()) interrupt();
  }
}
