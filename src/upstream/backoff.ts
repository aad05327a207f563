// How long to wait before retrying a read: exponential backoff with full jitter, or what Panther asked for.

export const BACKOFF_BASE_MS = 250;
export const BACKOFF_CAP_MS = 8000;

/**
 * The wait before retry number `retry` (0 for the first retry): a uniformly random time between
 * zero and base * 2^retry, the ceiling capped at `capMs` ("full jitter", so that many clients
 * rejected at once do not come back in step).
 */
export function backoffMs(retry: number, random: () => number = Math.random, baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry));
  return Math.floor(random() * ceiling);
}

/**
 * A Retry-After header value in milliseconds from `now`: either delay-seconds ("120") or an HTTP
 * date. Undefined when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only a date with letters in it: Date.parse would also take "1.5" or "-3" as a date.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
