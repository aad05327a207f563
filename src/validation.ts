import type { z } from "zod";
import { InvalidArgumentError } from "./errors.js";
import { enforcedJsonSchema } from "./runtime/json-schema.js";
import type { JsonSchemaObject, ToolDefinition } from "./runtime/tool.js";

/**
 * Validates raw tool arguments; every problem is named with its field, what is allowed and what came.
 * `code`: the tool's loaded definition, for a tool listed from the catalog (whose inputSchema only
 * forwards safeParse), so errors can name every argument it takes, unlisted ones included.
 */
export function parseArguments<T>(tool: ToolDefinition<T>, raw: unknown, code: Enforced = tool): T {
  if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
    throw new InvalidArgumentError(`Invalid arguments for ${tool.name}: arguments must be a JSON object, got ${describe(raw)}.`);
  }
  // Models often send null for "not given": a top-level null is treated as absent (a required
  // argument then says it is required; an optional one takes its default).
  const given = (raw ?? {}) as Record<string, unknown>;
  const args = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== null));
  const result = tool.inputSchema.safeParse(args);
  if (result.success) return result.data;
  // Unlisted arguments too: an error lists every argument the tool takes.
  const schema = enforcedOf(code);
  const allowed = Object.keys(schema.properties);
  const lines = result.error.issues.map((issue) => describeIssue(issue, args, given, allowed, schema));
  throw new InvalidArgumentError(`Invalid arguments for ${tool.name}: ${[...new Set(lines)].join("; ")}`);
}

/** A tool's enforced JSON Schema, derived once per tool, on its first refused call. */
type Enforced = Pick<ToolDefinition, "inputSchema" | "inputJsonSchema">;
const enforced = new WeakMap<object, JsonSchemaObject>();
function enforcedOf(tool: Enforced): JsonSchemaObject {
  let schema = enforced.get(tool);
  if (!schema) enforced.set(tool, (schema = enforcedJsonSchema(tool)));
  return schema;
}

type Path = readonly PropertyKey[];

/** `a.b[0].c` for a zod path. */
function pathText(path: Path): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** The value at `path` in `root`, or undefined when any step is missing. */
function valueAt(root: unknown, path: Path): unknown {
  let at: unknown = root;
  for (const p of path) {
    if (at === null || typeof at !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(at, p)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[p];
  }
  return at;
}

/** What a value is, for messages: its JSON type, with short scalars shown. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
    case "number":
    case "boolean":
      return String(value);
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}

/** zod's name of an expected type, in JSON terms. */
function expectedName(expected: string): string {
  if (expected === "int") return "integer";
  if (expected === "record" || expected === "map") return "object";
  return expected;
}

/** The advertised JSON Schema of the value at `path`, when the schema says. */
function schemaAt(schema: unknown, path: Path): Record<string, unknown> | undefined {
  let at = schema as Record<string, unknown> | undefined;
  for (const p of path) {
    if (!at || typeof at !== "object") return undefined;
    const next: unknown = typeof p === "number" ? at.items : (at.properties as Record<string, unknown> | undefined)?.[p as string];
    at = next as Record<string, unknown> | undefined;
  }
  return at;
}

function describeIssue(issue: z.core.$ZodIssue, args: unknown, given: Record<string, unknown>, allowed: string[], schema: unknown): string {
  const field = pathText(issue.path);
  const name = field || "arguments";
  const input = valueAt(args, issue.path);
  const declared = schemaAt(schema, issue.path);
  const wasNull = issue.path.length === 1 && given[issue.path[0] as string] === null;
  const nullNote = wasNull ? "; null counts as not given" : "";
  switch (issue.code) {
    case "unrecognized_keys": {
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      const where = field ? ` in ${field}` : "";
      const choices = field ? "" : ` (allowed: ${allowed.join(", ") || "none"})`;
      return `unknown argument${issue.keys.length > 1 ? "s" : ""} ${keys}${where}${choices}`;
    }
    case "invalid_type": {
      // The advertised type (integer rather than zod's number) when there is one.
      const expected = typeof declared?.type === "string" ? declared.type : expectedName(issue.expected);
      if (input === undefined) return `${name} is required (${expected})${nullNote}`;
      if (expected === "integer" && typeof input === "number") return `${name}: expected an integer, got ${input}`;
      const got = input === null ? "null" : Array.isArray(input) ? "array" : typeof input;
      return `${name}: expected ${expected}, got ${got}`;
    }
    case "invalid_value": {
      const choices = issue.values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
      if (input === undefined) return `${name} is required (one of ${choices})${nullNote}`;
      return `${name}: must be one of ${choices} (got ${describe(input)})`;
    }
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      const bound = String(big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum);
      const inclusive = issue.inclusive !== false;
      if (issue.origin === "array" || issue.origin === "set") {
        const count = Array.isArray(input) ? ` (got ${input.length})` : "";
        return `${name}: ${big ? "at most" : "at least"} ${bound} item${bound === "1" ? "" : "s"}${count}`;
      }
      if (issue.origin === "string") {
        const count = typeof input === "string" ? ` (got ${[...input].length})` : "";
        return `${name}: ${big ? "at most" : "at least"} ${bound} character${bound === "1" ? "" : "s"}${count}`;
      }
      const op = big ? (inclusive ? "<=" : "<") : inclusive ? ">=" : ">";
      return `${name}: must be ${op} ${bound}${input === undefined ? "" : ` (got ${String(input)})`}`;
    }
    case "not_multiple_of":
      return `${name}: must be a multiple of ${String(issue.divisor)} (got ${String(input)})`;
    case "invalid_format": {
      const got = typeof input === "string" ? ` (got ${describe(input)})` : "";
      if (issue.format === "date-time" || issue.format === "datetime") {
        return `${name}: must be an ISO 8601 date-time with a zone (RFC 3339), e.g. 2026-01-31T00:00:00Z or 2026-01-31T02:00:00+02:00${got}`;
      }
      if (issue.format === "regex") {
        const pattern = ((issue as { pattern?: string }).pattern ?? "").replace(/^\/([\s\S]*)\/[a-z]*$/, "$1");
        return `${name}: must match the pattern ${pattern}${got}`;
      }
      if (issue.format === "starts_with" || issue.format === "ends_with" || issue.format === "includes") {
        return `${name}: ${issue.message.replace(/^Invalid string: /, "")}${got}`;
      }
      return `${name}: must be a valid ${issue.format}${got}`;
    }
    case "invalid_union": {
      const branches = issue.errors.map((branch) =>
        branch.map((i) => describeIssue(i, input, {}, [], declared).replace(/^arguments: /, "")).join(", "),
      );
      return `${name}: matches none of the allowed forms (${branches.join(" | ")})`;
    }
    case "invalid_key": {
      // The path ends with the key itself.
      const key = String(issue.path[issue.path.length - 1]);
      const owner = pathText(issue.path.slice(0, -1)) || "arguments";
      const why = issue.issues.map((i) => describeIssue(i, key, {}, [], undefined).replace(/^arguments: /, "")).join(", ");
      return `${owner}: key ${JSON.stringify(key)} is not allowed (${why})`;
    }
    case "invalid_element":
      return `${name}: has an invalid element (${issue.issues.map((i) => i.message).join(", ")})`;
    case "custom":
      return `${name}: ${issue.message}`;
    default:
      return `${name}: ${(issue as { message: string }).message}`;
  }
}
