// End-to-end checks of the Panther simulator over real HTTP.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { DEMO_TOKEN, seed, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { FIXED_NOW, sharedLake } from "../e2e/harness.js";
import { gql } from "./gql.js";

const NOW = FIXED_NOW;
const DAY = 86_400_000;

async function rest(sim: Simulator, path: string, init: { token?: string | null; method?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? sim.token : init.token;
  if (token !== null) headers["X-API-Key"] = token;
  const res = await fetch(sim.restUrl + path, { method: init.method ?? "GET", headers });
  return { status: res.status, json: (await res.json()) as any, headers: res.headers };
}

const window30 = { after: new Date(NOW.getTime() - 31 * DAY).toISOString(), before: new Date(NOW.getTime() + DAY).toISOString() };

const LIST_ALERTS = `query ListAlerts($input: AlertsInput!) {
  alerts(input: $input) {
    edges { node { id title severity status type createdAt assignee { id email } origin { __typename ... on Detection { id name } } } }
    pageInfo { endCursor hasNextPage hasPreviousPage startCursor }
  }
}`;

const RUN = `mutation Run($sql: String!) { executeDataLakeQuery(input: { sql: $sql }) { id } }`;
const POLL = `query Poll($id: ID!, $cursor: String, $pageSize: Int) {
  dataLakeQuery(id: $id) {
    id status message sql startedAt completedAt
    results(input: { cursor: $cursor, pageSize: $pageSize }) {
      edges { node }
      columnInfo { order types }
      pageInfo { endCursor hasNextPage }
      stats { bytesScanned executionTime rowCount }
    }
  }
}`;

async function runQuery(sim: Simulator, sql: string) {
  const started = await gql(sim, RUN, { sql });
  assert.equal(started.errors, undefined, JSON.stringify(started.errors));
  const id = started.data!.executeDataLakeQuery.id as string;
  for (let i = 0; i < 200; i++) {
    const r = await gql(sim, POLL, { id });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    if (r.data!.dataLakeQuery.status !== "running") return r.data!.dataLakeQuery;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error("query did not finish");
}

describe("panther simulator", () => {
  let sim: Simulator;

  before(async () => {
    sim = await startSimulator({
      lake: sharedLake(NOW),
      queryDelayMs: 50,
      tokens: { [DEMO_TOKEN]: "all", "read-only-token": ["AlertRead"] },
    });
  });
  after(async () => {
    await sim.close();
  });

  it("rejects requests without a valid API key and never records the key", async () => {
    const g = await gql(sim, '{ alert(id: "alert-0001") { id } }', {}, null);
    assert.equal(g.status, 401);
    const r = await rest(sim, "/rules", { token: "wrong" });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { message: "invalid API key" });
    const last = sim.requests.at(-1)!;
    assert.equal(last.kind, "rest");
    assert.equal(last.status, 401);
    assert.ok(!JSON.stringify(sim.requests).includes("wrong"));
    assert.ok(!JSON.stringify(sim.requests).includes(DEMO_TOKEN));
  });

  it("lists alerts with filters and cursor paging", async () => {
    const expected = seed(NOW).alerts.filter((a) => ["RULE", "POLICY", "SCHEDULED_RULE"].includes(a.type));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await gql(sim, LIST_ALERTS, {
        input: { createdAtAfter: window30.after, createdAtBefore: window30.before, pageSize: 10, cursor },
      });
      assert.equal(r.errors, undefined, JSON.stringify(r.errors));
      const { edges, pageInfo } = r.data!.alerts;
      assert.equal(pageInfo.hasPreviousPage, pages > 0);
      seen.push(...edges.map((e: any) => e.node.id));
      cursor = pageInfo.hasNextPage ? pageInfo.endCursor : null;
      pages++;
    } while (cursor);
    assert.equal(seen.length, expected.length);
    assert.equal(new Set(seen).size, seen.length);
    assert.ok(pages >= 6);

    const crit = await gql(sim, LIST_ALERTS, {
      input: { createdAtAfter: window30.after, createdAtBefore: window30.before, severities: ["CRITICAL"], statuses: ["OPEN"] },
    });
    const nodes = crit.data!.alerts.edges.map((e: any) => e.node);
    assert.ok(nodes.some((n: any) => n.id === "alert-0001"));
    assert.ok(nodes.every((n: any) => n.severity === "CRITICAL" && n.status === "OPEN"));
    const times = nodes.map((n: any) => Date.parse(n.createdAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );

    const byName = await gql(sim, LIST_ALERTS, {
      input: { createdAtAfter: window30.after, createdAtBefore: window30.before, nameContains: "ROOT ACCOUNT" },
    });
    assert.ok(byName.data!.alerts.edges.length >= 1);
    assert.ok(byName.data!.alerts.edges.every((e: any) => /root account/i.test(e.node.title)));

    const byDetection = await gql(sim, LIST_ALERTS, { input: { detectionId: "AWS.CloudTrail.RootLogin", sortDir: "ascending" } });
    assert.ok(byDetection.data!.alerts.edges.every((e: any) => e.node.origin.id === "AWS.CloudTrail.RootLogin"));

    const system = await gql(sim, LIST_ALERTS, {
      input: { createdAtAfter: window30.after, createdAtBefore: window30.before, type: "SYSTEM_ERROR" },
    });
    assert.deepEqual(
      system.data!.alerts.edges.map((e: any) => e.node.origin.__typename),
      ["SystemError", "SystemError"],
    );
  });

  it("validates the alerts input like Panther", async () => {
    const noWindow = await gql(sim, LIST_ALERTS, { input: { createdAtAfter: window30.after } });
    assert.equal(noWindow.status, 200);
    assert.equal(noWindow.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.match(noWindow.errors![0]!.message, /detectionId|createdAtBefore/);
    const big = await gql(sim, LIST_ALERTS, { input: { detectionId: "x", pageSize: 51 } });
    assert.equal(big.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    const badCursor = await gql(sim, LIST_ALERTS, { input: { detectionId: "x", cursor: "nope!" } });
    assert.equal(badCursor.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  });

  it("returns one alert with its origin and events, and NOT_FOUND for unknown ids", async () => {
    const q = `query($id: ID!) { alert(id: $id) { id severity status origin { __typename ... on Detection { id name type } ... on DeletedDetection { id } }
      deliveries { outputId success } events(input: { pageSize: 2 }) { edges { node } pageInfo { hasNextPage endCursor } } } }`;
    const a = await gql(sim, q, { id: "alert-0001" });
    assert.equal(a.data!.alert.severity, "CRITICAL");
    assert.equal(a.data!.alert.origin.__typename, "Detection");
    assert.equal(a.data!.alert.events.edges.length, 2);
    assert.equal(a.data!.alert.events.pageInfo.hasNextPage, true);
    assert.equal(a.data!.alert.events.edges[0].node.eventName, "ConsoleLogin");
    const deleted = await gql(sim, q, { id: "alert-0005" });
    assert.deepEqual(deleted.data!.alert.origin, { __typename: "DeletedDetection", id: "AWS.GuardDuty.LegacyFinding" });
    const missing = await gql(sim, q, { id: "alert-9999" });
    assert.equal(missing.errors?.[0]?.extensions?.code, "NOT_FOUND");
    assert.equal(missing.errors?.[0]?.message, "alert alert-9999 not found");
  });

  it("runs the project's own GraphQL operations", async () => {
    const doc = readFileSync(new URL("../../operations/alerts/get_alert.graphql", import.meta.url), "utf8");
    const r = await gql(sim, doc, { alertId: "alert-0002" });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.equal(r.data!.alert.assignee.id, "user-002");
    const comments = readFileSync(new URL("../../operations/alerts/list_alert_comments.graphql", import.meta.url), "utf8");
    const c = await gql(sim, comments, { alertId: "alert-0001" });
    assert.match(c.errors?.[0]?.message ?? "", /REST/);
  });

  it("updates alerts and stores comments", async () => {
    const status = await gql(
      sim,
      `mutation($ids: [ID!]!) { updateAlertStatusById(input: { ids: $ids, status: RESOLVED }) { alerts { id status updatedAt updatedBy { __typename ... on APIToken { id } } } } }`,
      { ids: ["alert-0010"] },
    );
    assert.equal(status.errors, undefined, JSON.stringify(status.errors));
    const updated = status.data!.updateAlertStatusById.alerts[0];
    assert.equal(updated.status, "RESOLVED");
    assert.equal(updated.updatedBy.__typename, "APIToken");
    assert.ok(updated.updatedAt);

    const assign = `mutation($ids: [ID!]!, $who: ID) { updateAlertsAssigneeById(input: { ids: $ids, assigneeId: $who }) { alerts { id assignee { id } } } }`;
    const ok = await gql(sim, assign, { ids: ["alert-0010"], who: "user-003" });
    assert.equal(ok.data!.updateAlertsAssigneeById.alerts[0].assignee.id, "user-003");
    const unassign = await gql(sim, assign, { ids: ["alert-0010"] });
    assert.equal(unassign.data!.updateAlertsAssigneeById.alerts[0].assignee, null);
    const badUser = await gql(sim, assign, { ids: ["alert-0010"], who: "user-999" });
    assert.equal(badUser.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    const badAlert = await gql(sim, assign, { ids: ["alert-9999"], who: "user-001" });
    assert.equal(badAlert.errors?.[0]?.extensions?.code, "NOT_FOUND");

    const add = await gql(
      sim,
      `mutation($id: ID!, $body: String!) { createAlertComment(input: { alertId: $id, body: $body }) { comment { id body format createdBy { __typename } entity { __typename ... on Alert { id } } } } }`,
      { id: "alert-0001", body: "Checked by the test" },
    );
    assert.equal(add.errors, undefined, JSON.stringify(add.errors));
    assert.equal(add.data!.createAlertComment.comment.entity.id, "alert-0001");
    const listed = await rest(sim, "/alert-comments?alert-id=alert-0001");
    assert.equal(listed.status, 200);
    assert.equal(listed.json.results.length, 3);
    assert.equal(listed.json.results.at(-1).body, "Checked by the test");
    assert.deepEqual(listed.json.results.at(-1).createdBy, { id: "token-001", type: "token" });
  });

  it("runs data lake queries asynchronously", async () => {
    const started = await gql(sim, RUN, {
      sql: "/* sim:delay=1000 */ SELECT eventName, count(*) AS n FROM aws_cloudtrail GROUP BY 1 ORDER BY n DESC",
    });
    const id = started.data!.executeDataLakeQuery.id;
    const first = await gql(sim, POLL, { id });
    assert.equal(first.data!.dataLakeQuery.status, "running");
    assert.equal(first.data!.dataLakeQuery.results, null);

    const done = await runQuery(
      sim,
      "SELECT p_event_time, eventName, userIdentity FROM panther_logs.public.aws_cloudtrail ORDER BY p_event_time DESC LIMIT 5",
    );
    assert.equal(done.status, "succeeded", done.message);
    assert.equal(done.results.edges.length, 5);
    assert.deepEqual(done.results.columnInfo.order, ["p_event_time", "eventName", "userIdentity"]);
    assert.match(done.results.edges[0].node.p_event_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    assert.equal(typeof done.results.edges[0].node.userIdentity, "object");
    assert.equal(done.results.stats.rowCount, 5);

    const counted = await runQuery(sim, "SELECT count(*) AS n FROM okta_systemlog WHERE p_occurs_since('7 d')");
    assert.equal(counted.status, "succeeded", counted.message);
    const n = counted.results.edges[0].node.n;
    assert.equal(typeof n, "number");
    assert.ok(n > 50 && n < 800, String(n));
    const between = await runQuery(
      sim,
      "SELECT count(*) AS n FROM aws_vpcflow WHERE p_occurs_between('2026-03-14 00:00:00', '2026-03-15 00:00:00')",
    );
    assert.ok(between.results.edges[0].node.n > 0);

    const failed = await runQuery(sim, "SELECT no_such_column FROM aws_cloudtrail");
    assert.equal(failed.status, "failed");
    assert.match(failed.message, /no_such_column/);
    assert.equal(failed.results, null);
  });

  it("pages data lake results and cancels running queries", async () => {
    const done = await runQuery(sim, "SELECT * FROM aws_vpcflow LIMIT 25");
    const id = done.id;
    const p1 = await gql(sim, POLL, { id, pageSize: 10 });
    assert.equal(p1.data!.dataLakeQuery.results.edges.length, 10);
    assert.equal(p1.data!.dataLakeQuery.results.pageInfo.hasNextPage, true);
    const p3 = await gql(sim, POLL, {
      id,
      pageSize: 10,
      cursor: (await gql(sim, POLL, { id, pageSize: 10, cursor: p1.data!.dataLakeQuery.results.pageInfo.endCursor })).data!.dataLakeQuery
        .results.pageInfo.endCursor,
    });
    assert.equal(p3.data!.dataLakeQuery.results.edges.length, 5);
    assert.equal(p3.data!.dataLakeQuery.results.pageInfo.hasNextPage, false);
    const tooBig = await gql(sim, POLL, { id, pageSize: 1000 });
    assert.equal(tooBig.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");

    const slow = await gql(sim, RUN, { sql: "/* sim:delay=5000 */ SELECT 1" });
    const slowId = slow.data!.executeDataLakeQuery.id;
    const cancel = await gql(sim, `mutation($id: ID!) { cancelDataLakeQuery(input: { id: $id }) { id } }`, { id: slowId });
    assert.equal(cancel.data!.cancelDataLakeQuery.id, slowId);
    const after = await gql(sim, POLL, { id: slowId });
    assert.equal(after.data!.dataLakeQuery.status, "cancelled");
    assert.ok(sim.requests.some((r) => r.operationName === "Run" || r.variables?.id === slowId));
    const unknown = await gql(sim, `mutation { cancelDataLakeQuery(input: { id: "nope" }) { id } }`);
    assert.equal(unknown.errors?.[0]?.extensions?.code, "NOT_FOUND");
  });

  it("serves alert comments and detections over REST", async () => {
    const c = await rest(sim, "/alert-comments?alert-id=alert-0003&limit=2");
    assert.equal(c.status, 200);
    assert.equal(c.json.results.length, 2);
    assert.ok(c.json.next);
    const c2 = await rest(sim, `/alert-comments?alert-id=alert-0003&limit=2&cursor=${encodeURIComponent(c.json.next)}`);
    assert.equal(c2.json.results.length, 1);
    assert.equal(c2.json.next, undefined);
    assert.equal((await rest(sim, "/alert-comments?alert-id=alert-0003&limit=51")).status, 400);
    assert.equal((await rest(sim, "/alert-comments?alert-id=alert-9999")).status, 404);

    const rules = await rest(sim, "/rules");
    assert.equal(rules.json.results.length, 12);
    const high = await rest(sim, "/rules?severity=HIGH&severity=CRITICAL&state=enabled");
    assert.ok(high.json.results.every((r: any) => ["HIGH", "CRITICAL"].includes(r.severity) && r.enabled));
    const okta = await rest(sim, "/rules?log-type=Okta.SystemLog&name-contains=okta");
    assert.ok(okta.json.results.length >= 3);
    const paged = await rest(sim, "/rules?limit=5");
    assert.equal(paged.json.results.length, 5);
    assert.ok(paged.json.next);
    assert.equal((await rest(sim, "/policies")).json.results.length, 4);
    assert.equal((await rest(sim, "/scheduled-rules")).json.results.length, 3);
    assert.equal((await rest(sim, "/simple-rules")).json.results.length, 2);

    const one = await rest(sim, "/rules/AWS.CloudTrail.RootLogin");
    assert.equal(one.status, 200);
    assert.equal(one.json.displayName, "Root account login without MFA");
    assert.match(one.json.body, /def rule\(event\)/);
    assert.ok(one.json.tests.length >= 1);
    assert.doesNotThrow(() => JSON.parse(one.json.tests[0].resource));
    const missing = await rest(sim, "/rules/Nope");
    assert.equal(missing.status, 404);
    assert.match(missing.json.message, /not found/);
    assert.equal((await rest(sim, "/policies/AWS.CloudTrail.RootLogin")).status, 404);
    assert.equal((await rest(sim, "/nowhere")).status, 404);
    assert.equal((await rest(sim, "/rules", { method: "DELETE" })).status, 405);
  });

  it("applies fault rules and records the faulted requests", async () => {
    sim.faults.add({ match: { kind: "rest", path: "/rules*" }, status: 503, headers: { "Retry-After": "1" } });
    const first = await rest(sim, "/rules");
    assert.equal(first.status, 503);
    assert.equal(first.headers.get("retry-after"), "1");
    assert.equal(sim.requests.at(-1)!.status, 503);
    const second = await rest(sim, "/rules");
    assert.equal(second.status, 200);

    sim.faults.add({
      match: { operationName: "ListAlerts" },
      graphqlErrors: [{ message: "throttled", extensions: { code: "TOO_MANY_REQUESTS" } }],
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const r = await gql(sim, LIST_ALERTS, { input: { detectionId: "x" } });
      assert.equal(r.errors?.[0]?.extensions?.code, "TOO_MANY_REQUESTS");
    }
    assert.equal((await gql(sim, LIST_ALERTS, { input: { detectionId: "x" } })).errors, undefined);

    sim.faults.add({ match: { path: "/policies" }, delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(fetch(sim.restUrl + "/policies", { headers: { "X-API-Key": sim.token }, signal: controller.signal }));
    await new Promise((done) => setTimeout(done, 50));
    const aborted = sim.requests.filter((r) => r.path === "/policies").at(-1)!;
    assert.equal(aborted.status, 499);
    assert.equal((await rest(sim, "/policies")).status, 200);
    sim.faults.clear();
  });

  it("enforces permissions per field and endpoint", async () => {
    const token = "read-only-token";
    const read = await gql(sim, LIST_ALERTS, { input: { detectionId: "AWS.CloudTrail.RootLogin" } }, token);
    assert.equal(read.errors, undefined);
    const write = await gql(
      sim,
      `mutation { updateAlertStatusById(input: { ids: ["alert-0001"], status: OPEN }) { alerts { id } } }`,
      {},
      token,
    );
    assert.equal(write.status, 200);
    assert.equal(write.errors?.[0]?.extensions?.code, "FORBIDDEN");
    assert.equal(write.errors?.[0]?.message, "access denied: requires permission AlertModify");
    const lake = await gql(sim, RUN, { sql: "SELECT 1" }, token);
    assert.equal(lake.errors?.[0]?.extensions?.code, "FORBIDDEN");
    const rules = await rest(sim, "/rules", { token });
    assert.equal(rules.status, 403);
    assert.deepEqual(rules.json, { message: "access denied: requires permission RuleRead" });
    assert.equal((await rest(sim, "/alert-comments?alert-id=alert-0001", { token })).status, 200);
  });

  it("answers malformed requests without crashing", async () => {
    const bad = await fetch(sim.graphqlUrl, {
      method: "POST",
      headers: { "X-API-Key": sim.token, "content-type": "application/json" },
      body: "{nope",
    });
    assert.equal(bad.status, 400);
    const noQuery = await fetch(sim.graphqlUrl, { method: "POST", headers: { "X-API-Key": sim.token }, body: "{}" });
    assert.equal(noQuery.status, 400);
    const syntax = await gql(sim, "query {");
    assert.equal(syntax.errors?.[0]?.extensions?.code, "GRAPHQL_PARSE_FAILED");
    const badEnum = await gql(
      sim,
      `query($s: [Severity!]) { alerts(input: { detectionId: "x", severities: $s }) { edges { node { id } } } }`,
      { s: ["SEVERE"] },
    );
    assert.equal(badEnum.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    const get = await fetch(sim.graphqlUrl, { headers: { "X-API-Key": sim.token } });
    assert.equal(get.status, 405);
    assert.equal((await rest(sim, "/rules/%E0%A4%A")).status, 400);
  });
});
