/**
 * The one place custom GraphQL scalars are mapped: TypeScript type (for graphql-codegen), zod schema
 * (runtime validation of tool arguments) and JSON Schema (what clients are shown).
 * A scalar used by an operation variable that is not listed here is a build error.
 */
export interface ScalarMapping {
  ts: string;
  zod: string;
  json: Record<string, unknown>;
  /** Whether string constraints (minLength, maxLength, pattern) apply. */
  stringLike: boolean;
  numeric: boolean;
}

export const SCALARS: Record<string, ScalarMapping> = {
  ID: { ts: "string", zod: "z.string()", json: { type: "string" }, stringLike: true, numeric: false },
  String: { ts: "string", zod: "z.string()", json: { type: "string" }, stringLike: true, numeric: false },
  Boolean: { ts: "boolean", zod: "z.boolean()", json: { type: "boolean" }, stringLike: false, numeric: false },
  Int: { ts: "number", zod: "z.number().int()", json: { type: "integer" }, stringLike: false, numeric: true },
  Float: { ts: "number", zod: "z.number()", json: { type: "number" }, stringLike: false, numeric: true },
  DateTime: {
    ts: "string",
    zod: "z.iso.datetime({ offset: true })",
    json: { type: "string", format: "date-time" },
    stringLike: false,
    numeric: false,
  },
  Timestamp: {
    ts: "string",
    zod: "z.iso.datetime({ offset: true })",
    json: { type: "string", format: "date-time" },
    stringLike: false,
    numeric: false,
  },
  Email: { ts: "string", zod: "z.email()", json: { type: "string", format: "email" }, stringLike: false, numeric: false },
  Long: { ts: "number", zod: "z.number().int()", json: { type: "integer" }, stringLike: false, numeric: true },
  JSON: { ts: "unknown", zod: "z.json()", json: {}, stringLike: false, numeric: false },
};

/** Scalar → TS type map in graphql-codegen's `scalars` config shape. */
export function codegenScalars(): Record<string, { input: string; output: string }> {
  return Object.fromEntries(Object.entries(SCALARS).map(([name, m]) => [name, { input: m.ts, output: m.ts }]));
}
