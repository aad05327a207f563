// Prompt arguments: what each declared type accepts, how values are normalised, and how a served
// prompt follows the tool selection and the prefix.
import assert from "node:assert/strict";
import { test } from "node:test";
import { servedPrompts } from "../../src/prompts.js";
import { checkPromptArgument, checkPromptArguments, type PromptArgumentSpec, type PromptSpec } from "../../src/runtime/prompt.js";

const dt: PromptArgumentSpec = { name: "start_date", description: "", required: true, type: "datetime" };
const month: PromptArgumentSpec = { name: "month", description: "", required: true, type: "integer", min: 1, max: 12 };
const actor: PromptArgumentSpec = { name: "actor", description: "", required: true, type: "string", maxLength: 10 };

const value = (spec: PromptArgumentSpec, raw: string) => {
  const r = checkPromptArgument(spec, raw);
  return "value" in r ? r.value : `problem: ${r.problem}`;
};

test("datetime: a date, a time with Z, an offset or none, normalised to UTC", () => {
  assert.equal(value(dt, "2026-05-01"), "2026-05-01T00:00:00Z");
  assert.equal(value(dt, " 2026-05-01 10:20:30Z "), "2026-05-01T10:20:30Z");
  assert.equal(value(dt, "2026-05-01t10:20z"), "2026-05-01T10:20:00Z");
  assert.equal(value(dt, "2026-05-01T10:20:30+02:00"), "2026-05-01T08:20:30Z");
  assert.equal(value(dt, "2026-05-01T00:30:00-01:00"), "2026-05-01T01:30:00Z");
  assert.equal(value(dt, "2026-05-01T10:20:30.123456789Z"), "2026-05-01T10:20:30.123Z");
  assert.equal(value(dt, "2026-05-01T10:20:30"), "2026-05-01T10:20:30Z", "no zone: UTC");
  assert.equal(value(dt, "2024-02-29"), "2024-02-29T00:00:00Z");
  for (const bad of ["2025-02-29", "2026-13-01", "2026-04-31", "2026-05-01T24:00:00Z", "2026-05-01T10:60Z", "yesterday", "", "1714550400"])
    assert.match(value(dt, bad), /^problem: start_date must be a date or time: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ/, bad);
});

test("integer: whole numbers within the bounds, normalised", () => {
  assert.equal(value(month, "03"), "3");
  assert.equal(value(month, " 12 "), "12");
  for (const bad of ["0", "13", "1.5", "3x", "", "1e1", "99999999999999999999"])
    assert.match(value(month, bad), /^problem: month must be a whole number from 1 to 12 \(got /, bad);
  assert.match(value({ ...month, min: undefined }, "13"), /must be a whole number of at most 12/);
});

test("string: trimmed, within the length, one line", () => {
  assert.equal(value(actor, "  alice  "), "alice");
  assert.match(value(actor, "   "), /^problem: actor must be 1 to 10 characters, not counting spaces around it \(got 0\)/);
  assert.match(value(actor, "a".repeat(11)), /\(got 11\)/);
  assert.match(value(actor, "a\nb"), /^problem: actor must be one line without control characters/);
  assert.match(value(actor, "a\u2028b"), /one line/);
});

test("checkPromptArguments: defaults, every problem at once, and after", () => {
  const spec: PromptSpec = {
    name: "p",
    title: "P",
    description: "",
    tools: [],
    text: [],
    arguments: [dt, { ...dt, name: "end_date", after: "start_date" }, { ...month, required: false, default: "1" }],
  };
  assert.deepEqual(checkPromptArguments(spec, { start_date: "2026-05-01", end_date: "2026-05-02" }), {
    values: { start_date: "2026-05-01T00:00:00Z", end_date: "2026-05-02T00:00:00Z", month: "1" },
    problems: [],
  });
  assert.deepEqual(checkPromptArguments(spec, { start_date: "2026-05-01", end_date: "2026-05-01T00:00:00+00:00" }).problems, [
    "end_date must be later than start_date (got 2026-05-01T00:00:00Z, start_date 2026-05-01T00:00:00Z)",
  ]);
  assert.equal(checkPromptArguments(spec, { start_date: "x", month: "0" }).problems.length, 3);
});

test("servedPrompts: only prompts whose tools are all served; the prefix names the prompt and its tools", () => {
  const spec: PromptSpec = {
    name: "look",
    title: "Look",
    description: "d",
    arguments: [actor],
    tools: ["list_alerts", "query_data_lake"],
    text: ["Find ", { arg: "actor" }, " with ", { tool: "list_alerts" }, "."],
  };
  assert.deepEqual(servedPrompts([spec], new Set(["list_alerts"])), []);
  const [prompt] = servedPrompts([spec], new Set(["list_alerts", "query_data_lake"]), "p_");
  assert.equal(prompt.name, "p_look");
  assert.deepEqual(prompt.check?.({ actor: "" }), ["actor must be 1 to 10 characters, not counting spaces around it (got 0)"]);
  assert.deepEqual(prompt.render({ actor: " bob " }), [{ role: "user", content: { type: "text", text: "Find bob with p_list_alerts." } }]);
  assert.throws(() => prompt.render({ actor: "" }), /actor must be/);
});
