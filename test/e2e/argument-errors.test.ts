// Through the real server and the SDK client: argument errors say what was wrong (not "required" for a
// value of the wrong type), date-times in any case reach Panther in canonical form, REST path
// parameters cannot change the endpoint, and a REST answer of the wrong shape is an UPSTREAM_ERROR.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { errorText, resultJson, useSimulator, type Session } from "./harness.js";

describe("argument errors and REST paths and shapes, end to end", () => {
  let sim: Simulator;
  let s: Session;
  useSimulator({}, { s: { env: { PANTHER_MAX_RETRIES: "0" } } }, (started) => ({ sim, s } = started));

  test("a wrong type says expected and got, never required", async () => {
    const pageSize = errorText(await s.call("list_alerts", { page_size: "5" }));
    assert.match(pageSize, /^INVALID_ARGUMENT: Invalid arguments for list_alerts: page_size: expected integer, got string$/);
    const alertId = errorText(await s.call("get_alert", { alert_id: 123 }));
    assert.match(alertId, /^INVALID_ARGUMENT: .*alert_id: expected string, got number$/);
    assert.doesNotMatch(alertId, /required/);
    const nested = errorText(await s.call("list_alerts", { severities: ["HIGH", 3], event_count_min: 1.5 }));
    assert.match(nested, /severities\[1\]: must be one of CRITICAL, HIGH, INFO, LOW, MEDIUM \(got 3\)/);
    assert.match(nested, /event_count_min: expected an integer, got 1\.5/);
    const nullRequired = errorText(await s.call("get_alert", { alert_id: null }));
    assert.match(nullRequired, /alert_id is required \(string\); null counts as not given/);
  });

  test("keywords the listing leaves out are still enforced, each with an error naming the argument and the limit", async () => {
    const { tools } = await s.client.listTools();
    const alerts = tools.find((t) => t.name === "list_alerts")!.inputSchema as Record<string, any>;
    assert.equal("additionalProperties" in alerts, false);
    assert.equal("minItems" in alerts.properties.severities, false);
    assert.equal("minLength" in alerts.properties.name_contains, false);
    assert.equal(alerts.properties.name_contains.maxLength, 200, "other limits are listed");
    assert.doesNotMatch(JSON.stringify(tools), /2147483647|-2147483648/, "no tool lists Int's range");
    const before = sim.requests.length;
    const refused: [Record<string, unknown>, RegExp][] = [
      [{ severities: [] }, /^INVALID_ARGUMENT: Invalid arguments for list_alerts: severities: at least 1 item \(got 0\)$/],
      [{ name_contains: "" }, /^INVALID_ARGUMENT: Invalid arguments for list_alerts: name_contains: at least 1 character \(got 0\)$/],
      [{ event_count_min: 2 ** 31 }, /^INVALID_ARGUMENT: .*event_count_min: must be <= 2147483647 \(got 2147483648\)$/],
      [{ pageSize: 5 }, /^INVALID_ARGUMENT: .*unknown argument "pageSize" \(allowed: start_date, end_date, .*page_size, cursor\)$/],
    ];
    for (const [args, expected] of refused) assert.match(errorText(await s.call("list_alerts", args)), expected);
    assert.equal(sim.requests.length, before, "nothing reached Panther");
  });

  test("an unlisted argument is named in the description, accepted, checked and passed on like a listed one", async () => {
    const { tools } = await s.client.listTools();
    const alerts = tools.find((t) => t.name === "list_alerts")!;
    assert.equal("event_count_max" in (alerts.inputSchema.properties ?? {}), false);
    assert.match(alerts.description ?? "", /\bevent_count_max\b/);
    const before = sim.requests.length;
    resultJson(await s.call("list_alerts", { event_count_max: 3, log_sources: ["src-1"], alert_type: "DETECTION_ERROR" }));
    const sent = sim.requests.slice(before).find((r) => r.operationName === "ListAlerts");
    assert.equal(sent?.variables?.eventCountMax, 3);
    assert.deepEqual(sent?.variables?.logSources, ["src-1"]);
    assert.equal(sent?.variables?.type, undefined);
    assert.equal(sent?.variables?.alertType, "DETECTION_ERROR");
    const bad = errorText(await s.call("list_alerts", { event_count_max: "3", subtypes: ["rule"] }));
    assert.match(bad, /event_count_max: expected integer, got string/);
    assert.match(
      bad,
      /subtypes\[0\]: must be one of POLICY, RULE, RULE_ERROR, SCHEDULED_RULE, SCHEDULED_RULE_ERROR, SYSTEM_ERROR \(got "rule"\)/,
    );
    const unknown = errorText(await s.call("list_detections", { createdBy: "u" }));
    assert.match(unknown, /unknown argument "createdBy" \(allowed: .*created_by, last_modified_by, output_ids/);
  });

  test("a null optional argument is read as not given", async () => {
    const page = resultJson(await s.call("list_alerts", { page_size: null, cursor: null, severities: null }));
    assert.ok(Array.isArray(page.items));
  });

  test("lowercase t and z are accepted and Panther receives the canonical form", async () => {
    const before = sim.requests.length;
    resultJson(await s.call("list_alerts", { start_date: "2026-01-01t00:00:00z", end_date: "2026-01-31t12:30:00.250+02:00" }));
    const sent = sim.requests.slice(before).find((r) => r.operationName === "ListAlerts");
    assert.equal(sent?.variables?.startDate, "2026-01-01T00:00:00Z");
    assert.equal(sent?.variables?.endDate, "2026-01-31T12:30:00.250+02:00");
    const bad = errorText(await s.call("list_alerts", { start_date: "2026-02-29T00:00:00Z" }));
    assert.match(bad, /start_date: must be an ISO 8601 date-time with a zone/);
  });

  test("path parameters . and .. are refused before any request; others are encoded into one segment", async () => {
    const before = sim.requests.length;
    for (const id of [".", ".."]) {
      const text = errorText(await s.call("get_detection", { detection_id: id }));
      assert.match(text, new RegExp(`^INVALID_ARGUMENT: detection_id cannot be "${id.replace(/\./g, "\\.")}"`));
    }
    assert.match(errorText(await s.call("get_detection", { detection_id: "" })), /^INVALID_ARGUMENT: .*detection_id: at least 1 character/);
    assert.equal(sim.requests.length, before, "nothing reached Panther");

    for (const id of ["a/../..", "x?y=1#z", "%2e%2e", "..."]) {
      const text = errorText(await s.call("get_detection", { detection_id: id }));
      assert.match(text, /^NOT_FOUND:/, `${id}: ${text}`);
    }
    const paths = sim.requests.slice(before).map((r) => r.path);
    assert.deepEqual(paths, ["/rules/a%2F..%2F..", "/rules/x%3Fy%3D1%23z", "/rules/%252e%252e", "/rules/..."]);
  });

  test("a REST answer that does not have the declared shape is an UPSTREAM_ERROR, not nulls", async () => {
    // Composite tools name the client call whose answer was wrong (get_rule, list_rules).
    const shapes: [string, string, unknown, RegExp, string?][] = [
      ["get_detection", "/rules/*", [], /rule expected an object, got an array/, "get_rule"],
      ["get_detection", "/rules/*", null, /rule is null, but a value is required/, "get_rule"],
      ["get_detection", "/rules/*", "not an object", /rule expected an object, got a string/, "get_rule"],
      ["get_detection", "/rules/*", { results: [], next: null }, /rule\.id is missing/, "get_rule"],
      [
        "get_detection",
        "/rules/*",
        { id: "x", enabled: "yes", severity: "HIGH" },
        /rule\.enabled expected a boolean, got a string/,
        "get_rule",
      ],
      ["list_detections", "/rules", { results: "none" }, /rules\.results expected a list, got a string/, "list_rules"],
      ["list_detections", "/rules", {}, /rules\.results is missing/, "list_rules"],
      [
        "list_alert_comments",
        "/alert-comments",
        { results: [{ id: "c", body: 1 }] },
        /alertComments\.results\[0\]\.body expected a string/,
      ],
    ];
    for (const [tool, path, body, expected, op = tool] of shapes) {
      // A JSON string body would be sent as text; wrap it so it arrives as JSON.
      sim.faults.add({ match: { kind: "rest", path }, status: 200, body: typeof body === "string" ? JSON.stringify(body) : body });
      const args = tool === "list_alert_comments" ? { alert_id: "a-1" } : tool === "get_detection" ? { detection_id: "AWS.Root" } : {};
      const text = errorText(await s.call(tool, args));
      assert.match(text, new RegExp(`^UPSTREAM_ERROR: Panther's answer to ${op} does not have the expected shape: `), text);
      assert.match(text, expected, text);
    }
    sim.faults.clear();
  });

  test("every answer the simulator gives fits the declared shapes", async () => {
    for (const detection_type of ["rules", "policies", "scheduled_rules", "simple_rules"]) {
      const list = resultJson(await s.call("list_detections", { detection_types: [detection_type], limit: 200 }));
      assert.ok(list.items.length > 0, detection_type);
      for (const item of list.items.slice(0, 5)) {
        const one = resultJson(await s.call("get_detection", { detection_type: [detection_type], detection_id: item.id }));
        assert.equal(one.detection.id, item.id);
      }
    }
    const alerts = resultJson(await s.call("list_alerts", { page_size: 5 }));
    for (const alert of alerts.items) resultJson(await s.call("list_alert_comments", { alert_id: alert.id }));
  });
});
