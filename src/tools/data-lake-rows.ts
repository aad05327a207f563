// Packs data-lake rows into one result of bounded size. A row too wide to fit on its own has its longest
// values cut (each with a marker saying how much was cut), so every row can be returned.

import { UpstreamError } from "../errors.js";
import { shortenText } from "../result-cap.js";
import { headOf } from "../text.js";

/** Room a cut value's marker (`…[N more characters cut]`) takes in JSON, with the quotes. */
const MARKER_CHARS = 40;

const jsonLength = (value: unknown): number => JSON.stringify(value ?? null).length;

/** `value` cut so that its JSON text is at most about `limit` characters, with a marker; unchanged if it fits. */
function cutValue(value: unknown, limit: number): { value: unknown; cut: boolean } {
  if (jsonLength(value) <= limit + MARKER_CHARS) return { value, cut: false };
  const text = typeof value === "string" ? value : JSON.stringify(value);
  let keep = Math.min(text.length, limit);
  let piece = headOf(text, keep);
  // Escapes (quotes, control characters) make JSON longer than the text: shrink until it fits.
  for (let len = jsonLength(piece); len > limit + 2 && keep > 0; len = jsonLength(piece)) {
    keep = Math.min(keep - 1, Math.floor((keep * limit) / len));
    piece = headOf(text, keep);
  }
  return { value: shortenText(text, piece.length), cut: true };
}

/** Cuts the longest values of `row` to one shared length, the largest that makes the row fit in `budget`. */
function fitRow(row: unknown, budget: number): { row: unknown; cut: number } {
  if (typeof row !== "object" || row === null || Array.isArray(row)) {
    const r = cutValue(row, Math.max(0, budget - MARKER_CHARS));
    return { row: r.value, cut: r.cut ? 1 : 0 };
  }
  const entries = Object.entries(row);
  const sizes = entries.map(([, v]) => jsonLength(v));
  const overhead = jsonLength(row) - sizes.reduce((a, b) => a + b, 0);
  const sizeAt = (limit: number) => overhead + sizes.reduce((sum, s) => sum + (s > limit + MARKER_CHARS ? limit + MARKER_CHARS : s), 0);
  let low = 0;
  let high = Math.max(0, ...sizes);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (sizeAt(mid) <= budget) low = mid;
    else high = mid - 1;
  }
  let cut = 0;
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const r = cutValue(value, low);
    out[key] = r.value;
    if (r.cut) cut++;
  }
  return { row: out, cut };
}

interface PackedRows {
  rows: unknown[];
  /** Values cut to make a too-wide row fit. */
  cutValues: number;
}

/**
 * Takes rows from the front of `rows` while their JSON fits in `budget` characters. The first row is always
 * taken, with its longest values cut if it is too wide on its own, so a page always makes progress.
 */
export function packRows(rows: readonly unknown[], budget: number): PackedRows {
  const out: unknown[] = [];
  let size = 2; // []
  let cutValues = 0;
  for (const row of rows) {
    let item = row;
    let len = jsonLength(row) + 1;
    if (out.length === 0 && size + len > budget) {
      const fitted = fitRow(row, budget - size - 1);
      item = fitted.row;
      cutValues = fitted.cut;
      len = jsonLength(item) + 1;
    } else if (size + len > budget) {
      break;
    }
    out.push(item);
    size += len;
  }
  return { rows: out, cutValues };
}

/** A page of a Relay-style connection, as Panther returns one. */
export interface ConnectionPage {
  edges: readonly unknown[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/**
 * Where a page cut to its first `kept` items goes on. Panther's cursors are opaque, so `fetch` asks for
 * the same page again with pageSize = kept, and that page's end cursor is the answer; a page that does not
 * come back with exactly `kept` items and more after them is an UPSTREAM_ERROR saying `what` did not page
 * consistently.
 */
export async function cursorAfterKept(
  kept: number,
  fetch: (pageSize: number) => Promise<ConnectionPage | null | undefined>,
  what: string,
): Promise<string> {
  const page = await fetch(kept);
  if (!page || page.edges.length !== kept || !page.pageInfo.hasNextPage || !page.pageInfo.endCursor) {
    throw new UpstreamError(`${what} did not page consistently: asked again for ${kept}, got ${page?.edges.length ?? 0}.`);
  }
  return page.pageInfo.endCursor;
}
