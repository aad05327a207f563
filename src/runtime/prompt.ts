// Prompts generated from prompts/*.md: their declared arguments, checked and normalised, and their text.
// MCP prompt arguments are strings; each declares what it holds and is checked before the text is made.

export type PromptArgumentType = "string" | "integer" | "datetime";

export interface PromptArgumentSpec {
  name: string;
  /** As listed to clients: the declared text and what is allowed. */
  description: string;
  required: boolean;
  type: PromptArgumentType;
  /** The value used when an optional argument is not given. */
  default?: string;
  /** integer bounds. */
  min?: number;
  max?: number;
  /** string length bounds (characters, after trimming). */
  minLength?: number;
  maxLength?: number;
  /** datetime: must be later than this other datetime argument. */
  after?: string;
}

/** A piece of a prompt's text: literal text, an argument's value, or a tool's name as served (prefixed). */
export type PromptPart = string | { arg: string } | { tool: string };

export interface PromptSpec {
  /** The file name under prompts/ (kebab-case). */
  name: string;
  title: string;
  description: string;
  arguments: readonly PromptArgumentSpec[];
  /** Tools the text tells the model to call (unprefixed); the prompt is offered only when all are served. */
  tools: readonly string[];
  text: readonly PromptPart[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** What a datetime argument accepts, as said in listings and errors. */
export const DATETIME_FORMS = "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC unless an offset is given";

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch of a date or date-time, or undefined when it is not a real one. */
export function parsePromptDateTime(value: string): number | undefined {
  const day = DATE.exec(value);
  const time = day ? undefined : DATE_TIME.exec(value);
  const m = day ?? time;
  if (!m) return undefined;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || date < 1 || date > daysIn(year, month)) return undefined;
  if (!time) return Date.UTC(year, month - 1, date);
  const [hour, minute, second] = [Number(time[4]), Number(time[5]), Number(time[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = Number((time[7] ?? "0").padEnd(3, "0").slice(0, 3));
  let offset = 0;
  if (time[9]) {
    const [oh, om] = [Number(time[10]), Number(time[11])];
    if (oh > 23 || om > 59) return undefined;
    offset = (time[9] === "+" ? 1 : -1) * (oh * 60 + om) * 60_000;
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, date);
  utc.setUTCHours(hour, minute, second, millis);
  return utc.getTime() - offset;
}

/** An instant as RFC 3339 UTC, without a fraction when it has none (2026-05-01T00:00:00Z). */
export function formatPromptDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** One argument's value checked and normalised, or the problem with it (naming the argument and what is allowed). */
export function checkPromptArgument(spec: PromptArgumentSpec, raw: string): { value: string } | { problem: string } {
  const value = raw.trim();
  const got = ` (got ${JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw)})`;
  switch (spec.type) {
    case "datetime": {
      const ms = parsePromptDateTime(value);
      if (ms === undefined) return { problem: `${spec.name} must be a date or time: ${DATETIME_FORMS}${got}` };
      return { value: formatPromptDateTime(ms) };
    }
    case "integer": {
      const n = /^[+-]?\d{1,15}$/.test(value) ? Number(value) : NaN;
      const range =
        spec.min !== undefined && spec.max !== undefined
          ? `from ${spec.min} to ${spec.max}`
          : spec.min !== undefined
            ? `of at least ${spec.min}`
            : spec.max !== undefined
              ? `of at most ${spec.max}`
              : "";
      const out = (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max);
      if (!Number.isSafeInteger(n) || out) return { problem: `${spec.name} must be a whole number${range ? ` ${range}` : ""}${got}` };
      return { value: String(n) };
    }
    case "string": {
      const [min, max] = [spec.minLength ?? 1, spec.maxLength ?? Infinity];
      const length = [...value].length;
      if (length < min || length > max)
        return { problem: `${spec.name} must be ${min} to ${max} characters, not counting spaces around it (got ${length})` };
      if (CONTROL.test(value)) return { problem: `${spec.name} must be one line without control characters${got}` };
      return { value };
    }
  }
}

/** Every argument checked and normalised (defaults filled in), or the problems found. */
export function checkPromptArguments(
  spec: PromptSpec,
  given: Record<string, string>,
): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const arg of spec.arguments) {
    const raw = Object.hasOwn(given, arg.name) ? given[arg.name] : arg.default;
    if (raw === undefined) {
      problems.push(`${arg.name} is required`);
      continue;
    }
    const checked = checkPromptArgument(arg, raw);
    if ("problem" in checked) problems.push(checked.problem);
    else values[arg.name] = checked.value;
  }
  for (const arg of spec.arguments) {
    if (!arg.after || values[arg.name] === undefined || values[arg.after] === undefined) continue;
    if (Date.parse(values[arg.name]) <= Date.parse(values[arg.after]))
      problems.push(`${arg.name} must be later than ${arg.after} (got ${values[arg.name]}, ${arg.after} ${values[arg.after]})`);
  }
  return { values, problems };
}

/** The prompt's text for checked values; `toolName` gives a tool's served name (with the configured prefix). */
export function renderPromptText(spec: PromptSpec, values: Record<string, string>, toolName: (name: string) => string): string {
  return spec.text
    .map((part) => (typeof part === "string" ? part : "arg" in part ? (values[part.arg] ?? "") : toolName(part.tool)))
    .join("");
}
