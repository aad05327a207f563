// What the simulated data lake runs: one read statement over the log tables, checked on
// DuckDB's own parse (statement type, then the parsed tree from json_serialize_sql), never
// on the raw text. Writes, settings, file access and engine introspection are refused.
import { StatementType, type DuckDBConnection, type DuckDBExtractedStatements } from "@duckdb/node-api";

export class LakeRefusal extends Error {}

/** Table functions a query may call; everything else (read_*, glob, duckdb_*, pragma_*, query, ...) is refused. */
const TABLE_FUNCTIONS = new Set(["range", "generate_series", "unnest", "json_each", "json_tree"]);

/** Scalar functions that reveal settings, the engine or the host, or run SQL given as text. */
const DENIED_FUNCTIONS = new Set([
  "current_setting",
  "getvariable",
  "current_query",
  "json_serialize_sql",
  "json_deserialize_sql",
  "json_serialize_plan",
  "json_execute_serialized_sql",
  "parse_duckdb_log_message",
  "pg_sleep",
  "sleep_ms",
  "glob",
  "query",
  "query_table",
  "sniff_csv",
  "which_secret",
]);
const DENIED_PREFIXES = ["duckdb_", "pragma_", "read_", "parquet_", "sqlite_", "pg_"];

/** Schemas a table reference may name. */
const SCHEMAS = new Set(["", "public", "information_schema"]);

/** Each database's table names, lower case. */
export type LakeCatalog = ReadonlyMap<string, ReadonlySet<string>>;

const STATEMENT_NAMES = new Map<number, string>(
  Object.entries(StatementType)
    .filter(([, v]) => typeof v === "number")
    .map(([k, v]) => [v as number, k]),
);

const ALLOWED_HINT = "the demo data lake runs one read query: SELECT (WITH/FROM), DESCRIBE, SUMMARIZE, or EXPLAIN of those";

const deniedName = (name: string) => DENIED_FUNCTIONS.has(name) || DENIED_PREFIXES.some((p) => name.startsWith(p));

type Node = Record<string, unknown>;

/** Every object in a parsed tree, depth first. */
function* objects(value: unknown): Generator<Node> {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === "object") {
      yield v as Node;
      stack.push(...Object.values(v));
    }
  }
}

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : "");

function tableList(catalog: LakeCatalog): string {
  return [...catalog].map(([db, tables]) => `${db}.public.{${[...tables].join(", ")}}`).join(", ");
}

/** Refuses a parsed SELECT that calls a denied function or reads something other than the lake's tables. */
function checkTree(tree: unknown, catalog: LakeCatalog, defaultDb: string): void {
  const cteNames = new Set<string>();
  for (const o of objects(tree)) {
    const map = (o.cte_map as { map?: { key?: unknown }[] } | undefined)?.map;
    if (Array.isArray(map)) for (const entry of map) cteNames.add(lower(entry.key));
  }
  for (const o of objects(tree)) {
    if (typeof o.function_name === "string") {
      const name = o.function_name.toLowerCase();
      if (deniedName(name)) throw new LakeRefusal(`function ${name}() is not available in the demo data lake`);
    }
    switch (o.type) {
      case "TABLE_FUNCTION": {
        const name = lower((o.function as Node | undefined)?.function_name);
        if (!TABLE_FUNCTIONS.has(name)) {
          throw new LakeRefusal(
            `table function ${name}() is not available in the demo data lake; allowed: ${[...TABLE_FUNCTIONS].join(", ")}`,
          );
        }
        break;
      }
      case "BASE_TABLE": {
        const catalog_ = lower(o.catalog_name);
        const schema = lower(o.schema_name);
        const table = lower(o.table_name);
        const shown = [o.catalog_name, o.schema_name, o.table_name].filter((p) => p).join(".");
        const tables = catalog.get(catalog_ === "" ? defaultDb : catalog_);
        const known =
          (tables !== undefined && tables.has(table)) ||
          (catalog_ === "" && schema === "" && cteNames.has(table)) ||
          (schema === "information_schema" && (catalog_ === "" || tables !== undefined));
        if (!SCHEMAS.has(schema) || deniedName(table) || !known) {
          throw new LakeRefusal(`table ${shown} is not available in the demo data lake; query ${tableList(catalog)} or information_schema`);
        }
        break;
      }
      case "SHOW_REF":
        if (o.show_type !== "DESCRIBE" && o.show_type !== "SUMMARY") {
          throw new LakeRefusal("SHOW is not available in the demo data lake; query information_schema.tables or DESCRIBE a table");
        }
        break;
    }
  }
}

/** Text after leading blanks and comments. */
function afterComments(sql: string): string {
  let s = sql;
  for (;;) {
    const t = s.replace(/^\s+/, "");
    if (t.startsWith("--")) s = t.includes("\n") ? t.slice(t.indexOf("\n") + 1) : "";
    else if (t.startsWith("/*")) s = t.includes("*/") ? t.slice(t.indexOf("*/") + 2) : "";
    else return t;
  }
}

/** The parsed statements of `sql` if they are SELECTs (json_serialize_sql serializes nothing else), else undefined. */
async function selectTrees(conn: DuckDBConnection, sql: string): Promise<unknown[] | undefined> {
  const reader = await conn.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR) AS tree", [sql]);
  const text = reader.getRowObjects()[0]?.tree;
  const tree = JSON.parse(typeof text === "string" ? text : "{}") as { error?: boolean; statements?: unknown[] };
  return !tree.error && Array.isArray(tree.statements) ? tree.statements : undefined;
}

/**
 * Refuses anything but one read statement, without executing or binding anything else: DuckDB's
 * parser must see one SELECT (json_serialize_sql serializes nothing else) whose tree passes
 * checkTree, and DuckDB's statement type must agree; EXPLAIN [ANALYZE] is checked on the
 * statement it explains. `catalog` holds the lake's tables; unqualified names resolve in `defaultDb`.
 */
export async function checkLakeQuery(
  conn: DuckDBConnection,
  sql: string,
  catalog: LakeCatalog,
  defaultDb: string,
  nested = false,
): Promise<void> {
  const extracted = await conn.extractStatements(sql);
  if (extracted.count === 0) throw new LakeRefusal("the query is empty");
  if (extracted.count > 1) throw new LakeRefusal(`only one SQL statement per query is allowed; found ${extracted.count}`);
  const text = afterComments(sql);
  const keyword = (/^[a-z]+/i.exec(text)?.[0] ?? "").toUpperCase();
  if (keyword === "EXPLAIN" && !nested) {
    const m = /^explain\s+(?:analy[sz]e\s+|\([^()]*\)\s*)?/i.exec(text);
    if (!m) throw new LakeRefusal(`${ALLOWED_HINT}; write EXPLAIN [ANALYZE] SELECT ...`);
    await checkLakeQuery(conn, text.slice(m[0].length), catalog, defaultDb, true);
    await expectType(extracted, StatementType.EXPLAIN);
    return;
  }
  const trees = await selectTrees(conn, sql);
  if (!trees) throw new LakeRefusal(`${keyword ? `${keyword} statements are` : "this statement is"} not allowed: ${ALLOWED_HINT}`);
  checkTree(trees, catalog, defaultDb);
  await expectType(extracted, StatementType.SELECT);
}

/** Confirms DuckDB's own statement type (this binds the statement, which has passed the checks above). */
async function expectType(extracted: DuckDBExtractedStatements, type: StatementType): Promise<void> {
  const prepared = await extracted.prepare(0);
  const actual = prepared.statementType;
  prepared.destroySync();
  if (actual !== type) throw new LakeRefusal(`${STATEMENT_NAMES.get(actual) ?? "this"} statements are not allowed: ${ALLOWED_HINT}`);
}
