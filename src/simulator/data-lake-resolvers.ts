// GraphQL resolvers for Panther's data lake queries.
import type { GqlContext } from "./alert-resolvers.js";
import { pageInfoOf, slicePage } from "./cursor.js";
import { badInput, notFound } from "./errors.js";
import { FINISHED_QUERY_TTL_MS, MAX_FINISHED_QUERIES } from "./lake-limits.js";
import { TooManyQueries, type QueryJob } from "./query-jobs.js";

const KEPT = `finished queries are kept for ${FINISHED_QUERY_TTL_MS / 60_000} minutes, at most ${MAX_FINISHED_QUERIES} of them`;

function resultsOf(job: QueryJob, args: { input?: { cursor?: string | null; pageSize?: number | null } | null }) {
  const size = args.input?.pageSize ?? 999;
  if (!Number.isInteger(size) || size < 1 || size > 999) throw badInput("pageSize must be between 1 and 999");
  if (job.status !== "succeeded" || !job.result) return null;
  const r = job.result;
  const page = slicePage(r.rows, args.input?.cursor ?? null, size);
  if ("error" in page) throw badInput(page.error);
  return {
    edges: page.items.map((node) => ({ node })),
    columnInfo: { order: r.columns, types: r.types },
    pageInfo: pageInfoOf(page, args.input?.cursor),
    stats: { bytesScanned: r.bytesScanned, executionTime: r.executionMs, rowCount: r.rows.length },
    tryAgain: false,
  };
}

function queryObject(ctx: GqlContext, job: QueryJob) {
  return {
    id: job.id,
    sql: job.sql,
    status: job.status,
    message: job.message,
    startedAt: job.startedAt,
    completedAt: job.completedAt,
    isScheduled: false,
    name: null,
    children: [],
    issuedBy: () => ctx.state.actorObject(job.issuedBy),
    results: (args: { input?: { cursor?: string | null; pageSize?: number | null } | null }) => resultsOf(job, args),
  };
}

export function executeQuery(ctx: GqlContext, input: { sql: string; databaseName?: string | null }) {
  if (typeof input.sql !== "string" || input.sql.trim() === "") throw badInput("sql must not be empty");
  try {
    const job = ctx.state.queries.start(input.sql, input.databaseName ?? "panther_logs", { kind: "token", id: ctx.token.id });
    return { id: job.id };
  } catch (err) {
    if (err instanceof TooManyQueries) throw badInput(err.message);
    throw err;
  }
}

export function getQuery(ctx: GqlContext, id: string) {
  const job = ctx.state.queries.get(id);
  if (!job) throw notFound(`query ${id} not found (${KEPT})`);
  return queryObject(ctx, job);
}

export function cancelQuery(ctx: GqlContext, input: { id: string }) {
  const job = ctx.state.queries.cancel(input.id);
  if (!job) throw notFound(`query ${input.id} not found`);
  return { id: job.id };
}
