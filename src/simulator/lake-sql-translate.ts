// Panther's data lake is Snowflake; the demo lake is DuckDB. This turns the user's Snowflake SQL into
// DuckDB SQL with polyglot-sql (a dialect transpiler, WASM, loaded on the first query inside the engine
// process), then expands Panther's p_occurs_* macros. Errors speak of the user's text: a syntax error
// gives its line and column there, and DuckDB's own messages are cleaned of its internals and of the
// rewritten SQL (see userMessage).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { expandMacros } from "./sql-macros.js";
import { formatLakeTime } from "./time.js";

type Polyglot = typeof import("@polyglot-sql/sdk");
/** The SDK's manual entry: the same functions, with init() given the WASM (its typings re-export the main entry's by a path NodeNext cannot follow). */
type ManualPolyglot = Polyglot & { init(options: { wasmUrl: string | URL | Uint8Array }): Promise<void> };
let polyglot: Promise<Polyglot> | undefined;

/** A refusal or failure worded for the user's SQL. */
export class LakeSqlError extends Error {}

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => !!v && typeof v === "object" && !Array.isArray(v);

/** Mends, on the DuckDB parse of the transpiled text, what the transpiler leaves wrong for DuckDB. */
class Mender {
  changed = false;

  constructor(private readonly now: Date) {}

  /** `v:a.b` (Snowflake VARIANT path) becomes DuckDB's `v -> '$.a.b'`, which keeps JSON quoting ('"Root"' never equals 'Root'); `->>` gives the text, as Snowflake compares it. */
  private node(key: string, v: unknown): [string, unknown] {
    if (key === "json_extract" && isNode(v) && v.arrow_syntax === true) {
      this.changed = true;
      return ["json_extract_scalar", this.walk(v)];
    }
    // DATEADD(hour, -6, ...) becomes `INTERVAL -6 HOUR`, which DuckDB reads only as INTERVAL (-6) HOUR.
    if (key === "interval" && isNode(v) && isNode(v.this) && !("literal" in v.this) && !("paren" in v.this)) {
      this.changed = true;
      return [key, { ...(this.walk(v) as Node), this: { paren: { this: this.walk(v.this), trailing_comments: [] } } }];
    }
    // The lake's "now" is the simulator's clock (its rows are placed relative to it), not the host's.
    if (key === "function" && isNode(v) && Array.isArray(v.args) && v.args.length === 0) {
      const name = String(v.name).toUpperCase();
      if (name === "CURRENT_TIMESTAMP" || name === "LOCALTIMESTAMP") {
        this.changed = true;
        return ["literal", { literal_type: "timestamp", value: formatLakeTime(this.now) }];
      }
      if (name === "CURRENT_DATE") {
        this.changed = true;
        return ["literal", { literal_type: "date", value: formatLakeTime(this.now).slice(0, 10) }];
      }
    }
    // Snowflake's arrays count from 0, DuckDB's lists from 1: arr[0] is the first element.
    if (key === "subscript" && isNode(v) && isNode(v.this) && "column" in v.this && isNode(v.index) && isNode(v.index.literal)) {
      const literal = v.index.literal;
      if (literal.literal_type === "number" && /^\d+$/.test(String(literal.value))) {
        this.changed = true;
        return [key, { ...v, index: { literal: { ...literal, value: String(Number(literal.value) + 1) } } }];
      }
    }
    // FLATTEN(input => arr) becomes UNNEST(input => arr) AS f(SEQ, KEY, PATH, INDEX, VALUE, THIS); DuckDB's
    // UNNEST takes the list itself and gives one column, which f.value names.
    if (key === "lateral" && isNode(v) && isNode(v.this) && isNode(v.this.unnest) && isNode(v.this.unnest.this)) {
      const named = v.this.unnest.this.named_argument;
      if (isNode(named) && String((named.name as Node | undefined)?.name).toLowerCase() === "input") {
        this.changed = true;
        const unnest = { ...v.this.unnest, this: this.walk(named.value) };
        return [key, { ...v, this: { ...v.this, unnest }, column_aliases: ["VALUE"] }];
      }
    }
    // EXTRACT(MINUTE FROM t) becomes DATE_PART(MINUTE, t), where DuckDB wants the part as a string.
    if (key === "function" && isNode(v) && String(v.name).toUpperCase() === "DATE_PART" && Array.isArray(v.args)) {
      const part = v.args[0] as Node | undefined;
      const column = isNode(part?.column) ? part.column : undefined;
      if (column && column.table === null && isNode(column.name) && column.name.quoted === false) {
        this.changed = true;
        const literal = { literal: { literal_type: "string", value: String(column.name.name) } };
        return [key, { ...v, args: [literal, ...(this.walk(v.args.slice(1)) as unknown[])] }];
      }
    }
    return [key, this.walk(v)];
  }

  walk(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (!isNode(value)) return value;
    const out: Node = {};
    for (const [key, v] of Object.entries(value)) {
      const [k, x] = this.node(key, v);
      out[k] = x;
    }
    if (isNode(out.select) && Array.isArray(out.select.expressions)) {
      out.select = { ...out.select, expressions: out.select.expressions.map((e) => this.named(e)) };
    }
    return out;
  }

  /** An unnamed select item reading a VARIANT path is named as Snowflake names it (`actor:alternateId`), not after the rewritten text. */
  private named(item: unknown): unknown {
    if (!isNode(item)) return item;
    const inner = isNode(item.cast) ? item.cast.this : item;
    const path = isNode(inner) && isNode(inner.json_extract_scalar) ? inner.json_extract_scalar : undefined;
    if (!path) return item;
    const base = isNode(path.this) && isNode(path.this.column) && isNode(path.this.column.name) ? path.this.column.name.name : undefined;
    const at = isNode(path.path) && isNode(path.path.literal) ? String(path.path.literal.value) : undefined;
    if (typeof base !== "string" || !at?.startsWith("$.")) return item;
    const name = { name: `${base}:${at.slice(2)}`, quoted: true, trailing_comments: [] };
    return {
      alias: { this: item, alias: name, column_aliases: [], alias_explicit_as: true, pre_alias_comments: [], trailing_comments: [] },
    };
  }
}

/** Starts loading the translator (the engine calls this while it fills the lake). */
export function loadTranslator(): Promise<Polyglot> {
  polyglot ??= (async () => {
    // The SDK's default entry reads its WASM through fetch(), which loads undici and the WHATWG streams
    // (~0.15 CPU-s per engine) only to read a local file; its manual entry is given the bytes instead.
    const sdk = (await import("@polyglot-sql/sdk/manual")) as unknown as ManualPolyglot;
    // As wasm-bindgen's init does, it takes the module's bytes as well as a URL.
    await sdk.init({ wasmUrl: await readFile(fileURLToPath(import.meta.resolve("@polyglot-sql/sdk/polyglot_sql.wasm"))) });
    return sdk;
  })();
  return polyglot;
}

/** DuckDB SQL for one text of Snowflake SQL; throws LakeSqlError with the position of a syntax error. */
export async function toDuckDb(userSql: string, now: Date): Promise<string> {
  const { transpile, parse, generate, Dialect } = await loadTranslator();
  // EXPLAIN [ANALYZE] is kept as DuckDB's (the transpiler makes EXPLAIN a DESCRIBE): it is blanked out
  // so that positions in the statement stay those of the user's text, and put back in front.
  const explain = /^((?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*)(explain(?:\s+analy[sz]e)?)(?![\w$])/i.exec(userSql);
  const sql = explain ? explain[1]! + explain[2]!.replace(/\S/g, " ") + userSql.slice(explain[0].length) : userSql;
  const prefix = explain ? `${/analy/i.test(explain[2]!) ? "EXPLAIN ANALYZE" : "EXPLAIN"} ` : "";
  const out = transpile(sql, Dialect.Snowflake, Dialect.DuckDB);
  if (!out.success || !out.sql) {
    const where = out.errorLine ? ` at line ${out.errorLine}, column ${out.errorColumn}` : "";
    const detail = (out.error ?? "cannot read the SQL").replace(/^Parse error at line \d+, column \d+:\s*/i, "");
    throw new LakeSqlError(`SQL syntax error${where}: ${detail}`);
  }
  const statements = out.sql.map((text) => {
    const tree = parse(text, Dialect.DuckDB);
    if (!tree.success) return text;
    const mender = new Mender(now);
    const mended = mender.walk(tree.ast);
    if (!mender.changed) return text;
    const again = generate(mended, Dialect.DuckDB);
    return again.success && again.sql ? again.sql.join(";\n") : text;
  });
  // More than one statement is refused by the policy, which counts them on DuckDB's parse.
  return prefix + expandMacros(statements.join(";\n"), now);
}

/** " (line L, column C)" of the first whole-word, case-insensitive occurrence of `word` in `sql`; "" when there is none. */
function positionOf(sql: string, word: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`(?<![\\w$])"?${escaped}"?(?![\\w$])`, "i").exec(sql);
  if (!m) return "";
  const before = sql.slice(0, m.index).split("\n");
  return ` (line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
}

/**
 * DuckDB's error text for the user: no error class, no excerpt of the SQL DuckDB ran (it is the
 * rewritten text), no candidate lists; a quoted name from the user's SQL gets its line and column there.
 */
export function userMessage(message: string, userSql: string): string {
  let m = message.split(/\n/)[0]!.trim();
  m = m.replace(/^Failed to extract statements:\s*/i, "");
  // DuckDB could not parse the translation: its position is in the rewritten text, so it is left out.
  if (/^Parser Error:/i.test(m))
    return `the demo data lake cannot run this SQL after translating it from Snowflake (${m.replace(/^Parser Error:\s*/i, "").replace(/\s*\(line \d+, column \d+\)/, "")})`;
  m = m.replace(/^[A-Z][A-Za-z ]* Error:\s*/, "");
  m = m.replace(/\s*LINE \d+:.*$/, "").replace(/!$/, "");
  const name = /"([^"\n]{1,200})"/.exec(m)?.[1];
  const at = name ? positionOf(userSql, name) : "";
  return `${m}${at}`;
}
