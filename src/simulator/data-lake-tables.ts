// Table definitions of the simulated data lake and the SQL that fills them.
import { cloudTrailEvent, oktaEvent, vpcFlowEvent } from "./log-events.js";
import type { JsonObject, JsonValue } from "./model.js";
import { rngFor } from "./prng.js";
import { formatLakeTime } from "./time.js";

/** How a JS value is written as a SQL literal. */
type Kind = "text" | "int" | "bool" | "time" | "json" | "struct" | "list";

interface Column {
  name: string;
  type: string;
  kind: Kind;
}

export interface TableDef {
  name: string;
  logType: string;
  rows: number;
  columns: Column[];
  make: (seed: ReturnType<typeof rngFor>, at: Date) => JsonObject;
}

const col = (name: string, type: string, kind: Kind): Column => ({ name, type, kind });

const STANDARD: Column[] = [
  col("p_event_time", "TIMESTAMP", "time"),
  col("p_parse_time", "TIMESTAMP", "time"),
  col("p_log_type", "VARCHAR", "text"),
  col("p_row_id", "VARCHAR", "text"),
  col("p_source_label", "VARCHAR", "text"),
];
const ANY_IPS = col("p_any_ip_addresses", "VARCHAR[]", "list");

export const TABLES: TableDef[] = [
  {
    name: "aws_cloudtrail",
    logType: "AWS.CloudTrail",
    rows: 1500,
    columns: [
      ...STANDARD,
      col("eventTime", "TIMESTAMP", "time"),
      col("eventID", "VARCHAR", "text"),
      col("eventName", "VARCHAR", "text"),
      col("eventSource", "VARCHAR", "text"),
      col("eventType", "VARCHAR", "text"),
      col("awsRegion", "VARCHAR", "text"),
      col("sourceIPAddress", "VARCHAR", "text"),
      col("userAgent", "VARCHAR", "text"),
      col("errorCode", "VARCHAR", "text"),
      col("readOnly", "BOOLEAN", "bool"),
      col("recipientAccountId", "VARCHAR", "text"),
      col("userIdentity", "STRUCT(type VARCHAR, principalId VARCHAR, arn VARCHAR, accountId VARCHAR, userName VARCHAR)", "struct"),
      col("requestParameters", "JSON", "json"),
      col("additionalEventData", "JSON", "json"),
      ANY_IPS,
    ],
    make: (rng, at) => cloudTrailEvent(rng, at),
  },
  {
    name: "okta_systemlog",
    logType: "Okta.SystemLog",
    rows: 800,
    columns: [
      ...STANDARD,
      col("uuid", "VARCHAR", "text"),
      col("published", "TIMESTAMP", "time"),
      col("eventType", "VARCHAR", "text"),
      col("displayMessage", "VARCHAR", "text"),
      col("severity", "VARCHAR", "text"),
      col("outcome", "STRUCT(result VARCHAR, reason VARCHAR)", "struct"),
      col("actor", "STRUCT(id VARCHAR, type VARCHAR, alternateId VARCHAR, displayName VARCHAR)", "struct"),
      col(
        "client",
        "STRUCT(ipAddress VARCHAR, userAgent STRUCT(rawUserAgent VARCHAR, browser VARCHAR, os VARCHAR), geographicalContext STRUCT(city VARCHAR, country VARCHAR))",
        "struct",
      ),
      ANY_IPS,
    ],
    make: (rng, at) => oktaEvent(rng, at),
  },
  {
    name: "aws_vpcflow",
    logType: "AWS.VPCFlow",
    rows: 2000,
    columns: [
      ...STANDARD,
      col("version", "INTEGER", "int"),
      col("account", "VARCHAR", "text"),
      col("interfaceId", "VARCHAR", "text"),
      col("srcAddr", "VARCHAR", "text"),
      col("dstAddr", "VARCHAR", "text"),
      col("srcPort", "INTEGER", "int"),
      col("dstPort", "INTEGER", "int"),
      col("protocol", "INTEGER", "int"),
      col("packets", "BIGINT", "int"),
      col("bytes", "BIGINT", "int"),
      col("start", "TIMESTAMP", "time"),
      col("end", "TIMESTAMP", "time"),
      col("action", "VARCHAR", "text"),
      col("logStatus", "VARCHAR", "text"),
      ANY_IPS,
    ],
    make: (rng, at) => vpcFlowEvent(rng, at),
  },
];

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A JSON value as a DuckDB literal (structs as {'k': v}, arrays as [..]). */
function valueLiteral(v: JsonValue): string {
  if (v === null) return "NULL";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "NULL";
  if (typeof v === "string") return quoteText(v);
  if (Array.isArray(v)) return `[${v.map(valueLiteral).join(", ")}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${quoteText(k)}: ${valueLiteral(x)}`)
    .join(", ")}}`;
}

function cellLiteral(c: Column, v: JsonValue | undefined): string {
  if (v === undefined || v === null) return "NULL";
  switch (c.kind) {
    case "time":
      if (typeof v === "number") return quoteText(formatLakeTime(new Date(v * 1000)));
      return quoteText(typeof v === "string" ? formatLakeTime(new Date(v.includes("T") ? v : v.replace(" ", "T") + "Z")) : String(v));
    case "json":
      return quoteText(JSON.stringify(v));
    case "struct":
      return `CAST(${valueLiteral(v)} AS ${c.type})`;
    default:
      return valueLiteral(v);
  }
}

export function createTableSql(t: TableDef, qualifiedName: string): string {
  return `CREATE TABLE ${qualifiedName} (${t.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(", ")})`;
}

/** INSERT statements for `rows`, in batches. */
export function insertSql(t: TableDef, qualifiedName: string, rows: JsonObject[], batch = 400): string[] {
  const out: string[] = [];
  const names = t.columns.map((c) => quoteIdent(c.name)).join(", ");
  for (let i = 0; i < rows.length; i += batch) {
    const values = rows.slice(i, i + batch).map((r) => `(${t.columns.map((c) => cellLiteral(c, r[c.name])).join(", ")})`);
    out.push(`INSERT INTO ${qualifiedName} (${names}) VALUES ${values.join(",\n")}`);
  }
  return out;
}

/** Deterministic rows of a table: spread over the 30 days before `now`, plus extra rows (e.g. alert events). */
export function tableRows(t: TableDef, now: Date, extra: JsonObject[]): JsonObject[] {
  const rng = rngFor(`lake:${t.name}`);
  const span = 30 * 86_400_000;
  const rows: JsonObject[] = [];
  for (let i = 0; i < t.rows; i++) rows.push(t.make(rng, new Date(now.getTime() - Math.floor(rng.next() * span))));
  return rows.concat(extra.filter((e) => e.p_log_type === t.logType));
}
