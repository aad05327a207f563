// Limits of the simulated data lake. The demo may be served to a team over HTTP, so no
// query may take the host down: these numbers bound time, memory and kept results.

/**
 * What the whole simulator (its own process plus the data lake's engine process) stays under,
 * whatever the SQL: the engine is held to LAKE_MEMORY_CEILING_MB, and the simulator's own
 * process keeps at most MAX_KEPT_RESULT_BYTES of results.
 */
export const SIMULATOR_MEMORY_CEILING_MB = 1024;
/** RSS ceiling of the data lake's engine process; a query that takes it past this is stopped. */
export const LAKE_MEMORY_CEILING_MB = 640;
/** After a query, an engine process still holding more than this is replaced by a fresh one. */
export const LAKE_RECYCLE_MB = 384;
/** How often the engine's RSS is sampled while a query runs. */
export const LAKE_WATCH_INTERVAL_MS = 20;
/** DuckDB's own buffer limit inside the engine (it does not cover every allocation). */
export const DUCKDB_MEMORY_LIMIT = "256MB";
export const DUCKDB_THREADS = 2;

/** Longest a query may run; `/* sim:timeout=MS *\/` can only lower it. */
export const QUERY_TIMEOUT_MS = 30_000;
/** How long an interrupted query gets to stop before its engine process is killed. */
export const INTERRUPT_GRACE_MS = 2_000;

/** Rows and bytes (of row JSON) kept from one query; reading stops at whichever comes first. */
export const MAX_RESULT_ROWS = 100_000;
export const MAX_RESULT_BYTES = 8 * 1024 * 1024;

/** Finished queries are forgotten after this long, beyond this count, or beyond this many result bytes in all. */
export const FINISHED_QUERY_TTL_MS = 30 * 60_000;
export const MAX_FINISHED_QUERIES = 100;
export const MAX_KEPT_RESULT_BYTES = 64 * 1024 * 1024;
/** Queries waiting or running at once; more are refused until some finish. */
export const MAX_ACTIVE_QUERIES = 20;

export const MEMORY_STOP_MESSAGE = `the demo data lake stops queries that use more than ${LAKE_MEMORY_CEILING_MB} MB of memory; narrow the query (fewer rows, columns or joins)`;

export function timeoutMessage(ms: number): string {
  return `the demo data lake stops queries that run longer than ${Math.round(ms / 100) / 10} s; narrow the query or add a LIMIT`;
}

const MIB = 1024 * 1024;
export function truncationMessage(rows: number): string {
  return `results truncated after ${rows} rows: the demo data lake keeps at most ${MAX_RESULT_ROWS} rows or ${MAX_RESULT_BYTES / MIB} MiB of a query's results; add a LIMIT or select fewer columns`;
}
