// End to end: the real server over stdio, driven by the SDK client, against the simulator over HTTP.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { toolNameProblems } from "../../generator/names.js";
import { effectiveHints, HINT_DEFAULTS } from "../../src/runtime/tool.js";
import { allTools } from "../../src/tools/index.js";
import { DEFAULT_TOOL_NAMES } from "./expected-tools.js";
import { errorText, resultJson, useSimulator, type Era, type Session } from "./harness.js";

/** Derived from generated/ and the hand-written toolsets: adding a tool does not edit this test. */
const EXPECTED_TOOLS = [...DEFAULT_TOOL_NAMES];

/** The tools that change Panther, with what a client should read of them; every other tool only reads. */
const WRITES: Record<string, { destructive: boolean; idempotent: boolean }> = {
  add_alert_comment: { destructive: false, idempotent: false },
  bulk_update_alerts: { destructive: true, idempotent: false },
  disable_detection: { destructive: true, idempotent: true },
  update_alert_assignee: { destructive: true, idempotent: true },
  update_alert_status: { destructive: true, idempotent: true },
  start_ai_alert_triage: { destructive: false, idempotent: false },
};

// One simulator (one data-lake engine) serves both eras, each through its own server session: what a
// test writes is named by era ("e2e note 2025"), and a status set twice is still the status set.
const sessions = {} as Record<Era, Session>;
useSimulator({}, { "2025": { era: "2025" }, "2026": { era: "2026" } }, (started) => Object.assign(sessions, started));

for (const era of ["2025", "2026"] as Era[]) {
  describe(`tools over stdio (${era} era)`, () => {
    let s: Session;
    before(() => (s = sessions[era]));

    test("negotiates the expected protocol era", () => {
      const version = s.client.getNegotiatedProtocolVersion();
      assert.equal(version, era === "2026" ? "2026-07-28" : "2025-11-25");
    });

    test("lists every tool with the right hints (defaults left out) and an inline object schema", async () => {
      const { tools } = await s.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), EXPECTED_TOOLS);
      for (const tool of tools) {
        // The generator's rule, which hand-written tools keep as well.
        assert.deepEqual(toolNameProblems(tool.name, `tool ${tool.name}`), []);
        assert.ok(tool.description && tool.title, `${tool.name} has a title and description`);
        // The Panther permissions its token needs are visible to the model, in Panther's codes.
        const registered = allTools.find((t) => t.name === tool.name)!;
        const needs = registered.permissions;
        // A tool whose result holds untrusted text says so last (see src/untrusted/).
        const tail = registered.untrusted ? " Untrusted." : "";
        if (registered.untrusted) assert.ok(tool.description.endsWith(tail), `${tool.name} says its output is untrusted`);
        else assert.doesNotMatch(tool.description, /Untrusted\./, tool.name);
        if (needs.length)
          assert.ok(tool.description.endsWith(` Needs ${needs.join(", ")}.${tail}`), `${tool.name} names ${needs.join(", ")}`);
        else assert.doesNotMatch(tool.description, /Needs /, tool.name);
        // Hints equal to the spec's defaults may be left out; what a client reads (given or default) must be right.
        for (const [hint, value] of Object.entries(tool.annotations ?? {})) {
          assert.equal(typeof value, "boolean", `${tool.name}.${hint} is a boolean`);
          assert.notEqual(value, HINT_DEFAULTS[hint as keyof typeof HINT_DEFAULTS], `${tool.name}.${hint} repeats the spec's default`);
        }
        const hints = effectiveHints(tool.annotations);
        const writes = WRITES[tool.name];
        assert.equal(hints.readOnlyHint, !writes, `${tool.name} ${writes ? "writes" : "only reads"}`);
        if (writes) {
          assert.equal(hints.destructiveHint, writes.destructive, `${tool.name}.destructiveHint`);
          assert.equal(hints.idempotentHint, writes.idempotent, `${tool.name}.idempotentHint`);
        } else {
          // destructive and idempotent mean nothing for a read: not listed.
          assert.ok(!("destructiveHint" in (tool.annotations ?? {})) && !("idempotentHint" in (tool.annotations ?? {})), tool.name);
        }
        assert.equal(hints.openWorldHint, true, `${tool.name} talks to Panther: open world`);
        const schema = tool.inputSchema as Record<string, unknown>;
        assert.equal(schema.type, "object");
        for (const key of ["anyOf", "oneOf", "allOf", "$ref", "$defs"]) assert.ok(!(key in schema), `${tool.name} has no root ${key}`);
      }
    });

    test("list_alerts filters and pages with next_cursor", async () => {
      const first = resultJson(
        await s.client.callTool({ name: "list_alerts", arguments: { page_size: 3, start_date: "2020-01-01T00:00:00Z" } }),
      );
      assert.equal(first.items.length, 3);
      assert.equal(first.has_next_page, true);
      assert.ok(first.next_cursor);
      const second = resultJson(
        await s.client.callTool({
          name: "list_alerts",
          arguments: { page_size: 3, start_date: "2020-01-01T00:00:00Z", cursor: first.next_cursor },
        }),
      );
      const ids = new Set(first.items.map((a: { id: string }) => a.id));
      assert.ok(
        second.items.every((a: { id: string }) => !ids.has(a.id)),
        "the second page holds other alerts",
      );
      const critical = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { severities: ["CRITICAL"], page_size: 50 } }));
      assert.ok(critical.items.length > 0);
      assert.ok(critical.items.every((a: { severity: string }) => a.severity === "CRITICAL"));
      const system = resultJson(
        await s.client.callTool({ name: "list_alerts", arguments: { alert_type: "SYSTEM_ERROR", start_date: "2020-01-01T00:00:00Z" } }),
      );
      assert.ok(system.items.length > 0);
      assert.ok(system.items.every((a: { type: string }) => a.type === "SYSTEM_ERROR"));
    });

    test("get_alert, comments and triage mutations", async () => {
      // Both eras share the simulator: each takes an alert still open and assigned (the other era's leaves
      // triaged and unassigned), so that every change below is one this call made.
      const page = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 50 } }));
      const id = page.items.find((a: { status: string; assignee: unknown }) => a.status === "OPEN" && a.assignee).id as string;
      const alert = resultJson(await s.client.callTool({ name: "get_alert", arguments: { alert_id: id } }));
      assert.equal(alert.id, id);
      assert.ok(alert.title && alert.severity && "runbook" in alert);

      const added = resultJson(
        await s.client.callTool({ name: "add_alert_comment", arguments: { alert_id: id, comment: `e2e note ${era}` } }),
      );
      assert.equal(added.comment.body, `e2e note ${era}`);
      const comments = resultJson(await s.client.callTool({ name: "list_alert_comments", arguments: { alert_id: id } }));
      assert.ok(comments.items.some((c: { body: string }) => c.body === `e2e note ${era}`));
      assert.equal(typeof comments.has_next_page, "boolean");

      const updated = resultJson(
        await s.client.callTool({ name: "update_alert_status", arguments: { alert_ids: [id], status: "TRIAGED" } }),
      );
      assert.equal(updated.alerts[0].status, "TRIAGED");
      const again = resultJson(await s.client.callTool({ name: "get_alert", arguments: { alert_id: id } }));
      assert.equal(again.status, "TRIAGED");

      const unassigned = resultJson(await s.client.callTool({ name: "update_alert_assignee", arguments: { alert_ids: [id] } }));
      assert.equal(unassigned.alerts[0].assignee, null);
    });

    test("list_detections and get_detection go through REST and return only selected fields", async () => {
      const rules = resultJson(await s.client.callTool({ name: "list_detections", arguments: { limit: 5 } }));
      assert.ok(rules.items.length > 0 && rules.items.length <= 5);
      assert.ok(!("body" in rules.items[0]), "summaries leave out the body");
      const policies = resultJson(await s.client.callTool({ name: "list_detections", arguments: { detection_types: ["policies"] } }));
      assert.ok(policies.items.length > 0);
      assert.ok(policies.items.every((p: { resourceTypes: unknown }) => Array.isArray(p.resourceTypes)));
      const one = resultJson(await s.client.callTool({ name: "get_detection", arguments: { detection_id: rules.items[0].id } }));
      assert.equal(one.detection.id, rules.items[0].id);
      assert.equal(typeof one.detection.body, "string");
      assert.ok(Array.isArray(one.detection.tests));
      const scheduled = resultJson(
        await s.client.callTool({ name: "list_detections", arguments: { detection_types: ["scheduled_rules"] } }),
      );
      assert.ok(scheduled.items.length > 0, "scheduled_rules maps to the /scheduled-rules endpoint");
      const missing = errorText(await s.client.callTool({ name: "get_detection", arguments: { detection_id: "No.Such.Rule" } }));
      assert.match(missing, /^NOT_FOUND:/);
    });

    test("query_data_lake runs SQL, pages rows and reports truncation", async () => {
      const sql =
        "SELECT eventName, p_event_time FROM panther_logs.public.aws_cloudtrail WHERE p_occurs_since('30 d') ORDER BY p_event_time";
      const first = resultJson(await s.client.callTool({ name: "query_data_lake", arguments: { sql, max_rows: 5 } }));
      assert.equal(first.status, "succeeded");
      assert.equal(first.rows.length, 5);
      assert.deepEqual(first.columns, ["eventName", "p_event_time"]);
      assert.equal(first.truncated, true);
      assert.ok(first.next_cursor);
      const next = resultJson(
        await s.client.callTool({
          name: "query_data_lake",
          arguments: { query_id: first.query_id, cursor: first.next_cursor, max_rows: 5 },
        }),
      );
      assert.equal(next.rows.length, 5);
      assert.notDeepEqual(next.rows, first.rows);
    });
  });
}
