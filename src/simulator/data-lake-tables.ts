// The simulated data lake, declared once: Panther's databases, their tables and columns, and the rows
// that fill them. The engine (lake-engine.ts) builds DuckDB tables from this and the catalog resolvers
// (data-lake-resolvers.ts) list it, so what list_database_tables shows is what a query can read.
import { cloudTrailEvent, oktaEvent, resourceSnapshot, vpcFlowEvent } from "./log-events.js";
import type { JsonObject, JsonValue, SimAlert } from "./model.js";
import { rngFor, type Rng } from "./prng.js";
import { attackResourceRow } from "./seed-attacks.js";
import { formatLakeTime } from "./time.js";

/** How a column is typed: its Snowflake type (what the catalog shows) and the DuckDB type that stands in for it. */
type Kind = "text" | "int" | "bool" | "time" | "json" | "list";

const TYPES: Record<Kind, { snowflake: string; duck: string }> = {
  text: { snowflake: "VARCHAR", duck: "VARCHAR" },
  int: { snowflake: "NUMBER", duck: "BIGINT" },
  bool: { snowflake: "BOOLEAN", duck: "BOOLEAN" },
  time: { snowflake: "TIMESTAMP_NTZ", duck: "TIMESTAMP" },
  json: { snowflake: "VARIANT", duck: "JSON" },
  list: { snowflake: "ARRAY", duck: "VARCHAR[]" },
};

export interface Column {
  name: string;
  kind: Kind;
  /** Snowflake type, as the catalog lists it. */
  type: string;
  /** DuckDB type of the demo lake's column. */
  duckType: string;
  description: string | null;
}

/** Rows come from the shared log rows and the seeded alerts. */
export interface FillContext {
  now: Date;
  /** Rows of a panther_logs table by log type, made once. */
  logRows(logType: string): JsonObject[];
  /** Events of seeded alerts, each with p_alert_id, p_rule_id, p_alert_severity and p_alert_creation_time. */
  alertEvents: JsonObject[];
}

export interface TableDef {
  name: string;
  logType: string | null;
  description: string;
  columns: Column[];
  rows: (ctx: FillContext) => JsonObject[];
  /** When set, the table is a DuckDB view over this SELECT instead of rows of its own. */
  view?: string;
}

export interface DatabaseDef {
  /** Name without schema, e.g. panther_logs; the tables live in its schema public. */
  name: string;
  description: string;
  tables: TableDef[];
}

const COLUMN_TEXT: Record<string, string> = {
  p_event_time: "When the event happened.",
  p_parse_time: "When Panther parsed the event.",
  p_log_type: "Log type of the event.",
  p_row_id: "Unique ID of the row.",
  p_source_label: "Label of the log source.",
  p_source_id: "ID of the log source.",
  p_any_ip_addresses: "Every IP address in the event.",
  p_any_emails: "Every email address in the event.",
  p_any_usernames: "Every user name in the event.",
  p_any_trace_ids: "Every trace or session ID in the event.",
  p_any_aws_account_ids: "Every AWS account ID in the event.",
  p_alert_id: "ID of the alert the event matched.",
  p_alert_severity: "Severity of that alert.",
  p_alert_creation_time: "When that alert was created.",
  p_rule_id: "ID of the detection that matched.",
  p_rule_error: "Error the detection raised on this event.",
  p_alert_context: "What the detection's alert_context returned for the event.",
};

const col = (name: string, kind: Kind): Column => ({
  name,
  kind,
  type: TYPES[kind].snowflake,
  duckType: TYPES[kind].duck,
  description: COLUMN_TEXT[name] ?? null,
});

const STANDARD: Column[] = [
  col("p_event_time", "time"),
  col("p_parse_time", "time"),
  col("p_log_type", "text"),
  col("p_row_id", "text"),
  col("p_source_label", "text"),
];
const ANY_FIELDS: Column[] = [
  col("p_any_ip_addresses", "list"),
  col("p_any_emails", "list"),
  col("p_any_usernames", "list"),
  col("p_any_trace_ids", "list"),
];
const ALERT_FIELDS: Column[] = [
  col("p_alert_id", "text"),
  col("p_rule_id", "text"),
  col("p_alert_severity", "text"),
  col("p_alert_creation_time", "time"),
];

interface LogTable {
  name: string;
  logType: string;
  rows: number;
  own: Column[];
  anyFields: Column[];
  make: (rng: Rng, at: Date) => JsonObject;
}

const LOG_TABLES: LogTable[] = [
  {
    name: "aws_cloudtrail",
    logType: "AWS.CloudTrail",
    rows: 1500,
    own: [
      col("eventTime", "time"),
      col("eventID", "text"),
      col("eventName", "text"),
      col("eventSource", "text"),
      col("eventType", "text"),
      col("awsRegion", "text"),
      col("sourceIPAddress", "text"),
      col("userAgent", "text"),
      col("errorCode", "text"),
      col("readOnly", "bool"),
      col("recipientAccountId", "text"),
      col("userIdentity", "json"),
      col("requestParameters", "json"),
      col("additionalEventData", "json"),
    ],
    anyFields: [col("p_any_ip_addresses", "list"), col("p_any_usernames", "list"), col("p_any_aws_account_ids", "list")],
    make: (rng, at) => cloudTrailEvent(rng, at),
  },
  {
    name: "okta_systemlog",
    logType: "Okta.SystemLog",
    rows: 800,
    own: [
      col("uuid", "text"),
      col("published", "time"),
      col("eventType", "text"),
      col("displayMessage", "text"),
      col("severity", "text"),
      col("outcome", "json"),
      col("actor", "json"),
      col("client", "json"),
    ],
    anyFields: [col("p_any_ip_addresses", "list"), col("p_any_emails", "list"), col("p_any_trace_ids", "list")],
    make: (rng, at) => oktaEvent(rng, at),
  },
  {
    name: "aws_vpcflow",
    logType: "AWS.VPCFlow",
    rows: 2000,
    own: [
      col("version", "int"),
      col("account", "text"),
      col("interfaceId", "text"),
      col("srcAddr", "text"),
      col("dstAddr", "text"),
      col("srcPort", "int"),
      col("dstPort", "int"),
      col("protocol", "int"),
      col("packets", "int"),
      col("bytes", "int"),
      col("start", "time"),
      col("end", "time"),
      col("action", "text"),
      col("logStatus", "text"),
    ],
    anyFields: [col("p_any_ip_addresses", "list"), col("p_any_aws_account_ids", "list")],
    make: (rng, at) => vpcFlowEvent(rng, at),
  },
];

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const text = (v: JsonValue | undefined): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const obj = (v: JsonValue | undefined): JsonObject => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const distinct = (values: (string | undefined)[]): string[] => [...new Set(values.filter((v): v is string => v !== undefined))];

/** Panther's p_any_* indicator fields of a log row, from the fields that hold them. */
function withIndicators(row: JsonObject): JsonObject {
  const identity = obj(row.userIdentity);
  const actor = obj(row.actor);
  const ips = Array.isArray(row.p_any_ip_addresses) ? row.p_any_ip_addresses.map((v) => text(v)) : [];
  return {
    ...row,
    p_any_ip_addresses: distinct(ips),
    p_any_emails: distinct([text(actor.alternateId)]),
    p_any_usernames: distinct([text(identity.userName), text(row.actor) ?? undefined]),
    p_any_trace_ids: distinct([row.p_log_type === "Okta.SystemLog" ? text(row.uuid) : undefined]),
    p_any_aws_account_ids: distinct([text(identity.accountId), text(row.recipientAccountId), text(row.account)]),
  };
}

/** A table of rows that all have the standard fields, with `columns` after them. */
function logTable(t: LogTable, extra: Column[], rows: (ctx: FillContext) => JsonObject[], description: string): TableDef {
  return { name: t.name, logType: t.logType, description, columns: [...STANDARD, ...t.own, ...extra], rows };
}

const RULE_ERRORS = [
  "KeyError: 'requestParameters'",
  "TypeError: 'NoneType' object is not subscriptable",
  "AttributeError: 'str' object has no attribute 'get'",
];

const SOURCES = [
  ["a1b2c3d4-0000-4000-8000-000000000001", "prod-cloudtrail"],
  ["a1b2c3d4-0000-4000-8000-000000000002", "okta-prod"],
  ["a1b2c3d4-0000-4000-8000-000000000003", "prod-vpc-flow"],
] as const;

/** Rows spread over the 30 days before `now`. */
function spread(label: string, count: number, now: Date, make: (rng: Rng, at: Date, i: number) => JsonObject): JsonObject[] {
  const rng = rngFor(label);
  const out: JsonObject[] = [];
  for (let i = 0; i < count; i++) out.push(make(rng, new Date(now.getTime() - Math.floor(rng.next() * 30 * 86_400_000)), i));
  return out;
}

export const DATABASES: DatabaseDef[] = [
  {
    name: "panther_logs",
    description: "Parsed log events, one table per log type.",
    tables: LOG_TABLES.map((t) => logTable(t, t.anyFields, (ctx) => ctx.logRows(t.logType), `${t.logType} events.`)),
  },
  {
    name: "panther_views",
    description: "Views across log types.",
    tables: [
      {
        name: "all_logs",
        logType: null,
        description: "The standard fields of every log table in one place.",
        columns: [...STANDARD, ...ANY_FIELDS],
        rows: () => [],
        view: LOG_TABLES.map(
          (t) =>
            `SELECT ${[...STANDARD, ...ANY_FIELDS]
              .map((c) =>
                t.anyFields.some((a) => a.name === c.name) || STANDARD.includes(c)
                  ? quoteIdent(c.name)
                  : `NULL::${c.duckType} AS ${quoteIdent(c.name)}`,
              )
              .join(", ")} FROM panther_logs.public.${t.name}`,
        ).join(" UNION ALL "),
      },
    ],
  },
  {
    name: "panther_rule_matches",
    description: "Events that matched a detection, with the alert they went to.",
    tables: LOG_TABLES.map((t) =>
      logTable(
        t,
        [...t.anyFields, ...ALERT_FIELDS, col("p_alert_context", "json")],
        (ctx) => ctx.alertEvents.filter((e) => e.p_log_type === t.logType),
        `${t.logType} events that matched a detection.`,
      ),
    ),
  },
  {
    name: "panther_rule_errors",
    description: "Events on which a detection raised an error.",
    tables: LOG_TABLES.map((t) =>
      logTable(
        t,
        [...t.anyFields, col("p_rule_id", "text"), col("p_rule_error", "text")],
        (ctx) => {
          const rng = rngFor(`rule-errors:${t.name}`);
          return ctx
            .logRows(t.logType)
            .filter(() => rng.chance(0.01))
            .map((r) => ({ ...r, p_rule_id: `${t.logType}.Custom.Rule${rng.int(1, 3)}`, p_rule_error: rng.pick(RULE_ERRORS) }));
        },
        `${t.logType} events on which a detection failed.`,
      ),
    ),
  },
  {
    name: "panther_signals",
    description: "Correlation signals: the entities of events that raised alerts.",
    tables: [
      {
        name: "correlation_signals",
        logType: null,
        description: "One row per event of an alert, with its indicators.",
        columns: [...STANDARD, ...ALERT_FIELDS, ...ANY_FIELDS],
        rows: (ctx) => ctx.alertEvents,
      },
    ],
  },
  {
    name: "panther_monitor",
    description: "Health of log processing.",
    tables: [
      {
        name: "classification_failures",
        logType: null,
        description: "Log lines no schema of their source could parse.",
        columns: [
          col("p_event_time", "time"),
          col("p_parse_time", "time"),
          col("p_row_id", "text"),
          col("p_source_id", "text"),
          col("p_source_label", "text"),
          col("error", "text"),
          col("raw", "text"),
        ],
        rows: (ctx) =>
          spread("lake:classification_failures", 60, ctx.now, (rng, at) => {
            const [id, label] = rng.pick(SOURCES);
            return {
              p_event_time: formatLakeTime(at),
              p_parse_time: formatLakeTime(new Date(at.getTime() + 30_000)),
              p_row_id: rng.hex(32),
              p_source_id: id,
              p_source_label: label,
              error: rng.pick([
                "failed to parse JSON: unexpected end of input",
                "no schema matched the log line",
                "timestamp out of range",
              ]),
              raw: rng.pick(['{"eventVersion":"1.08","eventTime":', "<14>Jan 12 10:00:01 host app: ok", '{"published":"not-a-date"}']),
            };
          }),
      },
    ],
  },
  {
    name: "panther_cloudsecurity",
    description: "Cloud resources and their changes, as cloud security scans see them.",
    tables: [
      {
        name: "resource_history",
        logType: null,
        description: "Snapshots of cloud resources over time.",
        columns: [
          col("p_event_time", "time"),
          col("p_row_id", "text"),
          col("resourceId", "text"),
          col("resourceType", "text"),
          col("accountId", "text"),
          col("region", "text"),
          col("changeType", "text"),
          col("resource", "json"),
        ],
        rows: (ctx) => [
          ...spread("lake:resource_history", 200, ctx.now, (rng, at) => {
            const snap = resourceSnapshot(rng, rng.pick(["AWS.S3.Bucket", "AWS.EC2.SecurityGroup", "AWS.IAM.User"]), at);
            return {
              p_event_time: formatLakeTime(at),
              p_row_id: rng.hex(32),
              resourceId: snap.resourceId ?? null,
              resourceType: snap.resourceType ?? null,
              accountId: snap.accountId ?? null,
              region: snap.region ?? null,
              changeType: rng.pick(["CREATED", "MODIFIED", "MODIFIED", "SYNC"]),
              resource: snap,
            };
          }),
          attackResourceRow(ctx.now),
        ],
      },
    ],
  },
];

/** The database a name stands for ("panther_logs" or "panther_logs.public", any case), or undefined. */
export function findDatabase(name: string): DatabaseDef | undefined {
  const wanted = name
    .trim()
    .toLowerCase()
    .replace(/\.public$/, "");
  return DATABASES.find((d) => d.name === wanted);
}

/** Events of the seeded alerts, each carrying the alert it belongs to (for rule matches and signals). */
export function alertEventRows(alerts: readonly SimAlert[]): JsonObject[] {
  return alerts.flatMap((a) =>
    a.events
      .filter((e) => typeof e.p_log_type === "string" && typeof e.p_event_time === "string")
      .map((e) => ({
        ...e,
        p_alert_id: a.id,
        p_rule_id: a.origin.kind === "system" ? null : a.origin.detectionId,
        p_alert_severity: a.severity,
        p_alert_creation_time: a.createdAt,
      })),
  );
}

/** The fill context over `now` and the alert events; log rows are made once per log type. */
export function fillContext(now: Date, alertEvents: JsonObject[]): FillContext {
  const made = new Map<string, JsonObject[]>();
  const events = alertEvents.map(withIndicators);
  return {
    now,
    alertEvents: events,
    logRows(logType) {
      let rows = made.get(logType);
      if (!rows) {
        const t = LOG_TABLES.find((l) => l.logType === logType)!;
        rows = spread(`lake:${t.name}`, t.rows, now, (rng, at) => t.make(rng, at))
          .concat(alertEvents.filter((e) => e.p_log_type === logType))
          .map(withIndicators);
        made.set(logType, rows);
      }
      return rows;
    },
  };
}

/** A time cell (epoch seconds, ISO text or lake text) in epoch milliseconds, or undefined. */
export function timeMs(v: JsonValue | undefined): number | undefined {
  if (typeof v === "number") return v * 1000;
  if (typeof v !== "string") return undefined;
  const ms = Date.parse(v.includes("T") ? v : v.replace(" ", "T") + "Z");
  return Number.isNaN(ms) ? undefined : ms;
}

export function createTableSql(t: TableDef, qualifiedName: string): string {
  return `CREATE TABLE ${qualifiedName} (${t.columns.map((c) => `${quoteIdent(c.name)} ${c.duckType}`).join(", ")})`;
}
