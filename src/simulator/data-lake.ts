// The simulated data lake: one in-memory DuckDB instance per simulator, holding the
// database panther_logs (schema public) with a few log tables.
import {
  DuckDBInstance,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  StatementType,
  doubleFromDecimalValue,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValueConverter,
  type Json,
} from "@duckdb/node-api";
import { createTableSql, insertSql, tableRows, TABLES } from "./data-lake-tables.js";
import type { JsonObject } from "./model.js";
import { formatLakeTime } from "./time.js";

export const DATABASES = ["panther_logs"] as const;
const MAX_RESULT_ROWS = 100_000;
const QUERY_TIMEOUT_MS = 60_000;

export interface LakeResult {
  columns: string[];
  types: Record<string, string>;
  rows: Record<string, unknown>[];
  executionMs: number;
  bytesScanned: number;
}

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

/**
 * Values as JSON: big integers become numbers when they fit (strings otherwise),
 * decimals become numbers, timestamps "YYYY-MM-DD HH:MM:SS.mmm" (UTC), JSON columns parsed.
 */
const toJson: DuckDBValueConverter<Json> = (value, type, self) => {
  if (value === null || value === undefined) return null;
  if (BIG_INTS.has(type.typeId)) {
    const big = BigInt(String(value));
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big.toString();
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

export class DataLake {
  private readonly running = new Set<DuckDBConnection>();
  private closed = false;

  private constructor(private readonly instance: DuckDBInstance) {}

  /** Creates the instance and fills the tables; `extra` rows (alert events) are added to matching tables. */
  static async open(now: Date, extra: JsonObject[]): Promise<DataLake> {
    const instance = await DuckDBInstance.create(":memory:", { threads: "2", memory_limit: "512MB" });
    const conn = await instance.connect();
    try {
      await conn.run("ATTACH ':memory:' AS panther_logs");
      await conn.run("CREATE SCHEMA panther_logs.public");
      for (const t of TABLES) {
        const name = `panther_logs.public.${t.name}`;
        await conn.run(createTableSql(t, name));
        for (const stmt of insertSql(t, name, tableRows(t, now, extra))) await conn.run(stmt);
      }
      // Queries come from clients: keep them away from the host's files and settings.
      await conn.run("SET enable_external_access = false");
      await conn.run("SET lock_configuration = true");
    } finally {
      conn.disconnectSync();
    }
    return new DataLake(instance);
  }

  /** Runs one read-only statement with `databaseName`.public as the default schema. */
  async query(sql: string, databaseName: string, onStart?: (cancel: () => void) => void): Promise<LakeResult> {
    if (this.closed) throw new Error("data lake is closed");
    if (!(DATABASES as readonly string[]).includes(databaseName)) throw new Error(`database "${databaseName}" does not exist`);
    const conn = await this.instance.connect();
    this.running.add(conn);
    const timer = setTimeout(() => conn.interrupt(), QUERY_TIMEOUT_MS);
    onStart?.(() => conn.interrupt());
    const started = performance.now();
    try {
      await conn.run(`USE ${databaseName}.public`);
      const statements = await conn.extractStatements(sql);
      if (statements.count === 0) throw new Error("empty query");
      if (statements.count > 1) throw new Error("only one SQL statement per query is supported");
      const prepared = await statements.prepare(0);
      if (prepared.statementType !== StatementType.SELECT && prepared.statementType !== StatementType.EXPLAIN) {
        throw new Error("only read-only SELECT queries are allowed on the data lake");
      }
      const reader = await prepared.runAndReadUntil(MAX_RESULT_ROWS);
      const columns = reader.deduplicatedColumnNames();
      const types: Record<string, string> = {};
      columns.forEach((c, i) => (types[c] = typeName(reader.columnType(i))));
      const rows = reader.convertRowObjects(toJson).slice(0, MAX_RESULT_ROWS) as Record<string, unknown>[];
      // The converter does not always see the JSON alias, so parse those columns here.
      const jsonColumns = columns.filter((c) => types[c] === "JSON");
      for (const row of rows) for (const c of jsonColumns) row[c] = parseJsonText(row[c]);
      const executionMs = Math.round(performance.now() - started);
      return { columns, types, rows, executionMs, bytesScanned: Math.max(1024, JSON.stringify(rows).length * 4) };
    } finally {
      clearTimeout(timer);
      this.running.delete(conn);
      conn.disconnectSync();
      if (this.closed && this.running.size === 0) this.instance.closeSync();
    }
  }

  /** Interrupts running queries; the instance is released once none is left running. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const conn of this.running) conn.interrupt();
    if (this.running.size === 0) this.instance.closeSync();
  }
}
