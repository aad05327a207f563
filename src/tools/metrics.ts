import { z } from "zod";
import { alertsPerRule, alertsPerSeverity, bytesProcessed } from "../../generated/index.js";
import { InvalidArgumentError } from "../errors.js";
import { dateTime, relativeTime } from "../runtime/index.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { jsonSchemaOf } from "./json-schema.js";

/** Bucket sizes Panther's metrics accept. */
export const METRIC_INTERVALS = [15, 30, 60, 180, 360, 720, 1440] as const;
export const ALERT_TYPES = ["Rule", "Policy"] as const;
export const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"] as const;

const window = {
  start_date: dateTime().optional().describe("Window start; default 7 days ago."),
  end_date: dateTime().optional().describe("Window end; default now."),
};
const interval = (fallback: (typeof METRIC_INTERVALS)[number]) =>
  z.literal(METRIC_INTERVALS).default(fallback).describe("Minutes per breakdown bucket.");

/** Panther's MetricsInput from the arguments: defaults filled, the window checked. */
function metricsInput(tool: string, args: { start_date?: string; end_date?: string; interval_in_minutes: number }) {
  const now = new Date();
  const fromDate = args.start_date ?? relativeTime("now-7d", now);
  const toDate = args.end_date ?? relativeTime("now", now);
  if (!(Date.parse(fromDate) < Date.parse(toDate)))
    throw new InvalidArgumentError(`Invalid arguments for ${tool}: end_date: must be after start_date (${fromDate}).`);
  return { fromDate, toDate, intervalInMinutes: args.interval_in_minutes };
}

/** A breakdown without its empty buckets (Panther lists every bucket of the window). */
function nonEmpty(breakdown: unknown): Record<string, unknown> {
  if (!breakdown || typeof breakdown !== "object") return {};
  return Object.fromEntries(Object.entries(breakdown).filter(([, v]) => v !== 0));
}

/** Breakdown buckets one result carries at most (~35 characters each), so it stays well under the result cap. */
export const MAX_BREAKDOWN_BUCKETS = 1500;

type WithBreakdown = { label: string; value: number; breakdown: unknown };

/**
 * Series with their non-empty buckets; past MAX_BREAKDOWN_BUCKETS in all, the breakdowns are left out (the
 * totals stay) and `breakdown_note` says how to get them.
 */
function withBreakdowns(series: readonly WithBreakdown[], interval: number) {
  const shown = series.map((s) => ({ label: s.label, value: s.value, breakdown: nonEmpty(s.breakdown) }));
  const buckets = shown.reduce((n, s) => n + Object.keys(s.breakdown).length, 0);
  if (buckets <= MAX_BREAKDOWN_BUCKETS) return { series: shown };
  return {
    series: shown.map(({ breakdown: _left, ...rest }) => rest),
    breakdown_note: `breakdowns left out: ${buckets} buckets of ${interval} minutes is over ${MAX_BREAKDOWN_BUCKETS}; ask for a larger interval_in_minutes or a shorter window`,
  };
}

const sum = (series: readonly { value: number }[]) => series.reduce((total, s) => total + s.value, 0);

const severityInput = z.strictObject({
  ...window,
  alert_types: z
    .array(z.enum(ALERT_TYPES))
    .min(1)
    .default([...ALERT_TYPES])
    .describe("Kinds counted."),
  severities: z.array(z.enum(SEVERITIES)).min(1).default(["CRITICAL", "HIGH", "MEDIUM", "LOW"]).describe("Severities counted."),
  interval_in_minutes: interval(1440),
});
type SeverityArgs = z.output<typeof severityInput>;

async function severityHandler(args: SeverityArgs, ctx: HandlerContext) {
  const input = metricsInput("get_severity_alert_metrics", args);
  const { metrics } = await alertsPerSeverity(ctx.panther, { input }, { signal: ctx.signal });
  // Labels read "<type> <SEVERITY>", e.g. "Rule HIGH": matched whole, never as substrings.
  const wanted = new Set((args.alert_types ?? ALERT_TYPES).flatMap((t) => args.severities.map((s) => `${t} ${s}`)));
  const { series, breakdown_note } = withBreakdowns(
    metrics.alertsPerSeverity.filter((s) => wanted.has(s.label)),
    input.intervalInMinutes,
  );
  return {
    alerts_per_severity: series,
    ...(breakdown_note ? { breakdown_note } : {}),
    total_alerts: sum(series),
    all_alerts: metrics.totalAlerts,
    start_date: input.fromDate,
    end_date: input.toDate,
    interval_in_minutes: input.intervalInMinutes,
  };
}

export const getSeverityAlertMetricsTool: ToolDefinition<SeverityArgs> = {
  name: "get_severity_alert_metrics",
  title: "Get alert metrics by severity",
  description: "Alert counts by detection kind and severity over a time window.",
  toolset: "metrics",
  annotations: { readOnlyHint: true },
  permissions: ["SummaryRead"],
  inputSchema: severityInput,
  get inputJsonSchema() {
    return jsonSchemaOf(severityInput);
  },
  handler: severityHandler,
};

const ruleInput = z.strictObject({
  ...window,
  rule_ids: z.array(z.string().min(1)).min(1).optional().describe("Only these detection IDs."),
  interval_in_minutes: interval(15),
});
type RuleArgs = z.output<typeof ruleInput>;

async function ruleHandler(args: RuleArgs, ctx: HandlerContext) {
  const input = metricsInput("get_rule_alert_metrics", args);
  const { metrics } = await alertsPerRule(ctx.panther, { input }, { signal: ctx.signal });
  const ids = args.rule_ids ? new Set(args.rule_ids) : undefined;
  // Panther sends null rather than [] when no detection alerted.
  const series = (metrics.alertsPerRule ?? []).filter((s) => ids === undefined || ids.has(s.entityId));
  return {
    alerts_per_rule: series,
    total_alerts: sum(series),
    all_alerts: metrics.totalAlerts,
    start_date: input.fromDate,
    end_date: input.toDate,
    interval_in_minutes: input.intervalInMinutes,
  };
}

export const getRuleAlertMetricsTool: ToolDefinition<RuleArgs> = {
  name: "get_rule_alert_metrics",
  title: "Get alert metrics by detection",
  description: "Alert counts per detection over a time window; total_alerts counts alerts.",
  toolset: "metrics",
  annotations: { readOnlyHint: true },
  permissions: ["SummaryRead"],
  inputSchema: ruleInput,
  get inputJsonSchema() {
    return jsonSchemaOf(ruleInput);
  },
  handler: ruleHandler,
};

const bytesInput = z.strictObject({ ...window, interval_in_minutes: interval(1440) });
type BytesArgs = z.output<typeof bytesInput>;

async function bytesHandler(args: BytesArgs, ctx: HandlerContext) {
  const input = metricsInput("get_bytes_processed_metrics", args);
  const { metrics } = await bytesProcessed(ctx.panther, { input }, { signal: ctx.signal });
  const { series, breakdown_note } = withBreakdowns(metrics.bytesProcessedPerSource, input.intervalInMinutes);
  return {
    bytes_processed: series,
    ...(breakdown_note ? { breakdown_note } : {}),
    total_bytes: sum(series),
    start_date: input.fromDate,
    end_date: input.toDate,
    interval_in_minutes: input.intervalInMinutes,
  };
}

export const getBytesProcessedMetricsTool: ToolDefinition<BytesArgs> = {
  name: "get_bytes_processed_metrics",
  title: "Get bytes processed",
  description: "Bytes ingested per log type over a time window, with the total.",
  toolset: "metrics",
  annotations: { readOnlyHint: true },
  permissions: ["SummaryRead"],
  inputSchema: bytesInput,
  get inputJsonSchema() {
    return jsonSchemaOf(bytesInput);
  },
  handler: bytesHandler,
};
