// get_alert_event_stats: the entities (IPs, emails, user names, trace IDs) of several alerts' events,
// grouped into time windows, from panther_signals.public.correlation_signals. The SQL is built only
// from checked values: alert IDs must match ALERT_ID (no quote, comment, space or non-ASCII character
// can pass), dates are parsed and printed again, the window is one of a fixed set. It runs through
// query_data_lake's own path (guard, polling, paging, cap).
import { z } from "zod";
import { dateTime } from "../runtime/arguments.js";
import { InvalidArgumentError } from "../errors.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { jsonSchemaOf } from "./json-schema.js";
import { queryDataLakeTool, runQueryDataLake } from "./query-data-lake.js";

/** Letters, digits, '-' and '_' (ASCII): every Panther alert ID, nothing that could leave a SQL string. */
const ALERT_ID = /^[A-Za-z0-9_-]{1,128}$/;
const WINDOWS = [1, 5, 15, 30, 60] as const;
const MAX_ALERTS = 50;
const DAY_MS = 86_400_000;

const input = z.strictObject({
  alert_ids: z
    .array(z.string().regex(ALERT_ID, "an alert ID has only letters, digits, '-' and '_' (at most 128)"))
    .min(1)
    .max(MAX_ALERTS)
    .describe("Alert IDs."),
  time_window: z.literal(WINDOWS).default(30).describe("Minutes per time bucket."),
  start_date: dateTime().optional().describe("From; default end_date - 1 day."),
  end_date: dateTime().optional().describe("To; default now."),
});

type Args = z.output<typeof input>;

/** A checked alert ID as a SQL string literal; anything else never reaches the SQL. */
function idLiteral(id: string): string {
  if (!ALERT_ID.test(id)) throw new InvalidArgumentError(`alert_ids: ${JSON.stringify(id)} is not an alert ID.`);
  return `'${id}'`;
}

/** A parsed date printed again as a Snowflake timestamp literal (UTC). */
function timeLiteral(d: Date): string {
  return `'${d.toISOString().replace("T", " ").replace("Z", "")}'::TIMESTAMP_NTZ`;
}

function parseDate(name: string, text: string | undefined, fallback: Date): Date {
  if (text === undefined) return fallback;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError(`${name}: ${JSON.stringify(text)} is not a date-time.`);
  return d;
}

/** The stats SQL over checked values only. */
export function alertEventStatsSql(alertIds: readonly string[], window: number, from: Date, to: Date): string {
  if (!(WINDOWS as readonly number[]).includes(window)) throw new InvalidArgumentError(`time_window: one of ${WINDOWS.join(", ")}.`);
  const bucket = `time_${window}_minute`;
  return [
    "SELECT",
    "  DATE_TRUNC('DAY', cs.p_event_time) AS event_day,",
    `  DATEADD('MINUTE', ${window} * FLOOR(EXTRACT(MINUTE FROM cs.p_event_time) / ${window}), DATE_TRUNC('HOUR', cs.p_event_time)) AS ${bucket},`,
    "  cs.p_log_type,",
    "  cs.p_any_ip_addresses AS source_ips,",
    "  cs.p_any_emails AS emails,",
    "  cs.p_any_usernames AS usernames,",
    "  cs.p_any_trace_ids AS trace_ids,",
    "  COUNT(DISTINCT cs.p_alert_id) AS alert_count,",
    "  ARRAY_AGG(DISTINCT cs.p_alert_id) AS alert_ids,",
    "  ARRAY_AGG(DISTINCT cs.p_rule_id) AS rule_ids,",
    "  MIN(cs.p_event_time) AS first_event,",
    "  MAX(cs.p_event_time) AS last_event,",
    "  ARRAY_AGG(DISTINCT cs.p_alert_severity) AS severities",
    "FROM panther_signals.public.correlation_signals cs",
    `WHERE cs.p_alert_id IN (${[...new Set(alertIds)].map(idLiteral).join(", ")})`,
    `  AND cs.p_event_time BETWEEN ${timeLiteral(from)} AND ${timeLiteral(to)}`,
    "GROUP BY 1, 2, 3, 4, 5, 6, 7",
    `ORDER BY event_day DESC, ${bucket} DESC, alert_count DESC`,
  ].join("\n");
}

async function handler(args: Args, ctx: HandlerContext) {
  const to = parseDate("end_date", args.end_date, new Date());
  const from = parseDate("start_date", args.start_date, new Date(to.getTime() - DAY_MS));
  if (from.getTime() >= to.getTime()) throw new InvalidArgumentError("start_date: must be before end_date.");
  const sql = alertEventStatsSql(args.alert_ids, args.time_window, from, to);
  const result = await runQueryDataLake(
    { sql, database_name: "panther_signals.public", max_rows: 100, timeout_seconds: 60, query_id: undefined, cursor: undefined },
    ctx,
  );
  return { start_date: from.toISOString(), end_date: to.toISOString(), time_window: args.time_window, ...result };
}

export const alertEventStatsTool: ToolDefinition<Args> = {
  name: "get_alert_event_stats",
  title: "Get alert event stats",
  description: "IPs, emails, user names, trace IDs and rules of several alerts' events, per time window.",
  toolset: "alerts",
  annotations: { readOnlyHint: true },
  permissions: ["DataAnalyticsRead"],
  // Rows of query_data_lake's path (its plan): the user names, emails and IDs in them come from log events.
  untrusted: queryDataLakeTool.untrusted,
  inputSchema: input,
  get inputJsonSchema() {
    return jsonSchemaOf(input);
  },
  handler,
};
