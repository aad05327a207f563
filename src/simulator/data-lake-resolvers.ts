// GraphQL resolvers for Panther's data lake: queries and the catalog.
import type { GqlContext } from "./alert-resolvers.js";
import { pageInfoOf, slicePage } from "./cursor.js";
import { TABLES, type TableDef } from "./data-lake-tables.js";
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

// The catalog (databases, tables, columns) is answered from the static table definitions: listing
// tables never starts or asks the DuckDB engine process.

/** The one database the simulated lake holds, under the name Panther lists it by. */
const CATALOG_DATABASE = { name: "panther_logs.public", description: "Parsed log events, one table per log type." };

/** What Panther's standard p_ columns hold. */
const STANDARD_COLUMN_TEXT: Record<string, string> = {
  p_event_time: "When the event happened.",
  p_parse_time: "When Panther parsed the event.",
  p_log_type: "Log type of the event.",
  p_row_id: "Unique ID of the row.",
  p_source_label: "Label of the log source.",
  p_any_ip_addresses: "Every IP address in the event.",
};

/** The database a name stands for: "panther_logs.public" or "panther_logs", in any case. */
function catalogDatabase(name: unknown) {
  if (typeof name !== "string" || name.trim() === "") throw badInput("databaseName must not be empty");
  const wanted = name.trim().toLowerCase();
  if (wanted === CATALOG_DATABASE.name || wanted === CATALOG_DATABASE.name.split(".")[0]) return CATALOG_DATABASE;
  throw notFound(`database "${name}" not found (databases: ${CATALOG_DATABASE.name})`);
}

function tableObject(t: TableDef) {
  return {
    name: t.name,
    displayName: t.logType,
    description: `${t.logType} events.`,
    logType: t.logType,
    numMatches: null,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type, description: STANDARD_COLUMN_TEXT[c.name] ?? null })),
  };
}

export function listDatabases() {
  return [CATALOG_DATABASE];
}

export function listDatabaseTables(input: { databaseName: string; pageSize?: number | null; cursor?: string | null }) {
  catalogDatabase(input.databaseName);
  const size = input.pageSize ?? 25;
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw badInput("pageSize must be between 1 and 1000");
  const tables = [...TABLES].sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = slicePage(tables, input.cursor ?? null, size);
  if ("error" in page) throw badInput(page.error);
  return { edges: page.items.map((t) => ({ node: tableObject(t) })), pageInfo: pageInfoOf(page, input.cursor) };
}

export function getDatabaseTable(input: { databaseName: string; tableName: string }) {
  const db = catalogDatabase(input.databaseName);
  if (typeof input.tableName !== "string" || input.tableName.trim() === "") throw badInput("tableName must not be empty");
  const wanted = input.tableName.trim().toLowerCase();
  const table = TABLES.find((t) => t.name === wanted);
  if (!table) throw notFound(`table "${input.tableName}" not found in database ${db.name}`);
  return tableObject(table);
}
