// The simulator's data lake speaks Panther's SQL (Snowflake) over DuckDB: translation, errors in the
// user's terms, Panther's databases as the catalog lists them, tryAgain. Over real HTTP GraphQL.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { seed, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { gqlData, LAKE_POLL, LAKE_RUN, lakeQuery, lakeRows } from "./gql.js";
import { FIXED_NOW, sharedLake } from "../e2e/harness.js";

const NOW = FIXED_NOW;

const CATALOG = `query {
  dataLakeDatabases { name }
}`;
const TABLES = `query Tables($db: String!) {
  dataLakeDatabaseTables(input: { databaseName: $db, pageSize: 100 }) { edges { node { name columns { name type } } } pageInfo { hasNextPage } }
}`;

/** Catalog (Snowflake) types and the DuckDB types that stand in for them in the demo lake. */
const DUCK_TYPE: Record<string, string> = {
  VARCHAR: "VARCHAR",
  NUMBER: "BIGINT",
  BOOLEAN: "BOOLEAN",
  TIMESTAMP_NTZ: "TIMESTAMP",
  VARIANT: "JSON",
  ARRAY: "VARCHAR[]",
};

const PANTHER_DATABASES = [
  "panther_logs",
  "panther_views",
  "panther_signals",
  "panther_rule_matches",
  "panther_rule_errors",
  "panther_monitor",
  "panther_cloudsecurity",
];

describe("the demo data lake speaks Snowflake", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ lake: sharedLake(NOW), queryDelayMs: 0 });
  });
  after(async () => {
    await sim?.close();
  });

  const run = (sql: string, db?: string) => lakeQuery(sim, sql, db);
  const rows = (sql: string, db?: string) => lakeRows(sim, sql, db);
  const count = async (sql: string, db?: string) => (await rows(sql, db))[0]!.n as number;
  async function failure(sql: string): Promise<string> {
    const q = await run(sql);
    assert.equal(q.status, "failed", sql);
    return q.message as string;
  }

  it("runs DATEADD over CURRENT_TIMESTAMP(), counting from the simulator's clock like p_occurs_since", async () => {
    const hinted = await count(
      "SELECT count(*) AS n FROM panther_logs.public.aws_cloudtrail WHERE p_event_time >= DATEADD(hour, -6, CURRENT_TIMESTAMP())",
    );
    const macro = await count("SELECT count(*) AS n FROM aws_cloudtrail WHERE P_OCCURS_SINCE('6 hours')");
    assert.ok(hinted > 0, "the last 6 hours of the seeded lake hold events");
    // The two "now"s are a few ms apart at most; rows are minutes apart.
    assert.ok(Math.abs(hinted - macro) <= 1, `${hinted} vs ${macro}`);
    const day = await count("SELECT count(*) AS n FROM aws_vpcflow WHERE p_event_time > DATEADD('DAY', -1, SYSDATE())");
    assert.ok(day > hinted / 10 && day < 2000, String(day));
  });

  it("reads VARIANT paths with : and casts with ::, comparing them as Snowflake does", async () => {
    const total = await count("SELECT count(*) AS n FROM aws_cloudtrail");
    const bare = await count("SELECT count(*) AS n FROM aws_cloudtrail WHERE userIdentity:type = 'IAMUser'");
    const cast = await count("SELECT count(*) AS n FROM aws_cloudtrail WHERE userIdentity:type::string = 'IAMUser'");
    assert.ok(bare > 0 && bare < total, `${bare} of ${total}`);
    assert.equal(cast, bare);
    const [row] = await rows(
      "SELECT actor:alternateId, client:geographicalContext.city AS city, outcome:result::varchar AS result FROM okta_systemlog LIMIT 1",
    );
    assert.deepEqual(Object.keys(row!), ["actor:alternateId", "city", "result"], "an unnamed path is named as written");
    assert.match(row!["actor:alternateId"], /^[a-z.]+@example\.com$/, "the text, without JSON quotes");
    assert.match(row!.city, /^[A-Z]/);
    assert.match(row!.result, /^(SUCCESS|FAILURE)$/);
  });

  it("runs IFF, ARRAY_SIZE and quoted or upper-case qualified names", async () => {
    const kinds = await rows("SELECT IFF(readOnly, 'read', 'write') AS kind, count(*) AS n FROM aws_cloudtrail GROUP BY 1 ORDER BY 1");
    assert.deepEqual(
      kinds.map((r) => r.kind),
      ["read", "write"],
    );
    const [sizes] = await rows(
      "SELECT MIN(ARRAY_SIZE(p_any_ip_addresses)) AS lo, MAX(ARRAY_SIZE(p_any_ip_addresses)) AS hi FROM aws_vpcflow",
    );
    assert.deepEqual(sizes, { lo: 1, hi: 2 });
    const [first] = await rows("SELECT p_any_ip_addresses[0] AS ip0, p_any_ip_addresses FROM aws_vpcflow LIMIT 1");
    assert.equal(first!.ip0, first!.p_any_ip_addresses[0], "arrays count from 0, as in Snowflake");
    const flat = await rows(
      "SELECT f.value AS ip, count(*) AS n FROM aws_vpcflow t, LATERAL FLATTEN(input => t.p_any_ip_addresses) f GROUP BY 1 ORDER BY n DESC LIMIT 1",
    );
    const withIp = await count(`SELECT count(*) AS n FROM aws_vpcflow WHERE ARRAY_CONTAINS('${flat[0]!.ip}'::variant, p_any_ip_addresses)`);
    assert.equal(withIp, flat[0]!.n, "FLATTEN and ARRAY_CONTAINS agree");
    const total = await count("SELECT count(*) AS n FROM aws_cloudtrail");
    assert.equal(await count('SELECT count(*) AS n FROM "PANTHER_LOGS"."PUBLIC"."AWS_CLOUDTRAIL"'), total);
    assert.equal(await count("SELECT count(*) AS n FROM PANTHER_LOGS.PUBLIC.aws_cloudtrail"), total);
  });

  it("takes both database name spellings for unqualified tables", async () => {
    const plain = await count("SELECT count(*) AS n FROM correlation_signals", "panther_signals");
    const full = await count("SELECT count(*) AS n FROM correlation_signals", "panther_signals.public");
    assert.ok(plain > 0);
    assert.equal(full, plain);
    const q = await run("SELECT 1 AS one", "no_such_db");
    assert.equal(q.status, "failed");
    assert.match(q.message, /database "no_such_db" does not exist; databases: panther_logs, /);
  });

  it("fills correlation_signals and rule matches with the events of the seeded alerts", async () => {
    const alerts = seed(NOW).alerts.filter((a) => a.events.some((e) => typeof e.p_log_type === "string"));
    const byAlert = await rows(
      "SELECT p_alert_id, p_rule_id, p_alert_severity, count(*) AS n FROM panther_signals.public.correlation_signals GROUP BY 1, 2, 3",
    );
    assert.equal(byAlert.length, alerts.length);
    for (const a of alerts.slice(0, 10)) {
      const row = byAlert.find((r) => r.p_alert_id === a.id);
      assert.ok(row, a.id);
      assert.equal(row.n, a.events.filter((e) => typeof e.p_log_type === "string").length);
      assert.equal(row.p_alert_severity, a.severity);
      assert.equal(row.p_rule_id, a.origin.kind === "system" ? null : a.origin.detectionId);
    }
    const matched = await count("SELECT count(*) AS n FROM panther_rule_matches.public.aws_cloudtrail WHERE p_alert_id IS NOT NULL");
    assert.ok(matched > 0);
  });

  it("speaks of the user's SQL in errors: line and column there, no DuckDB text", async () => {
    const syntax = await failure("SELECT eventName\nFROM aws_cloudtrail\nWHERE eventName = 'x' AND");
    assert.match(syntax, /^SQL syntax error at line 3, column \d+: /);
    const column = await failure("SELECT eventName,\n  no_such_column\nFROM aws_cloudtrail");
    assert.match(column, /"no_such_column" not found.* \(line 2, column 3\)$/);
    const path = await failure("SELECT userIdentity:arn FROM aws_cloudtrail WHERE nope:x = 'a'");
    assert.match(path, /"nope".*\(line 1, column 51\)/);
    for (const message of [syntax, column, path]) {
      assert.doesNotMatch(message, /LINE \d|Binder Error|Parser Error|->>|json_extract|\n/, message);
    }
  });

  it("keeps the policy on what DuckDB runs and the p_occurs_* macros", async () => {
    assert.match(await failure("SELECT * FROM duckdb_settings()"), /duckdb_settings\(\) is not available/);
    assert.match(await failure("SELECT * FROM panther_logs.main.aws_cloudtrail"), /is not available in the demo data lake/);
    assert.match(await failure("SELECT 1; SELECT 2"), /only one SQL statement/);
    const around = await count(
      "SELECT count(*) AS n FROM aws_cloudtrail WHERE p_occurs_around('2026-03-15 06:00:00', '6 hours') AND p_occurs_before('2026-03-15 12:00:00')",
    );
    assert.ok(around > 0);
  });

  it("lists every Panther database, and each catalog table answers SELECT * with the catalog's columns", async () => {
    const { dataLakeDatabases } = await gqlData(sim, CATALOG);
    assert.deepEqual(dataLakeDatabases.map((d: { name: string }) => d.name).sort(), PANTHER_DATABASES.map((d) => `${d}.public`).sort());
    for (const db of PANTHER_DATABASES) {
      const { dataLakeDatabaseTables } = await gqlData(sim, TABLES, { db: `${db}.public` });
      assert.equal(dataLakeDatabaseTables.pageInfo.hasNextPage, false);
      assert.ok(dataLakeDatabaseTables.edges.length > 0, db);
      for (const { node } of dataLakeDatabaseTables.edges) {
        const q = await run(`SELECT * FROM ${db}.public.${node.name} LIMIT 0`);
        assert.equal(q.status, "succeeded", `${db}.${node.name}: ${q.message}`);
        assert.deepEqual(
          q.results.columnInfo.order,
          node.columns.map((c: { name: string }) => c.name),
          `${db}.${node.name}`,
        );
        for (const c of node.columns) assert.equal(q.results.columnInfo.types[c.name], DUCK_TYPE[c.type], `${db}.${node.name}.${c.name}`);
        const n = await count(`SELECT count(*) AS n FROM ${db}.public.${node.name}`);
        assert.ok(n > 0, `${db}.${node.name} has seeded rows`);
      }
    }
  });

  it("answers tryAgain while results are not ready, then the rows", async () => {
    const { executeDataLakeQuery } = await gqlData(sim, LAKE_RUN, { sql: "/* sim:try_again=2 */ SELECT 1 AS one" });
    let q: Record<string, any>;
    do q = (await gqlData(sim, LAKE_POLL, { id: executeDataLakeQuery.id })).dataLakeQuery;
    while (q.status === "running");
    assert.equal(q.status, "succeeded");
    const reads = [q.results];
    reads.push((await gqlData(sim, LAKE_POLL, { id: executeDataLakeQuery.id })).dataLakeQuery.results);
    reads.push((await gqlData(sim, LAKE_POLL, { id: executeDataLakeQuery.id })).dataLakeQuery.results);
    assert.deepEqual(
      reads.map((r) => [r.tryAgain, r.edges.length]),
      [
        [true, 0],
        [true, 0],
        [false, 1],
      ],
    );
  });
});
