/**
 * Keeps a tool result under what MCP clients accept (~25k tokens). Page sizes are capped so this
 * rarely triggers. When it does, long text values are shortened first (each says how much was cut),
 * so every item stays visible; only if that is not enough are trailing `items` of a listing dropped.
 * The result always says what was cut.
 */
import { headOf } from "./text.js";

export const MAX_RESULT_CHARS = 80_000;

/** Room kept for the truncation fields added to a result. */
const NOTE_ROOM = 400;

/** Longest text values tried, in turn, when a result is too large. */
const CELL_LIMITS = [4000, 1000, 250, 60];

/** The marker put after a shortened text value. */
export function cutMarker(cut: number): string {
  return `…[${cut} more characters cut]`;
}

/** How the marker reads in a truncation note. */
export const CUT_MARKER_SHAPE = cutMarker(0).replace("0", "N");

/** `text` shortened to `max` characters plus a marker saying how many were cut. */
export function shortenText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = headOf(text, max);
  return head + cutMarker(text.length - head.length);
}

/** A copy of `value` with every string longer than `max` shortened; counts the strings cut. */
function shortenStrings(value: unknown, max: number, count: { cut: number }): unknown {
  if (typeof value === "string") {
    if (value.length <= max) return value;
    count.cut += 1;
    return shortenText(value, max);
  }
  if (Array.isArray(value)) return value.map((v) => shortenStrings(v, max, count));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortenStrings(v, max, count)]));
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

export function serializeCapped(value: unknown, limit = MAX_RESULT_CHARS): string {
  const text = JSON.stringify(value ?? null);
  if (text.length <= limit) return text;

  let shortened: unknown = value;
  let note = "";
  for (const max of CELL_LIMITS) {
    const count = { cut: 0 };
    shortened = shortenStrings(value, max, count);
    if (count.cut === 0) continue;
    note = `${count.cut} text value${count.cut === 1 ? "" : "s"} longer than ${max} characters ${count.cut === 1 ? "was" : "were"} shortened (marked "${CUT_MARKER_SHAPE}") to fit the ${limit}-character limit; ask for fewer fields or a smaller page to see them whole`;
    const candidate = JSON.stringify(shortened);
    if (candidate.length + NOTE_ROOM <= limit) {
      return isRecord(shortened) ? JSON.stringify({ ...shortened, truncated: true, truncation_reason: note }) : candidate;
    }
  }

  const listing = shortened as { items?: unknown[] } | null;
  if (!isRecord(listing) || !Array.isArray(listing.items)) {
    const whole = JSON.stringify(shortened);
    return JSON.stringify({
      truncated: true,
      truncation_reason: `the result was ${text.length} characters, over the ${limit} limit; ask for less (fewer fields, a smaller page or a narrower filter)`,
      preview: whole.slice(0, Math.floor(limit / 2)),
    });
  }
  const items = listing.items;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (JSON.stringify({ ...listing, items: items.slice(0, mid) }).length + NOTE_ROOM * 2 <= limit) low = mid;
    else high = mid - 1;
  }
  const dropped = `only the first ${low} of ${items.length} items on this page fit the ${limit}-character limit; the rest are not covered by next_cursor, so repeat the call with a smaller page size to see them`;
  return JSON.stringify({
    ...listing,
    items: items.slice(0, low),
    truncated: true,
    truncation_reason: note ? `${dropped}. Also: ${note}` : dropped,
  });
}
