// Rewrites Panther's SQL time macros into plain SQL that DuckDB understands:
//   p_occurs_since('1 day' [, alias [, column]])      -> col >= TIMESTAMP '<now - 1 day>'
//   p_occurs_between('t1', 't2' [, alias [, column]]) -> col BETWEEN TIMESTAMP 't1' AND TIMESTAMP 't2'
//   p_occurs_around('t', '10 minutes' [, alias...])   -> col BETWEEN t - 10m AND t + 10m
//   p_occurs_after('t' ...) / p_occurs_before('t' ...) -> col >= t / col < t
// The column defaults to p_event_time, qualified with the alias when one is given.
import { formatLakeTime, parseDurationMs, parseUtc } from "./time.js";

const MACRO = /\bp_occurs_(since|between|around|after|before)\s*\(/gi;

/** Splits the text after an opening parenthesis into top-level arguments; returns them and the index after ")". */
function readArgs(sql: string, from: number): { args: string[]; end: number } | undefined {
  const args: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = from; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === ch && sql[j + 1] === ch) j += 2;
        else if (sql[j] === ch) break;
        else j++;
      }
      current += sql.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === "(") depth++;
    if (ch === ")") {
      if (depth === 0) {
        args.push(current.trim());
        return { args: args.filter((a, k) => a !== "" || k > 0), end: i + 1 };
      }
      depth--;
    }
    if (ch === "," && depth === 0) {
      args.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  return undefined;
}

function unquote(arg: string): string {
  const m = /^'((?:[^']|'')*)'$/.exec(arg);
  return m ? m[1]!.replace(/''/g, "'") : arg;
}

function literal(d: Date): string {
  return `TIMESTAMP '${formatLakeTime(d)}'`;
}

export class MacroError extends Error {}

function timeArg(macro: string, arg: string | undefined): Date {
  const d = arg === undefined ? undefined : parseUtc(unquote(arg));
  if (!d) throw new MacroError(`p_occurs_${macro}: cannot read ${arg ?? "a missing argument"} as a timestamp`);
  return d;
}

function durationArg(macro: string, arg: string | undefined): number {
  const ms = arg === undefined ? undefined : parseDurationMs(unquote(arg));
  if (ms === undefined)
    throw new MacroError(`p_occurs_${macro}: cannot read ${arg ?? "a missing argument"} as a time offset such as '1 day' or '6 hours'`);
  return ms;
}

function column(alias: string | undefined, col: string | undefined): string {
  const c = col ? unquote(col) : "p_event_time";
  return alias ? `${unquote(alias)}.${c}` : c;
}

function expandOne(kind: string, args: string[], now: Date): string {
  switch (kind) {
    case "since": {
      const ms = durationArg(kind, args[0]);
      return `(${column(args[1], args[2])} >= ${literal(new Date(now.getTime() - ms))})`;
    }
    case "between": {
      const from = timeArg(kind, args[0]);
      const to = timeArg(kind, args[1]);
      return `(${column(args[2], args[3])} BETWEEN ${literal(from)} AND ${literal(to)})`;
    }
    case "around": {
      const at = timeArg(kind, args[0]);
      const ms = durationArg(kind, args[1]);
      return `(${column(args[2], args[3])} BETWEEN ${literal(new Date(at.getTime() - ms))} AND ${literal(new Date(at.getTime() + ms))})`;
    }
    case "after":
      return `(${column(args[1], args[2])} >= ${literal(timeArg(kind, args[0]))})`;
    default:
      return `(${column(args[1], args[2])} < ${literal(timeArg(kind, args[0]))})`;
  }
}

/** Expands every time macro in `sql`. Throws MacroError on malformed macro calls. */
export function expandMacros(sql: string, now: Date): string {
  let out = "";
  let last = 0;
  MACRO.lastIndex = 0;
  for (let m = MACRO.exec(sql); m; m = MACRO.exec(sql)) {
    const parsed = readArgs(sql, m.index + m[0].length);
    if (!parsed) throw new MacroError(`p_occurs_${m[1]!.toLowerCase()}: missing closing parenthesis`);
    out += sql.slice(last, m.index) + expandOne(m[1]!.toLowerCase(), parsed.args, now);
    last = parsed.end;
    MACRO.lastIndex = parsed.end;
  }
  return out + sql.slice(last);
}

/** Delay requested by a `/* sim:delay=5000 *\/` comment, in milliseconds. */
export function requestedDelayMs(sql: string): number | undefined {
  const m = /\/\*\s*sim:delay\s*=\s*(\d+)\s*\*\//i.exec(sql);
  return m ? Math.min(Number(m[1]), 600_000) : undefined;
}

/** Time limit requested by a `/* sim:timeout=2000 *\/` comment, in milliseconds (it can only lower the default). */
export function requestedTimeoutMs(sql: string): number | undefined {
  const m = /\/\*\s*sim:timeout\s*=\s*(\d+)\s*\*\//i.exec(sql);
  return m ? Math.max(1, Number(m[1])) : undefined;
}

/** Result reads answered with tryAgain (results not ready) requested by a `/* sim:try_again=2 *\/` comment. */
export function requestedTryAgain(sql: string): number | undefined {
  const m = /\/\*\s*sim:try_again\s*=\s*(\d+)\s*\*\//i.exec(sql);
  return m ? Math.min(Number(m[1]), 100) : undefined;
}
