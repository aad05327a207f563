import assert from "node:assert/strict";
import { test } from "node:test";
import { serializeCapped } from "../../src/result-cap.js";

test("small results pass through unchanged", () => {
  const value = { items: [1, 2, 3], next_cursor: "c", has_next_page: true };
  assert.equal(serializeCapped(value, 1000), JSON.stringify(value));
});

test("an oversized listing keeps as many leading items as fit and says what was cut", () => {
  const items = Array.from({ length: 100 }, (_, i) => ({ id: `item-${i}`, pad: "x".repeat(90) }));
  const text = serializeCapped({ items, next_cursor: "c2", has_next_page: true }, 2000);
  assert.ok(text.length <= 2000);
  const out = JSON.parse(text);
  assert.ok(out.items.length > 0 && out.items.length < 100);
  assert.deepEqual(
    out.items.map((i: { id: string }) => i.id),
    items.slice(0, out.items.length).map((i) => i.id),
  );
  assert.equal(out.truncated, true);
  assert.match(out.truncation_reason, new RegExp(`first ${out.items.length} of 100 items`));
  assert.match(out.truncation_reason, /shortened/);
  assert.equal(out.next_cursor, "c2");
});

test("an oversized value is shortened with a marker; the rest of the result stays whole", () => {
  const text = serializeCapped({ id: "a1", blob: "y".repeat(5000), note: "short" }, 1000);
  assert.ok(text.length <= 1000);
  const out = JSON.parse(text);
  assert.equal(out.id, "a1");
  assert.equal(out.note, "short");
  assert.match(out.blob, /^y+…\[\d+ more characters cut\]$/);
  assert.equal(out.blob.replace(/….*/, "").length + Number(/\[(\d+)/.exec(out.blob)![1]), 5000, "the marker counts what was cut");
  assert.equal(out.truncated, true);
  assert.match(out.truncation_reason, /1 text value longer than \d+ characters was shortened/);
});

test("one huge item in a listing is shortened, not dropped: every item stays reachable", () => {
  const items = [{ id: "small-1" }, { id: "huge", body: "z".repeat(200_000) }, { id: "small-2" }];
  const text = serializeCapped({ items, next_cursor: "n", has_next_page: true }, 10_000);
  assert.ok(text.length <= 10_000);
  const out = JSON.parse(text);
  assert.deepEqual(
    out.items.map((i: { id: string }) => i.id),
    ["small-1", "huge", "small-2"],
  );
  assert.equal(out.next_cursor, "n");
  assert.match(out.items[1].body, /more characters cut\]$/);
});

test("a result that cannot fit even shortened becomes an explicit truncation notice", () => {
  const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`field_${i}`, "v".repeat(100)]));
  const out = JSON.parse(serializeCapped(many, 1000));
  assert.equal(out.truncated, true);
  assert.match(out.truncation_reason, /over the 1000 limit/);
  assert.ok(out.preview.length <= 500);
});
