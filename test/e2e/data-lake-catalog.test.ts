// The data-lake catalog tools end to end: the real server over stdio, the SDK client, the simulator
// serving dataLakeDatabases / dataLakeDatabaseTables / dataLakeDatabaseTable from its table definitions.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { DATABASES } from "../../src/simulator/data-lake-tables.js";
import { errorText, LIMITED, resultJson, useSimulator, type Session } from "./harness.js";

const TABLES = DATABASES.find((d) => d.name === "panther_logs")!.tables;
const TABLE_NAMES = TABLES.map((t) => t.name).sort();

describe("data-lake catalog tools", () => {
  let sim: Simulator;
  let s: Session;
  let limited: Session;
  // A lake of its own, never queried here: its engine runs only if a catalog call started it.
  useSimulator({ ownLake: true }, { s: {}, limited: LIMITED }, (started) => ({ sim, s, limited } = started));

  test("list_databases names Panther's databases", async () => {
    const databases = resultJson(await s.call("list_databases"));
    assert.ok(Array.isArray(databases), JSON.stringify(databases));
    assert.deepEqual(databases.map((d: { name: string }) => d.name).sort(), [
      "panther_cloudsecurity.public",
      "panther_logs.public",
      "panther_monitor.public",
      "panther_rule_errors.public",
      "panther_rule_matches.public",
      "panther_signals.public",
      "panther_views.public",
    ]);
    assert.equal(typeof databases[0].description, "string");
  });

  test("list_database_tables lists every table with its log type (default database panther_logs.public)", async () => {
    const page = resultJson(await s.call("list_database_tables"));
    assert.deepEqual(
      page.items.map((t: { name: string }) => t.name),
      TABLE_NAMES,
    );
    assert.equal(page.has_next_page, false);
    const cloudtrail = page.items.find((t: { name: string }) => t.name === "aws_cloudtrail");
    assert.equal(cloudtrail.logType, "AWS.CloudTrail");
    assert.ok(!("columns" in cloudtrail), "the listing leaves columns to get_table_schema");
    const sent = sim.requests.filter((r) => r.operationName === "ListDatabaseTables").at(-1);
    assert.deepEqual(sent?.variables, { databaseName: "panther_logs.public", pageSize: 25 });
  });

  test("panther_logs and panther_logs.public name the same database", async () => {
    const bare = resultJson(await s.call("list_database_tables", { database_name: "panther_logs" }));
    const full = resultJson(await s.call("list_database_tables", { database_name: "panther_logs.public" }));
    assert.deepEqual(bare, full);
    const schema = resultJson(await s.call("get_table_schema", { database_name: "panther_logs", table_name: "okta_systemlog" }));
    assert.equal(schema.name, "okta_systemlog");
  });

  test("list_database_tables pages one table at a time to the end, each table once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let round = 0; round < TABLE_NAMES.length + 2; round++) {
      const page = resultJson(await s.call("list_database_tables", { page_size: 1, ...(cursor ? { cursor } : {}) }));
      assert.equal(page.items.length, 1);
      seen.push(page.items[0].name);
      if (!page.has_next_page) {
        assert.ok(!page.next_cursor, "the last page has no next_cursor");
        break;
      }
      assert.ok(page.next_cursor);
      cursor = page.next_cursor;
    }
    assert.deepEqual(seen, TABLE_NAMES);
    const two = resultJson(await s.call("list_database_tables", { page_size: 2 }));
    assert.deepEqual(
      two.items.map((t: { name: string }) => t.name),
      TABLE_NAMES.slice(0, 2),
    );
    assert.equal(two.has_next_page, TABLE_NAMES.length > 2);
  });

  test("get_table_schema gives every column with its type and the standard columns' descriptions", async () => {
    for (const def of TABLES) {
      const table = resultJson(await s.call("get_table_schema", { table_name: def.name }));
      assert.equal(table.name, def.name);
      assert.equal(table.logType, def.logType);
      assert.deepEqual(
        table.columns.map((c: { name: string; type: string }) => [c.name, c.type]),
        def.columns.map((c) => [c.name, c.type]),
      );
      const eventTime = table.columns.find((c: { name: string }) => c.name === "p_event_time");
      assert.match(eventTime.description, /\w/);
    }
  });

  test("an unknown database or table is NOT_FOUND, naming it", async () => {
    for (const [name, args] of [
      ["list_database_tables", { database_name: "no_such_db" }],
      ["get_table_schema", { database_name: "no_such_db", table_name: "aws_cloudtrail" }],
    ] as const) {
      const text = errorText(await s.call(name, args));
      assert.match(text, /^NOT_FOUND: .*database "no_such_db" not found/, text);
    }
    const text = errorText(await s.call("get_table_schema", { table_name: "no_such_table" }));
    assert.match(text, /^NOT_FOUND: .*table "no_such_table" not found/, text);
  });

  test("a token without DataAnalyticsRead is PERMISSION_DENIED on every catalog tool", async () => {
    for (const [name, args] of [
      ["list_databases", {}],
      ["list_database_tables", {}],
      ["get_table_schema", { table_name: "aws_cloudtrail" }],
    ] as const) {
      const text = errorText(await limited.call(name, args));
      assert.match(text, new RegExp(`^PERMISSION_DENIED: .*${name} needs the Panther permission DataAnalyticsRead`), text);
    }
  });

  test("bad input is refused before Panther is asked, naming the argument", async () => {
    const before = sim.requests.length;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["list_database_tables", { page_size: 0 }, /page_size: must be >= 1/],
      ["list_database_tables", { page_size: 101 }, /page_size: must be <= 100/],
      ["list_database_tables", { database_name: "" }, /database_name: at least 1 character/],
      ["list_database_tables", { cursor: "" }, /cursor: at least 1 character/],
      ["get_table_schema", {}, /table_name/],
      ["get_table_schema", { table_name: 5 }, /table_name: expected string, got number/],
      ["get_table_schema", { table_name: "x".repeat(256) }, /table_name: at most 255 characters/],
      ["list_databases", { database_name: "panther_logs" }, /unknown argument "database_name"/],
    ];
    for (const [name, args, expected] of cases) {
      const text = errorText(await s.call(name, args));
      assert.match(text, expected, `${name} ${JSON.stringify(args)}: ${text}`);
      assert.match(text, new RegExp(`^INVALID_ARGUMENT: Invalid arguments for ${name}: `), text);
    }
    assert.equal(sim.requests.length, before, "no request reached Panther");
  });

  test("the catalog is answered without starting the DuckDB engine", async () => {
    assert.ok(
      sim.requests.some((r) => r.operationName === "GetTableSchema"),
      "catalog calls ran first",
    );
    assert.equal(await sim.lakeEnginePid(), undefined);
  });

  test("a cursor Panther did not issue is refused by Panther and reported as bad input", async () => {
    const text = errorText(await s.call("list_database_tables", { cursor: "not-a-cursor" }));
    assert.match(text, /^INVALID_ARGUMENT: .*invalid cursor "not-a-cursor"/, text);
  });
});
