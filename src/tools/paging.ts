// Paging over Panther's pages for tools that filter or cut pages themselves. A position is Panther's
// cursor of a page plus how many of its items were already handled, so a page cut for size or a
// filter applied across pages never loses or repeats an item. Our cursor carries a position per
// stream (a tool may page several Panther listings at once) and a digest of the arguments it was
// made for, so it cannot be used with other filters.
import { createHash } from "node:crypto";
import { InvalidArgumentError } from "../errors.js";
import { MAX_RESULT_CHARS } from "../result-cap.js";

/** Where a listing goes on: Panther's cursor of a page (null: the first), items of it done, the page size asked (null: Panther's own). */
export interface Position {
  c: string | null;
  s: number;
  n: number | null;
}

/** One Panther page: its items and Panther's cursor of the next page (null or absent on the last). */
export interface Page<T> {
  items: readonly T[];
  next?: string | null;
}

/** A REST listing's page (`results`, `next`) as a Page. */
export function restPage<T>(page: { results: readonly T[]; next?: string | null }): Page<T> {
  return { items: page.results, next: page.next };
}

/** A GraphQL connection (`edges`, `pageInfo`) as a Page. */
export function connectionPage<T>(conn: {
  edges: readonly { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}): Page<T> {
  return { items: conn.edges.map((e) => e.node), next: conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null };
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
  /** The page size to ask Panther for on new pages; omit where Panther picks it. */
  pageSize?: number;
  /** Panther's page at `cursor` (undefined: the first), of `limit` items where we choose the size. */
  fetch: (cursor: string | undefined, limit: number | undefined) => Promise<Page<T>>;
  /** The item to return, or undefined to leave it out. */
  keep: (item: T) => U | undefined;
  /** Shared by the streams of one call; a fresh one by default. */
  budget?: Budget;
}): Promise<{ items: U[]; next: Position | null }> {
  const budget = opts.budget ?? new Budget();
  const items: U[] = [];
  let pos = opts.start;
  for (let fetches = 0; fetches < MAX_FETCHES; fetches++) {
    // A page partly handed out is read again at the size it was read with, so its items keep their places.
    const limit = pos.s > 0 ? pos.n : (opts.pageSize ?? pos.n);
    const page = await opts.fetch(pos.c ?? undefined, limit ?? undefined);
    for (let i = pos.s; i < page.items.length; i++) {
      const kept = opts.keep(page.items[i]!);
      if (kept === undefined) continue;
      if (items.length >= opts.want || !budget.take(kept)) return { items, next: { ...pos, s: i } };
      items.push(kept);
    }
    if (!page.next) return { items, next: null };
    pos = { c: page.next, s: 0, n: opts.pageSize ?? null };
    if (items.length >= opts.want) return { items, next: pos };
  }
  return { items, next: pos };
}

/** What a cursor belongs to: the tool, the arguments it is bound to (not the page size) and its streams. */
export interface Listing {
  tool: string;
  args: unknown;
  streams: readonly string[];
}

/** A short digest of the tool and arguments a cursor was made for. */
function fingerprint(listing: Listing): string {
  return createHash("sha256")
    .update(JSON.stringify([listing.tool, listing.args ?? null]))
    .digest("base64url")
    .slice(0, 12);
}

/** Our cursor for these positions, or null when every stream is done. */
export function cursorOf(listing: Listing, positions: Record<string, Position | null>): string | null {
  if (!Object.values(positions).some((p) => p !== null)) return null;
  return Buffer.from(JSON.stringify({ q: fingerprint(listing), p: positions })).toString("base64url");
}

function isPosition(v: unknown): v is Position {
  if (!v || typeof v !== "object") return false;
  const p = v as Record<string, unknown>;
  const n = p.n;
  return (
    (p.c === null || (typeof p.c === "string" && p.c !== "")) &&
    Number.isSafeInteger(p.s) &&
    (p.s as number) >= 0 &&
    (n === null || (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 1000))
  );
}

/**
 * Where each stream starts: the first page of each without a cursor, else the positions of a cursor
 * made by cursorOf for the same tool and arguments. Anything else is INVALID_ARGUMENT naming `cursor`.
 */
export function positionsOf(listing: Listing, cursor: string | undefined, pageSize?: number): Record<string, Position | null> {
  if (cursor === undefined) return Object.fromEntries(listing.streams.map((s) => [s, { c: null, s: 0, n: pageSize ?? null }]));
  const foreign = () => new InvalidArgumentError(`cursor: not a next_cursor of ${listing.tool}; pass next_cursor exactly as returned.`);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw foreign();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw foreign();
  }
  const body = parsed as { q?: unknown; p?: unknown } | null;
  if (!body || typeof body !== "object" || typeof body.q !== "string" || !body.p || typeof body.p !== "object") throw foreign();
  if (body.q !== fingerprint(listing)) {
    throw new InvalidArgumentError(
      `cursor: it was made for other arguments or another tool; pass the same filters as the call that returned it (the page size may change), or start without a cursor.`,
    );
  }
  const out: Record<string, Position | null> = {};
  for (const stream of listing.streams) {
    const p = (body.p as Record<string, unknown>)[stream];
    if (p !== null && !isPosition(p)) throw foreign();
    out[stream] = p;
  }
  return out;
}

/** One page of a single-stream listing: our cursor in, up to `want` kept items and our next cursor out. */
export async function pageOf<T, U>(opts: {
  listing: Omit<Listing, "streams">;
  cursor: string | undefined;
  want: number;
  pageSize?: number;
  fetch: (cursor: string | undefined, limit: number | undefined) => Promise<Page<T>>;
  keep: (item: T) => U | undefined;
}): Promise<{ items: U[]; next_cursor: string | null; has_next_page: boolean }> {
  const listing = { ...opts.listing, streams: ["items"] };
  const start = positionsOf(listing, opts.cursor, opts.pageSize).items;
  if (!start) return { items: [], next_cursor: null, has_next_page: false };
  const got = await collect({ ...opts, start });
  const next_cursor = cursorOf(listing, { items: got.next });
  return { items: got.items, next_cursor, has_next_page: next_cursor !== null };
}
