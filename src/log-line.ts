// One JSON log line, character for character as pino (with our settings) wrote it:
//   {"level":"info","time":"<ISO time>","name":"panther-mcp",<fields>,"msg":"<message>"}
// The server logged through pino until start-up was measured: loading pino cost more than a tenth of
// the time to the first tools/list answer, for the few lines of one kind the server writes. pino's
// error serializer and its fallback for values JSON.stringify refuses are still the ones used, loaded
// (from pino's own dependencies) the first time a line needs them.
import { createRequire } from "node:module";

/** pino's level numbers: a logger writes the lines at or above its level. */
export const LEVEL_VALUES = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
export type LevelLabel = Exclude<keyof typeof LEVEL_VALUES, "silent">;

type Serialize = (value: unknown) => unknown;

let fromPino: NodeJS.Require | undefined;
/** A module as pino itself would load it (one of its dependencies). */
function pinoDependency<T>(name: string): T {
  fromPino ??= createRequire(createRequire(import.meta.url).resolve("pino"));
  return fromPino(name) as T;
}

let errSerializer: Serialize | undefined;
/** pino's error serializer (pino-std-serializers): type, message and stack with causes, own fields. */
export function serializeError(value: unknown): unknown {
  errSerializer ??= pinoDependency<{ err: Serialize }>("pino-std-serializers").err;
  return errSerializer(value);
}

let safeStringify: ((value: unknown) => string | undefined) | undefined;
/** A value JSON.stringify refused (a cycle, a BigInt), as pino wrote it: safe-stable-stringify with pino's limits. */
function stringifySafe(value: unknown): string | undefined {
  safeStringify ??= pinoDependency<{ configure(o: object): (v: unknown) => string | undefined }>("safe-stable-stringify").configure({
    maximumDepth: 5,
    maximumBreadth: 100,
  });
  try {
    return safeStringify(value);
  } catch {
    return '"[unable to serialize, circular reference is too complex to analyze]"';
  }
}

/**
 * A field name as JSON, as pino wrote it: its fast path for short names (which leaves a lone
 * surrogate as it is), else JSON.stringify. Values always went through JSON.stringify (with our
 * redaction paths pino passed every value to its redaction, which serialised it so).
 */
export function jsonKey(text: string): string {
  if (text.length > 100) return JSON.stringify(text);
  let out = "";
  let last = 0;
  let found = false;
  let point = 255;
  for (let i = 0; i < text.length && point >= 32; i++) {
    point = text.charCodeAt(i);
    if (point === 34 || point === 92) {
      out += `${text.slice(last, i)}\\`;
      last = i;
      found = true;
    }
  }
  if (point < 32) return JSON.stringify(text);
  return `"${found ? out + text.slice(last) : text}"`;
}

/** A field's value as JSON; undefined leaves the field out (undefined, a function, a symbol). */
function jsonValue(value: unknown): string | undefined {
  switch (typeof value) {
    case "undefined":
    case "function":
      return undefined;
    case "number":
      return Number.isFinite(value) ? String(value) : "null";
    case "boolean":
      return String(value);
    case "string":
      return JSON.stringify(value);
    default:
      try {
        return JSON.stringify(value);
      } catch {
        return stringifySafe(value);
      }
  }
}

/**
 * The line for one call of a log method. `fields` are already redacted; `err` in them is written
 * through pino's error serializer unless `serialized` says it already was. `base` is the fixed part
 * after the time (`,"name":"panther-mcp"`).
 */
export function formatLine(
  label: LevelLabel,
  base: string,
  fields: Record<string, unknown>,
  message: unknown,
  serialized: (value: unknown) => boolean,
): string {
  let line = `{"level":"${label}","time":"${new Date().toISOString()}"${base}`;
  for (const key in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) continue;
    let value = fields[key];
    if (value === undefined) continue;
    if (key === "err" && !serialized(value)) value = serializeError(value);
    const text = jsonValue(value);
    if (text !== undefined) line += `,${jsonKey(key)}:${text}`;
  }
  if (message !== undefined && typeof message !== "function") line += `,"msg":${jsonValue(message) ?? "null"}`;
  return `${line}}\n`;
}
