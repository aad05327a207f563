import assert from "node:assert/strict";
import { test } from "node:test";
import { isRelativeTime, relativeTime } from "../../src/runtime/relative-time.js";
import { projectSelection, REDACTED, restValue, shapeResult } from "../../src/runtime/shape.js";
import { restPath } from "../../src/runtime/rest-path.js";
import { InvalidArgumentError, UpstreamError } from "../../src/errors.js";

const site = { operation: "get_thing", root: "thing" };

test("projectSelection keeps selected fields, follows aliases, nulls missing nullable ones", () => {
  const raw = { results: [{ id: "a", displayName: "A", body: "secret code", tests: [{ name: "t", extra: 1 }] }], next: "n" };
  const out = projectSelection(
    raw,
    {
      type: "object!",
      fields: {
        results: {
          type: "[object!]!",
          fields: {
            id: "string!",
            name: { of: "displayName", type: "string" },
            tests: { type: "[object!]", fields: { name: "string!" } },
            tags: "[string!]",
          },
        },
        next: "string",
      },
    },
    site,
  );
  assert.deepEqual(out, { results: [{ id: "a", name: "A", tests: [{ name: "t" }], tags: null }], next: "n" });
});

test("projectSelection refuses an answer that does not have the declared shape", () => {
  const detection = {
    type: "object!",
    fields: {
      id: "string!",
      enabled: "boolean!",
      count: "number",
      tags: "[string!]",
      tests: { type: "[object!]", fields: { name: "string!" } },
      owner: { type: "object", fields: { id: "string!" } },
      extra: "any",
    },
  };
  const ok = { id: "d", enabled: true, count: null, tags: ["a"], tests: [], owner: null, extra: { free: [1] } };
  assert.deepEqual(projectSelection(ok, detection, site), ok);
  const cases: [unknown, string][] = [
    [null, "thing is null, but a value is required"],
    [undefined, "thing is missing"],
    [[ok], "thing expected an object, got an array"],
    ["<html>", "thing expected an object, got a string"],
    [42, "thing expected an object, got a number"],
    [{ ...ok, id: undefined }, "thing.id is missing"],
    [{ ...ok, id: null }, "thing.id is null, but a value is required"],
    [{ ...ok, id: 7 }, "thing.id expected a string, got a number"],
    [{ ...ok, enabled: "yes" }, "thing.enabled expected a boolean, got a string"],
    [{ ...ok, count: "3" }, "thing.count expected a number, got a string"],
    [{ ...ok, tags: "a" }, "thing.tags expected a list, got a string"],
    [{ ...ok, tags: ["a", null] }, "thing.tags[1] is null, but a value is required"],
    [{ ...ok, tests: [{ name: "t" }, {}] }, "thing.tests[1].name is missing"],
    [{ ...ok, tests: { name: "t" } }, "thing.tests expected a list, got an object"],
    [{ ...ok, owner: [] }, "thing.owner expected an object, got an array"],
    [{ ...ok, owner: {} }, "thing.owner.id is missing"],
  ];
  for (const [value, where] of cases) {
    assert.throws(
      () => projectSelection(value, detection, site),
      (error: unknown) => {
        assert.ok(error instanceof UpstreamError, `${where}: ${String(error)}`);
        assert.equal(error.code, "UPSTREAM_ERROR");
        assert.match(error.message, /^Panther's answer to get_thing does not have the expected shape: /);
        assert.ok(error.message.includes(where), `${error.message} should say ${where}`);
        return true;
      },
    );
  }
  // Nullable fields may be absent or null; inherited properties do not count as present.
  assert.deepEqual(projectSelection({ id: "d", enabled: false }, detection, site), {
    id: "d",
    enabled: false,
    count: null,
    tags: null,
    tests: null,
    owner: null,
    extra: null,
  });
  assert.throws(
    () =>
      projectSelection(
        { enabled: true, constructor: "x" },
        { type: "object!", fields: { toString: "string!", enabled: "boolean!" } },
        site,
      ),
    /toString is missing/,
  );
  assert.equal(projectSelection(null, { type: "object", fields: { id: "string!" } }, site), null);
});

test("restPath encodes every value and refuses empty, . and .. segments", () => {
  const p = (id: unknown) => restPath("/rules/{id}", { id: { argument: "detection_id", value: id } });
  assert.equal(p("AWS.Root Login"), "/rules/AWS.Root%20Login");
  assert.equal(p("a/b?c#d%2e"), "/rules/a%2Fb%3Fc%23d%252e");
  assert.equal(p("..."), "/rules/...");
  assert.equal(p(".hidden"), "/rules/.hidden");
  assert.equal(p("%2e%2e"), "/rules/%252e%252e");
  assert.equal(p(42), "/rules/42");
  for (const bad of ["", ".", ".."]) {
    assert.throws(
      () => p(bad),
      (error: unknown) => error instanceof InvalidArgumentError && /^detection_id cannot be /.test(error.message),
      JSON.stringify(bad),
    );
  }
  assert.throws(() => p(undefined), /detection_id is required/);
  assert.throws(() => p(null), /detection_id is required/);
  assert.throws(
    () => restPath("/x/.{a}", { a: { argument: "a", value: "." } }),
    (error: unknown) => error instanceof InvalidArgumentError,
  );
  assert.equal(restPath("/alert-comments", {}), "/alert-comments");
  // Whatever the value, the request stays on the declared path.
  let kept = 0;
  for (const value of ["..", "../..", "a/../..", "./.", "%2e%2e", "..%2f", "?x=1", "#frag", "\\..", "\u2028"]) {
    let path: string;
    try {
      path = p(value);
    } catch (error) {
      assert.ok(error instanceof InvalidArgumentError, `${value} is refused as bad input, not ${String(error)}`);
      continue;
    }
    kept++;
    assert.equal(new URL(`http://panther.test${path}`).pathname.split("/").length, 3, `${value} -> ${path}`);
    assert.ok(new URL(`http://panther.test${path}`).pathname.startsWith("/rules/"), `${value} -> ${path}`);
  }
  assert.ok(kept > 0, "some of these values are encoded rather than refused");
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
