// Paging over Panther's REST listings when we filter or cut pages ourselves: a position is the
// Panther cursor of a page plus how many of its items were already handled, so a page cut for size
// or a filter applied across pages never loses or repeats an item.
import { createHash } from "node:crypto";
import { InvalidArgumentError } from "../errors.js";
import { MAX_RESULT_CHARS } from "../result-cap.js";

/** Where a listing goes on: Panther's cursor of a page (null: the first), items of it done, its page size. */
export interface Position {
  c: string | null;
  s: number;
  n: number;
}

export interface RestPage<T> {
  results: T[];
  next?: string | null;
}

/** Characters of items one result may carry: the result cap less room for the envelope. */
export const ITEM_BUDGET = MAX_RESULT_CHARS - 8_000;

/** Panther pages one call reads per listing at most, when a filter of ours keeps few items. */
export const MAX_FETCHES = 5;

/** Counts the characters of items taken in one call; the first item always fits. */
export class Budget {
  private used = 0;
  private taken = 0;
  /** Set once an item did not fit. */
  full = false;
  constructor(private readonly limit = ITEM_BUDGET) {}
  take(item: unknown): boolean {
    const size = JSON.stringify(item).length + 1;
    if (this.taken > 0 && this.used + size > this.limit) {
      this.full = true;
      return false;
    }
    this.used += size;
    this.taken += 1;
    return true;
  }
}

/**
 * Reads items from `start` on until `want` are kept, the budget is full, Panther has no more, or
 * MAX_FETCHES pages were read. `next` is where the next call starts, null when nothing is left.
 */
export async function collect<T, U>(opts: {
  start: Position;
  want: number;
  pageSize: number;
  fetch: (cursor: string | undefined, limit: number) => Promise<RestPage<T>>;
  /** The item to return, or undefined to leave it out. */
  keep: (item: T) => U | undefined;
  budget: Budget;
}): Promise<{ items: U[]; next: Position | null }> {
  const items: U[] = [];
  let pos = opts.start;
  for (let fetches = 0; fetches < MAX_FETCHES; fetches++) {
    const page = await opts.fetch(pos.c ?? undefined, pos.n);
    for (let i = pos.s; i < page.results.length; i++) {
      const kept = opts.keep(page.results[i]!);
      if (kept === undefined) continue;
      if (items.length >= opts.want || !opts.budget.take(kept)) return { items, next: { ...pos, s: i } };
      items.push(kept);
    }
    if (!page.next) return { items, next: null };
    pos = { c: page.next, s: 0, n: opts.pageSize };
    if (items.length >= opts.want) return { items, next: pos };
  }
  return { items, next: pos };
}

/** A short digest of what a cursor was made for, so it is not used with other arguments. */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 12);
}

/** Our cursor: the listing's fingerprint and a position per stream (null: that stream is done). */
export function encodeCursor(q: string, positions: Record<string, Position | null>): string {
  return Buffer.from(JSON.stringify({ q, p: positions })).toString("base64url");
}

function isPosition(v: unknown): v is Position {
  if (!v || typeof v !== "object") return false;
  const p = v as Record<string, unknown>;
  return (
    (p.c === null || typeof p.c === "string") &&
    Number.isInteger(p.s) &&
    (p.s as number) >= 0 &&
    Number.isInteger(p.n) &&
    (p.n as number) >= 1 &&
    (p.n as number) <= 1000
  );
}

/** Decodes a cursor made by encodeCursor for the same fingerprint and streams; errors name the argument. */
export function decodeCursor(cursor: string, q: string, streams: readonly string[], tool: string): Record<string, Position | null> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const body = parsed as { q?: unknown; p?: Record<string, unknown> } | undefined;
  if (!body || typeof body !== "object" || typeof body.q !== "string" || !body.p || typeof body.p !== "object") {
    throw new InvalidArgumentError(`cursor: not a next_cursor of ${tool}; pass next_cursor exactly as returned.`);
  }
  if (body.q !== q) {
    throw new InvalidArgumentError(
      `cursor: it was made for other arguments; repeat the call's filters and types with it (limit may change), or start without a cursor.`,
    );
  }
  const out: Record<string, Position | null> = {};
  for (const stream of streams) {
    const p = body.p[stream];
    if (p !== null && !isPosition(p))
      throw new InvalidArgumentError(`cursor: not a next_cursor of ${tool}; pass next_cursor exactly as returned.`);
    out[stream] = p;
  }
  return out;
}
