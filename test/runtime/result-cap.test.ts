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
  assert.deepEqual(out.items, items.slice(0, out.items.length));
  assert.equal(out.truncated, true);
  assert.match(out.truncation_reason, new RegExp(`first ${out.items.length} of 100 items`));
  assert.equal(out.next_cursor, "c2");
});

test("an oversized non-listing becomes an explicit truncation notice", () => {
  const out = JSON.parse(serializeCapped({ blob: "y".repeat(5000) }, 1000));
  assert.equal(out.truncated, true);
  assert.match(out.truncation_reason, /over the 1000 limit/);
  assert.ok(out.preview.length <= 500);
});
