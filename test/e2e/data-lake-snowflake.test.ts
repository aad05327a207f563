// Panther's SQL through the real server and the demo lake: the server's own hint, Snowflake-isms,
// both database name spellings, errors in the user's terms, tryAgain, and a catalog that matches the lake.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { errorText, resultJson, useSimulator, type Session } from "./harness.js";

describe("query_data_lake speaks Panther's SQL in the demo", () => {
  let sim: Simulator;
  let s: Session;
  useSimulator({}, { s: {} }, (started) => ({ sim, s } = started));
  const query = async (args: Record<string, unknown>) => {
    const result = resultJson(await s.call("query_data_lake", args));
    assert.equal(result.status, "succeeded", JSON.stringify(result));
    return result;
  };

  test("the time bound the server suggests (DATEADD over CURRENT_TIMESTAMP()) runs", async () => {
    const refused = errorText(await s.call("query_data_lake", { sql: "SELECT count(*) AS n FROM panther_logs.public.aws_cloudtrail" }));
    const hint = /`WHERE ([^`]*DATEADD[^`]*)`/.exec(refused)?.[1];
    assert.ok(hint, refused);
    const result = await query({ sql: `SELECT count(*) AS n FROM panther_logs.public.aws_cloudtrail WHERE ${hint}` });
    assert.ok(result.rows[0].n > 0, JSON.stringify(result.rows));
  });

  test("VARIANT paths, :: casts, IFF and qualified names run", async () => {
    const result = await query({
      sql: `SELECT userIdentity:type::string AS identity, IFF(errorCode IS NULL, 'ok', 'error') AS outcome, count(*) AS n
            FROM panther_logs.public.aws_cloudtrail
            WHERE p_event_time > DATEADD(day, -7, CURRENT_TIMESTAMP()) AND userIdentity:type = 'IAMUser'
            GROUP BY 1, 2 ORDER BY 2 DESC`,
    });
    assert.deepEqual(result.columns, ["identity", "outcome", "n"]);
    assert.deepEqual(
      result.rows.map((r: { identity: string; outcome: string }) => [r.identity, r.outcome]),
      [
        ["IAMUser", "ok"],
        ["IAMUser", "error"],
      ],
    );
  });

  test("database_name works as panther_signals and panther_signals.public", async () => {
    const sql = "SELECT count(*) AS n FROM correlation_signals WHERE p_occurs_since('30 d')";
    const plain = await query({ sql, database_name: "panther_signals" });
    const full = await query({ sql, database_name: "panther_signals.public" });
    assert.ok(plain.rows[0].n > 0);
    assert.deepEqual(full.rows, plain.rows);
  });

  test("an error names the place in the user's SQL, not DuckDB's text", async () => {
    const text = errorText(
      await s.call("query_data_lake", {
        sql: "SELECT eventName,\n  requestParameters:bucket,\n  nope\nFROM aws_cloudtrail WHERE p_occurs_since('1 d')",
      }),
    );
    assert.match(text, /^INVALID_ARGUMENT: data lake query \S+ failed: .*"nope" not found.*\(line 3, column 3\)\.?$/, text);
    assert.doesNotMatch(text, /LINE \d|Binder|->>|json_extract/, text);
  });

  test("tryAgain from Panther is polled through, not returned as an empty page", async () => {
    const mark = sim.requests.length;
    const result = await query({ sql: "/* sim:try_again=3 */ SELECT count(*) AS n FROM aws_vpcflow WHERE p_occurs_since('1 d')" });
    assert.equal(result.rows.length, 1);
    assert.ok(result.rows[0].n > 0);
    const reads = sim.requests.slice(mark).filter((r) => r.operationName === "GetDataLakeQuery" && r.variables?.id === result.query_id);
    assert.ok(reads.length >= 4, `${reads.length} reads: three answered tryAgain, then the rows`);
  });

  test("results that stay not ready until the timeout hand back query_id, like a running query", async () => {
    const result = resultJson(await s.call("query_data_lake", { sql: "/* sim:try_again=100 */ SELECT 1 AS one", timeout_seconds: 1 }));
    assert.equal(result.status, "running");
    assert.match(result.message, /query_id/);
  });

  test("every table the catalog lists answers SELECT * with the columns get_table_schema gives", async () => {
    const databases = resultJson(await s.call("list_databases", {}));
    assert.equal(databases.length, 7);
    for (const db of databases) {
      const tables = resultJson(await s.call("list_database_tables", { database_name: db.name, page_size: 100 }));
      assert.ok(tables.items.length > 0, db.name);
      for (const t of tables.items) {
        const schema = resultJson(await s.call("get_table_schema", { database_name: db.name, table_name: t.name }));
        const result = await query({ sql: `SELECT * FROM ${db.name}.${t.name} WHERE p_occurs_since('1 d') LIMIT 0` });
        assert.deepEqual(
          result.columns,
          schema.columns.map((c: { name: string }) => c.name),
          `${db.name}.${t.name}`,
        );
      }
    }
  });
});
