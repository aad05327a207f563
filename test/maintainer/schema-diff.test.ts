// npm run schema:diff on copies of Panther's reference with real changes applied: a renamed field our
// tools use, a removed REST parameter, new fields and mutations. The drills call the command's main
// in-process; the published reference and a missing one run it as the maintainer does (a child
// process through tsx), for the wiring. Under CI=true a missing reference fails the run instead of skipping.
// The command and graphql are loaded by the suites' before hooks, not imported: the child runs of this
// file (the missing reference, below) skip those suites and so load only what they run.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { SchemaDiffReport } from "../../generator/maintainer/findings.js";
import type { Simulator } from "../../src/simulator/index.js";
import { lineCol, REFERENCE_DIR, referenceStatus, ROOT, runMain, runScript, testFileArgs } from "./helpers.js";

const SCRIPT = "generator/schema-diff.ts";
let main: typeof import("../../generator/schema-diff.js").main;
let schemaDiff: typeof import("../../generator/schema-diff.js").schemaDiff;
let graphqlSurface: typeof import("../../generator/maintainer/graphql-diff.js").graphqlSurface;
let graphql: typeof import("graphql");
async function loadCommand(): Promise<void> {
  ({ main, schemaDiff } = await import("../../generator/schema-diff.js"));
  ({ graphqlSurface } = await import("../../generator/maintainer/graphql-diff.js"));
  graphql = await import("graphql");
}
const status = referenceStatus(REFERENCE_DIR, process.env);
/** The drills need the reference; when it is missing the test below says so (and fails under CI). */
const skip = status.skip || (status.fail ? "the reference is missing (see the failing test)" : false);
const env = { PANTHER_REFERENCE_DIR: REFERENCE_DIR };

test("Panther's reference is there (required under CI=true)", { skip: status.skip }, () => {
  if (status.fail) assert.fail(status.fail);
});

/** Replaces exactly one occurrence, so a drill cannot silently stop applying its change. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  assert.ok(at >= 0 && text.indexOf(from, at + 1) < 0, `expected exactly one ${JSON.stringify(from)} in the reference`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Replaces `from` within the block that starts at `block` (e.g. "type Alert {") and ends at `close`. */
function replaceIn(text: string, block: string, from: string, to: string, close = "\n}"): string {
  const start = text.indexOf(block);
  assert.ok(start >= 0, `no ${block} in the reference`);
  const end = text.indexOf(close, start + block.length);
  return text.slice(0, start) + replaceOnce(text.slice(start, end), from, to) + text.slice(end);
}

const operation = (path: string) => readFileSync(join(ROOT, "operations", path), "utf8");

describe("schema:diff", { skip }, () => {
  let dir: string;
  let sdl: string;
  let openapi: string;
  before(async () => {
    await loadCommand();
    dir = mkdtempSync(join(tmpdir(), "schema-diff-"));
    sdl = readFileSync(join(REFERENCE_DIR, "panther-schema.graphql"), "utf8");
    openapi = readFileSync(join(REFERENCE_DIR, "panther-rest-openapi.yaml"), "utf8");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the published reference: nothing of ours breaks, exit 0, --json parses", async () => {
    const run = await runScript(SCRIPT, ["--json"], { env });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    const report = JSON.parse(run.stdout) as SchemaDiffReport & { brokenTools: string[] };
    assert.deepEqual(report.breaking, []);
    assert.deepEqual(report.brokenTools, []);
    assert.equal(report.sources.graphql, join(REFERENCE_DIR, "panther-schema.graphql"));
    // Panther has far more than we declare: summarised by group, root fields first.
    assert.equal(report.added[0].group, "Query");
    assert.ok(report.added.some((g) => g.api === "rest" && g.group === "/alerts"));
  });

  test("drill: a renamed field our tools use breaks them (with locations); new field and mutation are listed", async () => {
    let changed = replaceIn(sdl, "type Alert {", "  title: String!", "  headline: String!");
    changed = replaceOnce(changed, "type Query {", "type Query {\n  alertTimeline(id: ID!): [String!]!");
    changed = replaceOnce(changed, "type Mutation {", "type Mutation {\n  archiveAlert(id: ID!): Boolean!");
    const file = join(dir, "renamed.graphql");
    writeFileSync(file, changed);

    const run = await runMain(main, ["--schema", file, "--no-rest"], { env });
    assert.equal(run.code, 1, run.stderr + run.stdout);
    const title = /(?<=^\s*)title$/m;
    const listAlerts = `operations/alerts/list_alerts.graphql:${lineCol(operation("alerts/list_alerts.graphql"), title)}`;
    const getAlert = `operations/alerts/get_alert.graphql:${lineCol(operation("alerts/get_alert.graphql"), title)}`;
    const alertState = `operations/alerts/alert_state.graphql:${lineCol(operation("alerts/alert_state.graphql"), title)}`;
    assert.match(run.stdout, /BREAKING for us: 1 \(tools: alert_state, get_alert, list_alerts\)/);
    assert.match(run.stdout, /Alert\.title: not in Panther's schema \(renamed\? Panther now has headline of the same type\)/);
    assert.ok(run.stdout.includes(listAlerts), `${listAlerts} in:\n${run.stdout}`);
    assert.ok(run.stdout.includes(getAlert), `${getAlert} in:\n${run.stdout}`);
    assert.match(run.stdout, /\+ Query \(\d+\): .*\balertTimeline\b/);
    assert.match(run.stdout, /\+ Mutation \(\d+\): .*\barchiveAlert\b/);
    assert.match(run.stdout, /\+ Alert \(1\): headline/);

    const json = await runMain(main, ["--schema", file, "--no-rest", "--json"], { env });
    assert.equal(json.code, 1);
    const report = JSON.parse(json.stdout) as SchemaDiffReport & { brokenTools: string[] };
    assert.deepEqual(report.brokenTools, ["alert_state", "get_alert", "list_alerts"]);
    assert.deepEqual(
      report.breaking.map((f) => f.subject),
      ["Alert.title"],
    );
    assert.deepEqual(report.breaking[0].uses.map((u) => u.at).sort(), [alertState, getAlert, listAlerts].sort());
    assert.ok(report.added.find((g) => g.group === "Mutation")?.items.includes("archiveAlert"));

    const markdown = await runMain(main, ["--schema", file, "--no-rest", "--markdown"], { env });
    assert.equal(markdown.code, 1);
    assert.match(markdown.stdout, /### ❌ Breaking for us: 1 \(`alert_state`, `get_alert`, `list_alerts`\)/);
    assert.ok(markdown.stdout.includes(`\`list_alerts\` \`${listAlerts}\``));
  });

  test("drill: retyped input field, removed enum value, new required argument break list_alerts; a renamed field breaks a @client operation and names its caller; an unused difference is drift", async () => {
    let changed = replaceIn(sdl, "input AlertsInput {", "  pageSize: Int = 25", "  pageSize: String");
    changed = replaceIn(changed, "enum Severity {", "  INFO\n", "  INFORMATIONAL\n");
    changed = replaceOnce(
      changed,
      "  alerts(input: AlertsInput!): AlertsOutput!",
      "  alerts(input: AlertsInput!, tenant: ID!): AlertsOutput!",
    );
    // Used by a @client operation, which the hand-written query_data_lake calls.
    changed = replaceIn(changed, "type DataLakeQuery {", "  status: DataLakeQueryStatus!", "  state: DataLakeQueryStatus!");
    // We declare User.createdAt non-null but no operation selects it.
    changed = replaceIn(changed, "type User {", "  createdAt: DateTime!", "  createdAt: DateTime");
    const file = join(dir, "retyped.graphql");
    writeFileSync(file, changed);
    const run = await runMain(main, ["--schema", file, "--no-rest", "--json"], { env });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as SchemaDiffReport;
    const breaking = Object.fromEntries(report.breaking.map((f) => [f.subject, f]));
    assert.deepEqual(Object.keys(breaking).sort(), [
      "AlertsInput.pageSize",
      "DataLakeQuery.status",
      "Query.alerts.tenant",
      "Severity.INFO",
    ]);
    for (const f of report.breaking.filter((x) => x.subject !== "DataLakeQuery.status")) {
      assert.ok(
        f.uses.every((u) => u.tool === "list_alerts"),
        JSON.stringify(f),
      );
    }
    const client = breaking["DataLakeQuery.status"].uses;
    assert.ok(client.length > 0 && client.every((u) => u.kind === "client"), JSON.stringify(client));
    assert.ok(
      client.some((u) => u.tool === "get_data_lake_query" && u.via?.includes("src/tools/query-data-lake.ts")),
      JSON.stringify(client),
    );
    assert.match(breaking["Severity.INFO"].message, /renamed\? Panther now has INFORMATIONAL/);
    assert.match(breaking["Query.alerts.tenant"].message, /required argument tenant: ID!/);
    const drift = report.drift.find((f) => f.subject === "User.createdAt");
    assert.ok(drift, JSON.stringify(report.drift));
    assert.deepEqual(drift.uses, []);
  });

  test("REST drill: a removed query parameter and response field break the tools that use them; a new endpoint is listed", async () => {
    let changed = replaceIn(openapi, "  /roles:\n", "        - name: name-contains\n", "        - name: name-search\n", "\n  /");
    changed = replaceIn(changed, "    UserAPI.User:\n", "        email:\n", "        emailAddress:\n", "\n      required:");
    changed = replaceOnce(
      changed,
      "paths:\n",
      "paths:\n  /alert-rules:\n    get:\n      responses:\n        '200':\n          description: OK\n",
    );
    const file = join(dir, "openapi.yaml");
    writeFileSync(file, changed);
    const run = await runMain(main, ["--openapi", file], { env });
    assert.equal(run.code, 1, run.stderr + run.stdout);
    const roles = `operations/users/list_roles.graphql:${lineCol(operation("users/list_roles.graphql"), /(?<=roles\()nameContains/)}`;
    assert.match(run.stdout, /roles\(nameContains:\): query parameter name-contains is not accepted by Panther \(GET \/roles\)/);
    assert.ok(run.stdout.includes(roles), `${roles} in:\n${run.stdout}`);
    const email = /(?<=^\s*)email$/m;
    for (const [tool, path] of [
      ["list_users", "users/list_users.graphql"],
      ["get_user", "users/get_user.graphql"],
    ]) {
      const at = `operations/${path}:${lineCol(operation(path), email)}`;
      assert.ok(new RegExp(`${tool}\\s+${at}`).test(run.stdout), `${tool} ${at} in:\n${run.stdout}`);
    }
    assert.match(run.stdout, /UserRecord\.email is not in Panther's response/);
    assert.match(run.stdout, /\+ \/alert-rules \(1\): GET \/alert-rules/);
    assert.match(run.stdout, /\+ GET \/roles \(\d+\): .*\?name-search/);
  });

  test("known live additions Panther's file lacks are left out, not reported", () => {
    const { buildSchema, parse } = graphql;
    const ours = parse(`type Query { alert(id: ID!): Alert! }
      type Alert { id: ID! riskScore: Int }`);
    const theirs = buildSchema(`type Query { alert(id: ID!): Alert! } type Alert { id: ID! title: String }`);
    const { schema, skipped } = graphqlSurface(ours, theirs);
    assert.deepEqual(skipped, ["Alert.riskScore"]);
    assert.equal(
      schema.getType("Alert") && "riskScore" in (schema.getType("Alert") as never as { getFields(): object }).getFields(),
      false,
    );
    // Where Panther does serve it, it is compared like any other field.
    const live = buildSchema(`type Query { alert(id: ID!): Alert! } type Alert { id: ID! riskScore: Int }`);
    assert.deepEqual(graphqlSurface(ours, live).skipped, []);
  });

  test("bad usage and unreadable input exit 2 with a clear message", async () => {
    const unknown = await runMain(main, ["--shema", "x"], { env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--shema'/);
    assert.match(unknown.stderr, /usage: npm run schema:diff/);
    await assert.rejects(schemaDiff(["--json", "--markdown"]), /--json and --markdown are exclusive/);
    await assert.rejects(schemaDiff(["--schema", "x", "--live"]), /--schema and --live are exclusive/);
    const missing = await runMain(main, ["--schema", join(dir, "nope.graphql")], { env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Panther's GraphQL schema not found: .*nope\.graphql/);
    const broken = join(dir, "broken.graphql");
    writeFileSync(broken, "type Query {");
    const invalid = await runMain(main, ["--schema", broken], { env });
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /broken\.graphql is not a valid GraphQL schema/);
  });
});

describe("schema:diff --live", { skip: process.env.MAINTAINER_CHILD === "1" ? "inside the child run" : false }, () => {
  let sim: Simulator;
  let TOKEN: string;
  before(async () => {
    await loadCommand();
    // Imported here: the child runs of this file below skip this block and need no simulator.
    const harness = await import("../e2e/harness.js");
    TOKEN = harness.TOKEN;
    sim = await harness.startSimulatorForTests();
  });
  after(async () => {
    await sim?.close();
  });

  test("introspects the configured endpoint through our request core, with the token", async () => {
    const run = await runMain(main, ["--live", "--no-rest", "--json"], {
      env: { PANTHER_GRAPHQL_URL: sim.graphqlUrl, PANTHER_REST_URL: sim.restUrl, PANTHER_API_TOKEN: TOKEN },
    });
    // The simulator serves our own schema/, so nothing breaks.
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as SchemaDiffReport;
    assert.equal(report.sources.graphql, `${sim.graphqlUrl} (introspection)`);
    assert.deepEqual(report.breaking, []);
    const introspection = sim.requests.filter((r) => r.kind === "graphql" && r.operationName === "IntrospectionQuery");
    // The simulator answers only a request with a valid token; a 200 proves the key header was sent.
    assert.equal(introspection.length, 1);
    assert.equal(introspection[0].status, 200);
    assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
  });

  test("with a console URL, as mcp-panther's config gives, it finds the API from the console page as the server does", async () => {
    sim.requests.length = 0;
    const run = await runMain(main, ["--live", "--no-rest", "--json"], {
      env: { PANTHER_INSTANCE_URL: sim.url, PANTHER_API_TOKEN: TOKEN },
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as SchemaDiffReport;
    assert.equal(report.sources.graphql, `${sim.graphqlUrl} (introspection)`);
    assert.equal(sim.requests.filter((r) => r.method === "GET" && r.path === "/").length, 1, "the console page was read");
    assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
  });

  test("without Panther's settings it exits 2 naming what to set", async () => {
    const run = await runMain(main, ["--live"], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--live needs Panther's settings/);
    assert.match(run.stderr, /PANTHER_INSTANCE_URL is not set/);
  });
});

describe("a missing reference", { skip: process.env.MAINTAINER_CHILD === "1" ? "inside the child run" : false }, () => {
  const nowhere = join(tmpdir(), "no-panther-reference-here");
  const runThisFile = (extra: Record<string, string>) => {
    const child = spawn(process.execPath, testFileArgs("test/maintainer/schema-diff.test.ts"), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", PANTHER_REFERENCE_DIR: nowhere, MAINTAINER_CHILD: "1", ...extra },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    return new Promise<{ code: number | null; out: string }>((done) => child.on("close", (code) => done({ code, out })));
  };

  test("under CI=true fails this test file instead of skipping", async () => {
    const run = await runThisFile({ CI: "true" });
    assert.equal(run.code, 1, run.out);
    assert.match(run.out, /CI=true: the reference is required/);
  });

  test("outside CI skips the drills, and the command itself still exits 2", async () => {
    const run = await runThisFile({});
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /# SKIP Panther's reference is missing/);
    const command = await runScript(SCRIPT, [], { env: { PANTHER_REFERENCE_DIR: nowhere } });
    assert.equal(command.code, 2);
    assert.match(command.stderr, /Panther's GraphQL schema not found: .*no-panther-reference-here/);
  });
});
