// The page walker behind list_log_sources and the schema tools: every item exactly once, whatever the
// upstream page size, the filter or where a page fills; bounded reads; cursors checked.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidArgumentError } from "../../src/errors.js";
import { collect, decodeResume, encodeResume, type ResumePoint } from "../../src/tools/upstream-pages.js";

/** An upstream of `total` numbered items served `size` per page; counts the pages read. */
function upstream(total: number, size: number) {
  const reads: (string | null)[] = [];
  const fetch = async (page: string | null) => {
    reads.push(page);
    const start = page === null ? 0 : Number(page.slice(1));
    const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i);
    return { items, next: start + size < total ? `p${start + size}` : null };
  };
  return { fetch, reads };
}

async function all(total: number, size: number, keep: (n: number) => boolean, want: number, maxPages: number) {
  const { fetch, reads } = upstream(total, size);
  const got: number[] = [];
  let at: ResumePoint = { page: null, skip: 0 };
  for (let calls = 0; calls < 1000; calls++) {
    const page = await collect(fetch, at, keep, want, maxPages);
    assert.ok(page.items.length <= want);
    got.push(...page.items);
    if (!page.next_cursor) return { got, reads, calls: calls + 1 };
    at = decodeResume(page.next_cursor, "t");
  }
  throw new Error("did not end");
}

test("collect hands out every matching item once, for any page size, filter and want", async () => {
  for (const size of [1, 3, 10]) {
    for (const want of [1, 2, 7, 50]) {
      for (const [name, keep] of [
        ["all", () => true],
        ["odd", (n: number) => n % 2 === 1],
        ["sparse", (n: number) => n === 2 || n === 37],
        ["none", () => false],
      ] as const) {
        const { got } = await all(40, size, keep, want, 3);
        assert.deepEqual(got, Array.from({ length: 40 }, (_, i) => i).filter(keep), `size ${size} want ${want} ${name}`);
      }
    }
  }
});

test("collect reads at most maxPages per call and stops as soon as it has enough", async () => {
  const { fetch, reads } = upstream(100, 10);
  const sparse = await collect(fetch, { page: null, skip: 0 }, (n) => n === 95, 5, 4);
  assert.deepEqual([sparse.items, reads.length, sparse.has_next_page], [[], 4, true]);
  assert.deepEqual(decodeResume(sparse.next_cursor!, "t"), { page: "p40", skip: 0 });
  reads.length = 0;
  const quick = await collect(fetch, { page: null, skip: 0 }, () => true, 3, 4);
  assert.deepEqual([quick.items, reads.length], [[0, 1, 2], 1]);
  assert.deepEqual(decodeResume(quick.next_cursor!, "t"), { page: null, skip: 3 });
  // Filling exactly at the end of the last page ends the listing.
  const last = await collect(fetch, { page: "p90", skip: 0 }, () => true, 10, 4);
  assert.deepEqual([last.items.length, last.next_cursor, last.has_next_page], [10, null, false]);
});

test("cursors round-trip, and anything else is INVALID_ARGUMENT naming the tool's cursor", () => {
  for (const point of [
    { page: null, skip: 0 },
    { page: "abc/+=", skip: 12 },
  ])
    assert.deepEqual(decodeResume(encodeResume(point), "t"), point);
  assert.deepEqual(decodeResume(undefined, "t"), { page: null, skip: 0 });
  const bad = [
    "not a cursor",
    "%%%",
    Buffer.from("[]").toString("base64url"),
    Buffer.from("null").toString("base64url"),
    Buffer.from('{"p":"","s":0}').toString("base64url"),
    Buffer.from('{"p":null,"s":-1}').toString("base64url"),
    Buffer.from('{"p":null,"s":1.5}').toString("base64url"),
    Buffer.from('{"p":7,"s":0}').toString("base64url"),
    Buffer.from("{").toString("base64url"),
  ];
  for (const cursor of bad) {
    assert.throws(
      () => decodeResume(cursor, "list_things"),
      (e: unknown) => e instanceof InvalidArgumentError && /cursor: not a next_cursor of list_things/.test(e.message),
      cursor,
    );
  }
});
