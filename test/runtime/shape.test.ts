import assert from "node:assert/strict";
import { test } from "node:test";
import { isRelativeTime, relativeTime } from "../../src/runtime/relative-time.js";
import { projectSelection, REDACTED, restValue, shapeResult } from "../../src/runtime/shape.js";

test("projectSelection keeps selected fields, follows aliases, nulls missing ones", () => {
  const raw = { results: [{ id: "a", displayName: "A", body: "secret code", tests: [{ name: "t", extra: 1 }] }], next: "n" };
  const out = projectSelection(raw, {
    results: { fields: { id: true, name: { of: "displayName" }, tests: { fields: { name: true } }, tags: true } },
    next: true,
  });
  assert.deepEqual(out, { results: [{ id: "a", name: "A", tests: [{ name: "t" }], tags: null }], next: "n" });
});

test("shapeResult flattens connections and REST lists and redacts marked fields", () => {
  const connection = { edges: [{ node: { id: 1, assignee: { email: "a@b.c" } } }], pageInfo: { endCursor: "e", hasNextPage: true } };
  const plan = {
    flatten: "connection" as const,
    fields: { edges: { fields: { node: { fields: { assignee: { fields: { email: { redact: true } } } } } } } },
  };
  assert.deepEqual(shapeResult(connection, plan), {
    items: [{ id: 1, assignee: { email: REDACTED } }],
    next_cursor: "e",
    has_next_page: true,
  });
  const lastPage = { edges: [], pageInfo: { endCursor: "stale", hasNextPage: false } };
  assert.deepEqual(shapeResult(lastPage, { flatten: "connection" }), { items: [], next_cursor: null, has_next_page: false });
  assert.deepEqual(shapeResult({ results: [1], next: "" }, { flatten: "rest-list" }), {
    items: [1],
    next_cursor: null,
    has_next_page: false,
  });
  assert.deepEqual(shapeResult({ results: [1], next: "x" }, { flatten: "rest-list" }), {
    items: [1],
    next_cursor: "x",
    has_next_page: true,
  });
  assert.equal(shapeResult(null, { redact: true }), null, "null stays null rather than pretending a value existed");
});

test("restValue maps enum values and lists through @restName", () => {
  const names = { scheduled_rules: "scheduled-rules" };
  assert.equal(restValue("scheduled_rules", names), "scheduled-rules");
  assert.equal(restValue("rules", names), "rules");
  assert.deepEqual(restValue(["scheduled_rules", "rules"], names), ["scheduled-rules", "rules"]);
});

test("relativeTime resolves now and now-<n><unit>", () => {
  const now = new Date("2026-01-10T00:00:00.000Z");
  assert.equal(relativeTime("now", now), "2026-01-10T00:00:00.000Z");
  assert.equal(relativeTime("now-7d", now), "2026-01-03T00:00:00.000Z");
  assert.equal(relativeTime("now-90m", now), "2026-01-09T22:30:00.000Z");
  assert.equal(isRelativeTime("yesterday"), false);
  assert.throws(() => relativeTime("now+1d", now), /not a relative time/);
});
