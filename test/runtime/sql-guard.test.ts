// The data-lake SQL guard, through the real parser: hostile cases (refused, with what the error must say)
// and the reads it must keep allowing. Unqualified tables live in panther_logs unless a case says otherwise.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InvalidArgumentError } from "../../src/errors.js";
import { checkDataLakeSql } from "../../src/tools/sql-guard.js";
import { builtAndFresh, ROOT } from "../e2e/harness.js";

/**
 * The modules a server's start-up loads before anything is called: the CLI's static import graph. From the
 * bundle's record (dist/meta.json: each output's sources and its static imports) when the build is fresh,
 * as `npm test` leaves it; else a server started from source through tsx (stdin closed at once, so it stops
 * again), with a resolve hook reporting each module.
 */
function staticallyLoaded(): string[] {
  if (builtAndFresh()) {
    const meta = JSON.parse(readFileSync(join(ROOT, "dist/meta.json"), "utf8")) as {
      outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }>;
    };
    const seen = new Set<string>();
    const modules = new Set<string>();
    for (const stack = ["dist/src/cli.js"]; stack.length;) {
      const output = stack.pop()!;
      if (seen.has(output) || !meta.outputs[output]) continue;
      seen.add(output);
      for (const input of Object.keys(meta.outputs[output].inputs)) modules.add(input);
      for (const { path, kind } of meta.outputs[output].imports) {
        if (kind !== "import-statement") continue;
        // A package left outside the bundle is imported by name: it loads at start-up too.
        if (meta.outputs[path]) stack.push(path);
        else modules.add(path);
      }
    }
    return [...modules];
  }
  const hooks = `export async function resolve(s, c, next) {
    const r = await next(s, c);
    process.stderr.write("LOADED " + r.url + "\\n");
    return r;
  }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify("data:text/javascript," + encodeURIComponent(hooks))});`;
  const probe = spawnSync(
    process.execPath,
    ["--import", "tsx", "--import", "data:text/javascript," + encodeURIComponent(register), "src/cli.ts"],
    {
      cwd: ROOT,
      encoding: "utf8",
      input: "",
      env: { PATH: process.env.PATH ?? "", PANTHER_API_TOKEN: "probe-token", PANTHER_INSTANCE_URL: "https://api.example.com" },
      timeout: 60_000,
    },
  );
  assert.equal(probe.status, 0, probe.stderr);
  assert.match(probe.stderr, /serving on stdio/, "the probe started a server");
  return [...probe.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) => m[1]!);
}

const CT = "panther_logs.public.aws_cloudtrail";
const SINCE = "p_occurs_since('1 day')";

async function refusal(sql: string, db = "panther_logs"): Promise<string> {
  try {
    await checkDataLakeSql(sql, db);
  } catch (error) {
    assert.ok(error instanceof InvalidArgumentError, `${sql}: ${String(error)}`);
    assert.match(error.message, /^sql: /);
    return error.message;
  }
  assert.fail(`accepted: ${sql}`);
}

// [sql, what the refusal must say, database_name when not panther_logs]
const refused: [string, RegExp, string?][] = [
  // more than one statement, or not a read
  [`SELECT 1; DROP TABLE ${CT}`, /exactly one statement; this has 2/],
  [`SELECT * FROM aws_cloudtrail WHERE ${SINCE}; SELECT 1`, /exactly one statement/],
  [`DROP TABLE ${CT}`, /only read queries.*DROP statement/],
  ["INSERT INTO t SELECT * FROM aws_cloudtrail WHERE p_event_time > '2026-01-01'", /only read queries.*INSERT statement/],
  ["UPDATE aws_cloudtrail SET a = 1 WHERE p_occurs_since('1 day')", /UPDATE statement/],
  ["DELETE FROM aws_cloudtrail WHERE p_occurs_since('1 day')", /DELETE statement/],
  ["CREATE TABLE x AS SELECT 1", /CREATE TABLE statement/],
  ["MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN DELETE", /MERGE statement/],
  ["GRANT SELECT ON TABLE t TO ROLE r", /only read queries/],
  ["USE DATABASE other", /only read queries/],
  ["CALL my_proc()", /only read queries/],
  ["WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", /contains an INSERT/],
  ["WITH x AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM x", /contains a UPDATE/],
  ["SELECT * INTO t2 FROM analytics.public.lookup", /INTO writes a table/],
  // EXPLAIN: only of a read, never ANALYZE
  ["EXPLAIN ANALYZE DELETE FROM aws_cloudtrail", /EXPLAIN ANALYZE runs the statement/],
  ["EXPLAIN ANALYZE INSERT INTO t VALUES (1)", /EXPLAIN ANALYZE/],
  [`EXPLAIN ANALYZE SELECT * FROM aws_cloudtrail WHERE ${SINCE}`, /EXPLAIN ANALYZE/],
  ["EXPLAIN UPDATE t SET a = 1", /EXPLAIN is allowed only of a read query.*UPDATE/],
  ["EXPLAIN CREATE TABLE x (a INT)", /EXPLAIN is allowed only of a read query/],
  ["EXPLAIN DROP TABLE t", /EXPLAIN is allowed only of a read query/],
  ["EXPLAIN SELECT * FROM aws_cloudtrail", /aws_cloudtrail is read without a time bound/],
  // syntax errors say where, not "only read queries"
  ["SELEC * FRM aws_cloudtrail", /syntax error at line 1, column 1: .*SELEC/],
  [`SELECT *\nFRM aws_cloudtrail`, /syntax error at line 2, column 1/],
  ["SELECT 'unterminated", /syntax error at line 1, column 8: Unterminated string literal/],
  ["", /no SQL statement found/],
  ["-- only a comment", /no SQL statement found/],
  // the time filter is not where it counts
  ["SELECT * FROM aws_cloudtrail -- p_event_time > '2026-01-01'", /aws_cloudtrail is read without a time bound/],
  ["SELECT * FROM aws_cloudtrail /* WHERE p_occurs_since('1 day') */", /without a time bound/],
  ["SELECT 'p_event_time > now' FROM aws_cloudtrail", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE eventname = 'p_occurs_since(''1 day'')'", /without a time bound/],
  ["SELECT p_event_time FROM aws_cloudtrail", /without a time bound/],
  ["SELECT p_event_time > current_timestamp() AS recent FROM aws_cloudtrail", /without a time bound/],
  [`SELECT ${SINCE} AS x FROM aws_cloudtrail`, /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE 1=1 OR p_event_time > '2026-01-01'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 day') OR eventname = 'x'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE (p_event_time > '2026-01-01' AND a = 1) OR b = 2", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE NOT p_event_time < '2026-01-01'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time NOT BETWEEN '2026-01-01' AND '2026-01-02'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time IS NOT NULL", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time = p_event_time", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time >= p_event_time - interval '1 day'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time BETWEEN p_event_time AND current_timestamp()", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time <> '2026-01-01'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time > (SELECT p_event_time)", /without a time bound/],
  // the other side must not depend on a column: a bound relative to a row bounds nothing
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time > p_parse_time - interval '1 day'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time >= DATEADD(day, -1, d)", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time >= max(p_parse_time) OVER ()", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time > (SELECT max(x) FROM analytics.public.lookup)", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_between(p_parse_time, '2026-01-01')", /without a time bound/],
  [
    "SELECT * FROM aws_cloudtrail a JOIN okta_systemlog o ON o.x = a.x WHERE a.p_event_time > '2026-01-01' AND o.p_event_time > a.p_event_time",
    /okta_systemlog \(alias o\)/,
  ],
  ["SELECT * FROM aws_cloudtrail WHERE EXISTS (SELECT 1 WHERE p_event_time > '2026-01-01')", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time_x > '2026-01-01'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time::date = p_event_time::date", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE coalesce(p_event_time, current_timestamp()) > '2026-01-01'", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 day', aws_cloudtrail, p_parse_time)", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_since(p_event_time)", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail WHERE other.p_occurs_since('1 day')", /without a time bound/],
  ["SELECT * FROM aws_cloudtrail GROUP BY 1 HAVING max(p_event_time) > '2026-01-01'", /without a time bound/],
  // the table spelled any way
  ["SELECT * FROM/**/panther_logs.public.aws_cloudtrail", /panther_logs\.public\.aws_cloudtrail is read without/],
  ['SELECT * FROM "panther_logs"."public"."aws_cloudtrail"', /"panther_logs"\."public"\."aws_cloudtrail" is read without/],
  ['SELECT * FROM "PANTHER_LOGS".PUBLIC.AWS_CLOUDTRAIL', /without a time bound/],
  ["SELECT * FROM PANTHER_LOGS.PUBLIC.AWS_CLOUDTRAIL", /without a time bound/],
  ["SELECT * FROM panther_logs..aws_cloudtrail", /without a time bound/],
  ["SELECT * FROM public.aws_cloudtrail", /public\.aws_cloudtrail is read without/],
  ["SELECT * FROM panther_rule_matches.public.aws_cloudtrail", /without a time bound/],
  ["SELECT * FROM panther_logs.aws_cloudtrail", /without a time bound/], // DuckDB reads this as catalog.table
  [`SELECT * FROM ${CT}`, /without a time bound/, "analytics"],
  ["SELECT * FROM a.b.c.d", /4 name parts/],
  [
    "SELECT * FROM IDENTIFIER('panther_logs.public.aws_cloudtrail')",
    /IDENTIFIER\(\.\.\.\) and TABLE\('\.\.\.'\) name a table through a string/,
  ],
  ["SELECT * FROM TABLE('panther_logs.public.aws_cloudtrail')", /TABLE\('\.\.\.'\) names a table through a string/],
  // in joins, subqueries, CTEs, set operations
  [
    `SELECT * FROM aws_cloudtrail a JOIN okta_systemlog o ON a.x = o.x WHERE a.p_event_time > '2026-01-01'`,
    /okta_systemlog \(alias o\) is read without/,
  ],
  [
    `SELECT * FROM aws_cloudtrail a JOIN okta_systemlog o ON a.x = o.x WHERE p_event_time > '2026-01-01'`,
    /aws_cloudtrail \(alias a\).*qualified with a/,
  ],
  [
    `SELECT * FROM aws_cloudtrail a, okta_systemlog o WHERE a.p_event_time > '2026-01-01' AND a.p_event_time > '2026-01-01'`,
    /okta_systemlog/,
  ],
  // a bound relative to another table's time bounds nothing when that table is unbounded itself
  ["SELECT * FROM aws_cloudtrail a JOIN okta_systemlog o ON o.x = a.x WHERE o.p_event_time > a.p_event_time", /aws_cloudtrail \(alias a\)/],
  [`SELECT * FROM aws_cloudtrail AS a WHERE aws_cloudtrail.p_event_time > '2026-01-01'`, /alias a/],
  [`SELECT * FROM aws_cloudtrail a WHERE b.p_event_time > '2026-01-01'`, /alias a/],
  [`SELECT * FROM aws_cloudtrail a WHERE p_occurs_since('1 day', b)`, /alias a/],
  [`SELECT * FROM aws_cloudtrail a WHERE "a".p_event_time > '2026-01-01'`, /alias a/], // "a" is not A in Snowflake
  [`SELECT * FROM analytics.public.lookup l RIGHT JOIN aws_cloudtrail a ON a.p_event_time > '2026-01-01'`, /alias a/],
  [`SELECT * FROM analytics.public.lookup l FULL JOIN aws_cloudtrail a ON a.p_event_time > '2026-01-01'`, /alias a/],
  [`SELECT * FROM aws_cloudtrail a LEFT JOIN analytics.public.lookup l ON a.p_event_time > '2026-01-01'`, /alias a/],
  ["SELECT * FROM (SELECT * FROM aws_cloudtrail) s WHERE s.p_event_time > '2026-01-01'", /aws_cloudtrail is read without/],
  ["SELECT * FROM analytics.public.lookup WHERE x IN (SELECT x FROM aws_cloudtrail)", /aws_cloudtrail is read without/],
  ["SELECT (SELECT count(*) FROM aws_cloudtrail) AS n", /aws_cloudtrail is read without/],
  ["SELECT * FROM analytics.public.lookup WHERE EXISTS (SELECT 1 FROM okta_systemlog)", /okta_systemlog is read without/],
  ["WITH x AS (SELECT * FROM aws_cloudtrail) SELECT * FROM x WHERE p_event_time > '2026-01-01'", /aws_cloudtrail is read without/],
  [`SELECT * FROM aws_cloudtrail WHERE ${SINCE} UNION ALL SELECT * FROM okta_systemlog`, /okta_systemlog is read without/],
  [`SELECT * FROM aws_cloudtrail UNION SELECT * FROM okta_systemlog WHERE ${SINCE}`, /aws_cloudtrail is read without/],
  [`(SELECT * FROM aws_cloudtrail WHERE ${SINCE}) EXCEPT (SELECT * FROM okta_systemlog)`, /okta_systemlog/],
  ["SELECT * FROM (aws_cloudtrail a JOIN okta_systemlog o ON a.x = o.x) WHERE a.p_event_time > '2026-01-01'", /okta_systemlog/],
  // CTE names: only an unqualified name in scope is a CTE
  [
    `SELECT * FROM (WITH aws_cloudtrail AS (SELECT 1 AS a) SELECT * FROM aws_cloudtrail) x, aws_cloudtrail`,
    /aws_cloudtrail is read without/,
  ],
  ['WITH "x" AS (SELECT 1) SELECT * FROM x', /x is read without/], // "x" is not X
  ["WITH x AS (SELECT * FROM x) SELECT * FROM x", /x is read without/], // not recursive: the inner x is a table
  ["WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a", /b is read without/],
  [`WITH x AS (SELECT 1) SELECT * FROM public.x`, /public\.x is read without/],
  // places where a bound cannot be checked
  [
    "SELECT * FROM aws_cloudtrail PIVOT(count(x) FOR y IN ('a')) WHERE p_event_time > '2026-01-01'",
    /aws_cloudtrail is read where its time bound cannot be checked/,
  ],
  [
    "SELECT * FROM aws_cloudtrail MATCH_RECOGNIZE(ORDER BY p_event_time MEASURES match_number() AS m PATTERN (x+) DEFINE x AS true)",
    /cannot be checked/,
  ],
  ["SELECT * FROM aws_cloudtrail, LATERAL FLATTEN(input => resources) r", /aws_cloudtrail is read without/],
  ["SELECT * FROM TABLE(FLATTEN(input => (SELECT array_agg(x) FROM aws_cloudtrail)))", /aws_cloudtrail is read without/],
];

const accepted: [string, string?][] = [
  [`SELECT * FROM aws_cloudtrail WHERE ${SINCE}`],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_between('2026-01-01', '2026-01-02') LIMIT 10"],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_around('2026-01-01T00:00:00Z', '10 minutes')"],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_after('2026-01-01') AND eventname = 'x'"],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_before('2026-01-01')"],
  ["SELECT * FROM aws_cloudtrail WHERE P_OCCURS_SINCE('1 day')"],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 day', aws_cloudtrail, p_event_time)"],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time >= DATEADD(hour, -6, CURRENT_TIMESTAMP())"],
  ["select count(*) from panther_logs.public.okta_systemlog where p_event_time > current_timestamp - interval '1 hour'"],
  ["SELECT * FROM aws_cloudtrail WHERE '2026-01-01' <= p_event_time"],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time BETWEEN '2026-01-01' AND '2026-01-02'"],
  ["SELECT * FROM aws_cloudtrail WHERE P_EVENT_TIME = '2026-01-01 00:00:00'"],
  ["SELECT * FROM aws_cloudtrail WHERE \"P_EVENT_TIME\" > '2026-01-01'"],
  ["SELECT * FROM aws_cloudtrail WHERE (eventname = 'x' AND (p_event_time > '2026-01-01'))"],
  ["SELECT * FROM aws_cloudtrail WHERE (p_event_time > '2026-01-01' AND a = 1) OR (p_occurs_since('1 day') AND b = 2)"],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time > '2026-01-01'::timestamp_ntz AND p_event_time < TIMESTAMP '2026-02-01'"],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time >= current_date - 1"],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time::date = current_date AND CAST((p_event_time) AS DATE) >= '2026-01-01'"],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time >= DATEADD('day', -1, TO_TIMESTAMP(:since))"],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time >= DATE_TRUNC(day, CURRENT_TIMESTAMP()) - INTERVAL 1 DAY"],
  ["SELECT * FROM aws_cloudtrail WHERE p_event_time > :since"],
  ["/* note */ SELECT 1"],
  ["SELECT 1;"],
  ["SELECT 'DROP TABLE x; --' AS s"],
  // qualified, quoted, any case
  ['SELECT * FROM "panther_logs"."public"."aws_cloudtrail" WHERE p_occurs_since(\'1 day\')'],
  ["SELECT * FROM PANTHER_LOGS.PUBLIC.AWS_CLOUDTRAIL t WHERE T.p_event_time > '2026-01-01'"],
  ["SELECT * FROM panther_logs.public.aws_cloudtrail WHERE aws_cloudtrail.p_event_time > '2026-01-01'"],
  ["SELECT * FROM panther_logs.public.aws_cloudtrail WHERE public.aws_cloudtrail.p_event_time > '2026-01-01'"],
  ["SELECT * FROM panther_logs..aws_cloudtrail WHERE p_occurs_since('1 day')"],
  // joins
  ["SELECT * FROM aws_cloudtrail a JOIN okta_systemlog o ON a.x = o.x WHERE p_occurs_since('1 day', a) AND o.p_event_time > '2026-01-01'"],
  [
    "SELECT * FROM aws_cloudtrail a JOIN okta_systemlog o ON a.x = o.x AND o.p_event_time > '2026-01-01' WHERE a.p_event_time > '2026-01-01'",
  ],
  [
    "SELECT * FROM aws_cloudtrail a LEFT JOIN okta_systemlog o ON a.x = o.x AND p_occurs_since('1 day', o) WHERE p_occurs_since('1 day', 'a')",
  ],
  [
    `SELECT * FROM aws_cloudtrail ct LEFT OUTER JOIN infra.net.egress e ON ct.ip = e.ip WHERE p_occurs_since('30 minutes', ct) AND e.ip IS NULL`,
  ],
  [
    "SELECT * FROM (aws_cloudtrail a JOIN okta_systemlog o ON a.x = o.x) WHERE a.p_event_time > '2026-01-01' AND p_occurs_since('1 day', o)",
  ],
  // subqueries, CTEs, set operations
  ["WITH x AS (SELECT * FROM aws_vpcflow WHERE p_occurs_between('2026-01-01', '2026-01-02')) SELECT * FROM x"],
  ["WITH aws_cloudtrail AS (SELECT * FROM panther_logs.public.aws_cloudtrail WHERE p_occurs_since('1 day')) SELECT * FROM aws_cloudtrail"],
  ["WITH x AS (SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 day')), y AS (SELECT * FROM x) SELECT * FROM y JOIN x ON true"],
  ["WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r"],
  ["SELECT * FROM (SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 day')) s"],
  ["SELECT * FROM analytics.public.lookup WHERE x IN (SELECT x FROM aws_cloudtrail WHERE p_occurs_since('1 day'))"],
  ["SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 day') UNION ALL SELECT * FROM okta_systemlog WHERE p_event_time > '2026-01-01'"],
  [
    "WITH logins AS (SELECT * FROM okta_systemlog WHERE p_occurs_since('60 minutes')) SELECT * FROM logins MATCH_RECOGNIZE(ORDER BY p_event_time MEASURES match_number() AS m PATTERN (x+) DEFINE x AS true)",
  ],
  // table functions: FLATTEN and friends bring no table of their own
  ["SELECT * FROM aws_cloudtrail, LATERAL FLATTEN(input => resources) r WHERE p_occurs_since('1 day')"],
  ["SELECT r.value FROM aws_cloudtrail t, TABLE(FLATTEN(t.resources)) r WHERE p_occurs_since('1 day')"],
  ["SELECT * FROM TABLE(GENERATOR(rowcount => 10))"],
  ["SELECT * FROM TABLE(SPLIT_TO_TABLE('a,b', ','))"],
  // metadata: information_schema, SHOW, DESCRIBE
  ["SELECT table_name FROM panther_logs.information_schema.tables"],
  ["SELECT * FROM information_schema.columns WHERE table_name = 'AWS_CLOUDTRAIL'"],
  ["SHOW TABLES IN panther_logs.public"],
  ["SHOW COLUMNS IN panther_logs.public.aws_cloudtrail"],
  ["SHOW DATABASES"],
  ["DESCRIBE TABLE panther_logs.public.aws_cloudtrail"],
  ["DESC aws_cloudtrail"],
  ["EXPLAIN SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 day')"],
  // outside Panther's databases no bound is needed
  ["SELECT * FROM analytics.public.lookup", "analytics"],
  ["SELECT * FROM analytics.public.t"],
  ["SELECT * FROM other_db.public.t JOIN my_schema.t2 ON true", "analytics"],
];

describe("sql guard", () => {
  for (const [sql, expected, db] of refused) {
    test(`refuses: ${sql.replace(/\s+/g, " ")}`, async () => {
      assert.match(await refusal(sql, db), expected);
    });
  }
  for (const [sql, db] of accepted) {
    test(`accepts: ${sql.replace(/\s+/g, " ")}`, async () => {
      await checkDataLakeSql(sql, db ?? "panther_logs");
    });
  }

  test("a refusal for a missing bound names the table and shows the fix", async () => {
    const message = await refusal("SELECT * FROM aws_cloudtrail WHERE eventname = 'x'");
    assert.match(message, /aws_cloudtrail is read without a time bound/);
    assert.match(message, /`WHERE p_occurs_since\('1 day'\)`/);
    assert.match(message, /`WHERE p_event_time >= DATEADD\(day, -1, CURRENT_TIMESTAMP\(\)\)`/);
    const joined = await refusal("SELECT * FROM aws_cloudtrail ct JOIN okta_systemlog o ON ct.x = o.x WHERE p_occurs_since('1 day', o)");
    assert.match(joined, /aws_cloudtrail \(alias ct\).*`WHERE p_occurs_since\('1 day', ct\)` or `WHERE ct\.p_event_time >=/);
  });

  test("the suggested fixes pass the guard", async () => {
    await checkDataLakeSql("SELECT * FROM aws_cloudtrail WHERE p_event_time >= DATEADD(day, -1, CURRENT_TIMESTAMP())", "panther_logs");
    await checkDataLakeSql(
      "SELECT * FROM aws_cloudtrail ct JOIN okta_systemlog o ON ct.x = o.x WHERE p_occurs_since('1 day', o) AND p_occurs_since('1 day', ct)",
      "panther_logs",
    );
  });

  test("a query nested too deeply is refused, and the guard keeps working afterwards", async () => {
    const deep = {
      and: `SELECT * FROM aws_cloudtrail WHERE ${Array(3000).fill("a = 1").join(" AND ")} AND ${SINCE}`,
      or: `SELECT * FROM aws_cloudtrail WHERE ${SINCE} AND (${Array(3000).fill("a = 1").join(" OR ")})`,
      casts: `SELECT a${"::int".repeat(3000)} FROM aws_cloudtrail WHERE ${SINCE}`,
      jsonPath: `SELECT a${":b".repeat(3000)} FROM aws_cloudtrail WHERE ${SINCE}`,
      concat: `SELECT ${Array(3000).fill("'a'").join(" || ")}`,
      parens: `SELECT ${"(".repeat(5000)}1${")".repeat(5000)}`,
      subqueries: `SELECT ${"(SELECT ".repeat(500)}1${")".repeat(500)}`,
    };
    for (const [name, sql] of Object.entries(deep)) {
      assert.match(await refusal(sql), /nested too deeply to check/, name);
      await checkDataLakeSql(`SELECT * FROM aws_cloudtrail WHERE ${SINCE}`, "panther_logs"); // the parser still answers
      assert.match(await refusal("SELECT * FROM aws_cloudtrail"), /without a time bound/, `${name}: still guarding`);
    }
    // Long but flat queries are fine: many UNIONs, a big IN list, a few hundred ANDs.
    await checkDataLakeSql(Array(300).fill(`SELECT 1 FROM aws_cloudtrail WHERE ${SINCE}`).join(" UNION ALL "), "panther_logs");
    await checkDataLakeSql(`SELECT * FROM aws_cloudtrail WHERE ${SINCE} AND a IN (${Array(5000).fill("'x'").join(", ")})`, "panther_logs");
    await checkDataLakeSql(`SELECT * FROM aws_cloudtrail WHERE ${Array(300).fill("a = 1").join(" AND ")} AND ${SINCE}`, "panther_logs");
  });

  test("concurrent checks each get their own answer", async () => {
    const results = await Promise.allSettled([
      checkDataLakeSql(`SELECT * FROM aws_cloudtrail WHERE ${SINCE}`, "panther_logs"),
      checkDataLakeSql(`SELECT * FROM aws_cloudtrail WHERE ${Array(3000).fill("a = 1").join(" AND ")}`, "panther_logs"),
      checkDataLakeSql("SELECT * FROM okta_systemlog", "panther_logs"),
      checkDataLakeSql("SELECT * FROM okta_systemlog WHERE p_occurs_since('1 hour')", "panther_logs"),
    ]);
    assert.deepEqual(
      results.map((r) =>
        r.status === "fulfilled" ? "ok" : /nested too deeply|without a time bound/.exec((r.reason as Error).message)?.[0],
      ),
      ["ok", "nested too deeply", "without a time bound", "ok"],
    );
  });

  test("start-up does not load the parser: nothing a server loads before it is called imports it statically", () => {
    const loaded = staticallyLoaded();
    for (const module of [/src\/tools\/catalog\.ts/, /src\/app\.ts/, /src\/server\.ts/])
      assert.ok(
        loaded.some((m) => module.test(m)),
        `the probe sees what start-up loads (${module}):\n${loaded.join("\n")}`,
      );
    // Tools are listed from the catalog: neither the guard nor its parser is in the start-up graph.
    assert.deepEqual(
      loaded.filter((m) => /sql-guard|sqlparser/.test(m)),
      [],
    );
  });
});
