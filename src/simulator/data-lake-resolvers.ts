// GraphQL resolvers for Panther's data lake: queries and the catalog.
import type { GqlContext } from "./alert-resolvers.js";
import { pageInfoOf, slicePage } from "./cursor.js";
import { DATABASES, findDatabase, type DatabaseDef, type TableDef } from "./data-lake-tables.js";
import { badInput, notFound } from "./errors.js";
import { FINISHED_QUERY_TTL_MS, MAX_FINISHED_QUERIES } from "./lake-limits.js";
import { TooManyQueries, type QueryJob } from "./query-jobs.js";

const KEPT = `finished queries are kept for ${FINISHED_QUERY_TTL_MS / 60_000} minutes, at most ${MAX_FINISHED_QUERIES} of them`;

function resultsOf(job: QueryJob, args: { input?: { cursor?: string | null; pageSize?: number | null } | null }) {
  const size = args.input?.pageSize ?? 999;
  if (!Number.isInteger(size) || size < 1 || size > 999) throw badInput("pageSize must be between 1 and 999");
  if (job.status !== "succeeded" || !job.result) return null;
  // Panther answers tryAgain while a finished query's results are not readable yet.
  if (job.tryAgainReads > 0) {
    job.tryAgainReads--;
    return {
      edges: [],
      columnInfo: { order: [], types: {} },
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      stats: { bytesScanned: 0, executionTime: 0, rowCount: 0 },
      tryAgain: true,
    };
  }
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

// The catalog (databases, tables, columns) is answered from the lake's one declaration
// (data-lake-tables.ts): listing tables never starts or asks the DuckDB engine process.

const catalogName = (db: DatabaseDef) => `${db.name}.public`;

/** The database a name stands for: "panther_logs.public" or "panther_logs", in any case. */
function catalogDatabase(name: unknown): DatabaseDef {
  if (typeof name !== "string" || name.trim() === "") throw badInput("databaseName must not be empty");
  const db = findDatabase(name);
  if (!db) throw notFound(`database "${name}" not found (databases: ${DATABASES.map(catalogName).join(", ")})`);
  return db;
}

function tableObject(t: TableDef) {
  return {
    name: t.name,
    displayName: t.logType ?? t.name,
    description: t.description,
    logType: t.logType,
    numMatches: null,
    columns: t.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
  };
}

export function listDatabases() {
  return DATABASES.map((db) => ({ name: catalogName(db), description: db.description }));
}

export function listDatabaseTables(input: { databaseName: string; pageSize?: number | null; cursor?: string | null }) {
  const db = catalogDatabase(input.databaseName);
  const size = input.pageSize ?? 25;
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw badInput("pageSize must be between 1 and 1000");
  const tables = [...db.tables].sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = slicePage(tables, input.cursor ?? null, size);
  if ("error" in page) throw badInput(page.error);
  return { edges: page.items.map((t) => ({ node: tableObject(t) })), pageInfo: pageInfoOf(page, input.cursor) };
}

export function getDatabaseTable(input: { databaseName: string; tableName: string }) {
  const db = catalogDatabase(input.databaseName);
  if (typeof input.tableName !== "string" || input.tableName.trim() === "") throw badInput("tableName must not be empty");
  const wanted = input.tableName.trim().toLowerCase();
  const table = db.tables.find((t) => t.name.toLowerCase() === wanted);
  if (!table) throw notFound(`table "${input.tableName}" not found in database ${catalogName(db)}`);
  return tableObject(table);
}
