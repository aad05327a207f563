// Classifies the changes between two tool snapshots (the contract clients see): breaking, additive or
// cosmetic. Input schemas: narrowing what a client may send breaks it. Output schemas: the reverse.

import { namesArgument, omittedFromListing } from "../../src/runtime/json-schema.js";

export type Level = "breaking" | "additive" | "cosmetic";

export interface ContractChange {
  level: Level;
  kind: "tool" | "prompt";
  name: string;
  message: string;
}

type Json = Record<string, unknown>;

/** A snapshot: the tools/list array, or `{ tools, prompts }` once prompts are part of it. */
export interface Snapshot {
  tools: Json[];
  prompts?: Json[];
}

export function parseSnapshot(text: string, where: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (Array.isArray(value)) return { tools: value as Json[] };
  if (value && typeof value === "object" && Array.isArray((value as Json).tools)) {
    const { tools, prompts } = value as { tools: Json[]; prompts?: unknown };
    return { tools, prompts: Array.isArray(prompts) ? (prompts as Json[]) : undefined };
  }
  throw new Error(`${where} is neither a list of tools nor { tools, prompts }`);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (v: unknown) => (v === undefined ? "none" : JSON.stringify(v));
const brief = (v: unknown) => {
  const text = typeof v === "string" ? v : show(v);
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
};

/** A text change as a word diff: the changed middle with a little context, `…ctx [-old-]{+new+} ctx…`. */
function textChange(before: unknown, after: unknown): string {
  if (typeof before !== "string" || typeof after !== "string") return `${brief(before)} → ${brief(after)}`;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end])
    end++;
  const CONTEXT = 20;
  const head = before.slice(Math.max(0, start - CONTEXT), start);
  const tail = before.slice(before.length - end, before.length - end + CONTEXT);
  const removed = before.slice(start, before.length - end);
  const added = after.slice(start, after.length - end);
  const cut = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
  return `${start > CONTEXT ? "…" : ""}${head}${removed ? `[-${cut(removed)}-]` : ""}${added ? `{+${cut(added)}+}` : ""}${tail}${end > CONTEXT ? "…" : ""}`;
}

/** Keywords that set a lower bound (raising it tightens) and an upper bound (lowering it tightens). */
const LOWER = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"];
const UPPER = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"];
const HANDLED = new Set([
  ...LOWER,
  ...UPPER,
  "description",
  "title",
  "default",
  "type",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "pattern",
  "format",
  "uniqueItems",
  "$schema",
]);

/** The JSON type of one value, as a schema's `type` names it (a whole number is an integer). */
function typeOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value;
}

/** Whether `value` is of one of the types `type` names (an integer is also a number). */
function isOf(value: unknown, type: unknown): boolean {
  const names = Array.isArray(type) ? (type as string[]) : [String(type)];
  const kind = typeOf(value);
  return names.includes(kind) || (kind === "integer" && names.includes("number"));
}

/**
 * The JSON types a schema admits. With an enum they are the types of the values it admits (`type`
 * beside an enum only filters its values, so dropping it changes nothing); undefined = any.
 */
function types(schema: Json): Set<string> | undefined {
  const t = schema.type;
  if (Array.isArray(schema.enum)) return new Set(schema.enum.filter((v) => t === undefined || isOf(v, t)).map(typeOf));
  if (t === undefined) return undefined;
  return new Set(Array.isArray(t) ? (t as string[]) : [String(t)]);
}

/**
 * Compares two JSON Schemas. `tight` is the level of a change that narrows what is accepted
 * (breaking for an input, additive for an output); `loose` the reverse.
 */
function compareSchema(
  before: Json,
  after: Json,
  at: string,
  input: boolean,
  emit: (level: Level, message: string) => void,
  optional = false,
  unlisted: (key: string) => boolean = () => false,
): void {
  const tight: Level = input ? "breaking" : "additive";
  const loose: Level = input ? "additive" : "breaking";
  const label = at ? `${at}: ` : "";
  // An input keyword the listing leaves out by rule (src/runtime/json-schema.ts) is still enforced by
  // the server: its disappearance changes what clients read, not what the server accepts.
  const listingOnly = (key: string) => input && after[key] === undefined && omittedFromListing(key, before[key], optional);

  for (const key of ["title", "description"]) {
    if (!same(before[key], after[key])) emit("cosmetic", `${label}${key}: ${textChange(before[key], after[key])}`);
  }
  if (!same(before.default, after.default)) emit("additive", `${label}default ${show(before.default)} → ${show(after.default)}`);

  const t1 = types(before);
  const t2 = types(after);
  if (!same(t1 && [...t1].sort(), t2 && [...t2].sort())) {
    const lost = t1 ? (t2 ? [...t1].filter((t) => !t2.has(t)) : []) : ["any"];
    const gained = t2 ? (t1 ? [...t2].filter((t) => !t1.has(t)) : []) : ["any"];
    const what = `type ${show(before.type)} → ${show(after.type)}`;
    if (lost.length) emit(tight, `${label}${what} (narrowed)`);
    else if (gained.length) emit(loose, `${label}${what} (widened)`);
  }

  const e1 = before.enum as unknown[] | undefined;
  const e2 = after.enum as unknown[] | undefined;
  if (!same(e1, e2)) {
    const removed = e1 && e2 ? e1.filter((v) => !e2.some((w) => same(v, w))) : e1 ? [] : ["(any value)"];
    const added = e1 && e2 ? e2.filter((v) => !e1.some((w) => same(v, w))) : e2 ? [] : ["(any value)"];
    if (removed.length) emit(tight, `${label}enum value${removed.length > 1 ? "s" : ""} ${removed.map(show).join(", ")} removed`);
    if (added.length) emit(loose, `${label}enum value${added.length > 1 ? "s" : ""} ${added.map(show).join(", ")} added`);
  }

  for (const key of [...LOWER, ...UPPER]) {
    const a = before[key] as number | undefined;
    const b = after[key] as number | undefined;
    if (a === b) continue;
    if (listingOnly(key)) {
      emit("cosmetic", `${label}${key} ${show(a)} left out of the listing (still enforced by the server)`);
      continue;
    }
    const lower = LOWER.includes(key);
    const tighter = b !== undefined && (a === undefined || (lower ? b > a : b < a));
    emit(tighter ? tight : loose, `${label}${key} ${show(a)} → ${show(b)} (${tighter ? "tightened" : "loosened"})`);
  }
  for (const key of ["pattern", "format"]) {
    if (same(before[key], after[key])) continue;
    const loosened = after[key] === undefined;
    emit(loosened ? loose : tight, `${label}${key} ${show(before[key])} → ${show(after[key])} (${loosened ? "loosened" : "tightened"})`);
  }
  if (!same(before.uniqueItems, after.uniqueItems)) {
    emit(after.uniqueItems === true ? tight : loose, `${label}uniqueItems ${show(before.uniqueItems)} → ${show(after.uniqueItems)}`);
  }
  if (listingOnly("additionalProperties")) {
    emit("cosmetic", `${label}additionalProperties false left out of the listing (unknown arguments are still refused by the server)`);
  } else if (!same(before.additionalProperties, after.additionalProperties)) {
    const closed = after.additionalProperties === false;
    emit(closed ? tight : loose, `${label}additionalProperties ${show(before.additionalProperties)} → ${show(after.additionalProperties)}`);
  }

  const p1 = (before.properties ?? {}) as Record<string, Json>;
  const p2 = (after.properties ?? {}) as Record<string, Json>;
  const r1 = new Set((before.required ?? []) as string[]);
  const r2 = new Set((after.required ?? []) as string[]);
  const noun = input ? (at ? "property" : "argument") : "field";
  const name = (key: string) => (at ? `${at}.${key}` : key);
  for (const key of Object.keys(p1)) {
    if (key in p2) continue;
    if (unlisted(key)) emit("cosmetic", `${noun} ${name(key)} unlisted (named in the description; the server still takes it)`);
    else emit("breaking", `${noun} ${name(key)} removed`);
  }
  for (const key of Object.keys(p2)) {
    if (key in p1) continue;
    if (input) emit(r2.has(key) ? "breaking" : "additive", `new ${r2.has(key) ? "required" : "optional"} ${noun} ${name(key)}`);
    else emit("additive", `new ${noun} ${name(key)}`);
  }
  for (const key of Object.keys(p1)) {
    if (!(key in p2)) continue;
    if (r1.has(key) !== r2.has(key)) {
      const nowRequired = r2.has(key);
      // A newly required input or a newly optional output asks more of the client.
      const level = nowRequired === input ? "breaking" : "additive";
      emit(level, `${noun} ${name(key)} ${nowRequired ? "optional → required" : "required → optional"}`);
    }
    compareSchema(p1[key], p2[key], name(key), input, emit, !r2.has(key));
  }
  if (before.items || after.items) {
    compareSchema((before.items ?? {}) as Json, (after.items ?? {}) as Json, `${at || "value"}[]`, input, emit);
  }

  // Anything else (anyOf, $ref, const …) is not classified: say so, as breaking, for a person to judge.
  const rest = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !HANDLED.has(k)));
  for (const key of rest) {
    if (!same(before[key], after[key])) emit("breaking", `${label}${key} changed (not classified; review it)`);
  }
}

/** MCP hints with the spec's defaults applied: readOnly false, destructive true, idempotent false, openWorld true. */
function hints(tool: Json) {
  const a = (tool.annotations ?? {}) as Json;
  const readOnly = a.readOnlyHint === true;
  return {
    readOnly,
    destructive: !readOnly && a.destructiveHint !== false,
    // A read changes nothing, so it is idempotent whatever the hint says.
    idempotent: readOnly || a.idempotentHint === true,
    openWorld: a.openWorldHint !== false,
  };
}

function compareTool(before: Json, after: Json, emit: (level: Level, message: string) => void): void {
  for (const key of ["title", "description"]) {
    if (!same(before[key], after[key])) emit("cosmetic", `${key}: ${textChange(before[key], after[key])}`);
  }
  const h1 = hints(before);
  const h2 = hints(after);
  if (h1.readOnly && !h2.readOnly) emit("breaking", "becomes a write (readOnlyHint off)");
  if (!h1.readOnly && h2.readOnly) emit("additive", "becomes read-only");
  if (!h1.destructive && h2.destructive) emit("breaking", "becomes destructive");
  if (h1.destructive && !h2.destructive && !h2.readOnly) emit("additive", "no longer destructive");
  if (h1.idempotent && !h2.idempotent) emit("breaking", "no longer idempotent");
  if (!h1.idempotent && h2.idempotent) emit("additive", "becomes idempotent");
  if (h1.openWorld !== h2.openWorld) emit("cosmetic", `openWorldHint ${h1.openWorld} → ${h2.openWorld}`);
  const a1 = (before.annotations ?? {}) as Json;
  const a2 = (after.annotations ?? {}) as Json;
  if (!same(a1.title, a2.title)) emit("cosmetic", `annotations.title: ${textChange(a1.title, a2.title)}`);

  // An argument left out of the listing but named in its text is unlisted, not removed: `npm run generate`
  // only lets an argument the server takes be named that way (generator/budget.ts), and the listing no
  // longer closes the object (additionalProperties false), so clients may still send it.
  const input = (after.inputSchema ?? {}) as Json;
  const text = [after.description, ...Object.values((input.properties ?? {}) as Record<string, Json>).map((p) => p.description)].join("\n");
  const unlisted = (key: string) => input.additionalProperties !== false && namesArgument(text, key);
  compareSchema((before.inputSchema ?? {}) as Json, input, "", true, emit, false, unlisted);
  if (before.outputSchema || after.outputSchema) {
    compareSchema((before.outputSchema ?? {}) as Json, (after.outputSchema ?? {}) as Json, "output", false, emit);
  }
  const known = new Set(["name", "title", "description", "annotations", "inputSchema", "outputSchema"]);
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!known.has(key) && !same(before[key], after[key])) emit("cosmetic", `${key} changed`);
  }
}

function comparePrompt(before: Json, after: Json, emit: (level: Level, message: string) => void): void {
  for (const key of ["title", "description"]) {
    if (!same(before[key], after[key])) emit("cosmetic", `${key}: ${textChange(before[key], after[key])}`);
  }
  type Arg = { name: string; description?: string; required?: boolean };
  const a1 = (before.arguments ?? []) as Arg[];
  const a2 = (after.arguments ?? []) as Arg[];
  for (const arg of a1) if (!a2.some((a) => a.name === arg.name)) emit("breaking", `argument ${arg.name} removed`);
  for (const arg of a2) {
    const old = a1.find((a) => a.name === arg.name);
    if (!old) {
      emit(arg.required ? "breaking" : "additive", `new ${arg.required ? "required" : "optional"} argument ${arg.name}`);
      continue;
    }
    if (Boolean(old.required) !== Boolean(arg.required)) {
      emit(arg.required ? "breaking" : "additive", `argument ${arg.name} ${arg.required ? "optional → required" : "required → optional"}`);
    }
    if (!same(old.description, arg.description))
      emit("cosmetic", `argument ${arg.name} description: ${textChange(old.description, arg.description)}`);
  }
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!["name", "title", "description", "arguments"].includes(key) && !same(before[key], after[key])) {
      emit("cosmetic", `${key} changed`);
    }
  }
}

function compareList(
  kind: "tool" | "prompt",
  before: Json[],
  after: Json[],
  compare: (a: Json, b: Json, emit: (level: Level, message: string) => void) => void,
  out: ContractChange[],
): void {
  const byName = (list: Json[]) => new Map(list.map((x) => [String(x.name), x]));
  const old = byName(before);
  const now = byName(after);
  const added = [...now.keys()].filter((n) => !old.has(n));
  for (const [name, item] of old) {
    const next = now.get(name);
    if (!next) {
      // Same schema or title under a new name: most likely a rename.
      const twin = added.find((n) => {
        const other = now.get(n)!;
        return (
          (kind === "tool" && same(other.inputSchema, item.inputSchema)) || (item.title !== undefined && same(other.title, item.title))
        );
      });
      out.push({ level: "breaking", kind, name, message: twin ? `${kind} removed (renamed to ${twin}?)` : `${kind} removed` });
      continue;
    }
    compare(item, next, (level, message) => out.push({ level, kind, name, message }));
  }
  for (const name of added) out.push({ level: "additive", kind, name, message: `new ${kind}` });
}

/** Every change between two snapshots, breaking first. */
export function compareSnapshots(before: Snapshot, after: Snapshot): ContractChange[] {
  const out: ContractChange[] = [];
  compareList("tool", before.tools, after.tools, compareTool, out);
  if (before.prompts || after.prompts) compareList("prompt", before.prompts ?? [], after.prompts ?? [], comparePrompt, out);
  const rank: Record<Level, number> = { breaking: 0, additive: 1, cosmetic: 2 };
  return out.sort((a, b) => rank[a.level] - rank[b.level]);
}
