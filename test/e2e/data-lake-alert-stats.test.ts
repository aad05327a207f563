// get_alert_event_stats end to end: statistics of seeded alerts from panther_signals.public.correlation_signals,
// and hostile alert IDs refused before any SQL is built or sent.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seed, type Simulator } from "../../src/simulator/index.js";
import { errorText, FIXED_NOW, LIMITED, resultJson, useSimulator, type Session } from "./harness.js";

const NOW = FIXED_NOW;
const DAY = 86_400_000;

describe("get_alert_event_stats", () => {
  let sim: Simulator;
  let s: Session;
  let limited: Session;
  useSimulator({ now: NOW }, { s: {}, limited: LIMITED }, (started) => ({ sim, s, limited } = started));

  const call = (args: Record<string, unknown>, session = s) => session.call("get_alert_event_stats", args);
  const executes = () => sim.requests.filter((r) => r.operationName === "ExecuteDataLakeQuery");

  // Alerts with log events in the 30 days before NOW, as the simulator seeds them.
  const start = new Date(NOW.getTime() - 30 * DAY);
  const alerts = seed(NOW)
    .alerts.filter((a) => a.events.some((e) => typeof e.p_log_type === "string"))
    .slice(0, 3);

  test("happy path: entities, rules and severities of the alerts' events, grouped by time window", async () => {
    assert.equal(alerts.length, 3);
    const ids = alerts.map((a) => a.id);
    const result = resultJson(await call({ alert_ids: ids, start_date: start.toISOString(), end_date: NOW.toISOString() }));
    assert.equal(result.status, "succeeded", JSON.stringify(result));
    assert.equal(result.time_window, 30);
    for (const column of ["event_day", "time_30_minute", "source_ips", "usernames", "alert_ids", "rule_ids", "severities", "first_event"])
      assert.ok(result.columns.includes(column), column);
    const seen = new Set<string>(result.rows.flatMap((r: { alert_ids: string[] }) => r.alert_ids));
    assert.deepEqual([...seen].sort(), [...ids].sort(), "every alert's events are counted, and no other alert's");
    const severities = new Set(alerts.map((a) => a.severity));
    const rules = new Set(alerts.map((a) => (a.origin.kind === "system" ? null : a.origin.detectionId)));
    for (const row of result.rows) {
      assert.equal(row.alert_count, row.alert_ids.length);
      assert.ok(
        row.severities.every((x: string) => severities.has(x as never)),
        JSON.stringify(row.severities),
      );
      assert.ok(
        row.rule_ids.every((x: string) => rules.has(x)),
        JSON.stringify(row.rule_ids),
      );
      assert.match(row.time_30_minute, /:(00|30):00\.000$/, "buckets start on the window");
    }
    const sent = executes().at(-1)!;
    assert.equal(sent.variables?.databaseName, "panther_signals.public");
    assert.match(String(sent.variables?.sql), new RegExp(`IN \\(${ids.map((id) => `'${id}'`).join(", ")}\\)`));
  });

  test("time_window picks the bucket; an alert with no signals gives no rows", async () => {
    const five = resultJson(
      await call({ alert_ids: [alerts[0]!.id], time_window: 5, start_date: start.toISOString(), end_date: NOW.toISOString() }),
    );
    assert.ok(five.columns.includes("time_5_minute"));
    assert.ok(five.rows.length > 0);
    const none = resultJson(await call({ alert_ids: ["no-such-alert"], start_date: start.toISOString(), end_date: NOW.toISOString() }));
    assert.equal(none.status, "succeeded");
    assert.deepEqual(none.rows, []);
  });

  test("hostile alert IDs are refused naming alert_ids, and never reach the SQL", async () => {
    const hostile = [
      "x' OR '1'='1",
      "alert-0001'--",
      "alert-0001; DROP TABLE correlation_signals",
      "alert-0001/*",
      "alert 0001",
      "ａlert-0001",
      "alert-0001\u0000",
      "alert-0001\n",
      "é",
      "",
      "a".repeat(129),
    ];
    const before = executes().length;
    for (const id of hostile) {
      const text = errorText(await call({ alert_ids: ["alert-0002", id] }));
      assert.match(text, /^INVALID_ARGUMENT: .*alert_ids/, JSON.stringify(id));
    }
    assert.equal(executes().length, before, "no query reached Panther");
    assert.ok(
      sim.requests.every((r) => !hostile.slice(0, 4).some((h) => JSON.stringify(r.variables ?? {}).includes(h.replace(/'/g, "")))),
      "no hostile text in any request",
    );
  });

  test("bad time_window and dates are refused, naming the argument", async () => {
    const before = executes().length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ alert_ids: ["a"], time_window: 7 }, /time_window/],
      [{ alert_ids: ["a"], start_date: "yesterday" }, /start_date/],
      [{ alert_ids: ["a"], end_date: "2026-03-15 12:00:00' OR 1=1" }, /end_date/],
      [{ alert_ids: ["a"], start_date: NOW.toISOString(), end_date: start.toISOString() }, /start_date: must be before end_date/],
      [{ alert_ids: [] }, /alert_ids/],
    ];
    for (const [args, expected] of cases) {
      const text = errorText(await call(args));
      assert.match(text, /^INVALID_ARGUMENT: /, text);
      assert.match(text, expected, text);
    }
    assert.equal(executes().length, before);
  });

  test("a token without DataAnalyticsRead is PERMISSION_DENIED", async () => {
    const text = errorText(await call({ alert_ids: [alerts[0]!.id] }, limited));
    assert.match(text, /^PERMISSION_DENIED: .*get_alert_event_stats needs the Panther permission DataAnalyticsRead/, text);
  });
});
