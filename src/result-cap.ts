/**
 * Keeps a tool result under what MCP clients accept (~25k tokens). Page sizes are capped so this
 * rarely triggers; when it does, trailing `items` of a listing are cut and the result says so.
 */
export const MAX_RESULT_CHARS = 80_000;

export function serializeCapped(value: unknown, limit = MAX_RESULT_CHARS): string {
  const text = JSON.stringify(value ?? null);
  if (text.length <= limit) return text;
  const listing = value as { items?: unknown[] } | null;
  if (!listing || typeof listing !== "object" || !Array.isArray(listing.items)) {
    return JSON.stringify({
      truncated: true,
      truncation_reason: `the result was ${text.length} characters, over the ${limit} limit; ask for less (fewer fields, a smaller page or a narrower filter)`,
      preview: text.slice(0, Math.floor(limit / 2)),
    });
  }
  const items = listing.items;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (JSON.stringify({ ...listing, items: items.slice(0, mid) }).length + 300 <= limit) low = mid;
    else high = mid - 1;
  }
  return JSON.stringify({
    ...listing,
    items: items.slice(0, low),
    truncated: true,
    truncation_reason: `only the first ${low} of ${items.length} items on this page fit the ${limit}-character limit; the rest are not covered by next_cursor, so repeat the call with a smaller page size to see them`,
  });
}
