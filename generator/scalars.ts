/**
 * The one place custom GraphQL scalars are mapped: TypeScript type (for graphql-codegen), zod schema
 * (runtime validation of tool arguments) and JSON Schema (what clients are shown). The zod and the
 * JSON Schema of a scalar accept exactly the same values (test/runtime/schema-agreement.test.ts).
 * A scalar used by an operation variable that is not listed here is a build error.
 */
import { z } from "zod";

export interface ScalarMapping {
  ts: string;
  zod: string;
  json: Record<string, unknown>;
  /** Whether string constraints (minLength, maxLength, pattern) apply. */
  stringLike: boolean;
  numeric: boolean;
  /**
   * Whether a result value of this type is free text, which every operation selecting it must mark
   * @untrusted or @trusted in schema/ (generator/untrusted.ts). Email is a checked address, not free text.
   */
  freeText: boolean;
  /** For numbers: the values the scalar can hold; @arg min/max must lie inside. Shown as minimum/maximum. */
  range?: { min: number; max: number; integer: boolean };
  /** Runtime helpers (src/runtime) the zod source calls. */
  helpers?: string[];
}

const INT32 = { min: -2147483648, max: 2147483647, integer: true };
const SAFE_INTEGER = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true };

const dateTime: ScalarMapping = {
  ts: "string",
  zod: "dateTime()",
  // format alone: RFC 3339 date-time (T and Z in either case, RFC 3339 5.6). The server checks it with
  // DATE_TIME_PATTERN (src/runtime/arguments.ts), which also refuses leap seconds and over 9 fraction
  // digits; printing that pattern here too cost ~190 tokens per argument in every tools/list.
  json: { type: "string", format: "date-time" },
  stringLike: false,
  numeric: false,
  freeText: false,
  helpers: ["dateTime"],
};

export const SCALARS: Record<string, ScalarMapping> = {
  ID: { ts: "string", zod: "z.string()", json: { type: "string" }, stringLike: true, numeric: false, freeText: false },
  String: { ts: "string", zod: "z.string()", json: { type: "string" }, stringLike: true, numeric: false, freeText: true },
  Boolean: { ts: "boolean", zod: "z.boolean()", json: { type: "boolean" }, stringLike: false, numeric: false, freeText: false },
  // GraphQL's Int is 32-bit: a larger value would only fail at Panther.
  Int: {
    ts: "number",
    zod: "z.number().int()",
    json: { type: "integer" },
    stringLike: false,
    numeric: true,
    freeText: false,
    range: INT32,
  },
  Float: { ts: "number", zod: "z.number()", json: { type: "number" }, stringLike: false, numeric: true, freeText: false },
  DateTime: dateTime,
  Timestamp: dateTime,
  Email: {
    ts: "string",
    zod: "z.email()",
    json: { type: "string", format: "email", pattern: z.regexes.email.source },
    stringLike: false,
    numeric: false,
    freeText: false,
  },
  Long: {
    ts: "number",
    zod: "z.number().int()",
    json: { type: "integer" },
    stringLike: false,
    numeric: true,
    freeText: false,
    range: SAFE_INTEGER,
  },
  JSON: { ts: "unknown", zod: "z.json()", json: {}, stringLike: false, numeric: false, freeText: true },
};

/** The JSON kind a scalar's value has in a REST answer (see JsonType in src/runtime/shape.ts). */
export function scalarJsonKind(name: string): "string" | "number" | "boolean" | "any" {
  const ts = SCALARS[name]?.ts;
  return ts === "string" || ts === "number" || ts === "boolean" ? ts : "any";
}

/** Scalar → TS type map in graphql-codegen's `scalars` config shape. */
export function codegenScalars(): Record<string, { input: string; output: string }> {
  return Object.fromEntries(Object.entries(SCALARS).map(([name, m]) => [name, { input: m.ts, output: m.ts }]));
}
