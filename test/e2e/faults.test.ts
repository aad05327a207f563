// Bad input and every upstream failure class: clear coded errors, and the server keeps serving.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { connect, errorText, LIMITED, resultJson, useSimulator, type Session } from "./harness.js";

describe("bad input and upstream faults", () => {
  let sim: Simulator;
  let s: Session;
  // Each fault here must reach the tool as it is; retries of reads are covered in retry.test.ts.
  useSimulator({}, { s: { env: { PANTHER_MAX_RETRIES: "0" } } }, (started) => ({ sim, s } = started));

  test("invalid arguments name each field and what is allowed", async () => {
    const text = errorText(
      await s.client.callTool({
        name: "list_alerts",
        arguments: { page_size: 500, severities: ["SEVERE"], start_date: "yesterday", bogus: 1 },
      }),
    );
    assert.match(text, /^INVALID_ARGUMENT:/);
    assert.match(text, /page_size: must be <= 50/);
    assert.match(text, /severities\[0\]: must be one of CRITICAL, HIGH, INFO, LOW, MEDIUM/);
    assert.match(text, /start_date: must be an ISO 8601 date-time/);
    assert.match(text, /unknown argument "bogus" \(allowed: start_date,/);
    const missing = errorText(await s.client.callTool({ name: "get_alert", arguments: {} }));
    assert.match(missing, /alert_id is required/);
  });

  test("an unknown tool is a JSON-RPC error", async () => {
    await assert.rejects(s.client.callTool({ name: "drop_all_alerts", arguments: {} }), /Unknown tool "drop_all_alerts"/);
  });

  test("data lake SQL without a time filter is refused with an example", async () => {
    const text = errorText(await s.client.callTool({ name: "query_data_lake", arguments: { sql: "SELECT * FROM aws_cloudtrail" } }));
    assert.match(text, /^INVALID_ARGUMENT: sql: .*p_occurs_since/);
    const write = errorText(
      await s.client.callTool({ name: "query_data_lake", arguments: { sql: "DELETE FROM aws_cloudtrail WHERE p_event_time > now()" } }),
    );
    assert.match(write, /only read queries/);
    assert.ok(!sim.requests.some((r) => r.operationName === "ExecuteDataLakeQuery" && String(r.variables?.sql).startsWith("DELETE")));
  });

  test("failing SQL reports the engine's message", async () => {
    const text = errorText(
      await s.client.callTool({
        name: "query_data_lake",
        arguments: { sql: "SELECT no_such_column FROM aws_cloudtrail WHERE p_occurs_since('1 d')" },
      }),
    );
    assert.match(text, /^INVALID_ARGUMENT: data lake query .* failed: .*no_such_column/i);
  });

  test("404 from Panther is NOT_FOUND", async () => {
    const text = errorText(await s.client.callTool({ name: "get_alert", arguments: { alert_id: "alert-does-not-exist" } }));
    assert.match(text, /^NOT_FOUND:/);
  });

  test("5xx is a retryable UPSTREAM_UNAVAILABLE and the next call works", async () => {
    sim.faults.add({ match: { operationName: "GetAlert" }, status: 503 });
    const text = errorText(await s.client.callTool({ name: "get_alert", arguments: { alert_id: "x" } }));
    assert.match(text, /^UPSTREAM_UNAVAILABLE: .*HTTP 503.*\(retryable\)/);
    const ok = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    assert.equal(ok.items.length, 1);
  });

  test("429 is RATE_LIMITED with the Retry-After hint", async () => {
    sim.faults.add({ match: { operationName: "ListAlerts" }, status: 429, headers: { "Retry-After": "7" } });
    const text = errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
    assert.match(text, /^RATE_LIMITED: .*retry after 7 s/);
  });

  test("a slow Panther is a TIMEOUT", async () => {
    sim.faults.add({ match: { path: "/rules*" }, delayMs: 8000 });
    const text = errorText(await s.client.callTool({ name: "list_detections", arguments: {} }));
    assert.match(text, /^TIMEOUT: Panther did not answer ListRules within 5 s/);
  });

  test("upstream GraphQL errors with a message keep their meaning", async () => {
    sim.faults.add({
      match: { operationName: "ListAlerts" },
      graphqlErrors: [{ message: "access denied", extensions: { code: "FORBIDDEN" } }],
    });
    const text = errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
    assert.match(text, /^PERMISSION_DENIED: .*list_alerts needs the Panther permission AlertRead/);
  });
});

describe("credentials", () => {
  let sim: Simulator;
  useSimulator({}, {}, (started) => ({ sim } = started));

  test("a rejected token is UNAUTHENTICATED and says so", async () => {
    const s = await connect(sim, { env: { PANTHER_API_TOKEN: "wrong-token-123456" } });
    try {
      const text = errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
      assert.match(text, /^UNAUTHENTICATED: Panther rejected the API token/);
      assert.ok(!text.includes("wrong-token-123456"));
      assert.ok(!s.stderr().includes("wrong-token-123456"));
    } finally {
      await s.close();
    }
  });

  test("403 names the permission the tool needs", async () => {
    const s = await connect(sim, LIMITED);
    try {
      const text = errorText(await s.client.callTool({ name: "list_detections", arguments: {} }));
      assert.match(text, /^PERMISSION_DENIED: .*list_detections needs the Panther permissions RuleRead, PolicyRead/);
      const allowed = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
      assert.equal(allowed.items.length, 1);
    } finally {
      await s.close();
    }
  });
});
