// Our paging over Panther's pages (list_log_sources, list_log_type_schemas, list_detections,
// list_scheduled_queries): every item exactly once, in order, whatever Panther's page size, our filter,
// the size budget or where a page fills; bounded reads per call; cursors bound to their arguments.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidArgumentError } from "../../src/errors.js";
import { Budget, collect, cursorOf, MAX_FETCHES, pageOf, positionsOf, type Position } from "../../src/tools/paging.js";

interface Item {
  id: number;
  text: string;
}

/**
 * A stand-in for one Panther listing of `total` items: cursors are offsets as opaque text; the page size
 * is the one asked for, or `own` where the caller lets Panther pick. Records every read.
 */
function endpoint(total: number, own = 10) {
  const items: Item[] = Array.from({ length: total }, (_, id) => ({ id, text: "x".repeat(id % 2 ? 900 : 100) }));
  const calls: { cursor: string | undefined; limit: number | undefined }[] = [];
  const fetch = async (cursor: string | undefined, limit: number | undefined) => {
    calls.push({ cursor, limit });
    const size = limit ?? own;
    const from = cursor ? Number(cursor.slice(2)) : 0;
    return { items: items.slice(from, from + size), next: from + size < total ? `o:${from + size}` : null };
  };
  return { fetch, calls };
}

const LISTING = { tool: "list_things", args: { name: "a" } };

/** Pages a listing to the end through pageOf, our cursor going round; the ids seen and the calls made. */
async function drain(opts: { total?: number; want: number; pageSize?: number; own?: number; keep?: (i: Item) => boolean }) {
  const { fetch, calls } = endpoint(opts.total ?? 23, opts.own);
  const seen: number[] = [];
  let cursor: string | undefined;
  for (let rounds = 1; rounds <= 1000; rounds++) {
    const got = await pageOf({
      listing: LISTING,
      cursor,
      want: opts.want,
      pageSize: opts.pageSize,
      fetch,
      keep: (i) => (opts.keep && !opts.keep(i) ? undefined : i),
    });
    assert.ok(got.items.length <= opts.want);
    assert.equal(got.has_next_page, got.next_cursor !== null);
    seen.push(...got.items.map((i) => i.id));
    if (!got.next_cursor) return { seen, calls, rounds };
    cursor = got.next_cursor;
  }
  throw new Error("did not end");
}

const ids = (total: number, keep: (n: number) => boolean = () => true) => Array.from({ length: total }, (_, i) => i).filter(keep);

test("every matching item once, for any Panther page size, filter and want", async () => {
  for (const own of [1, 3, 10]) {
    for (const want of [1, 2, 7, 50]) {
      for (const [name, keep] of [
        ["all", () => true],
        ["odd", (n: number) => n % 2 === 1],
        ["sparse", (n: number) => n === 2 || n === 37],
        ["none", () => false],
      ] as const) {
        const { seen } = await drain({ total: 40, want, own, keep: (i) => keep(i.id) });
        assert.deepEqual(seen, ids(40, keep), `own ${own} want ${want} ${name}`);
      }
    }
  }
});

/** Walks 23 items through collect with a fresh Budget of `limit` characters per call; the ids seen, per call. */
async function budgeted(want: number, limit: number) {
  const { fetch } = endpoint(23);
  const calls: number[][] = [];
  let pos: Position | null = { c: null, s: 0, n: want };
  while (pos && calls.length < 100) {
    const got: { items: Item[]; next: Position | null } = await collect({
      start: pos,
      want,
      pageSize: want,
      fetch,
      keep: (i: Item) => i,
      budget: new Budget(limit),
    });
    calls.push(got.items.map((i) => i.id));
    pos = got.next;
  }
  return calls;
}

test("a budget cut resumes inside the Panther page: every item once, in order", async () => {
  const calls = await budgeted(10, 2500);
  assert.deepEqual(calls.flat(), ids(23));
  assert.ok(calls.length > 3, "the budget cut pages short");
});

test("the first item always fits, so paging never stalls", async () => {
  const budget = new Budget(10);
  assert.equal(budget.take({ text: "x".repeat(100) }), true);
  assert.equal(budget.full, false);
  assert.equal(budget.take(1), false);
  assert.equal(budget.full, true);
  const calls = await budgeted(5, 10);
  assert.deepEqual(calls.flat(), ids(23));
  assert.ok(calls.every((c) => c.length === 1));
});

test("a filter of ours applies across Panther pages", async () => {
  const { seen, calls } = await drain({ want: 2, pageSize: 2, keep: (i) => i.id % 7 === 0 });
  assert.deepEqual(seen, [0, 7, 14, 21]);
  assert.ok(calls.length >= 4);
});

test("one call reads at most MAX_FETCHES Panther pages, then hands back its place", async () => {
  const { fetch, calls } = endpoint(23);
  const none = await collect({
    start: { c: null, s: 0, n: 1 },
    want: 5,
    pageSize: 1,
    fetch,
    keep: (i: Item) => (i.id > 100 ? i : undefined),
  });
  assert.equal(calls.length, MAX_FETCHES);
  assert.deepEqual(none, { items: [], next: { c: `o:${MAX_FETCHES}`, s: 0, n: 1 } });
  // Where Panther picks the page size, the same: the next page, nothing asked of its size.
  const own = endpoint(100, 10);
  const sparse = await collect({
    start: { c: null, s: 0, n: null },
    want: 5,
    fetch: own.fetch,
    keep: (i: Item) => (i.id === 95 ? i : undefined),
  });
  assert.deepEqual(sparse, { items: [], next: { c: `o:${10 * MAX_FETCHES}`, s: 0, n: null } });
  assert.deepEqual(
    own.calls.map((c) => c.limit),
    Array(MAX_FETCHES).fill(undefined),
  );
});

test("a call stops reading as soon as it has enough, and knows when the listing ends", async () => {
  const { fetch, calls } = endpoint(100, 10);
  const quick = await collect({ start: { c: null, s: 0, n: null }, want: 3, fetch, keep: (i: Item) => i });
  assert.deepEqual([quick.items.map((i) => i.id), calls.length, quick.next], [[0, 1, 2], 1, { c: null, s: 3, n: null }]);
  // Filling exactly at the end of a page points at the next one without reading it.
  const whole = await collect({ start: { c: null, s: 0, n: null }, want: 10, fetch, keep: (i: Item) => i });
  assert.deepEqual([whole.items.length, calls.length, whole.next], [10, 2, { c: "o:10", s: 0, n: null }]);
  // Filling exactly at the end of the last page ends the listing.
  const last = await collect({ start: { c: "o:90", s: 0, n: null }, want: 10, fetch, keep: (i: Item) => i });
  assert.deepEqual([last.items.length, last.next], [10, null]);
  // So does filling mid-page when nothing after it on the last page is kept: no empty page follows.
  const tail = await collect({ start: { c: "o:90", s: 0, n: null }, want: 1, fetch, keep: (i: Item) => (i.id === 91 ? i : undefined) });
  assert.deepEqual([tail.items.map((i) => i.id), tail.next], [[91], null]);
  // Filling mid-page resumes at the next kept item of that page.
  const mid = await collect({ start: { c: "o:10", s: 0, n: null }, want: 1, fetch, keep: (i: Item) => (i.id % 4 === 0 ? i : undefined) });
  assert.deepEqual([mid.items.map((i) => i.id), mid.next], [[12], { c: "o:10", s: 6, n: null }]);
});

test("the page size may change between calls: a page partly handed out keeps the size it was read with", async () => {
  const { fetch, calls } = endpoint(23);
  const first = await pageOf({ listing: LISTING, cursor: undefined, want: 2, pageSize: 3, fetch, keep: (i: Item) => i });
  const seen = first.items.map((i) => i.id);
  assert.deepEqual(seen, [0, 1]);
  let cursor = first.next_cursor ?? undefined;
  while (cursor) {
    const page = await pageOf({ listing: LISTING, cursor, want: 7, pageSize: 7, fetch, keep: (i: Item) => i });
    seen.push(...page.items.map((i) => i.id));
    cursor = page.next_cursor ?? undefined;
  }
  assert.deepEqual(seen, ids(23));
  // Page one again at 3 (item 2 is where it stopped), then fresh pages at the new size.
  assert.deepEqual(calls.slice(0, 3), [
    { cursor: undefined, limit: 3 },
    { cursor: undefined, limit: 3 },
    { cursor: "o:3", limit: 7 },
  ]);
});

test("cursors: round trip per stream, the start without one, and the end as null", () => {
  const listing = { ...LISTING, streams: ["rules", "policies"] };
  const positions = { rules: { c: "abc/+=", s: 3, n: 100 }, policies: null };
  assert.deepEqual(positionsOf(listing, cursorOf(listing, positions)!), positions);
  const own = { ...LISTING, streams: ["items"] };
  assert.deepEqual(positionsOf(own, cursorOf(own, { items: { c: null, s: 12, n: null } })!), { items: { c: null, s: 12, n: null } });
  assert.deepEqual(positionsOf(listing, undefined, 50), { rules: { c: null, s: 0, n: 50 }, policies: { c: null, s: 0, n: 50 } });
  assert.deepEqual(positionsOf(own, undefined), { items: { c: null, s: 0, n: null } });
  assert.equal(cursorOf(listing, { rules: null, policies: null }), null);
});

test("a foreign or forged cursor is INVALID_ARGUMENT naming cursor and the tool", () => {
  const listing = { ...LISTING, streams: ["items"] };
  const forged = (p: unknown) => {
    const real = JSON.parse(Buffer.from(cursorOf(listing, { items: { c: null, s: 0, n: 1 } })!, "base64url").toString("utf8"));
    return Buffer.from(JSON.stringify({ ...real, p: { items: p } })).toString("base64url");
  };
  const bad = [
    "not a cursor",
    "%%%",
    "garbage!",
    Buffer.from("[]").toString("base64url"),
    Buffer.from("[1]").toString("base64url"),
    Buffer.from("null").toString("base64url"),
    Buffer.from("{").toString("base64url"),
    forged({ c: "", s: 0, n: 1 }),
    forged({ c: 7, s: 0, n: 1 }),
    forged({ c: null, s: -1, n: 1 }),
    forged({ c: null, s: 1.5, n: 1 }),
    forged({ c: null, s: 0, n: 0 }),
    forged({ c: null, s: 0, n: 1001 }),
    forged(undefined),
  ];
  for (const cursor of bad) {
    assert.throws(
      () => positionsOf(listing, cursor),
      (e: unknown) => e instanceof InvalidArgumentError && /^cursor: not a next_cursor of list_things;/.test(e.message),
      cursor,
    );
  }
});

test("a cursor made for other arguments or another tool is refused, naming cursor", () => {
  const listing = { ...LISTING, streams: ["items"] };
  const cursor = cursorOf(listing, { items: { c: "abc", s: 1, n: 5 } })!;
  for (const other of [
    { ...listing, args: { name: "b" } },
    { ...listing, args: { name: "a", more: true } },
    { ...listing, streams: ["rules"] },
    { ...listing, tool: "list_others" },
  ]) {
    assert.throws(
      () => positionsOf(other, cursor),
      (e: unknown) => e instanceof InvalidArgumentError && /^cursor: /.test(e.message),
      JSON.stringify(other),
    );
  }
  assert.throws(
    () => positionsOf({ ...listing, args: { name: "b" } }, cursor),
    (e: unknown) => e instanceof InvalidArgumentError && /^cursor: it was made for other arguments/.test(e.message),
  );
});
