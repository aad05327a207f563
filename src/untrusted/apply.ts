// Walks a tool's return value by its UntrustedPlan (src/runtime/tool.ts) and cleans, or in lockdown
// withholds, every untrusted string. Lists are transparent (the plan applies to each element); `true`
// covers a whole subtree, object keys included. A value whose shape is not the plan's (a string where
// the plan names keys) is taken as untrusted whole. The value is copied, never changed in place.
import type { UntrustedPlan } from "../runtime/tool.js";
import { cleanText } from "./clean.js";
import { keyPassesLockdown, passesLockdownAt, withheld, withheldKey } from "./withhold.js";

export interface UntrustedOptions {
  /** Replace untrusted strings with placeholders (PANTHER_LOCKDOWN). */
  lockdown?: boolean;
}

export interface UntrustedOutcome {
  value: unknown;
  /** Whether the plan reached at least one non-empty string or key: the result must be fenced. */
  found: boolean;
  /** Hidden characters removed in all. */
  removed: number;
}

interface Walk {
  lockdown: boolean;
  found: boolean;
  removed: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What JSON.stringify would write for `value` (a Date becomes its ISO string). */
function jsonForm(value: unknown): unknown {
  const toJSON = isObject(value) ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJSON === "function" ? (toJSON as () => unknown).call(value) : value;
}

/** `at`: the key the value is held under, when it is an object's field. */
function text(value: string, walk: Walk, at?: string): string {
  if (value === "") return value;
  walk.found = true;
  const clean = cleanText(value);
  walk.removed += clean.removed;
  return walk.lockdown && !passesLockdownAt(at, clean.text) ? withheld(clean.text) : clean.text;
}

function key(name: string, walk: Walk): string {
  if (name === "") return name;
  walk.found = true;
  const clean = cleanText(name);
  walk.removed += clean.removed;
  return walk.lockdown && !keyPassesLockdown(clean.text) ? withheldKey(clean.text) : clean.text;
}

/** A key not yet in `taken`: two keys that clean to the same text both stay, the second numbered. */
function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name} (${n})`;
  taken.add(candidate);
  return candidate;
}

/** Every string and key in `value`, cleaned or withheld. */
function whole(raw: unknown, walk: Walk, at?: string): unknown {
  const value = jsonForm(raw);
  if (typeof value === "string") return text(value, walk, at);
  if (Array.isArray(value)) return value.map((item) => whole(item, walk));
  if (!isObject(value)) return value;
  const taken = new Set<string>();
  // fromEntries defines each key as an own property, also one named __proto__.
  return Object.fromEntries(Object.entries(value).map(([name, inner]) => [unique(key(name, walk), taken), whole(inner, walk, name)]));
}

function byPlan(raw: unknown, plan: UntrustedPlan, walk: Walk): unknown {
  const value = jsonForm(raw);
  if (Array.isArray(value)) return value.map((item) => byPlan(item, plan, walk));
  if (plan === true || typeof value === "string") return whole(value, walk);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [name, inner] of Object.entries(plan)) {
    if (Object.hasOwn(out, name)) out[name] = byPlan(out[name], inner, walk);
  }
  return out;
}

/** `value` with every string its plan covers cleaned (hidden characters removed, markers neutralised), or withheld in lockdown. */
export function applyUntrusted(value: unknown, plan: UntrustedPlan, options: UntrustedOptions = {}): UntrustedOutcome {
  const walk: Walk = { lockdown: options.lockdown ?? false, found: false, removed: 0 };
  const out = byPlan(value, plan, walk);
  return { value: out, found: walk.found, removed: walk.removed };
}
