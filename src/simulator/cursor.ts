// Opaque paging cursors. A cursor is base64 text of a small JSON object holding
// the offset of the first item of the next page; clients must treat it as opaque.

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), "utf8").toString("base64");
}

/** The offset a cursor stands for, or undefined when the text is not a cursor we issued. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    if (parsed && typeof parsed === "object" && "offset" in parsed) {
      const offset = (parsed as { offset: unknown }).offset;
      if (typeof offset === "number" && Number.isSafeInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // fall through: not one of ours
  }
  return undefined;
}

export interface PageSlice<T> {
  items: T[];
  offset: number;
  /** Cursor of the next page, or null on the last page. */
  nextCursor: string | null;
}

/** Cuts one page out of `all`, starting at the offset in `cursor` (null/undefined = first page). */
export function slicePage<T>(all: readonly T[], cursor: string | null | undefined, pageSize: number): PageSlice<T> | { error: string } {
  let offset = 0;
  if (cursor !== null && cursor !== undefined) {
    const decoded = decodeCursor(cursor);
    if (decoded === undefined) return { error: `invalid cursor "${cursor}"` };
    offset = decoded;
  }
  const items = all.slice(offset, offset + pageSize);
  const end = offset + items.length;
  return { items, offset, nextCursor: end < all.length ? encodeCursor(end) : null };
}

/** GraphQL-style page info for a slice. */
export function pageInfoOf(page: PageSlice<unknown>, startCursor: string | null | undefined) {
  return {
    endCursor: page.nextCursor,
    hasNextPage: page.nextCursor !== null,
    hasPreviousPage: page.offset > 0,
    startCursor: page.offset > 0 ? (startCursor ?? null) : null,
  };
}
