import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import {
  cancelDataLakeQuery,
  executeDataLakeQuery,
  getDataLakeQuery,
  getDataLakeQueryUntrusted,
  type GetDataLakeQueryQuery,
} from "../../generated/index.js";
import { CancelledError, InvalidArgumentError, UpstreamError } from "../errors.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { CUT_MARKER_SHAPE, MAX_RESULT_CHARS } from "../result-cap.js";
import { cursorAfterKept, packRows } from "./data-lake-rows.js";
import { jsonSchemaOf } from "./json-schema.js";
import { upstreamText } from "../upstream/scrub.js";
import { checkDataLakeSql } from "./sql-guard.js";

/** Characters of row JSON one page may carry: the result cap less room for the other fields. */
const MAX_ROW_CHARS = MAX_RESULT_CHARS - 5_000;

const input = z
  .strictObject({
    sql: z
      .string()
      .min(1)
      .max(100_000)
      .optional()
      .describe("Snowflake SQL; filter on p_event_time or a p_occurs_* macro, e.g. p_occurs_since('1 day')."),
    database_name: z.string().min(1).default("panther_logs").describe("For unqualified table names."),
    query_id: z.string().min(1).optional().describe("Fetch an earlier query's results instead of running sql."),
    cursor: z.string().min(1).optional().describe("next_cursor of a previous page (with query_id)."),
    max_rows: z.number().int().min(1).max(999).default(100).describe("Rows per page."),
    timeout_seconds: z.number().int().min(1).max(600).default(60).describe("Wait this long, then return query_id to fetch later."),
  })
  .refine((v) => (v.sql === undefined) !== (v.query_id === undefined), { message: "give exactly one of sql or query_id", path: ["sql"] })
  .refine((v) => v.cursor === undefined || v.query_id !== undefined, {
    message: "cursor needs the query_id it belongs to",
    path: ["cursor"],
  });

export type QueryDataLakeArgs = z.output<typeof input>;
type Args = QueryDataLakeArgs;
type QueryState = GetDataLakeQueryQuery["dataLakeQuery"];

/** Panther has finished the query but asks to fetch its results again (tryAgain): not a page to return yet. */
const notReady = (q: QueryState) => q.status === "succeeded" && q.results?.tryAgain === true;

// Polling schedule. Each wait is a fixed fraction of the time the query has already run, so a query is
// seen finished at most ~20% after it finishes (plus one round trip), whatever its length: 0.1 s or 10 s.
// Why this poll rate is reasonable for Panther: one status read at a time per query, never closer than
// 20 ms (and each read itself takes a round trip, ~50-200 ms to a real Panther), and the reads thin out as
// the query ages: about 4 per doubling of its age. A 1 s query costs ~18 cheap status reads, a 10 s one
// ~30; past 15 s the old steady rate of one read per 3 s applies, so long queries cost what they did before.
// Progress notifications to the client are sent at most once a second, not on every read.
const POLL_FRACTION = 0.2;
const POLL_MIN_MS = 20;
const POLL_MAX_MS = 3000;
const PROGRESS_EVERY_MS = 1000;

/** Polls until the query leaves `running` with its results ready (no tryAgain), the deadline passes, or the call is cancelled. */
async function waitForQuery(ctx: HandlerContext, id: string, args: Args, deadline: number): Promise<QueryState> {
  const started = Date.now();
  const total = deadline - started;
  let reportedAt = -Infinity;
  for (;;) {
    const { dataLakeQuery } = await getDataLakeQuery(
      ctx.panther,
      { id, cursor: args.cursor, pageSize: args.max_rows },
      { signal: ctx.signal },
    );
    const now = Date.now();
    if ((dataLakeQuery.status !== "running" && !notReady(dataLakeQuery)) || now >= deadline) return dataLakeQuery;
    const elapsed = now - started;
    if (elapsed - reportedAt >= PROGRESS_EVERY_MS) {
      reportedAt = elapsed;
      await ctx.reportProgress(elapsed, total, `query ${id} running`);
    }
    const wait = Math.min(Math.max(Math.round(elapsed * POLL_FRACTION), POLL_MIN_MS), POLL_MAX_MS);
    // Rejects at once when the call is cancelled; the caller turns that into CANCELLED.
    await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), undefined, { signal: ctx.signal });
  }
}

async function cancelUpstream(ctx: HandlerContext, id: string): Promise<void> {
  // At most 5 s for the cancel; the timer is cleared when it ends, so it holds nothing of the call after.
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(), 5000);
  try {
    await cancelDataLakeQuery(ctx.panther, { id }, { signal: limit.signal, context: ctx });
    ctx.info("cancelled data lake query", { queryId: id });
  } catch (error) {
    ctx.warning("could not cancel data lake query", { queryId: id, error: (error as Error).message });
  } finally {
    clearTimeout(timer);
  }
}

/** The cursor of the row after the first `kept` rows of the page that starts at `cursor` (see cursorAfterKept). */
function cursorAfter(ctx: HandlerContext, id: string, cursor: string | undefined, kept: number): Promise<string> {
  return cursorAfterKept(
    kept,
    async (pageSize) => {
      const { dataLakeQuery } = await getDataLakeQuery(ctx.panther, { id, cursor, pageSize }, { signal: ctx.signal });
      if (notReady(dataLakeQuery))
        throw new UpstreamError(`data lake query ${id} results are not ready; call query_data_lake with query_id "${id}" again.`);
      return dataLakeQuery.results;
    },
    `data lake query ${id}`,
  );
}

async function resultOf(ctx: HandlerContext, query: QueryState, args: Args) {
  const results = query.results;
  const all: unknown[] = results ? results.edges.map((e) => e.node) : [];
  const { rows, cutValues } = packRows(all, MAX_ROW_CHARS);
  const cutForSize = rows.length < all.length;
  const hasNext = Boolean(results?.pageInfo.hasNextPage);
  const reasons: string[] = [];
  // Panther (or the demo lake) may say why a succeeded query holds fewer rows than it matched.
  if (query.message) reasons.push(`Panther: ${upstreamText(query.message)}`);
  if (cutValues > 0)
    reasons.push(
      `${cutValues} value(s) of row 1 were too long for one result and end with "${CUT_MARKER_SHAPE}"; select SUBSTR(column, start, length) to read the rest`,
    );
  if (cutForSize) reasons.push(`this page stops after ${rows.length} of ${all.length} rows to stay under ${MAX_ROW_CHARS} characters`);
  else if (hasNext) reasons.push(`more rows than max_rows=${args.max_rows}`);
  if (cutForSize || hasNext) reasons.push(`pass next_cursor with query_id for the next rows`);
  return {
    query_id: query.id,
    status: query.status,
    columns: results?.columnInfo.order ?? [],
    rows,
    returned_rows: rows.length,
    total_rows: results?.stats.rowCount ?? rows.length,
    truncated: reasons.length > 0,
    truncation_reason: reasons.length > 0 ? `${reasons.join("; ")}.` : null,
    next_cursor: cutForSize
      ? await cursorAfter(ctx, query.id, args.cursor, rows.length)
      : hasNext
        ? (results?.pageInfo.endCursor ?? null)
        : null,
    stats: results ? { bytes_scanned: results.stats.bytesScanned, execution_ms: results.stats.executionTime } : null,
  };
}

/**
 * query_data_lake itself: guard the SQL, start the query (or take query_id), poll, page and cap. Other
 * composite tools (alert-event-stats.ts) run their SQL through this one path.
 */
export async function runQueryDataLake(args: Args, ctx: HandlerContext) {
  let id = args.query_id;
  if (!id) {
    await checkDataLakeSql(args.sql!, args.database_name);
    if (ctx.signal.aborted) throw new CancelledError("query_data_lake was cancelled before the query started.");
    // Not tied to the call's signal: a cancel while this request is in flight could leave a query
    // running on Panther whose id we never learnt. The request is short (bounded by the request
    // timeout); once it answers, a cancelled call stops the query it started.
    const started = await executeDataLakeQuery(ctx.panther, { sql: args.sql!, databaseName: args.database_name }, { context: ctx });
    id = started.executeDataLakeQuery.id;
    ctx.info("started data lake query", { queryId: id });
    if (ctx.signal.aborted) {
      await cancelUpstream(ctx, id);
      throw new CancelledError(`query_data_lake was cancelled; data lake query ${id} was asked to stop.`);
    }
  }
  const deadline = Date.now() + args.timeout_seconds * 1000;
  let query: QueryState;
  try {
    query = await waitForQuery(ctx, id, args, deadline);
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
    // Only a query this call started is stopped; one fetched by query_id belongs to an earlier call.
    if (args.query_id) throw new CancelledError(`query_data_lake was cancelled; data lake query ${id} is still running on Panther.`);
    await cancelUpstream(ctx, id);
    throw new CancelledError(`query_data_lake was cancelled; data lake query ${id} was asked to stop.`);
  }
  if (notReady(query)) query = { ...query, status: "running" };
  switch (query.status) {
    case "running":
      return {
        query_id: id,
        status: "running",
        message: `Still running after ${args.timeout_seconds} s. Call query_data_lake with query_id "${id}" to fetch the results later; do not run the SQL again.`,
      };
    case "failed":
      throw new InvalidArgumentError(`data lake query ${id} failed: ${upstreamText(query.message ?? "no reason given")}`);
    case "cancelled":
      throw new CancelledError(`data lake query ${id} was cancelled.`);
    case "succeeded":
      return await resultOf(ctx, query, args);
    default:
      throw new UpstreamError(`data lake query ${id} has an unknown status ${upstreamText(String(query.status))}.`);
  }
}

export const queryDataLakeTool: ToolDefinition<Args> = {
  name: "query_data_lake",
  title: "Query data lake",
  description:
    "Run read-only SQL on Panther's data lake; rows come paged and capped. Give sql or query_id, not both. On timeout it returns query_id: call again with it (and cursor for the next page) instead of re-running.",
  toolset: "data_lake",
  // Only the hints that differ from the spec's defaults (a read lists readOnlyHint alone).
  annotations: { readOnlyHint: true },
  permissions: ["DataAnalyticsRead"],
  // Rows are log data: what the schema marks untrusted of results.edges.node (every value and column key).
  untrusted: { rows: getDataLakeQueryUntrusted.dataLakeQuery.results.edges.node },
  inputSchema: input,
  get inputJsonSchema() {
    return jsonSchemaOf(input);
  },
  handler: runQueryDataLake,
};
