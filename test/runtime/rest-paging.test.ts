// Our paging over Panther's REST pages: a page cut for the result budget or filtered by us resumes
// exactly where it stopped, with no item lost or repeated.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidArgumentError } from "../../src/errors.js";
import { Budget, collect, decodeCursor, encodeCursor, MAX_FETCHES, type Position } from "../../src/tools/rest-paging.js";

/** A stand-in for one Panther list endpoint over `items`: cursors are offsets, as opaque text. */
function endpoint(items: { id: number; text: string }[]) {
  const calls: { cursor: string | undefined; limit: number }[] = [];
  const fetch = async (cursor: string | undefined, limit: number) => {
    calls.push({ cursor, limit });
    const from = cursor ? Number(cursor.slice(2)) : 0;
    const next = from + limit < items.length ? `o:${from + limit}` : null;
    return { results: items.slice(from, from + limit), next };
  };
  return { fetch, calls };
}

const ITEMS = Array.from({ length: 23 }, (_, id) => ({ id, text: "x".repeat(id % 2 ? 900 : 100) }));

async function drain(opts: { want: number; keep?: (i: (typeof ITEMS)[number]) => boolean; budget?: number }) {
  const { fetch, calls } = endpoint(ITEMS);
  const seen: number[] = [];
  let pos: Position | null = { c: null, s: 0, n: opts.want };
  let rounds = 0;
  while (pos && rounds++ < 100) {
    const got: { items: { id: number }[]; next: Position | null } = await collect({
      start: pos,
      want: opts.want,
      pageSize: opts.want,
      fetch,
      keep: (i) => (opts.keep && !opts.keep(i) ? undefined : i),
      budget: new Budget(opts.budget),
    });
    assert.ok(got.items.length <= opts.want);
    seen.push(...got.items.map((i) => i.id));
    pos = got.next;
  }
  return { seen, calls, rounds };
}

test("a budget cut resumes inside the Panther page: every item once, in order", async () => {
  const { seen, rounds } = await drain({ want: 10, budget: 2500 });
  assert.deepEqual(
    seen,
    ITEMS.map((i) => i.id),
  );
  assert.ok(rounds > 3, "the budget cut pages short");
});

test("the first item always fits, so paging never stalls", async () => {
  const { seen } = await drain({ want: 5, budget: 10 });
  assert.deepEqual(
    seen,
    ITEMS.map((i) => i.id),
  );
});

test("a filter of ours applies across Panther pages", async () => {
  const keep = (i: { id: number }) => i.id % 7 === 0;
  const { seen, calls } = await drain({ want: 2, keep });
  assert.deepEqual(seen, [0, 7, 14, 21]);
  assert.ok(calls.length >= 4);
});

test("one call reads at most MAX_FETCHES Panther pages, then hands back its place", async () => {
  const { fetch, calls } = endpoint(ITEMS);
  const got = await collect({
    start: { c: null, s: 0, n: 1 },
    want: 5,
    pageSize: 1,
    fetch,
    keep: (i) => (i.id > 100 ? i : undefined),
    budget: new Budget(),
  });
  assert.equal(calls.length, MAX_FETCHES);
  assert.deepEqual(got, { items: [], next: { c: `o:${MAX_FETCHES}`, s: 0, n: 1 } });
});

test("cursors: round trip, and refusals that name the argument", () => {
  const positions = { rules: { c: "abc", s: 3, n: 100 }, policies: null };
  const cursor = encodeCursor("q1", positions);
  assert.deepEqual(decodeCursor(cursor, "q1", ["rules", "policies"], "t"), positions);
  for (const [bad, q] of [
    ["garbage!", "q1"],
    [Buffer.from("[1]").toString("base64url"), "q1"],
    [encodeCursor("q1", { rules: { c: 1, s: 0, n: 1 } as unknown as Position }), "q1"],
    [cursor, "q2"],
  ] as const) {
    assert.throws(
      () => decodeCursor(bad, q, ["rules", "policies"], "t"),
      (e: unknown) => e instanceof InvalidArgumentError && /^cursor: /.test(e.message),
    );
  }
});
