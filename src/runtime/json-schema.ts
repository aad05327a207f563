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

/**
 * Arguments the server accepts and enforces but the listing leaves out, to keep a tool with many
 * filters within its token budget (DEFAULT_TOKEN_BUDGET). Each must be optional, and the tool's
 * description or a listed argument's description must name it (checked by `npm run generate`), so a
 * model still learns it exists; argument errors and docs/tools.md treat it like any other.
 */
export const unlisted = z.registry<Record<string, never>>();

/** Marks an unlisted argument in zod's export until lean() takes it out. */
const UNLISTED = "x-unlisted";

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

/** Panther's Int is a signed 32-bit integer: zod enforces its range on every Int argument. */
const INT32 = { min: -2147483648, max: 2147483647 };

/**
 * Whether `text` names the argument `name` as a whole word: how a tool's description names an argument
 * its listing leaves out (generate requires it; the contract diff relies on it).
 */
export function namesArgument(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w])${name}($|[^\\w])`).test(text);
}

/**
 * What the advertised schema leaves out because it tells a model nothing it would act on. zod still
 * enforces each one, and its error names the argument and the limit (test/e2e/argument-errors.test.ts):
 * - Panther's Int range (minimum -2147483648, maximum 2147483647): no count a model asks for nears it.
 * - minItems 1 and minLength 1 on an optional argument: an empty filter is never what a model means;
 *   leaving the argument out is how it says "any". On a required argument they stay.
 * - additionalProperties false: a model sends the arguments it is shown; an unknown key is refused by
 *   the server with `unknown argument "x" (allowed: ...)`, clearer than a client's generic schema
 *   error, and the listing saves 5 tokens a tool. No client needs it to call a tool correctly.
 */
export function omittedFromListing(key: string, value: unknown, optional: boolean): boolean {
  if (key === "maximum") return value === INT32.max;
  if (key === "minimum") return value === INT32.min;
  if (key === "minItems" || key === "minLength") return optional && value === 1;
  return key === "additionalProperties" && value === false;
}

/**
 * Keeps a listing token-lean and stable: `type` beside `enum` says nothing the values don't; keys
 * ordered; unless `complete`, the keywords of `omittedFromListing` left out. `optional`: the node is an argument
 * (or object property) that may be left out.
 */
function lean(node: unknown, complete: boolean, optional = false): unknown {
  if (Array.isArray(node)) return node.map((n) => lean(n, complete));
  if (!node || typeof node !== "object") return node;
  const schema = { ...(node as Record<string, unknown>) };
  const values = schema.enum;
  if (Array.isArray(values) && values.length && values.every((v) => isOfType(v, schema.type))) delete schema.type;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  if (schema.properties && typeof schema.properties === "object") {
    const kept: Record<string, unknown> = {};
    for (const [name, sub] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
      if (sub?.[UNLISTED] !== true) kept[name] = sub;
      else if (required.has(name)) throw new Error(`argument ${name} is unlisted but required: a model could not call the tool`);
      else if (complete) kept[name] = Object.fromEntries(Object.entries(sub).filter(([key]) => key !== UNLISTED));
    }
    schema.properties = kept;
  }
  const keys = Object.keys(schema)
    .filter((key) => complete || !omittedFromListing(key, schema[key], optional))
    .sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(
    keys.map((key) => {
      const value = schema[key];
      if (DATA.has(key)) return [key, value];
      if (SCHEMA_MAPS.has(key) && value && typeof value === "object") {
        const entries = Object.entries(value).map(([name, sub]) => [
          name,
          lean(sub, complete, key === "properties" && !required.has(name)),
        ]);
        return [key, Object.fromEntries(entries)];
      }
      return [key, lean(value, complete)];
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
 * The JSON Schema a tool lists, generated or hand-written: zod's export with the formats of `advertised`,
 * token-lean. `complete`: with the keywords a listing leaves out (see `omittedFromListing`), i.e. everything the
 * server enforces that JSON Schema can say; tests compare it with zod.
 * Typed loosely on purpose: checking each generated zod object against zod's whole type is slow.
 */
export function toolJsonSchema(schema: { readonly _zod: unknown }, { complete = false } = {}): JsonSchemaObject {
  const json = exportJsonSchema(schema as z.core.$ZodType, ({ zodSchema, jsonSchema }) => {
    const extra = advertised.get(zodSchema);
    if (extra) Object.assign(jsonSchema, extra);
    if (unlisted.has(zodSchema)) Object.assign(jsonSchema, { [UNLISTED]: true });
  });
  return lean(json, complete) as JsonSchemaObject;
}

/**
 * Everything the server enforces on a tool's arguments that JSON Schema can say: the complete
 * derivation, with what a hand-written tool adds to its listing (e.g. uniqueItems). For docs/tools.md,
 * argument errors and tests; clients get the listing.
 */
export function enforcedJsonSchema(tool: { inputSchema: unknown; inputJsonSchema: JsonSchemaObject }): JsonSchemaObject {
  const complete = toolJsonSchema(tool.inputSchema as z.core.$ZodType, { complete: true });
  const listed = tool.inputJsonSchema.properties as Record<string, unknown>;
  const properties = Object.fromEntries(
    Object.entries(complete.properties).map(([name, sub]) => [name, { ...(sub as object), ...(listed[name] as object | undefined) }]),
  );
  return { ...complete, properties };
}
