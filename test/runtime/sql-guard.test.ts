import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDataLakeSql } from "../../src/tools/sql-guard.js";

test("time-bounded reads on Panther tables pass", () => {
  for (const sql of [
    "SELECT * FROM aws_cloudtrail WHERE p_occurs_since('1 day')",
    "select count(*) from panther_logs.public.okta_systemlog where p_event_time > current_timestamp - interval '1 hour'",
    "WITH x AS (SELECT * FROM aws_vpcflow WHERE p_occurs_between('2026-01-01', '2026-01-02')) SELECT * FROM x",
    "SELECT table_name FROM panther_logs.information_schema.tables",
    "/* note */ SELECT 1",
  ]) {
    assert.doesNotThrow(() => checkDataLakeSql(sql, "panther_logs"), sql);
  }
});

test("unbounded scans and writes are refused with how to fix them", () => {
  assert.throws(() => checkDataLakeSql("SELECT * FROM aws_cloudtrail", "panther_logs"), /p_occurs_since\('1 day'\)/);
  assert.throws(() => checkDataLakeSql("select * from panther_logs.public.aws_cloudtrail", "other_db"), /must filter on time/);
  assert.throws(() => checkDataLakeSql("DROP TABLE aws_cloudtrail", "panther_logs"), /only read queries/);
  assert.throws(
    () => checkDataLakeSql("INSERT INTO t SELECT * FROM aws_cloudtrail WHERE p_event_time > 0", "panther_logs"),
    /only read queries/,
  );
});

test("tables outside Panther's databases need no time filter", () => {
  assert.doesNotThrow(() => checkDataLakeSql("SELECT * FROM my_lookup", "analytics"));
});
