/**
 * Turns Panther responses into tool results: projects REST JSON onto an operation's selection
 * (checking it has the declared shape), flattens paginated listings and redacts marked fields.
 * The plans are computed by the generator.
 */
import { UpstreamError } from "../errors.js";

/**
 * What a REST JSON value must be, in GraphQL's notation over JSON kinds: `string`, `number`,
 * `boolean`, `object` or `any`, `!` for non-null, `[...]` for a list. E.g. `[string!]`, `object!`.
 */
export type JsonType = string;

/** One selected field of a REST answer: its type, the JSON key when aliased, and its sub-selection. */
export interface FieldShape {
  type: JsonType;
  of?: string;
  fields?: Selection;
}

/** Response key → the field's type (a leaf) or its shape. */
export type Selection = { [responseKey: string]: JsonType | FieldShape };

/** How one level of a result is reshaped. */
export interface ShapePlan {
  /** `connection`: edges/node/pageInfo; `rest-list`: results/next. Both become items/next_cursor/has_next_page. */
  flatten?: "connection" | "rest-list";
  redact?: boolean;
  fields?: Record<string, ShapePlan>;
}

export const REDACTED = "[redacted]";

/** Where a projection runs, for the error when Panther's answer does not fit. */
export interface ProjectionSite {
  /** The tool or client function the answer is for. */
  operation: string;
  /** Response key of the root field. */
  root: string;
}

/** Parsed JsonType: a list of something, or a named kind; `nonNull` either way. */
type Parsed = { nonNull: boolean } & ({ list: Parsed } | { kind: string });

const KINDS = new Set(["string", "number", "boolean", "object", "any"]);
const parsedTypes = new Map<string, Parsed>();

function parseType(text: JsonType): Parsed {
  let parsed = parsedTypes.get(text);
  if (parsed) return parsed;
  const nonNull = text.endsWith("!");
  const body = nonNull ? text.slice(0, -1) : text;
  if (body.startsWith("[") && body.endsWith("]")) parsed = { nonNull, list: parseType(body.slice(1, -1)) };
  else if (KINDS.has(body)) parsed = { nonNull, kind: body };
  else throw new Error(`not a JSON type: ${text}`);
  parsedTypes.set(text, parsed);
  return parsed;
}

class ShapeMismatch extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

/**
 * Checks a REST answer against the operation's selection and keeps only the selected fields.
 * Absent or null nullable fields become null; anything else that does not fit the declared type
 * (a non-object where an object is declared, an array for an object, a missing non-null field, a
 * string for a number, ...) is an UPSTREAM_ERROR naming the first place it went wrong.
 */
export function projectSelection(value: unknown, shape: FieldShape, site: ProjectionSite): unknown {
  try {
    return project(value, parseType(shape.type), shape.fields, site.root);
  } catch (error) {
    if (!(error instanceof ShapeMismatch)) throw error;
    throw new UpstreamError(
      `Panther's answer to ${site.operation} does not have the expected shape: ${error.message}. Panther's API may have changed; this server needs an update.`,
    );
  }
}

function project(value: unknown, type: Parsed, fields: Selection | undefined, path: string): unknown {
  if (value === null || value === undefined) {
    if (type.nonNull) throw new ShapeMismatch(path, value === null ? "is null, but a value is required" : "is missing");
    return null;
  }
  if ("list" in type) {
    if (!Array.isArray(value)) throw new ShapeMismatch(path, `expected a list, got ${kindOf(value)}`);
    return value.map((item, i) => project(item, type.list, fields, `${path}[${i}]`));
  }
  switch (type.kind) {
    case "any":
      return value;
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) throw new ShapeMismatch(path, `expected an object, got ${kindOf(value)}`);
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(fields ?? {})) {
        const field = typeof sub === "string" ? { type: sub } : sub;
        const name = field.of ?? key;
        const raw = Object.prototype.hasOwnProperty.call(source, name) ? source[name] : undefined;
        out[key] = project(raw, parseType(field.type), field.fields, `${path}.${name}`);
      }
      return out;
    }
    default:
      if (typeof value !== type.kind)
        throw new ShapeMismatch(path, `expected ${type.kind === "object" ? "an" : "a"} ${type.kind}, got ${kindOf(value)}`);
      return value;
  }
}

/** Applies a shape plan to a value; arrays are shaped element by element. */
export function shapeResult(value: unknown, plan: ShapePlan): unknown {
  if (plan.redact) return value === null || value === undefined ? value : REDACTED;
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => shapeResult(item, plan));
  if (typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...source };
  for (const [key, sub] of Object.entries(plan.fields ?? {})) {
    if (key in out) out[key] = shapeResult(out[key], sub);
  }
  if (plan.flatten === "connection") return flattenConnection(out);
  if (plan.flatten === "rest-list") return flattenRestList(out);
  return out;
}

function flattenConnection(value: Record<string, unknown>): unknown {
  const edges = (value.edges as { node: unknown }[] | undefined) ?? [];
  const pageInfo = value.pageInfo as { endCursor?: string | null; hasNextPage?: boolean } | undefined;
  const out: Record<string, unknown> = { items: edges.map((edge) => edge.node) };
  if (pageInfo) {
    out.next_cursor = pageInfo.hasNextPage ? (pageInfo.endCursor ?? null) : null;
    out.has_next_page = Boolean(pageInfo.hasNextPage);
  }
  return out;
}

function flattenRestList(value: Record<string, unknown>): unknown {
  const next = typeof value.next === "string" && value.next !== "" ? value.next : null;
  return { items: (value.results as unknown[] | undefined) ?? [], next_cursor: next, has_next_page: next !== null };
}

/** Maps an enum value (or a list of them) to the name Panther's REST API uses. */
export function restValue<T>(value: T, names: Record<string, string>): T | string | string[] {
  if (Array.isArray(value)) return value.map((v) => names[String(v)] ?? String(v));
  if (typeof value === "string") return names[value] ?? value;
  return value;
}
