/**
 * Turns Panther responses into tool results: projects REST JSON onto an operation's selection,
 * flattens paginated listings and redacts marked fields. The plans are computed by the generator.
 */

/** Response key → sub-selection (`true` for a leaf). `of` names the JSON field when aliased. */
export type Selection = { [responseKey: string]: true | { of?: string; fields?: Selection } };

/** How one level of a result is reshaped. */
export interface ShapePlan {
  /** `connection`: edges/node/pageInfo; `rest-list`: results/next. Both become items/next_cursor/has_next_page. */
  flatten?: "connection" | "rest-list";
  redact?: boolean;
  fields?: Record<string, ShapePlan>;
}

export const REDACTED = "[redacted]";

/** Keeps only the selected fields of a REST JSON value; missing fields become null. */
export function projectSelection(value: unknown, selection: Selection): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => projectSelection(item, selection));
  if (typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(selection)) {
    if (sub === true) {
      out[key] = source[key] ?? null;
    } else {
      const raw = source[sub.of ?? key];
      out[key] = sub.fields ? projectSelection(raw, sub.fields) : (raw ?? null);
    }
  }
  return out;
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
