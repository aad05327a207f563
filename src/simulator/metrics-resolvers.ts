// GraphQL `metrics`: alert counts computed from the seeded alerts, ingested bytes from the seeded sources.
import { badInput } from "./errors.js";
import type { AlertType, SimAlert } from "./model.js";
import type { SimLogSource } from "./seed-sources.js";
import type { SimState } from "./state.js";

/** Bucket sizes Panther accepts for intervalInMinutes. */
export const METRIC_INTERVALS = [15, 30, 60, 180, 360, 720, 1440] as const;
/** Most buckets one series may have, so a huge window cannot make a huge answer. */
const MAX_BUCKETS = 20_000;
const MIN = 60_000;
const HOUR = 3_600_000;

/** The alert-type word of alertsPerSeverity's labels ("Rule HIGH"); other types are not in that series. */
const SEVERITY_LABEL_TYPE: Partial<Record<AlertType, string>> = { RULE: "Rule", SCHEDULED_RULE: "Rule", POLICY: "Policy" };

interface MetricsInput {
  fromDate: string;
  toDate: string;
  intervalInMinutes?: number | null;
}

interface Window {
  from: number;
  to: number;
  step: number;
  buckets: number;
}

function windowOf(input: MetricsInput): Window {
  const from = Date.parse(input.fromDate);
  const to = Date.parse(input.toDate);
  if (!(from < to)) throw badInput("fromDate must be before toDate");
  const interval = input.intervalInMinutes ?? (to - from > 7 * 24 * HOUR ? 1440 : 60);
  if (!(METRIC_INTERVALS as readonly number[]).includes(interval))
    throw badInput(`intervalInMinutes must be one of ${METRIC_INTERVALS.join(", ")}`);
  const step = interval * MIN;
  const buckets = Math.ceil((to - from) / step);
  if (buckets > MAX_BUCKETS) throw badInput(`the window holds ${buckets} buckets of ${interval} minutes; at most ${MAX_BUCKETS}`);
  return { from, to, step, buckets };
}

/** Bucket start → 0 for every bucket of the window. */
function emptyBreakdown(w: Window): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < w.buckets; i++) out[new Date(w.from + i * w.step).toISOString()] = 0;
  return out;
}

function bucketKey(w: Window, at: number): string {
  return new Date(w.from + Math.floor((at - w.from) / w.step) * w.step).toISOString();
}

function alertsIn(state: SimState, w: Window): SimAlert[] {
  return [...state.alerts.values()].filter((a) => {
    const at = Date.parse(a.createdAt);
    return at >= w.from && at < w.to;
  });
}

function byValue<T extends { label: string; value: number }>(series: T[]): T[] {
  return series.sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
}

function alertsPerSeverity(alerts: SimAlert[], w: Window) {
  const series = new Map<string, { label: string; value: number; breakdown: Record<string, number> }>();
  for (const a of alerts) {
    const type = SEVERITY_LABEL_TYPE[a.type];
    if (!type) continue;
    const label = `${type} ${a.severity}`;
    let s = series.get(label);
    if (!s) series.set(label, (s = { label, value: 0, breakdown: emptyBreakdown(w) }));
    s.value += 1;
    s.breakdown[bucketKey(w, Date.parse(a.createdAt))]! += 1;
  }
  return byValue([...series.values()]);
}

function alertsPerRule(state: SimState, alerts: SimAlert[]) {
  const series = new Map<string, { entityId: string; label: string; value: number }>();
  for (const a of alerts) {
    if (a.origin.kind === "system") continue;
    const id = a.origin.detectionId;
    let s = series.get(id);
    if (!s) series.set(id, (s = { entityId: id, label: state.detection(id)?.displayName ?? id, value: 0 }));
    s.value += 1;
  }
  return series.size ? byValue([...series.values()]) : null;
}

/** Bytes a source ingested for one log type between two instants (it ingests at a steady hourly rate). */
export function sourceBytes(source: SimLogSource, logType: string, from: number, to: number): number {
  const start = Math.max(from, Date.parse(source.createdAtTime));
  const end = Math.min(to, source.lastEventReceivedAtTime ? Date.parse(source.lastEventReceivedAtTime) : start);
  return end > start ? ((source.bytesPerHour[logType] ?? 0) * (end - start)) / HOUR : 0;
}

function bytesPerLogType(state: SimState, w: Window) {
  const series = new Map<string, { label: string; value: number; breakdown: Record<string, number> }>();
  for (const source of state.sources.logSources) {
    for (const logType of source.logTypes) {
      let s = series.get(logType);
      if (!s) series.set(logType, (s = { label: logType, value: 0, breakdown: emptyBreakdown(w) }));
      for (let i = 0; i < w.buckets; i++) {
        const start = w.from + i * w.step;
        const bytes = sourceBytes(source, logType, start, Math.min(w.to, start + w.step));
        if (bytes === 0) continue;
        s.breakdown[new Date(start).toISOString()]! += bytes;
        s.value += bytes;
      }
    }
  }
  return byValue([...series.values()].filter((s) => s.value > 0));
}

/** The metrics a query asks for; each part is computed only when selected (graphql-js calls the function). */
export function metrics(state: SimState, input: MetricsInput) {
  const w = windowOf(input);
  const alerts = alertsIn(state, w);
  let bytes: ReturnType<typeof bytesPerLogType> | undefined;
  const bytesSeries = () => (bytes ??= bytesPerLogType(state, w));
  return {
    alertsPerSeverity: () => alertsPerSeverity(alerts, w),
    alertsPerRule: () => alertsPerRule(state, alerts),
    totalAlerts: alerts.length,
    bytesProcessedPerSource: bytesSeries,
    totalBytesProcessed: () => bytesSeries().reduce((sum, s) => sum + s.value, 0),
  };
}
