// Walking Panther's own pages for tools that filter or re-page what Panther returns, with a cursor of ours
// that says where to go on: Panther's cursor of a page, plus how many items of that page were already used.
import { InvalidArgumentError } from "../errors.js";

/** Where a listing resumes: the upstream page (null: the first) and the items of it already handed out. */
export interface ResumePoint {
  page: string | null;
  skip: number;
}

export function encodeResume(point: ResumePoint): string {
  return Buffer.from(JSON.stringify({ p: point.page, s: point.skip }), "utf8").toString("base64url");
}

/** Reads a cursor made by encodeResume; anything else is bad input naming the tool. */
export function decodeResume(cursor: string | undefined, tool: string): ResumePoint {
  if (cursor === undefined) return { page: null, skip: 0 };
  const bad = () => new InvalidArgumentError(`Invalid arguments for ${tool}: cursor: not a next_cursor of ${tool}.`);
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  const { p, s } = (parsed ?? {}) as { p?: unknown; s?: unknown };
  if (!(p === null || (typeof p === "string" && p !== "")) || typeof s !== "number" || !Number.isSafeInteger(s) || s < 0) throw bad();
  return { page: p, skip: s };
}

/** One upstream page: its items and Panther's cursor of the next page (null on the last). */
export interface UpstreamPage<T> {
  items: readonly T[];
  next: string | null;
}

export interface Collected<T> {
  items: T[];
  /** Our cursor of the rest, or null when the listing is done. */
  next_cursor: string | null;
  has_next_page: boolean;
}

/**
 * Collects up to `want` items that `keep` accepts, walking upstream pages from `start`, reading at most
 * `maxPages` of them. Stops early once it has `want`; the cursor then points just after the last item taken,
 * so no item is skipped or repeated, whatever Panther's page size.
 */
export async function collect<T>(
  fetch: (page: string | null) => Promise<UpstreamPage<T>>,
  start: ResumePoint,
  keep: (item: T) => boolean,
  want: number,
  maxPages: number,
): Promise<Collected<T>> {
  const items: T[] = [];
  let at = start;
  for (let read = 0; read < maxPages; read++) {
    const page = await fetch(at.page);
    for (let i = at.skip; i < page.items.length; i++) {
      if (!keep(page.items[i]!)) continue;
      items.push(page.items[i]!);
      if (items.length === want) {
        const rest = i + 1 < page.items.length ? { page: at.page, skip: i + 1 } : page.next ? { page: page.next, skip: 0 } : null;
        return done(items, rest);
      }
    }
    if (!page.next) return done(items, null);
    at = { page: page.next, skip: 0 };
  }
  return done(items, at);
}

function done<T>(items: T[], rest: ResumePoint | null): Collected<T> {
  return { items, next_cursor: rest ? encodeResume(rest) : null, has_next_page: rest !== null };
}
