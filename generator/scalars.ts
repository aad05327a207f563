/**
 * The one place custom GraphQL scalars are mapped: TypeScript type (for graphql-codegen) and zod schema
 * (runtime validation of tool arguments). What clients are shown is zod's JSON Schema export of it
 * (toolJsonSchema in src/runtime/json-schema.ts), and test/runtime/schema-agreement.test.ts checks
 * that both accept the same values. A scalar used by an operation variable not listed here is a build error.
 */
export interface ScalarMapping {
  ts: string;
  zod: string;
  /** Whether string constraints (minLength, maxLength, pattern) apply. */
  stringLike: boolean;
  numeric: boolean;
  /**
   * Whether a result value of this type is free text, which every operation selecting it must mark
   * @untrusted or @trusted in schema/ (generator/untrusted.ts). Email is a checked address, not free text.
   */
  freeText: boolean;
  /** For numbers: the values the scalar can hold; @arg min/max must lie inside. Always stated, so shown as minimum/maximum. */
  range?: { min: number; max: number; integer: boolean };
  /** Runtime helpers (src/runtime) the zod source calls. */
  helpers?: string[];
}

const INT32 = { min: -2147483648, max: 2147483647, integer: true };
const SAFE_INTEGER = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, integer: true };

const dateTime: ScalarMapping = {
  ts: "string",
  // Listed as `format: date-time` alone: RFC 3339 (T and Z in either case, RFC 3339 5.6). dateTime()
  // (src/runtime/arguments.ts) checks DATE_TIME_PATTERN, which also refuses leap seconds and over 9
  // fraction digits; listing that pattern too would cost ~190 tokens per argument in every tools/list.
  zod: "dateTime()",
  stringLike: false,
  numeric: false,
  freeText: false,
  helpers: ["dateTime"],
};

export const SCALARS: Record<string, ScalarMapping> = {
  ID: { ts: "string", zod: "z.string()", stringLike: true, numeric: false, freeText: false },
  String: { ts: "string", zod: "z.string()", stringLike: true, numeric: false, freeText: true },
  Boolean: { ts: "boolean", zod: "z.boolean()", stringLike: false, numeric: false, freeText: false },
  // GraphQL's Int is 32-bit: a larger value would only fail at Panther.
  Int: {
    ts: "number",
    zod: "z.number().int()",
    stringLike: false,
    numeric: true,
    freeText: false,
    range: INT32,
  },
  Float: { ts: "number", zod: "z.number()", stringLike: false, numeric: true, freeText: false },
  DateTime: dateTime,
  Timestamp: dateTime,
  Email: {
    ts: "string",
    zod: "z.email()",
    stringLike: false,
    numeric: false,
    freeText: false,
  },
  Long: {
    ts: "number",
    zod: "z.number().int()",
    stringLike: false,
    numeric: true,
    freeText: false,
    range: SAFE_INTEGER,
  },
  // Any JSON value. z.unknown(), not z.json(): arguments arrive as JSON already, and z.json()'s export
  // is a recursive anyOf where clients need only `{}`.
  JSON: { ts: "unknown", zod: "z.unknown()", stringLike: false, numeric: false, freeText: true },
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
