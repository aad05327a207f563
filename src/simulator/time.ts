// Clock and time formatting helpers.

/**
 * The simulator's clock: it starts at the configured anchor and then runs at real
 * speed, so seed data (placed relative to the anchor) and "now" stay consistent.
 */
export class Clock {
  /** Reads `anchor` at `startedAt` (epoch ms; default: when it is made) and runs on with real time. */
  constructor(
    private readonly anchor: Date,
    private readonly startedAt = Date.now(),
  ) {}
  now(): Date {
    return new Date(this.anchor.getTime() + (Date.now() - this.startedAt));
  }
  nowIso(): string {
    return this.now().toISOString();
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Data lake timestamp text, e.g. "2026-11-20 10:00:00.000" (UTC, millisecond precision). */
export function formatLakeTime(d: Date): string {
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
};

/**
 * Parses a Panther-style duration such as "1 day", "7 d", "2 hours", "15m" or a bare
 * number of seconds. Returns milliseconds, or undefined if the text is not a duration.
 */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const amount = Number(m[1]);
  const unit = (m[2] ?? "").toLowerCase();
  if (unit === "") return amount * 1000;
  const factor = UNIT_MS[unit];
  return factor === undefined ? undefined : amount * factor;
}

/** Parses an ISO-like date/time; bare "YYYY-MM-DD HH:MM:SS" is read as UTC. */
export function parseUtc(text: string): Date | undefined {
  let t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) t = t.replace(" ", "T") + "Z";
  else if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += "T00:00:00Z";
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
