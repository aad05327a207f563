// The data lake's engine: one in-memory DuckDB instance holding Panther's databases (panther_logs,
// panther_signals, ...; each with schema public) as declared in data-lake-tables.ts. It runs inside the
// engine process (lake-process.ts), never in the simulator's own process, so a query that runs away can
// be stopped by killing it. Queries arrive in Snowflake SQL and are translated (lake-sql-translate.ts).
import {
  DuckDBInstance,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  doubleFromDecimalValue,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValueConverter,
  type Json,
} from "@duckdb/node-api";
import { createTableSql, DATABASES, fillContext, findDatabase, timeMs, type Column, type TableDef } from "./data-lake-tables.js";
import { checkLakeQuery, LakeRefusal } from "./lake-sql-policy.js";
import { LakeSqlError, loadTranslator, toDuckDb, userMessage } from "./lake-sql-translate.js";
import { MacroError } from "./sql-macros.js";
import { DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS, MAX_RESULT_BYTES, MAX_RESULT_ROWS, truncationMessage } from "./lake-limits.js";
import type { LakeFill, LakeResult } from "./lake-protocol.js";
import type { JsonObject, JsonValue } from "./model.js";
import { formatLakeTime } from "./time.js";

const BIG_INTS = new Set<number>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.BIGNUM,
]);
const TIMESTAMPS = new Set<number>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Values as JSON: big integers become numbers when they fit (strings otherwise),
 * decimals become numbers, timestamps "YYYY-MM-DD HH:MM:SS.mmm" (UTC), JSON columns parsed.
 */
const toJson: DuckDBValueConverter<Json> = (value, type, self) => {
  if (value === null || value === undefined) return null;
  if (BIG_INTS.has(type.typeId)) {
    const big = typeof value === "bigint" ? value : BigInt(String(value));
    return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big.toString();
  }
  if (type.typeId === DuckDBTypeId.DECIMAL) return doubleFromDecimalValue(value);
  if (TIMESTAMPS.has(type.typeId)) {
    const text = String(value);
    const d = new Date(
      /[+-]\d\d(:\d\d)?$/.test(text) ? text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00") : text.replace(" ", "T") + "Z",
    );
    return Number.isNaN(d.getTime()) ? text : formatLakeTime(d);
  }
  return JsonDuckDBValueConverter(value, type, self);
};

function parseJsonText(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function typeName(t: DuckDBType): string {
  return t.alias ?? t.toString();
}

/** How a column's cells travel to DuckDB as JSON (see fillTable): the type from_json reads and the SQL that makes the column's value of it. */
const CELLS: Record<Column["kind"], { json: string | string[]; sql: (v: string) => string }> = {
  time: { json: "BIGINT", sql: (v) => `epoch_ms(${v})` },
  int: { json: "BIGINT", sql: (v) => v },
  bool: { json: "BOOLEAN", sql: (v) => v },
  json: { json: "VARCHAR", sql: (v) => v },
  list: { json: ["VARCHAR"], sql: (v) => v },
  text: { json: "VARCHAR", sql: (v) => v },
};

/** One cell of a declared column as JSON: times in epoch ms, JSON values as their text, lists as lists of text. */
function cell(kind: Column["kind"], v: JsonValue | undefined): JsonValue {
  if (v === undefined || v === null) return null;
  switch (kind) {
    case "time": {
      const ms = timeMs(v);
      return ms === undefined ? null : Math.round(ms);
    }
    case "int":
      return typeof v === "number" ? Math.trunc(v) : null;
    case "bool":
      return v === true;
    case "json":
      return JSON.stringify(v);
    case "list":
      return Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))) : null;
    default:
      return typeof v === "string" ? v : JSON.stringify(v);
  }
}

/** A table's rows as the JSON text fillTable reads: a list of cells per column ({"c0": [...], "c1": [...]}). */
function cellsText(t: TableDef, rows: JsonObject[]): string {
  const cells: Record<string, JsonValue[]> = {};
  t.columns.forEach(({ name: column, kind }, i) => (cells[`c${i}`] = rows.map((row) => cell(kind, row[column]))));
  return JSON.stringify(cells);
}

/**
 * Fills a table in one statement from cellsText's JSON, which DuckDB reads (from_json) and unnests
 * back into rows, in order. Cheaper by far than appending cell by cell, which costs a few JavaScript
 * objects and native calls per cell.
 */
async function fillTable(conn: DuckDBConnection, t: TableDef, name: string, text: string): Promise<void> {
  const shape = JSON.stringify(Object.fromEntries(t.columns.map((c, i) => [`c${i}`, [CELLS[c.kind].json]])));
  const values = t.columns.map((c, i) => CELLS[c.kind].sql(`unnest(d.c${i})`)).join(", ");
  await conn.run(`INSERT INTO ${name} SELECT ${values} FROM (SELECT from_json($1, '${shape}') AS d)`, [text]);
}

/** Settings of the engine: no files, no extensions, no spilling, bounded buffers. */
const SETTINGS: Record<string, string> = {
  threads: String(DUCKDB_THREADS),
  memory_limit: DUCKDB_MEMORY_LIMIT,
  temp_directory: "",
  max_temp_directory_size: "0B",
  preserve_insertion_order: "false",
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
  allow_community_extensions: "false",
  allocator_flush_threshold: "32MB",
  scheduler_process_partial: "true",
};

export class LakeEngine {
  /** Table names of each database, lower case. */
  private readonly catalog = new Map(DATABASES.map((d) => [d.name, new Set(d.tables.map((t) => t.name.toLowerCase()))]));

  private constructor(private readonly instance: DuckDBInstance) {}

  /**
   * Creates the instance and fills the tables: with rows made here (`extra`, the alert events, added to
   * matching tables), or with `fill`, what an earlier engine of the same lake filled its tables with,
   * which spares making the rows again. Gives the engine and, when it made the rows, what it made.
   */
  static async open(now: Date, rows: { extra: JsonObject[] } | { fill: LakeFill }): Promise<{ lake: LakeEngine; made?: LakeFill }> {
    // The translator's WASM compiles while DuckDB fills the tables.
    loadTranslator().catch(() => undefined);
    const instance = await DuckDBInstance.create(":memory:", SETTINGS);
    const conn = await instance.connect();
    const fill = "fill" in rows ? rows.fill : undefined;
    const made: LakeFill = {};
    try {
      const ctx = "extra" in rows ? fillContext(now, rows.extra) : undefined;
      for (const db of DATABASES) {
        await conn.run(`ATTACH ':memory:' AS ${db.name}`);
        await conn.run(`CREATE SCHEMA ${db.name}.public`);
        for (const t of db.tables) {
          const name = `${db.name}.public.${t.name}`;
          if (t.view) {
            await conn.run(`CREATE VIEW ${name} AS ${t.view}`);
            continue;
          }
          await conn.run(createTableSql(t, name));
          const text = fill ? fill[name] : cellsText(t, t.rows(ctx!));
          if (text === undefined) throw new Error(`no rows were given for ${name}`);
          if (!fill) made[name] = text;
          await fillTable(conn, t, name, text);
        }
      }
      // Queries come from clients: keep them away from the host's files and settings.
      await conn.run("SET enable_external_access = false");
      await conn.run("SET lock_configuration = true");
    } finally {
      conn.disconnectSync();
    }
    return { lake: new LakeEngine(instance), made: fill ? undefined : made };
  }

  /**
   * Runs one read statement, given in Snowflake SQL, with `databaseName`.public as the default schema
   * and `now` as the time of p_occurs_* macros, streaming its rows and stopping at MAX_RESULT_ROWS or
   * MAX_RESULT_BYTES. `onConnection` gets the connection so that the caller can interrupt it. Errors
   * speak of the user's SQL, never of the DuckDB text it became.
   */
  async query(
    userSql: string,
    databaseName: string,
    now: Date,
    onConnection: (conn: DuckDBConnection | null) => void,
  ): Promise<LakeResult> {
    const db = findDatabase(databaseName);
    if (!db) throw new Error(`database "${databaseName}" does not exist; databases: ${DATABASES.map((d) => d.name).join(", ")}`);
    const conn = await this.instance.connect();
    onConnection(conn);
    const started = performance.now();
    try {
      await conn.run(`USE ${db.name}.public`);
      const sql = await toDuckDb(userSql, now);
      await checkLakeQuery(conn, sql, this.catalog, db.name);
      const result = await conn.stream(sql);
      const columns = result.deduplicatedColumnNames();
      const types: Record<string, string> = {};
      columns.forEach((c, i) => (types[c] = typeName(result.columnType(i))));
      // The converter does not always see the JSON alias, so those columns are parsed here.
      const jsonColumn = columns.map((c) => types[c] === "JSON");
      const rows: Record<string, unknown>[] = [];
      let bytes = 0;
      let truncated: string | null = null;
      reading: for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        // Read once per chunk, not per cell (rowCount is a call into DuckDB).
        const count = chunk.rowCount;
        const vectors = columns.map((_, i) => chunk.getColumnVector(i));
        const cellTypes = vectors.map((v) => v.type);
        for (let r = 0; r < count; r++) {
          if (rows.length >= MAX_RESULT_ROWS) {
            truncated = truncationMessage(rows.length);
            break reading;
          }
          const row: Record<string, unknown> = {};
          for (let i = 0; i < columns.length; i++) {
            const value = toJson(vectors[i]!.getItem(r), cellTypes[i]!, toJson);
            row[columns[i]!] = jsonColumn[i] ? parseJsonText(value) : value;
          }
          const size = JSON.stringify(row).length + 1;
          if (bytes + size > MAX_RESULT_BYTES) {
            truncated = truncationMessage(rows.length);
            break reading;
          }
          bytes += size;
          rows.push(row);
        }
      }
      const executionMs = Math.round(performance.now() - started);
      return { columns, types, rows, executionMs, bytesScanned: Math.max(1024, bytes * 4), truncated, resultBytes: bytes };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Refusals already speak of the user's SQL; running out of memory is worded by data-lake.ts.
      if (err instanceof LakeSqlError || err instanceof LakeRefusal || err instanceof MacroError || /^Out of Memory Error/i.test(message))
        throw err;
      throw new Error(userMessage(message, userSql), { cause: err });
    } finally {
      onConnection(null);
      conn.disconnectSync();
    }
  }

  close(): void {
    this.instance.closeSync();
  }
}
