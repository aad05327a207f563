const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PATTERN = /^now(?:-(\d+)([smhdw]))?$/;

/** True when `spec` is a relative time the generator accepts: `now` or `now-<n><s|m|h|d|w>`. */
export function isRelativeTime(spec: string): boolean {
  return PATTERN.test(spec);
}

/** Resolves `now` / `now-7d` style specs to an ISO 8601 UTC timestamp. */
export function relativeTime(spec: string, now: Date = new Date()): string {
  const match = PATTERN.exec(spec);
  if (!match) throw new Error(`not a relative time: ${spec}`);
  const offset = match[1] ? Number(match[1]) * UNIT_MS[match[2]] : 0;
  return new Date(now.getTime() - offset).toISOString();
}
