// Redaction of log fields by path, once per line before it is written.
//
// pino's `redact` option, which did this before, gave every field of every line to a path-matching
// function (a wildcard path such as `*.apiToken` made it run for each field, re-parsing each path each
// time): with our paths that cost more than the rest of a tool-call line together. This does the same
// redaction — the same paths, the same "[REDACTED]" in the same places — but a field is only looked
// into when it is an object, and a line that holds no secret is passed on as it is.
import { serializeError } from "./log-line.js";

export const CENSOR = "[REDACTED]";

/** A path's segments: `a.b`, `a['x-y']` and `*` (any key) as pino writes them. */
type Segments = readonly string[];

/** Where matched values sit under a field: a key to replace, or a key to go into. */
interface Trie {
  [key: string]: Trie | typeof CENSOR;
}

/** `headers['x-api-key']` → ["headers", "x-api-key"]. */
function segmentsOf(path: string): Segments {
  const out: string[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[\s*(?:'([^']*)'|"([^"]*)"|([^\]]*))\s*\]/g)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? "");
  return out;
}

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** The keys a wildcard runs over: an array's indices, an object's enumerable keys. */
function keysOf(value: Record<string, unknown>): string[] {
  if (Array.isArray(value)) return value.map((_, i) => String(i));
  const keys: string[] = [];
  for (const key in value) keys.push(key);
  return keys;
}

/** Records in `trie` every place under `value` that `path` (from segment `at`) names. */
function match(value: unknown, path: Segments, at: number, trie: Trie): void {
  if (!isObject(value)) return;
  const segment = path[at]!;
  const last = at === path.length - 1;
  const keys = segment === "*" ? keysOf(value) : [segment];
  for (const key of keys) {
    if (last) {
      // A named key must be the object's own; a wildcard replaces whatever the object lists.
      if (segment === "*" || hasOwn(value, key)) trie[key] = CENSOR;
      continue;
    }
    const inner = value[key];
    if (segment !== "*" && !(key in value && isObject(inner))) continue;
    const node = trie[key];
    if (node === CENSOR) continue;
    const sub: Trie = node ?? {};
    match(inner, path, at + 1, sub);
    if (!node && Object.keys(sub).length) trie[key] = sub;
  }
}

/** A copy of `value` with the places in `trie` replaced; what the trie does not name is shared. */
function rebuild(value: Record<string, unknown>, trie: Trie): unknown {
  let copy: Record<string, unknown>;
  if (Array.isArray(value)) copy = value.slice() as unknown as Record<string, unknown>;
  else if (value instanceof Date) return new Date(value.getTime());
  else {
    copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
    for (const key in value) if (hasOwn(value, key)) copy[key] = value[key];
  }
  for (const key of Object.keys(trie)) {
    const node = trie[key]!;
    copy[key] = node === CENSOR ? CENSOR : rebuild(value[key] as Record<string, unknown>, node);
  }
  return copy;
}

/** A field's value with the paths applied; the same value when none of them is there. */
function redactField(value: unknown, paths: readonly Segments[]): unknown {
  if (!isObject(value)) return value;
  const trie: Trie = {};
  for (const path of paths) match(value, path, 0, trie);
  return Object.keys(trie).length ? rebuild(value, trie) : value;
}

/**
 * Redacts a line's fields: every value at one of `paths` is replaced by "[REDACTED]" — a one-segment
 * path replaces the field itself, `a.b` looks into field a, a leading `*` into every field. `log`
 * returns the fields object itself when nothing is replaced, else a copy (the caller's objects are
 * never changed). `err` is looked into as it will be written (after pino's error serializer) and
 * handed on serialized; `serialized` tells the writer so.
 */
export function logRedactor(paths: readonly string[]): {
  log(fields: Record<string, unknown>): Record<string, unknown>;
  serialized(value: unknown): boolean;
} {
  const whole = new Set<string>();
  const under = new Map<string, Segments[]>();
  const anyField: Segments[] = [];
  for (const path of paths) {
    const [first, ...rest] = segmentsOf(path);
    if (first === undefined) continue;
    if (rest.length === 0) whole.add(first);
    else if (first === "*") anyField.push(rest);
    else under.set(first, [...(under.get(first) ?? []), rest]);
  }
  const pathsOf = (field: string): readonly Segments[] => {
    const own = under.get(field);
    return own ? [...own, ...anyField] : anyField;
  };
  const serialized = new WeakSet<object>();

  return {
    log(fields) {
      let out: Record<string, unknown> | undefined;
      for (const key in fields) {
        if (!hasOwn(fields, key)) continue;
        const value = fields[key];
        let next: unknown = value;
        if (whole.has(key)) {
          if (value !== undefined && typeof value !== "function") next = CENSOR;
        } else if (isObject(value)) {
          const seen = key === "err" ? serializeError(value) : value;
          next = redactField(seen, pathsOf(key));
          if (key === "err" && next !== value && isObject(next)) serialized.add(next);
        }
        if (next !== value) (out ??= { ...fields })[key] = next;
      }
      return out ?? fields;
    },
    serialized: (value) => isObject(value) && serialized.has(value),
  };
}
