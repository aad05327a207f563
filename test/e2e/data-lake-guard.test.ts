// The data-lake SQL guard through the real server: hostile SQL is refused before anything reaches
// Panther, bounded reads run, and the parser (a worker started on first use) never holds the process.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { spawnSession } from "./child-session.js";
import { errorText, resultJson, useSimulator, type Session } from "./harness.js";

const CT = "panther_logs.public.aws_cloudtrail";

describe("query_data_lake SQL guard", () => {
  let sim: Simulator;
  let s: Session;
  useSimulator({}, { s: {} }, (started) => ({ sim, s } = started));

  const executes = () => sim.requests.filter((r) => r.operationName === "ExecuteDataLakeQuery").length;
  const run = (sql: string) => s.call("query_data_lake", { sql });

  test("hostile SQL is refused with INVALID_ARGUMENT and never reaches Panther", async () => {
    const hostile: [string, RegExp][] = [
      [`SELECT 1; DROP TABLE ${CT}`, /exactly one statement/],
      [`SELECT * FROM ${CT} -- WHERE p_event_time > '2026-01-01'`, /without a time bound/],
      [`SELECT 'p_occurs_since(''1 day'')' FROM ${CT}`, /without a time bound/],
      [`SELECT p_event_time FROM ${CT}`, /without a time bound/],
      [`SELECT * FROM ${CT} WHERE 1=1 OR p_event_time > '2026-01-01'`, /without a time bound/],
      [`SELECT * FROM ${CT} WHERE p_event_time IS NOT NULL`, /without a time bound/],
      [`SELECT * FROM/**/${CT}`, /without a time bound/],
      [`SELECT * FROM "panther_logs"."public"."aws_cloudtrail"`, /without a time bound/],
      [`SELECT * FROM aws_cloudtrail a JOIN aws_cloudtrail b ON a.eventID = b.eventID WHERE p_occurs_since('1 d', a)`, /alias b/],
      [`WITH x AS (SELECT * FROM ${CT}) SELECT * FROM x WHERE p_event_time > '2026-01-01'`, /without a time bound/],
      [`SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 d') UNION ALL SELECT * FROM aws_cloudtrail`, /without a time bound/],
      [`EXPLAIN ANALYZE DELETE FROM ${CT}`, /EXPLAIN ANALYZE/],
      [`EXPLAIN ANALYZE INSERT INTO t VALUES (1)`, /EXPLAIN ANALYZE/],
      [`EXPLAIN ANALYZE UPDATE t SET a = 1`, /EXPLAIN ANALYZE/],
      [`EXPLAIN ANALYZE CREATE TABLE t (a INT)`, /EXPLAIN ANALYZE/],
      [`EXPLAIN ANALYZE DROP TABLE t`, /EXPLAIN ANALYZE/],
      [`EXPLAIN DROP TABLE t`, /EXPLAIN is allowed only of a read query/],
      [`DELETE FROM ${CT} WHERE p_occurs_since('1 d')`, /only read queries/],
      [`SELEC * FRM ${CT}`, /syntax error at line 1, column 1/],
    ];
    const before = executes();
    for (const [sql, expected] of hostile) {
      const text = errorText(await run(sql));
      assert.match(text, /^INVALID_ARGUMENT: sql: /, sql);
      assert.match(text, expected, sql);
    }
    assert.equal(executes(), before, "no query reached Panther");
  });

  test("the refusal names the table and shows a fix that passes", async () => {
    const text = errorText(await run("SELECT count(*) AS n FROM aws_cloudtrail WHERE eventName = 'ConsoleLogin'"));
    assert.match(text, /aws_cloudtrail is read without a time bound/);
    const fix = /`WHERE (p_occurs_since\('1 day'\))`/.exec(text);
    assert.ok(fix, text);
    const fixed = resultJson(await run(`SELECT count(*) AS n FROM aws_cloudtrail WHERE ${fix[1]} AND eventName = 'ConsoleLogin'`));
    assert.equal(fixed.status, "succeeded");
  });

  test("bounded reads run: joins, CTEs, information_schema", async () => {
    for (const sql of [
      `SELECT count(*) AS n FROM ${CT} WHERE p_occurs_since('30 d')`,
      `SELECT count(*) AS n FROM aws_cloudtrail a JOIN aws_cloudtrail b ON a.eventID = b.eventID WHERE p_occurs_since('7 d', a) AND b.p_event_time >= TIMESTAMP '2000-01-01'`,
      `WITH recent AS (SELECT * FROM aws_cloudtrail WHERE p_occurs_since('7 d')) SELECT count(*) AS n FROM recent`,
      "SELECT table_name FROM information_schema.tables",
    ]) {
      const page = resultJson(await run(sql));
      assert.equal(page.status, "succeeded", sql);
      assert.ok(page.rows.length >= 1, sql);
    }
  });

  test("a query too deep to parse is refused, and the guard keeps working after it", async () => {
    const deep = `SELECT * FROM ${CT} WHERE ${Array(3000).fill("eventName = 'x'").join(" OR ")} AND p_occurs_since('1 d')`;
    assert.match(errorText(await run(deep)), /^INVALID_ARGUMENT: sql: the query is nested too deeply/);
    assert.match(errorText(await run(`SELECT * FROM ${CT}`)), /without a time bound/);
    assert.equal(resultJson(await run(`SELECT count(*) AS n FROM ${CT} WHERE p_occurs_since('30 d')`)).status, "succeeded");
  });

  // A server of its own (its stdin is closed), against the same simulator: the lake's engine is already up.
  test("after a data-lake call, closing stdin still ends the server (the parser worker does not hold it)", async () => {
    const session = await spawnSession(sim);
    const page = resultJson(
      await session.client.callTool({
        name: "query_data_lake",
        arguments: { sql: `SELECT 1 AS one FROM ${CT} WHERE p_occurs_since('1 d') LIMIT 1` },
      }),
    );
    assert.equal(page.status, "succeeded");
    session.child.stdin.end();
    const code = await Promise.race([session.exited, new Promise((r) => setTimeout(() => r("still running"), 20_000).unref())]);
    if (code === "still running") session.child.kill("SIGKILL");
    assert.equal(code, 0, session.stderr().slice(-2000));
  });
});
