// Differential test: for every tool the server serves (generated and hand-written), the complete JSON
// Schema of its arguments (the listing in generated/catalog.ts, as tools/list sends it, with the
// keywords a listing leaves out put back; checked with ajv) and the validation the server enforces
// (parseArguments, as tools/call runs it) must accept and refuse the same argument objects; the listing
// itself accepts everything the server does, so a client that validates never refuses a valid call. A generated tool's listing is derived from its zod schema at generate time
// (toolJsonSchema), so this checks that derivation as much as the hand-written schemas. Cases come from each schema: valid values,
// boundaries and one past them, wrong types, nulls, unknown keys, enum misses, date-time edge cases,
// long strings counted in code points, and seeded random combinations.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
// MCP tool input schemas are JSON Schema 2020-12.
import { Ajv2020 as Ajv, type ValidateFunction } from "ajv/dist/2020.js";
import { z } from "zod";
import { PantherMcpError } from "../../src/errors.js";
import { DATE_TIME_PATTERN } from "../../src/runtime/arguments.js";
import type { ToolDefinition } from "../../src/runtime/tool.js";
import { catalogTools } from "../../src/tools/catalog.js";
import { allTools } from "../../src/tools/index.js";
import { enforcedJsonSchema } from "../../src/runtime/json-schema.js";
import { jsonSchemaOf } from "../../src/tools/json-schema.js";
import { parseArguments } from "../../src/validation.js";

type Schema = Record<string, any>;

/** Date-times around every edge of RFC 3339 and of our pattern. */
const DATE_TIMES = [
  "2026-01-31T00:00:00Z",
  "2026-01-31t00:00:00z",
  "2026-01-31T00:00:00z",
  "2026-01-31t00:00:00Z",
  "2026-01-31T00:00:00.1Z",
  "2026-01-31T00:00:00.123456789Z",
  "2026-01-31T00:00:00.1234567890Z",
  "2026-01-31T00:00:00.Z",
  "2026-01-31T02:00:00+02:00",
  "2026-01-31T02:00:00-00:00",
  "2026-01-31T02:00:00+23:59",
  "2026-01-31T02:00:00+24:00",
  "2026-01-31T02:00:00+0200",
  "2026-01-31T02:00:00+02",
  "2026-01-31T00:00:00",
  "2026-01-31 00:00:00Z",
  "2026-01-31T00:00Z",
  "2026-01-31T24:00:00Z",
  "2026-01-31T23:60:00Z",
  "2026-12-31T23:59:60Z",
  "2026-12-31T23:59:59Z",
  "2024-02-29T00:00:00Z",
  "2000-02-29T00:00:00Z",
  "1900-02-29T00:00:00Z",
  "2026-02-29T00:00:00Z",
  "2026-02-28T00:00:00Z",
  "2026-04-31T00:00:00Z",
  "2026-04-30T00:00:00Z",
  "2026-13-01T00:00:00Z",
  "2026-00-10T00:00:00Z",
  "2026-01-00T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "99999-01-01T00:00:00Z",
  "2026-1-31T00:00:00Z",
  " 2026-01-31T00:00:00Z",
  "2026-01-31T00:00:00Z\n",
  "2026-01-31T00:00:00ZZ",
  "２０２６-01-31T00:00:00Z",
  "2026-01-31",
  "now-7d",
  "",
];

const STRINGS = ["", "a", " ", "A-1", "x y", "é", "😀", "\u0000", "a/../..", "..", "__proto__", "null", "5", "true"];
/** Values for pattern-constrained arguments (e.g. get_scheduled_query's UUID). */
const PATTERNED = ["00000000-0000-4000-8000-000000000000"];
STRINGS.push("ann@example.com"); // for email arguments

/** A seeded PRNG (mulberry32), so a failure can be reproduced. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/** One value the schema accepts. */
function validValue(schema: Schema): unknown {
  if (schema.enum) return schema.enum[0];
  const type = typesOf(schema)[0];
  switch (type) {
    case "string": {
      if (schema.pattern) {
        const re = new RegExp(schema.pattern, "u");
        const found = [...DATE_TIMES, ...STRINGS, ...PATTERNED, "abc", "a".repeat(schema.minLength ?? 1)].find((s) => re.test(s));
        assert.ok(found !== undefined, `no sample matches ${schema.pattern}`);
        return found;
      }
      return "a".repeat(Math.max(schema.minLength ?? 1, 1));
    }
    case "integer":
    case "number":
      return schema.minimum ?? Math.min(1, schema.maximum ?? 1);
    case "boolean":
      return true;
    case "array":
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => validValue(schema.items ?? {}));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = validValue(schema.properties[key]);
      return out;
    }
    default:
      return "anything";
  }
}

/** Values around every constraint of the schema, valid and not. */
function candidates(schema: Schema, depth = 0): unknown[] {
  const out: unknown[] = [0, 1, -1, 1.5, true, false, "", "x", [], {}, ["x"], { x: 1 }];
  if (schema.enum) {
    for (const v of schema.enum) out.push(v, String(v).toLowerCase(), String(v).toUpperCase(), `${String(v)} `, [v]);
  }
  for (const type of typesOf(schema)) {
    if (type === "string") {
      out.push(...STRINGS);
      if (schema.pattern === DATE_TIME_PATTERN || schema.format === "date-time") out.push(...DATE_TIMES);
      for (const n of [schema.minLength, schema.maxLength].filter((n) => n !== undefined) as number[]) {
        for (const len of [n - 1, n, n + 1]) {
          if (len < 0) continue;
          out.push("a".repeat(len), "😀".repeat(len), "é".repeat(len));
        }
        // Half as many astral characters: within the limit in code points, over it in UTF-16 units.
        out.push("😀".repeat(Math.ceil((n + 1) / 2)));
      }
    }
    if (type === "integer" || type === "number") {
      out.push(0.5, -0, 2, 10, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53 - 1, 2 ** 53, 2 ** 60, 1e21, -1e21);
      out.push(Number.MIN_VALUE, "5", "1e3", [5]);
      for (const n of [schema.minimum, schema.maximum].filter((n) => n !== undefined) as number[]) {
        out.push(n - 1, n - 0.5, n, n + 0.5, n + 1);
      }
    }
    if (type === "boolean") out.push("true", "false", 0, 1);
    if (type === "array" && depth < 2) {
      const item = validValue(schema.items ?? {});
      out.push([item], [item, item], [null], [item, null], item, null);
      for (const bad of candidates(schema.items ?? {}, depth + 1).slice(0, 40)) out.push([bad], [item, bad]);
      for (const n of [schema.minItems, schema.maxItems].filter((n) => n !== undefined) as number[]) {
        for (const len of [n - 1, n, n + 1]) if (len >= 0) out.push(Array.from({ length: len }, () => item));
      }
    }
    if (type === "object" && depth < 2) {
      const valid = validValue(schema) as Record<string, unknown>;
      out.push(valid, { ...valid, unknown_key: 1 }, { ...valid, constructor: "x" });
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        for (const bad of candidates(sub as Schema, depth + 1).slice(0, 30)) out.push({ ...valid, [key]: bad });
        out.push({ ...valid, [key]: null });
      }
    }
  }
  return out;
}

function serverAccepts(tool: ToolDefinition, args: unknown): { ok: boolean; message?: string } {
  // Tens of thousands of refusals are thrown here and only their code and message read: no stack is
  // captured for them (a third of the time the server's check takes), and the limit is put back at once.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parseArguments(tool, args);
    return { ok: true };
  } catch (error) {
    assert.ok(error instanceof PantherMcpError && error.code === "INVALID_ARGUMENT", `unexpected ${String(error)}`);
    return { ok: false, message: error.message };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** Top-level nulls removed: the server reads them as "not given" (models send them that way). */
function withoutNulls(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null));
}

/**
 * Every argument object we try against one tool: around the constraints of the advertised schema, and
 * of zod's plain export of the enforced one, so a limit the listing leaves out is tried as well.
 */
function argumentCases(schema: Schema, enforced: Schema): Record<string, unknown>[] {
  const props: Record<string, Schema> = schema.properties;
  const enforcedProps: Record<string, Schema> = enforced.properties ?? {};
  const names = [...new Set([...Object.keys(props), ...Object.keys(enforcedProps)])];
  const base: Record<string, unknown> = {};
  for (const key of schema.required ?? []) base[key] = validValue(props[key]);
  const cases: Record<string, unknown>[] = [{}, base];
  for (const key of schema.required ?? []) {
    const { [key]: _gone, ...rest } = base;
    cases.push(rest);
  }
  const pools = new Map(
    names.map((name) => {
      const shown = props[name] ?? enforcedProps[name];
      return [name, [validValue(shown), ...candidates(shown), ...(enforcedProps[name] ? candidates(enforcedProps[name]) : [])]];
    }),
  );
  for (const name of names) {
    for (const value of pools.get(name)!) cases.push({ ...base, [name]: value });
    cases.push({ ...base, [name]: null }, Object.fromEntries([[name, validValue(props[name])]]));
  }
  for (const extra of ["unknown_arg", "constructor", "toString", "__proto__", "PAGE_SIZE", ""]) {
    cases.push(JSON.parse(JSON.stringify({ ...base, [extra]: 1 }).replace('"__proto__":1', '"__proto__":{"x":1}')));
  }
  // Random combinations: each argument absent, valid, or one of its candidates.
  const random = prng(0x5eed);
  for (let i = 0; i < 1500; i++) {
    const args: Record<string, unknown> = {};
    for (const name of names) {
      const r = random();
      if (r < 0.4) continue;
      const pool = pools.get(name)!;
      args[name] = r < 0.7 ? pool[0] : pool[Math.floor(random() * pool.length)];
    }
    cases.push(args);
  }
  return cases;
}

// Date-times are advertised as `format: "date-time"` alone (RFC 3339; T and Z in either case): the
// format is checked here with the server's own rule, which the last test below compares with RFC 3339
// (it refuses leap seconds and over 9 fraction digits). Any other format is unknown and fails compile.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, formats: { "date-time": new RegExp(DATE_TIME_PATTERN, "u") } });

/**
 * Cross-field rules a tool enforces that its advertised schema cannot state: expressing them needs a
 * root oneOf/anyOf, which MCP clients reject. Each is stated in the tool's description instead, and
 * these are the only disagreements allowed: the schema accepts, the server refuses with this message.
 */
const CROSS_FIELD_RULES: Record<string, string[]> = {
  query_data_lake: ["give exactly one of sql or query_id", "cursor needs the query_id it belongs to"],
  update_alert_assignee: ["give at most one of assignee_id or assignee_email"],
  bulk_update_alerts: [
    "give at least one of status, assignee_id, assignee_email or comment",
    "give at most one of assignee_id or assignee_email",
  ],
};

/**
 * A key that two argument objects share only when they are the same JSON value: JSON tells a number
 * from a string already, and -0 (which it writes as 0) and the numbers it writes as null are spelled
 * out as objects with a key no case has. The random combinations repeat many cases, and a case judged
 * once is judged the same every time (both validators are pure functions of the arguments).
 */
function caseKey(args: Record<string, unknown>): string {
  return JSON.stringify(args, (_key, v: unknown) =>
    typeof v === "number" && (v === 0 ? Object.is(v, -0) : !Number.isFinite(v))
      ? { "\u0000number": String(Object.is(v, -0) ? "-0" : v) }
      : v,
  );
}

/**
 * Argument objects on which the complete schema and the server disagree, or which the server accepts
 * and the advertised schema refuses, described. Each distinct case is judged once; a repeat counts
 * (and reports) as its first did.
 */
function disagreementsOf(tool: ToolDefinition, schema: Schema, listed: Schema): { found: string[]; accepted: number; refused: number } {
  const validate = ajv.compile(schema);
  // Most listings are the complete schema itself: compiled once.
  const validateListed = JSON.stringify(listed) === JSON.stringify(schema) ? validate : ajv.compile(listed);
  const found: string[] = [];
  let accepted = 0;
  let refused = 0;
  const enforced = jsonSchemaOf(tool.inputSchema as unknown as z.ZodType) as Schema;
  const judged = new Map<string, { ok: boolean; found: string[] }>();
  for (const args of argumentCases(schema, enforced)) {
    const key = caseKey(args);
    let verdict = judged.get(key);
    if (!verdict) judged.set(key, (verdict = judge(tool, schema, validate, validateListed, args)));
    found.push(...verdict.found);
    if (verdict.ok) accepted++;
    else refused++;
  }
  return { found, accepted, refused };
}

/** One argument object: whether the server accepts it, and what is wrong with how the two validators judge it. */
function judge(
  tool: ToolDefinition,
  schema: Schema,
  validate: ValidateFunction,
  validateListed: ValidateFunction,
  args: Record<string, unknown>,
): { ok: boolean; found: string[] } {
  const found: string[] = [];
  const advertised = validate(withoutNulls(args));
  const server = serverAccepts(tool, args);
  const shown = JSON.stringify(args).slice(0, 200);
  const crossField = advertised && !server.ok && (CROSS_FIELD_RULES[tool.name] ?? []).some((rule) => server.message!.includes(rule));
  if (advertised !== server.ok && !crossField) {
    const ours = advertised ? "accepts" : `refuses (${ajv.errorsText(validate.errors)})`;
    found.push(`${shown}: JSON Schema ${ours}, server ${server.ok ? "accepts" : `refuses (${server.message})`}`);
  }
  if (server.ok) {
    if (!validateListed(withoutNulls(args)))
      found.push(`${shown}: server accepts, listing refuses (${ajv.errorsText(validateListed.errors)})`);
    return { ok: true, found };
  }
  // A value that was given is never reported as missing.
  for (const [key, value] of Object.entries(args)) {
    if (value !== null && server.message!.includes(`${key} is required`)) {
      found.push(`${shown}: says ${key} is required although it was given: ${server.message}`);
    }
  }
  // A null for a required argument says required.
  for (const key of (schema.required as string[] | undefined) ?? []) {
    if (args[key] === null && !server.message!.includes(`${key} is required`)) {
      found.push(`${shown}: null ${key} should say required: ${server.message}`);
    }
  }
  return { ok: false, found };
}

describe("advertised JSON Schema and enforced validation agree", () => {
  test("every tool the server serves is covered", () => {
    const names = allTools.map((t) => t.name);
    assert.ok(names.includes("query_data_lake") && names.includes("list_alerts") && names.includes("get_detection"), names.join());
    assert.deepEqual(catalogTools.map((t) => t.name).sort(), names);
  });

  for (const tool of allTools) {
    test(tool.name, () => {
      const listing = catalogTools.find((t) => t.name === tool.name);
      assert.ok(listing, `${tool.name} is not in generated/catalog.ts: run npm run generate`);
      const listed = listing.inputJsonSchema as Schema;
      const schema = enforcedJsonSchema(tool) as Schema;
      const { found, accepted, refused } = disagreementsOf(tool, schema, listed);
      // A tool without arguments can only be refused a handful of ways (extra keys, non-objects).
      const minRefused = Object.keys(schema.properties ?? {}).length ? 10 : 3;
      assert.ok(accepted > 10 && refused > minRefused, `too few cases on one side: ${accepted} accepted, ${refused} refused`);
      assert.equal(found.length, 0, `${found.length} disagreements:\n${found.slice(0, 25).join("\n")}`);
    });
  }

  test("cross-field rules are stated in the tool's description, since its schema cannot carry them", () => {
    const tool = allTools.find((t) => t.name === "query_data_lake")!;
    assert.match(tool.description, /sql or query_id/);
    assert.equal(serverAccepts(tool, {}).ok, false);
    assert.equal(serverAccepts(tool, { sql: "SELECT 1", query_id: "q" }).ok, false);
    assert.equal(serverAccepts(tool, { sql: "SELECT 1", cursor: "c" }).ok, false);
  });
});

/** RFC 3339 section 5.6 date-time, read straight from the grammar, with real calendar days. */
function isRfc3339(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (!days || day < 1 || day > days) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[8].length > 1 && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false;
  return true;
}

test("date-time: the server's rule for format date-time is RFC 3339 less leap seconds and over-long fractions", () => {
  const re = new RegExp(DATE_TIME_PATTERN, "u");
  for (const text of DATE_TIMES) {
    const ours = re.test(text);
    if (ours) assert.ok(isRfc3339(text), `${text} is accepted but is not an RFC 3339 date-time`);
    else if (isRfc3339(text)) {
      assert.ok(/:60|\.\d{10}/.test(text), `${text} is an RFC 3339 date-time the server refuses`);
    }
  }
});

describe("argument errors say what is wrong", () => {
  const tool = (name: string) => allTools.find((t) => t.name === name)!;
  const message = (name: string, args: unknown) => {
    const result = serverAccepts(tool(name), args);
    assert.equal(result.ok, false, `${name} ${JSON.stringify(args)} should be refused`);
    return result.message!;
  };
  const cases: [string, unknown, string][] = [
    ["list_alerts", { page_size: "5" }, "page_size: expected integer, got string"],
    ["get_alert", { alert_id: 123 }, "alert_id: expected string, got number"],
    ["get_alert", {}, "alert_id is required (string)"],
    ["get_alert", { alert_id: null }, "alert_id is required (string); null counts as not given"],
    ["list_alerts", { page_size: 1.5 }, "page_size: expected an integer, got 1.5"],
    ["list_alerts", { page_size: 51 }, "page_size: must be <= 50 (got 51)"],
    ["list_alerts", { page_size: 0 }, "page_size: must be >= 1 (got 0)"],
    ["list_alerts", { event_count_min: 2 ** 31 }, "event_count_min: must be <= 2147483647 (got 2147483648)"],
    ["list_alerts", { page_size: [5] }, "page_size: expected integer, got array"],
    ["list_alerts", { severities: "HIGH" }, "severities: expected array, got string"],
    ["list_alerts", { severities: [] }, "severities: at least 1 item (got 0)"],
    ["list_alerts", { severities: ["high"] }, 'severities[0]: must be one of CRITICAL, HIGH, INFO, LOW, MEDIUM (got "high")'],
    ["list_alerts", { severities: [null] }, "severities[0]: must be one of"],
    ["list_alerts", { name_contains: "x".repeat(201) }, "name_contains: at most 200 characters (got 201)"],
    ["list_alerts", { name_contains: "" }, "name_contains: at least 1 character (got 0)"],
    [
      "list_alerts",
      { start_date: "2026-02-30T00:00:00Z" },
      'start_date: must be an ISO 8601 date-time with a zone (RFC 3339), e.g. 2026-01-31T00:00:00Z or 2026-01-31T02:00:00+02:00 (got "2026-02-30T00:00:00Z")',
    ],
    ["list_alerts", { start_date: 20260131 }, "start_date: expected string, got number"],
    ["list_alerts", { pageSize: 5 }, 'unknown argument "pageSize" (allowed: start_date,'],
    ["list_alerts", { a: 1, b: 2 }, 'unknown arguments "a", "b"'],
    [
      "get_detection",
      { detection_id: "x", detection_type: ["rule"] },
      'detection_type[0]: must be one of rules, scheduled_rules, simple_rules, policies (got "rule")',
    ],
    ["query_data_lake", {}, "sql: give exactly one of sql or query_id"],
    ["query_data_lake", { sql: 5 }, "sql: expected string, got number"],
  ];
  for (const [name, args, expected] of cases) {
    test(`${name} ${JSON.stringify(args).slice(0, 60)}`, () => {
      const text = message(name, args);
      assert.ok(text.includes(expected), `${text}\nshould include\n${expected}`);
      assert.ok(text.startsWith(`Invalid arguments for ${name}: `), text);
    });
  }

  test("arguments that are not an object say what they are", () => {
    assert.match(message("get_alert", [1]), /arguments must be a JSON object, got an array/);
    assert.match(message("get_alert", "x"), /arguments must be a JSON object, got "x"/);
  });

  test("a lowercase RFC 3339 date-time is accepted and passed on in canonical (upper) case", () => {
    const parsed = parseArguments(tool("list_alerts"), { start_date: "2026-01-31t00:00:00.5+02:00", end_date: "2026-02-01t00:00:00z" });
    assert.equal((parsed as { start_date: string }).start_date, "2026-01-31T00:00:00.5+02:00");
    assert.equal((parsed as { end_date: string }).end_date, "2026-02-01T00:00:00Z");
  });
});

describe("every zod issue kind has its own message", () => {
  const input = z.strictObject({
    step: z.number().multipleOf(5).optional(),
    either: z.union([z.string(), z.number()]).optional(),
    labels: z.record(z.string().regex(/^[a-z]+$/), z.string()).optional(),
    nested: z.strictObject({ inner: z.strictObject({ n: z.number() }) }).optional(),
    open: z.number().gt(0).lt(10).optional(),
    email: z.email().optional(),
    prefix: z.string().startsWith("ab").optional(),
    custom: z
      .string()
      .refine((s) => s !== "bad", "must not be bad")
      .optional(),
    flag: z.literal("on").optional(),
    list: z.array(z.strictObject({ id: z.string() })).optional(),
  });
  const tool = { ...allTools[0], name: "kinds", inputSchema: input, inputJsonSchema: jsonSchemaOf(input) } as ToolDefinition;
  const cases: [Record<string, unknown>, string][] = [
    [{ step: 7 }, "step: must be a multiple of 5 (got 7)"],
    [{ either: true }, "either: matches none of the allowed forms (expected string, got boolean | expected number, got boolean)"],
    [{ labels: { Bad: "x" } }, 'labels: key "Bad" is not allowed (must match the pattern ^[a-z]+$ (got "Bad"))'],
    [{ nested: { inner: { n: "1" } } }, "nested.inner.n: expected number, got string"],
    [{ nested: { inner: {} } }, "nested.inner.n is required (number)"],
    [{ nested: { inner: { n: 1, m: 2 } } }, 'unknown argument "m" in nested.inner'],
    [{ open: 0 }, "open: must be > 0 (got 0)"],
    [{ open: 10 }, "open: must be < 10 (got 10)"],
    [{ email: "nope" }, 'email: must be a valid email (got "nope")'],
    [{ prefix: "xy" }, 'prefix: must start with "ab" (got "xy")'],
    [{ custom: "bad" }, "custom: must not be bad"],
    [{ flag: "off" }, 'flag: must be one of on (got "off")'],
    [{ list: [{ id: "a" }, { id: 2 }] }, "list[1].id: expected string, got number"],
    [{ list: [{}] }, "list[0].id is required (string)"],
  ];
  for (const [args, expected] of cases) {
    test(JSON.stringify(args), () => {
      const result = serverAccepts(tool, args);
      assert.equal(result.ok, false);
      assert.ok(result.message!.includes(expected), `${result.message}\nshould include\n${expected}`);
    });
  }
});
