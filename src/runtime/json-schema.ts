// What a tool's arguments look like to clients, derived from the zod schema that enforces them, so a
// default, an enum or a limit is written once (test/runtime/schema-agreement.test.ts checks that the
// two accept the same values). `npm run generate` freezes each tool's listing in generated/catalog.ts.
import { z } from "zod";
import type { JsonSchemaObject } from "./tool.js";

/**
 * JSON Schema keywords zod's export cannot see, by zod schema: a check written as code (dateTime())
 * carries its format here. Read by toolJsonSchema.
 */
export const advertised = z.registry<{ format: string }>();

/** zod's own export of a tool's input (as a client sends it), without `$schema`; the root must be an object. */
function exportJsonSchema(schema: z.core.$ZodType, override?: (ctx: { zodSchema: z.core.$ZodType; jsonSchema: object }) => void) {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", override }) as Record<string, unknown>;
  if (json.type !== "object" || typeof json.properties !== "object") throw new Error("tool input must be an object schema");
  return json as JsonSchemaObject;
}

/**
 * Keyword order of a listed schema: description first, then the type and its constraints, default
 * last. Stable whatever order zod builds in, so generated/catalog.ts and the contract snapshot only
 * change when the schema does. Keywords not named here keep their place before `default`.
 */
const ORDER = [
  "description",
  "type",
  "format",
  "items",
  "properties",
  "enum",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "pattern",
  "required",
  "additionalProperties",
];

/** Keywords whose value is a map of names to schemas, and keywords whose value is data, not a schema. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);
const DATA = new Set(["default", "enum", "const", "examples", "required"]);

/** Keeps a listing token-lean and stable: `type` beside `enum` says nothing the values don't; keys ordered. */
function lean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lean);
  if (!node || typeof node !== "object") return node;
  const schema = { ...(node as Record<string, unknown>) };
  const values = schema.enum;
  if (Array.isArray(values) && values.length && values.every((v) => isOfType(v, schema.type))) delete schema.type;
  const keys = Object.keys(schema).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(
    keys.map((key) => {
      const value = schema[key];
      if (DATA.has(key)) return [key, value];
      if (SCHEMA_MAPS.has(key) && value && typeof value === "object") {
        return [key, Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, lean(sub)]))];
      }
      return [key, lean(value)];
    }),
  );
}

function rank(key: string): number {
  if (key === "default") return ORDER.length + 1;
  const at = ORDER.indexOf(key);
  return at < 0 ? ORDER.length : at;
}

function isOfType(value: unknown, type: unknown): boolean {
  if (type === "integer") return Number.isInteger(value);
  return (type === "string" || type === "number" || type === "boolean") && typeof value === type;
}

/**
 * The JSON Schema a tool lists, generated or hand-written: zod's export with the formats of `advertised`, token-lean.
 * Typed loosely on purpose: checking each generated zod object against zod's whole type is slow.
 */
export function toolJsonSchema(schema: { readonly _zod: unknown }): JsonSchemaObject {
  const json = exportJsonSchema(schema as z.core.$ZodType, ({ zodSchema, jsonSchema }) => {
    const extra = advertised.get(zodSchema);
    if (extra) Object.assign(jsonSchema, extra);
  });
  return lean(json) as JsonSchemaObject;
}
