// The metrics toolset end to end: alert counts per severity and per detection, and bytes ingested, over
// GraphQL `metrics` against the simulator, whose numbers come from its seeded alerts and sources, so
// the totals are checked against the seed itself.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seed, type SimAlert, type Simulator } from "../../src/simulator/index.js";
import { toolNamesOf } from "./expected-tools.js";
import { errorText, LIMITED, useSimulator, type Session } from "./harness.js";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const DAY = 86_400_000;
const DATA = seed(NOW);
const iso = (ms: number) => new Date(ms).toISOString();
/** A window covering the last 10 days of the seed, a little past its anchor. */
const FROM = NOW.getTime() - 10 * DAY;
const TO = NOW.getTime() + 3_600_000;

const inWindow = (a: SimAlert, from = FROM, to = TO) => Date.parse(a.createdAt) >= from && Date.parse(a.createdAt) < to;
const KIND: Record<string, string> = { RULE: "Rule", SCHEDULED_RULE: "Rule", POLICY: "Policy" };

describe("metrics toolset", () => {
  let sim: Simulator;
  let s: Session;
  let limited: Session;
  useSimulator({ now: NOW }, { s: {}, limited: LIMITED }, (started) => ({ sim, s, limited } = started));

  const call = (name: string, args: Record<string, unknown>) => s.callJson(name, args);
  const window = { start_date: iso(FROM), end_date: iso(TO) };

  test("the metrics toolset is served by default, read-only", async () => {
    const expected = toolNamesOf("metrics");
    assert.deepEqual(expected, ["get_bytes_processed_metrics", "get_rule_alert_metrics", "get_severity_alert_metrics"]);
    const tools = (await s.client.listTools()).tools.filter((t) => expected.includes(t.name));
    assert.deepEqual(tools.map((t) => t.name).sort(), expected);
    for (const t of tools) {
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
      assert.deepEqual(
        (t.inputSchema.properties as Record<string, { enum?: number[] }>).interval_in_minutes.enum,
        [15, 30, 60, 180, 360, 720, 1440],
      );
    }
  });

  test("get_severity_alert_metrics counts the seeded alerts per kind and severity", async () => {
    const alerts = DATA.alerts.filter((a) => inWindow(a));
    const got = await call("get_severity_alert_metrics", { ...window, severities: ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"] });
    const expected = new Map<string, number>();
    for (const a of alerts)
      if (KIND[a.type]) expected.set(`${KIND[a.type]} ${a.severity}`, (expected.get(`${KIND[a.type]} ${a.severity}`) ?? 0) + 1);
    assert.deepEqual(
      Object.fromEntries(got.alerts_per_severity.map((x: { label: string; value: number }) => [x.label, x.value])),
      Object.fromEntries(expected),
    );
    const detectionAlerts = alerts.filter((a) => KIND[a.type]).length;
    assert.equal(got.total_alerts, detectionAlerts);
    assert.equal(got.all_alerts, alerts.length, "Panther's totalAlerts counts every alert of the window");
    assert.ok(got.all_alerts > got.total_alerts, "errors are in Panther's total but in no severity series");
    for (const series of got.alerts_per_severity) {
      const buckets = Object.entries(series.breakdown as Record<string, number>);
      assert.equal(
        buckets.reduce((n, [, v]) => n + v, 0),
        series.value,
        "the breakdown adds up",
      );
      assert.ok(
        buckets.every(([, v]) => v > 0),
        "empty buckets are left out",
      );
      assert.ok(buckets.every(([at]) => Date.parse(at) >= FROM && Date.parse(at) < TO));
    }
    assert.equal(got.interval_in_minutes, 1440);
  });

  test("get_severity_alert_metrics filters by alert type and severity exactly", async () => {
    const got = await call("get_severity_alert_metrics", { ...window, alert_types: ["Policy"], severities: ["MEDIUM", "LOW"] });
    const expected = DATA.alerts.filter((a) => inWindow(a) && a.type === "POLICY" && ["MEDIUM", "LOW"].includes(a.severity)).length;
    assert.ok(expected > 0);
    assert.equal(got.total_alerts, expected);
    for (const x of got.alerts_per_severity) assert.match(x.label, /^Policy (MEDIUM|LOW)$/);
    // The defaults leave INFO out, as Panther's own server does.
    const defaults = await call("get_severity_alert_metrics", window);
    assert.ok(defaults.alerts_per_severity.every((x: { label: string }) => !x.label.endsWith("INFO")));
  });

  test("get_rule_alert_metrics: total_alerts is the number of alerts, not of series", async () => {
    const alerts = DATA.alerts.filter((a) => inWindow(a) && a.origin.kind !== "system");
    const perRule = new Map<string, number>();
    for (const a of alerts) {
      const id = (a.origin as { detectionId: string }).detectionId;
      perRule.set(id, (perRule.get(id) ?? 0) + 1);
    }
    const all = await call("get_rule_alert_metrics", window);
    assert.deepEqual(
      Object.fromEntries(all.alerts_per_rule.map((x: { entityId: string; value: number }) => [x.entityId, x.value])),
      Object.fromEntries(perRule),
    );
    assert.equal(all.total_alerts, alerts.length);
    const busiest = [...perRule].sort((a, b) => b[1] - a[1])[0]!;
    assert.ok(busiest[1] >= 2, "some detection alerted more than once");
    const one = await call("get_rule_alert_metrics", { ...window, rule_ids: [busiest[0], "No.Such.Rule"] });
    assert.equal(one.alerts_per_rule.length, 1);
    assert.equal(one.total_alerts, busiest[1]);
    assert.notEqual(one.total_alerts, one.alerts_per_rule.length);
    assert.equal(one.alerts_per_rule[0].label, DATA.detections.find((d) => d.id === busiest[0])?.displayName ?? busiest[0]);
    const none = await call("get_rule_alert_metrics", {
      start_date: iso(NOW.getTime() - 400 * DAY),
      end_date: iso(NOW.getTime() - 399 * DAY),
    });
    assert.deepEqual([none.alerts_per_rule, none.total_alerts, none.all_alerts], [[], 0, 0]);
  });

  test("get_bytes_processed_metrics sums bytes per log type from the seeded sources", async () => {
    const got = await call("get_bytes_processed_metrics", window);
    const expected = new Map<string, number>();
    for (const src of DATA.sources.logSources) {
      const start = Math.max(FROM, Date.parse(src.createdAtTime));
      const end = Math.min(TO, Date.parse(src.lastEventReceivedAtTime ?? src.createdAtTime));
      if (end <= start) continue;
      for (const t of src.logTypes) expected.set(t, (expected.get(t) ?? 0) + (src.bytesPerHour[t]! * (end - start)) / 3_600_000);
    }
    const series = new Map<string, number>(got.bytes_processed.map((x: { label: string; value: number }) => [x.label, x.value]));
    assert.deepEqual([...series.keys()].sort(), [...expected.keys()].sort());
    for (const [label, bytes] of expected)
      assert.ok(Math.abs(series.get(label)! - bytes) < 1, `${label}: ${series.get(label)} vs ${bytes}`);
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(got.total_bytes - total) < 1, `total ${got.total_bytes} vs ${total}`);
    const shorter = await call("get_bytes_processed_metrics", {
      start_date: iso(NOW.getTime() - DAY),
      end_date: iso(NOW.getTime()),
      interval_in_minutes: 60,
    });
    assert.ok(shorter.total_bytes > 0 && shorter.total_bytes < got.total_bytes);
    assert.ok(Object.keys(shorter.bytes_processed[0].breakdown).length <= 24);
  });

  test("breakdowns too many buckets for one result are left out with a note; totals stay", async () => {
    const coarse = await call("get_bytes_processed_metrics", { ...window, interval_in_minutes: 1440 });
    const fine = await call("get_bytes_processed_metrics", { ...window, interval_in_minutes: 15 });
    assert.match(fine.breakdown_note, /breakdowns left out: \d+ buckets of 15 minutes is over 1500; ask for a larger interval_in_minutes/);
    assert.ok(fine.bytes_processed.every((x: { breakdown?: unknown }) => x.breakdown === undefined));
    assert.ok(Math.abs(fine.total_bytes - coarse.total_bytes) < 1);
    assert.equal(coarse.breakdown_note, undefined);
  });

  test("dates default to the last 7 days and the interval to the incumbent's defaults", async () => {
    const sev = await call("get_severity_alert_metrics", {});
    assert.equal(Date.parse(sev.end_date) - Date.parse(sev.start_date), 7 * DAY);
    assert.ok(Math.abs(Date.parse(sev.end_date) - Date.now()) < 60_000);
    assert.equal(sev.interval_in_minutes, 1440);
    assert.equal((await call("get_rule_alert_metrics", {})).interval_in_minutes, 15);
    const sent = sim.requests.filter((r) => r.operationName === "AlertsPerRule").at(-1);
    assert.equal((sent?.variables as { input: { intervalInMinutes: number } }).input.intervalInMinutes, 15);
  });

  test("bad input names the field and what is allowed", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["get_severity_alert_metrics", { interval_in_minutes: 45 }, /interval_in_minutes: .*15.*30.*60.*180.*360.*720.*1440/],
      ["get_bytes_processed_metrics", { interval_in_minutes: "60" }, /interval_in_minutes/],
      ["get_rule_alert_metrics", { start_date: "yesterday" }, /start_date/],
      ["get_rule_alert_metrics", { end_date: "2026-02-30T00:00:00Z" }, /end_date/],
      ["get_severity_alert_metrics", { severities: ["SEVERE"] }, /severities\[0\]/],
      ["get_severity_alert_metrics", { alert_types: ["Rules"] }, /alert_types\[0\]/],
      ["get_severity_alert_metrics", { alert_types: [] }, /alert_types/],
      ["get_rule_alert_metrics", { rule_ids: [""] }, /rule_ids\[0\]/],
      ["get_rule_alert_metrics", { start_date: iso(TO), end_date: iso(FROM) }, /end_date: must be after start_date/],
      ["get_bytes_processed_metrics", { start_date: iso(FROM), end_date: iso(FROM) }, /end_date: must be after start_date/],
      ["get_bytes_processed_metrics", { extra: 1 }, /extra/],
    ];
    for (const [name, args, pattern] of cases) {
      const text = errorText(await s.client.callTool({ name, arguments: args }));
      assert.match(text, /^INVALID_ARGUMENT:/, `${name} ${JSON.stringify(args)}: ${text}`);
      assert.match(text, pattern, `${name} ${JSON.stringify(args)}: ${text}`);
    }
    // A window too long for 15-minute buckets is Panther's bad input, passed on as such.
    const text = errorText(
      await s.client.callTool({
        name: "get_severity_alert_metrics",
        arguments: { start_date: iso(NOW.getTime() - 400 * DAY), end_date: iso(NOW.getTime()), interval_in_minutes: 15 },
      }),
    );
    assert.match(text, /^INVALID_ARGUMENT: .*buckets/);
  });

  test("every metrics tool is denied without SummaryRead, pointing at get_permissions", async () => {
    for (const name of toolNamesOf("metrics")) {
      const text = errorText(await limited.client.callTool({ name, arguments: {} }));
      assert.match(text, new RegExp(`^PERMISSION_DENIED: .*${name} needs the Panther permission SummaryRead`), text);
      assert.match(text, /get_permissions/);
    }
  });
});
