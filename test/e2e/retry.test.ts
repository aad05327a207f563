// Reads retried through transient Panther failures, writes sent exactly once, codes kept end to end.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { errorText, resultJson, untilIncludes, useSimulator, type Session } from "./harness.js";

/** Requests the simulator received after `mark` that satisfy `pick`. */
function since(sim: Simulator, mark: number, pick: (r: Simulator["requests"][number]) => boolean) {
  return sim.requests.slice(mark).filter(pick);
}

const op = (name: string) => (r: { operationName?: string }) => r.operationName === name;

describe("read retries and write safety (default retry settings)", () => {
  let sim: Simulator;
  let s: Session;
  useSimulator({}, { s: {} }, (started) => ({ sim, s } = started));

  test("a query answered 503 once is retried and succeeds", async () => {
    const mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "ListAlerts" }, status: 503 });
    const page = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 2 } }));
    assert.equal(page.items.length, 2);
    const seen = since(sim, mark, op("ListAlerts"));
    assert.deepEqual(
      seen.map((r) => r.status),
      [503, 200],
    );
    // Log lines are written in batches, up to a few tens of milliseconds after the call.
    await untilIncludes(s.stderr, "retrying panther request");
    const logged = s
      .stderr()
      .split("\n")
      .filter((line) => line.includes("retrying panther request"))
      .map((line) => JSON.parse(line));
    assert.ok(
      logged.some((l) => l.operation === "ListAlerts" && l.status === 503 && l.attempt === 1 && typeof l.waitMs === "number"),
      s.stderr(),
    );
  });

  test("a mutation answered 503 is not retried: one error, one request", async () => {
    const page = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    const id = page.items[0].id as string;

    let mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "AddAlertComment" }, status: 503 });
    const comment = errorText(await s.client.callTool({ name: "add_alert_comment", arguments: { alert_id: id, comment: "only once" } }));
    assert.match(comment, /^UPSTREAM_UNAVAILABLE: .*HTTP 503/);
    assert.doesNotMatch(comment, /Gave up/);
    assert.equal(since(sim, mark, op("AddAlertComment")).length, 1);

    mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "UpdateAlertStatus" }, status: 503 });
    const status = errorText(await s.client.callTool({ name: "update_alert_status", arguments: { alert_ids: [id], status: "TRIAGED" } }));
    assert.match(status, /^UPSTREAM_UNAVAILABLE: .*HTTP 503/);
    assert.equal(since(sim, mark, op("UpdateAlertStatus")).length, 1);

    const comments = resultJson(await s.client.callTool({ name: "list_alert_comments", arguments: { alert_id: id } }));
    assert.ok(!comments.items.some((c: { body: string }) => c.body === "only once"));
  });

  test("Retry-After is honoured before the retry", async () => {
    const mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "ListAlerts" }, status: 429, headers: { "Retry-After": "1" } });
    const page = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    assert.equal(page.items.length, 1);
    const seen = since(sim, mark, op("ListAlerts"));
    assert.deepEqual(
      seen.map((r) => r.status),
      [429, 200],
    );
    const gap = Date.parse(seen[1].receivedAt) - Date.parse(seen[0].receivedAt);
    assert.ok(gap >= 950, `waited only ${gap} ms`);
  });

  test("a REST GET answered 502 twice is retried and succeeds", async () => {
    const mark = sim.requests.length;
    sim.faults.add({ match: { path: "/rules*", method: "GET" }, status: 502, times: 2 });
    const page = resultJson(await s.client.callTool({ name: "list_detections", arguments: {} }));
    assert.ok(page.items.length > 0);
    assert.deepEqual(
      since(sim, mark, (r) => r.kind === "rest" && r.path.startsWith("/rules")).map((r) => r.status),
      [502, 502, 200],
    );
  });

  test("GraphQL errors inside a 200 are not retried", async () => {
    const mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "ListAlerts" }, graphqlErrors: [{ message: "something odd" }] });
    errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
    assert.equal(since(sim, mark, op("ListAlerts")).length, 1);
  });
});

describe("retry limits (PANTHER_MAX_RETRIES=2, PANTHER_RETRY_BUDGET_SECONDS=3)", () => {
  let sim: Simulator;
  let s: Session;
  useSimulator({}, { s: { env: { PANTHER_MAX_RETRIES: "2", PANTHER_RETRY_BUDGET_SECONDS: "3" } } }, (started) => ({ sim, s } = started));

  test("when retries run out the error keeps its code and says so", async () => {
    let mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "ListAlerts" }, status: 503, times: 3 });
    const unavailable = errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
    assert.match(unavailable, /^UPSTREAM_UNAVAILABLE: .*HTTP 503.*Gave up after 2 retries\./);
    assert.equal(since(sim, mark, op("ListAlerts")).length, 3);

    mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "ListAlerts" }, status: 429, times: 3 });
    const limited = errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
    assert.match(limited, /^RATE_LIMITED: .*Gave up after 2 retries\./);
    assert.equal(since(sim, mark, op("ListAlerts")).length, 3);
  });

  test("a Retry-After longer than the budget fails at once and says when to retry", async () => {
    const mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "ListAlerts" }, status: 429, headers: { "Retry-After": "60" } });
    const started = Date.now();
    const text = errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
    assert.match(text, /^RATE_LIMITED: .*retry after 60 s.*beyond the retry budget of 3 s/);
    assert.ok(Date.now() - started < 2000);
    assert.equal(since(sim, mark, op("ListAlerts")).length, 1);
  });
});
