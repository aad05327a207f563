// Small helpers over the JSON AST that sqlparser-rs (via @guanmingchiu/sqlparser-ts) returns.
// Every node is a plain object; an enum variant is an object with one key, the variant's name.

export type Node = Record<string, unknown>;

/** An identifier as the parser gives it: `quote_style` is set when it was written quoted. */
export interface Ident {
  value: string;
  quote_style?: string | null;
}

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The variant of a one-key enum node, e.g. `{Table: {...}}` -> ["Table", {...}]. */
export function variant(value: unknown): [string, unknown] | undefined {
  if (typeof value === "string") return [value, undefined];
  if (!isNode(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 ? [keys[0]!, value[keys[0]!]] : undefined;
}

export function isIdent(value: unknown): value is Ident {
  return isNode(value) && typeof value.value === "string";
}

/** How Snowflake resolves a name: unquoted identifiers fold to upper case, quoted ones are kept. */
export function norm(id: Ident): string {
  return id.quote_style ? id.value : id.value.toUpperCase();
}

/** The identifier as it was written, for messages. */
export function written(id: Ident): string {
  if (!id.quote_style) return id.value;
  const close = id.quote_style === "[" ? "]" : id.quote_style;
  return `${id.quote_style}${id.value}${close}`;
}

/** A Query struct (the body of a statement, a subquery, a CTE): it has a set-expression body. */
export function isQuery(value: unknown): value is Node {
  return isNode(value) && isNode(value.body) && Array.isArray(value.pipe_operators);
}
