// toolJsonSchema: zod's JSON Schema export of a generated tool's input, as the catalog lists it. The
// whole pipeline (operation -> zod source -> listed schema) is checked on a golden case in
// test/generator/typecheck.test.ts; this file checks the export's own rules.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import { dateTime } from "../../src/runtime/arguments.js";
import { enforcedJsonSchema, toolJsonSchema, unlisted } from "../../src/runtime/json-schema.js";
import { jsonSchemaOf } from "../../src/tools/json-schema.js";

const listed = (shape: z.ZodRawShape) => JSON.stringify(toolJsonSchema(z.strictObject(shape)));

describe("toolJsonSchema", () => {
  test("description first, then type and constraints, default last; no $schema", () => {
    assert.equal(
      listed({ n: z.number().int().min(1).max(9).default(3).describe("N.") }),
      '{"type":"object","properties":{"n":{"description":"N.","type":"integer","minimum":1,"maximum":9,"default":3}}}',
    );
  });

  test("argument names that are also keywords keep their order, and values are left as given", () => {
    const json = toolJsonSchema(
      z.strictObject({
        type: z.string().optional(),
        default: z.string().optional(),
        description: z.record(z.string(), z.unknown()).default({ type: "x", description: "y" }),
      }),
    );
    assert.deepEqual(Object.keys(json.properties), ["type", "default", "description"]);
    assert.deepEqual(Object.keys((json.properties.description as { default: object }).default), ["type", "description"]);
  });

  test("type is dropped beside an enum: the values say it", () => {
    const json = toolJsonSchema(z.strictObject({ word: z.enum(["a", "b"]), step: z.literal([1, 5]), ratio: z.literal([0.5, 1]) }));
    assert.deepEqual(json.properties.word, { enum: ["a", "b"] });
    assert.deepEqual(json.properties.step, { enum: [1, 5] });
    assert.deepEqual(json.properties.ratio, { enum: [0.5, 1] });
  });

  test("dateTime() is listed as format date-time, wrapped or not; other strings are not", () => {
    assert.equal(
      listed({ at: dateTime().optional().describe("When."), plain: z.string() }),
      '{"type":"object","properties":{"at":{"description":"When.","type":"string","format":"date-time"},"plain":{"type":"string"}},"required":["plain"]}',
    );
  });

  test("a hand-written tool is listed by the same derivation as a generated one", () => {
    const input = z.strictObject({ at: dateTime().optional(), word: z.enum(["a"]), n: z.literal([1, 5]).default(1) });
    const json = jsonSchemaOf(input);
    assert.deepEqual(json, toolJsonSchema(input));
    assert.deepEqual(json.properties.at, { type: "string", format: "date-time" });
    assert.deepEqual(json.properties.word, { enum: ["a"] });
    assert.deepEqual(json.properties.n, { enum: [1, 5], default: 1 });
    assert.equal("$schema" in json, false);
  });

  test("keywords that tell a model nothing are left out of the listing, and kept in the complete schema", () => {
    const input = z.strictObject({
      count: z.number().int().min(-2147483648).max(2147483647).optional(),
      small: z.number().int().min(0).max(50).optional(),
      tags: z.array(z.string().min(1)).min(1).optional(),
      ids: z.array(z.string().min(1)).min(1),
      name: z.string().min(1).optional(),
      id: z.string().min(1),
      two: z.array(z.string()).min(2).optional(),
      nested: z.strictObject({ a: z.string().min(1).optional() }).optional(),
    });
    const listed = toolJsonSchema(input);
    assert.equal("additionalProperties" in listed, false);
    assert.deepEqual(listed.properties, {
      count: { type: "integer" },
      small: { type: "integer", minimum: 0, maximum: 50 },
      tags: { type: "array", items: { type: "string", minLength: 1 } },
      ids: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
      name: { type: "string" },
      id: { type: "string", minLength: 1 },
      two: { type: "array", items: { type: "string" }, minItems: 2 },
      nested: { type: "object", properties: { a: { type: "string" } } },
    });
    const complete = toolJsonSchema(input, { complete: true });
    assert.equal(complete.additionalProperties, false);
    assert.deepEqual(complete.properties.count, { type: "integer", minimum: -2147483648, maximum: 2147483647 });
    assert.deepEqual(complete.properties.tags, { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 });
    assert.deepEqual(complete.properties.name, { type: "string", minLength: 1 });
    assert.deepEqual(complete.properties.nested, {
      type: "object",
      properties: { a: { type: "string", minLength: 1 } },
      additionalProperties: false,
    });
  });

  test("an unlisted argument is left out of the listing, kept in the complete schema; a required one is refused", () => {
    const input = z.strictObject({
      shown: z.string().optional().describe("Shown; rare_max too."),
      rare_max: z.number().int().min(0).optional().describe("At most.").register(unlisted, {}),
    });
    assert.deepEqual(Object.keys(toolJsonSchema(input).properties), ["shown"]);
    assert.deepEqual(toolJsonSchema(input, { complete: true }).properties.rare_max, {
      description: "At most.",
      type: "integer",
      minimum: 0,
      maximum: 9007199254740991,
    });
    const tool = { inputSchema: input, inputJsonSchema: toolJsonSchema(input) };
    assert.deepEqual(Object.keys(enforcedJsonSchema(tool).properties), ["shown", "rare_max"]);
    assert.throws(
      () => toolJsonSchema(z.strictObject({ id: z.string().register(unlisted, {}) })),
      /argument id is unlisted but required: a model could not call the tool/,
    );
  });

  test("the root must be an object", () => {
    assert.throws(() => toolJsonSchema(z.string()), /tool input must be an object schema/);
  });
});
