// Turns places in the compiled test tree (test/compile.ts) back into the TypeScript they came from, in
// what the runner prints: a failing test's stack says test/e2e/foo.test.ts:42:7, not a line of a file
// that is deleted when the run ends. The runner does this for the events it reports (test/run.ts), so a
// source map is read only for a file that appears in a failure; the test processes run with Node's
// source maps off (turned on, every module's map was parsed as it loaded: about a CPU-second a run).
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Rewrites every `…/<compiled>/<file>.js:<line>:<column>` in a text to its source file, line and column. */
export function sourcePlaces(compiled: string): (text: string) => string {
  const prefix = pathToFileURL(compiled).href;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const place = new RegExp(`(${escape(prefix)}|${escape(compiled)})(/[^\\s:()]+\\.js):(\\d+):(\\d+)`, "g");
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))));
      } catch {
        maps.set(file, undefined); // no map (not compiled by us, or already removed): left as it is
      }
    }
    return maps.get(file);
  };
  return (text) =>
    text.replace(place, (whole, base: string, rest: string, line: string, column: string) => {
      const file = compiled + rest;
      const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1) as
        { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
      if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return whole;
      const source = entry.originalSource.startsWith("file:")
        ? fileURLToPath(entry.originalSource)
        : resolve(dirname(file), entry.originalSource);
      const where = base === compiled ? source : pathToFileURL(source).href;
      return `${where}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    });
}

/** Applies `map` to every string inside `value` (an event's data, an error with its cause), in place. */
export function mapStrings(value: unknown, map: (text: string) => string, seen = new Set<object>()): unknown {
  if (typeof value === "string") return map(value);
  if (value === null || typeof value !== "object" || seen.has(value)) return value;
  seen.add(value);
  // Own names, not only enumerable ones: an error's stack and message are not enumerable.
  for (const key of Object.getOwnPropertyNames(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (!descriptor || !("value" in descriptor) || !descriptor.writable) continue;
    const mapped = mapStrings(descriptor.value, map, seen);
    if (mapped !== descriptor.value) (value as Record<string, unknown>)[key] = mapped;
  }
  return value;
}
