// The catalog the server lists its tools from (generated/catalog.ts) says exactly what the registry's
// tools say, and a tool listed from it runs the registry's code once that is loaded.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { catalogToolsets, catalogTools } from "../../src/tools/catalog.js";
import { allTools, builtinToolsets } from "../../src/tools/index.js";

describe("tool catalog", () => {
  test("lists every tool of the registry, as the registry lists it", () => {
    assert.deepEqual(
      catalogTools.map((t) => t.name).sort(),
      allTools.map((t) => t.name),
    );
    for (const tool of allTools) {
      const listed = catalogTools.find((t) => t.name === tool.name)!;
      const { inputSchema: _schema, handler: _handler, ready: _ready, ...listing } = tool;
      assert.deepEqual({ ...listed }, JSON.parse(JSON.stringify(listing)), tool.name);
    }
    assert.deepEqual(
      catalogToolsets.map((s) => [s.name, s.tools.map((t) => t.name)]),
      builtinToolsets.map((s) => [s.name, s.tools.map((t) => t.name)]),
    );
  });

  test("a listed tool validates with the registry's schema once ready, and says so when used before", async () => {
    const listed = catalogToolsets.flatMap((s) => s.tools).find((t) => t.name === "get_alert")!;
    assert.throws(() => listed.inputSchema.safeParse({ alert_id: "a" }), /get_alert was called before its code was loaded/);
    await listed.ready!();
    assert.equal(listed.inputSchema.safeParse({ alert_id: "a" }).success, true);
    assert.equal(listed.inputSchema.safeParse({ alert_id: "" }).success, false);
    assert.equal(listed.inputSchema.safeParse({ alert_id: "a", extra: 1 }).success, false);
  });
});
