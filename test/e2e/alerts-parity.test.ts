// The alerts tools added for parity, end to end: get_alert_events (paging, pages cut to one result),
// update_alert_assignee by email, and bulk_update_alerts (per-alert report, unknown IDs, failed writes
// never resent), against the simulator with a full and two limited tokens. Writes are checked in sim.state.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { errorText, nextRequest, resultJson, TOKEN, useSimulator, waitFor, type Session } from "./harness.js";

const READ_ONLY_TOKEN = "alert-read-token-71b3";
const NO_ALERTS_TOKEN = "user-read-token-0c5e";

describe("alerts parity tools", () => {
  let sim: Simulator;
  let s: Session;
  let reader: Session;
  let outsider: Session;
  useSimulator(
    { tokens: { [TOKEN]: "all", [READ_ONLY_TOKEN]: ["AlertRead"], [NO_ALERTS_TOKEN]: ["UserRead"] } },
    { s: {}, reader: { env: { PANTHER_API_TOKEN: READ_ONLY_TOKEN } }, outsider: { env: { PANTHER_API_TOKEN: NO_ALERTS_TOKEN } } },
    (started) => ({ sim, s, reader, outsider } = started),
  );
  const alert = (id: string) => sim.state.alerts.get(id)!;
  const emailOf = (userId: string) => sim.state.users.get(userId)!.email;
  const commentsOn = (id: string) => sim.state.comments.filter((c) => c.alertId === id);
  const sent = (operationName: string) => sim.requests.filter((r) => r.operationName === operationName);

  describe("get_alert_events", () => {
    test("returns the alert's events; the default page is 10", async () => {
      const id = "alert-0001";
      const page = resultJson(await s.call("get_alert_events", { alert_id: id }));
      assert.equal(page.alert_id, id);
      assert.deepEqual(page.items, alert(id).events);
      assert.ok(page.items.length > 0);
      assert.equal(page.next_cursor, null);
      assert.equal(page.has_next_page, false);
      assert.ok(!("truncated" in page));
      assert.equal(sent("AlertEventsPage").at(-1)?.variables?.pageSize, 10);
    });

    test("pages to the end with limit and next_cursor", async () => {
      const id = "alert-0001";
      const seen: unknown[] = [];
      let cursor: string | undefined;
      for (let n = 0; n < 10; n++) {
        const page = resultJson(await s.call("get_alert_events", { alert_id: id, limit: 1, ...(cursor ? { cursor } : {}) }));
        assert.equal(page.items.length, 1);
        seen.push(...page.items);
        cursor = page.next_cursor ?? undefined;
        assert.equal(page.has_next_page, cursor !== undefined);
        if (!cursor) break;
      }
      assert.equal(cursor, undefined, "paging ends");
      assert.deepEqual(seen, alert(id).events);
    });

    test("a page too large for one result stops early and next_cursor continues right after it", async () => {
      const id = "alert-0010";
      const big = Array.from({ length: 12 }, (_, i) => ({ p_row_id: `row-${i}`, blob: `${i}:`.padEnd(15_000, "x") }));
      alert(id).events = big;
      const seen: { p_row_id: string }[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = resultJson(await s.call("get_alert_events", { alert_id: id, limit: 12, ...(cursor ? { cursor } : {}) }));
        pages++;
        assert.ok(page.items.length >= 1 && page.items.length < 12, `page ${pages} holds ${page.items.length}`);
        if (page.next_cursor) {
          assert.equal(page.truncated, true);
          assert.match(page.truncation_reason, /stops after \d+ of \d+ events/);
        }
        seen.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && pages < 10);
      assert.ok(pages >= 3);
      assert.deepEqual(
        seen.map((e) => e.p_row_id),
        big.map((e) => e.p_row_id),
        "every event once, in order",
      );
    });

    test("one event larger than a result has its long values cut, marked", async () => {
      const id = "alert-0011";
      alert(id).events = [{ p_row_id: "huge", blob: "y".repeat(120_000) }];
      const page = resultJson(await s.call("get_alert_events", { alert_id: id }));
      assert.equal(page.items.length, 1);
      assert.equal(page.items[0].p_row_id, "huge");
      assert.match(page.items[0].blob, /…\[\d+ more characters cut\]$/);
      assert.equal(page.truncated, true);
      assert.equal(page.next_cursor, null);
    });

    test("unknown alert is NOT_FOUND; bad limit and empty alert_id are refused by name", async () => {
      const missing = errorText(await s.call("get_alert_events", { alert_id: "alert-9999" }));
      assert.match(missing, /^NOT_FOUND:/);
      assert.match(missing, /alert-9999/);
      const tooMany = errorText(await s.call("get_alert_events", { alert_id: "alert-0001", limit: 51 }));
      assert.match(tooMany, /^INVALID_ARGUMENT:/);
      assert.match(tooMany, /limit/);
      assert.match(errorText(await s.call("get_alert_events", { alert_id: "" })), /^INVALID_ARGUMENT:.*alert_id/);
    });

    test("a token without AlertRead is PERMISSION_DENIED naming it", async () => {
      const text = errorText(await outsider.call("get_alert_events", { alert_id: "alert-0001" }));
      assert.match(text, /^PERMISSION_DENIED:/);
      assert.match(text, /AlertRead/);
    });
  });

  describe("update_alert_assignee", () => {
    test("assigns by email (any letter case) and by ID; neither unassigns", async () => {
      const ids = ["alert-0012", "alert-0013"];
      const email = emailOf("user-003");
      const byEmail = resultJson(await s.call("update_alert_assignee", { alert_ids: ids, assignee_email: email.toUpperCase() }));
      assert.deepEqual(
        byEmail.alerts.map((a: { assignee: { id: string } }) => a.assignee.id),
        ["user-003", "user-003"],
      );
      for (const id of ids) assert.equal(alert(id).assigneeId, "user-003");
      resultJson(await s.call("update_alert_assignee", { alert_ids: ids, assignee_id: "user-004" }));
      for (const id of ids) assert.equal(alert(id).assigneeId, "user-004");
      resultJson(await s.call("update_alert_assignee", { alert_ids: ids }));
      for (const id of ids) assert.equal(alert(id).assigneeId, null);
    });

    test("an unknown email is NOT_FOUND naming it and changes nothing", async () => {
      const before = alert("alert-0014").assigneeId;
      const text = errorText(await s.call("update_alert_assignee", { alert_ids: ["alert-0014"], assignee_email: "nobody@example.com" }));
      assert.match(text, /^NOT_FOUND:/);
      assert.match(text, /nobody@example\.com/);
      assert.equal(alert("alert-0014").assigneeId, before);
    });

    test("assignee_id with assignee_email, or a malformed email, is refused naming the field", async () => {
      const requests = sim.requests.length;
      const both = errorText(
        await s.call("update_alert_assignee", { alert_ids: ["alert-0014"], assignee_id: "user-001", assignee_email: emailOf("user-001") }),
      );
      assert.match(both, /^INVALID_ARGUMENT:/);
      assert.match(both, /assignee_email/);
      assert.match(both, /at most one of assignee_id or assignee_email/);
      const malformed = errorText(await s.call("update_alert_assignee", { alert_ids: ["alert-0014"], assignee_email: "bob" }));
      assert.match(malformed, /^INVALID_ARGUMENT:.*assignee_email/);
      assert.equal(sim.requests.length, requests, "nothing reached Panther");
    });

    test("a token with AlertRead only is PERMISSION_DENIED naming AlertModify", async () => {
      const text = errorText(await reader.call("update_alert_assignee", { alert_ids: ["alert-0014"], assignee_id: "user-001" }));
      assert.match(text, /^PERMISSION_DENIED:/);
      assert.match(text, /AlertModify/);
      assert.notEqual(alert("alert-0014").assigneeId, "user-001");
    });
  });

  describe("bulk_update_alerts", () => {
    test("applies status, assignee by email and a comment to every alert", async () => {
      const ids = ["alert-0015", "alert-0016"];
      const before = ids.map((id) => commentsOn(id).length);
      const out = resultJson(
        await s.call("bulk_update_alerts", {
          alert_ids: ids,
          status: "TRIAGED",
          assignee_email: emailOf("user-002"),
          comment: "bulk e2e",
        }),
      );
      assert.deepEqual(out.summary, {
        alerts: 2,
        fully_applied: 2,
        with_errors: 0,
        not_found: 0,
        status_applied: 2,
        assignee_applied: 2,
        comments_added: 2,
      });
      for (const [i, id] of ids.entries()) {
        const r = out.results[i];
        assert.deepEqual(
          { ...r, comment_id: undefined },
          {
            alert_id: id,
            status: "applied",
            assignee: "applied",
            comment: "applied",
            comment_id: undefined,
            changes: {
              status: { old: out.results[i].changes.status.old, new: "TRIAGED" },
              assignee: { old: out.results[i].changes.assignee.old, new: { id: "user-002", email: emailOf("user-002") } },
            },
            errors: [],
          },
        );
        assert.equal(alert(id).status, "TRIAGED");
        assert.equal(alert(id).assigneeId, "user-002");
        assert.equal(commentsOn(id).length, before[i]! + 1);
        assert.equal(commentsOn(id).at(-1)!.id, r.comment_id);
        assert.equal(commentsOn(id).at(-1)!.body, "bulk e2e");
      }
    });

    test("unknown IDs are reported per alert; the others are changed", async () => {
      const ids = ["alert-0017", "alert-9998", "alert-0018"];
      const out = resultJson(
        await s.call("bulk_update_alerts", { alert_ids: ids, status: "RESOLVED", assignee_id: "user-005", comment: "x" }),
      );
      assert.deepEqual(
        out.results.map((r: { alert_id: string; status: string; assignee: string; comment: string }) => [
          r.alert_id,
          r.status,
          r.assignee,
          r.comment,
        ]),
        [
          ["alert-0017", "applied", "applied", "applied"],
          ["alert-9998", "failed", "failed", "failed"],
          ["alert-0018", "applied", "applied", "applied"],
        ],
      );
      assert.match(out.results[1].errors.join(" "), /^NOT_FOUND: alert alert-9998 does not exist/);
      assert.equal(out.summary.not_found, 1);
      assert.equal(out.summary.with_errors, 1);
      assert.equal(out.summary.status_applied, 2);
      for (const id of ["alert-0017", "alert-0018"]) {
        assert.equal(alert(id).status, "RESOLVED");
        assert.equal(alert(id).assigneeId, "user-005");
      }
      assert.ok(!sim.state.alerts.has("alert-9998"));
      assert.ok(!sim.state.comments.some((c) => c.alertId === "alert-9998"));
      // The batch write went once, to the known alerts only.
      const writes = sent("UpdateAlertStatus").filter((r) => (r.variables?.alertIds as string[]).includes("alert-0017"));
      assert.deepEqual(
        writes.map((r) => r.variables?.alertIds),
        [["alert-0017", "alert-0018"]],
      );
    });

    test("a refused write is reported on each alert, not resent, and the other changes still apply", async () => {
      const ids = ["alert-0019", "alert-0020"];
      const statusBefore = ids.map((id) => alert(id).status);
      const target = statusBefore[0] === "CLOSED" ? "OPEN" : "CLOSED";
      const writesBefore = sent("UpdateAlertStatus").length;
      sim.faults.add({
        match: { operationName: "UpdateAlertStatus" },
        graphqlErrors: [{ message: "status change refused", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      });
      const out = resultJson(await s.call("bulk_update_alerts", { alert_ids: ids, status: target, comment: "still added" }));
      assert.equal(sent("UpdateAlertStatus").length, writesBefore + 1, "the write is sent once");
      for (const [i, id] of ids.entries()) {
        const r = out.results[i];
        assert.equal(r.status, "failed");
        assert.equal(r.comment, "applied");
        assert.match(r.errors[0], /^status: UPSTREAM_ERROR: .*status change refused/);
        assert.equal(alert(id).status, statusBefore[i]);
        assert.equal(commentsOn(id).at(-1)!.body, "still added");
      }
      assert.equal(out.summary.status_applied, 0);
      assert.equal(out.summary.comments_added, 2);
      assert.equal(out.summary.with_errors, 2);
    });

    test("a write with no answer (503) is not resent and is reported as unknown, not as failed", async () => {
      const id = "alert-0023";
      const writesBefore = sent("AssignAlertsById").length;
      sim.faults.add({ match: { operationName: "AssignAlertsById" }, status: 503, times: 1 });
      const out = resultJson(await s.call("bulk_update_alerts", { alert_ids: [id], assignee_id: "user-001" }));
      assert.equal(sent("AssignAlertsById").length, writesBefore + 1, "the write is sent once");
      assert.equal(out.results[0].assignee, "unknown");
      assert.match(out.results[0].errors[0], /^assignee: UPSTREAM_UNAVAILABLE:.*may have been applied: check with get_alert/);
      assert.equal(out.summary.assignee_applied, 0);
    });

    test("an unknown assignee email fails the assignee on each alert; the status applies", async () => {
      const out = resultJson(
        await s.call("bulk_update_alerts", { alert_ids: ["alert-0021"], status: "TRIAGED", assignee_email: "ghost@example.com" }),
      );
      assert.equal(out.results[0].status, "applied");
      assert.equal(out.results[0].assignee, "failed");
      assert.match(out.results[0].errors[0], /^assignee: NOT_FOUND:.*ghost@example\.com/);
      assert.equal(alert("alert-0021").status, "TRIAGED");
      assert.ok(!("comment" in out.results[0]), "a field not asked for is not reported");
    });

    test("a client cancel stops the comments not yet sent", async () => {
      const ids = ["alert-0024", "alert-0025", "alert-0026"];
      const before = ids.map((id) => commentsOn(id).length);
      const finished = () => s.stderr().match(/"tool":"bulk_update_alerts"[^\n]*"msg":"tool call/g)?.length ?? 0;
      const done = finished();
      const mark = sim.requests.length;
      sim.faults.add({ match: { operationName: "AddAlertComment" }, delayMs: 3000 });
      const controller = new AbortController();
      const first = nextRequest(sim, "AddAlertComment");
      const args = { alert_ids: ids, comment: "cancelled" };
      const call = s.client.callTool({ name: "bulk_update_alerts", arguments: args }, { signal: controller.signal });
      await first;
      controller.abort();
      await assert.rejects(call);
      assert.ok(await waitFor(() => finished() > done, 20_000), "the server finished the call");
      const comments = sim.requests.slice(mark).filter((r) => r.operationName === "AddAlertComment");
      assert.deepEqual(
        comments.map((r) => r.variables?.alertId),
        ["alert-0024"],
        "no comment is sent after the cancel",
      );
      assert.equal(commentsOn("alert-0025").length, before[1]);
      assert.equal(commentsOn("alert-0026").length, before[2]);
    });

    test("bad input is refused naming the field, before anything is sent", async () => {
      const requests = sim.requests.length;
      const none = errorText(await s.call("bulk_update_alerts", { alert_ids: ["alert-0022"] }));
      assert.match(none, /^INVALID_ARGUMENT:/);
      assert.match(none, /give at least one of status, assignee_id, assignee_email or comment/);
      const both = errorText(
        await s.call("bulk_update_alerts", { alert_ids: ["alert-0022"], assignee_id: "user-001", assignee_email: emailOf("user-001") }),
      );
      assert.match(both, /assignee_email.*at most one of assignee_id or assignee_email/);
      const tooMany = errorText(
        await s.call("bulk_update_alerts", { alert_ids: Array.from({ length: 26 }, (_, i) => `alert-${i}`), status: "OPEN" }),
      );
      assert.match(tooMany, /^INVALID_ARGUMENT:.*alert_ids/);
      const repeated = errorText(await s.call("bulk_update_alerts", { alert_ids: ["alert-0022", "alert-0022"], comment: "twice?" }));
      assert.match(repeated, /^INVALID_ARGUMENT:.*alert_ids.*must not repeat an ID/);
      const badStatus = errorText(await s.call("bulk_update_alerts", { alert_ids: ["alert-0022"], status: "DONE" }));
      assert.match(badStatus, /^INVALID_ARGUMENT:.*status/);
      assert.equal(sim.requests.length, requests, "nothing reached Panther");
    });

    test("a token with AlertRead only is PERMISSION_DENIED naming AlertModify, and nothing changes", async () => {
      const id = "alert-0022";
      const before = { status: alert(id).status, comments: commentsOn(id).length };
      const text = errorText(await reader.call("bulk_update_alerts", { alert_ids: [id], status: "CLOSED", comment: "no" }));
      assert.match(text, /^PERMISSION_DENIED:/);
      assert.match(text, /AlertModify/);
      assert.deepEqual({ status: alert(id).status, comments: commentsOn(id).length }, before);
      const outsiderText = errorText(await outsider.call("bulk_update_alerts", { alert_ids: [id], status: "CLOSED" }));
      assert.match(outsiderText, /^PERMISSION_DENIED:.*AlertRead/);
    });

    test("is listed as a write that is not idempotent (a repeated call adds each comment again)", async () => {
      const tool = (await s.client.listTools()).tools.find((t) => t.name === "bulk_update_alerts")!;
      assert.equal(tool.annotations?.readOnlyHint ?? false, false);
      assert.equal(tool.annotations?.destructiveHint ?? true, true);
      assert.equal(tool.annotations?.idempotentHint ?? false, false);
      assert.equal((tool.inputSchema.properties?.alert_ids as { uniqueItems?: boolean }).uniqueItems, true);
    });
  });
});
