// The detections toolset end to end (list_detections, get_detection, disable_detection, data models,
// global helpers) and the saved-query tools of data_lake, against the simulator's REST endpoints.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { effectiveHints } from "../../src/runtime/tool.js";
import { errorText, LIMITED, LIMITED_TOKEN, resultJson, TOKEN, useSimulator, type Session } from "./harness.js";

const KINDS = ["rules", "scheduled_rules", "simple_rules", "policies"];
const REST_KIND: Record<string, string> = {
  rules: "rules",
  scheduled_rules: "scheduled-rules",
  simple_rules: "simple-rules",
  policies: "policies",
};
const QUERY_ID = "6f1c2a4e-8b3d-4c5f-9a7e-1d2b3c4d5e01";

type Item = { id: string; detection_type: string; [k: string]: unknown };

describe("detections parity", () => {
  let sim: Simulator;
  let s: Session;
  let ruleReader: Session;
  let alertReader: Session;
  let readOnly: Session;

  const call = async (session: Session, name: string, args: Record<string, unknown>) => session.client.callTool({ name, arguments: args });
  const json = async (name: string, args: Record<string, unknown> = {}) => resultJson(await call(s, name, args));
  const error = async (name: string, args: Record<string, unknown>, session = s) => errorText(await call(session, name, args));

  /** Every item of a listing, following next_cursor to the end; also the number of pages. */
  async function pages(name: string, args: Record<string, unknown>): Promise<{ items: Item[]; count: number }> {
    const items: Item[] = [];
    let cursor: string | undefined;
    for (let count = 1; count <= 50; count++) {
      const page = await json(name, { ...args, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      assert.equal(page.has_next_page, page.next_cursor !== null);
      cursor = page.next_cursor ?? undefined;
      if (!cursor) return { items, count };
    }
    throw new Error("paging did not end");
  }

  const seeded = (kind: string) => sim.state.detections.filter((d) => d.kind === REST_KIND[kind]);

  useSimulator(
    { tokens: { [TOKEN]: "all", "rule-reader-4b1f": ["RuleRead"], [LIMITED_TOKEN]: ["AlertRead"] } },
    {
      s: {},
      ruleReader: { env: { PANTHER_API_TOKEN: "rule-reader-4b1f" } },
      alertReader: LIMITED,
      readOnly: { env: { PANTHER_READ_ONLY: "true" } },
    },
    (started) => ({ sim, s, ruleReader, alertReader, readOnly } = started),
  );

  test("the tools are listed with their hints; read-only mode leaves disable_detection out", async () => {
    const tools = (await s.client.listTools()).tools;
    const names = tools.map((t) => t.name);
    for (const name of [
      "list_detections",
      "get_detection",
      "disable_detection",
      "list_data_models",
      "get_data_model",
      "list_global_helpers",
      "get_global_helper",
      "list_scheduled_queries",
      "get_scheduled_query",
    ]) {
      assert.ok(names.includes(name), name);
      const hints = effectiveHints(tools.find((t) => t.name === name)!.annotations);
      if (name === "disable_detection") {
        assert.deepEqual([hints.readOnlyHint, hints.destructiveHint, hints.idempotentHint], [false, true, true]);
      } else {
        assert.equal(hints.readOnlyHint, true, name);
      }
    }
    const readOnlyNames = (await readOnly.client.listTools()).tools.map((t) => t.name);
    assert.ok(!readOnlyNames.includes("disable_detection"));
    assert.ok(readOnlyNames.includes("list_detections") && readOnlyNames.includes("get_detection"));
    await assert.rejects(
      call(readOnly, "disable_detection", { detection_id: "AWS.CloudTrail.RootLogin" }),
      /Unknown tool "disable_detection"/,
    );
    assert.equal(sim.state.detections.find((d) => d.id === "AWS.CloudTrail.RootLogin")!.enabled, true);
  });

  test("list_detections lists rules by default, as summaries without bodies or tests", async () => {
    const page = await json("list_detections");
    assert.equal(page.items.length, seeded("rules").length);
    assert.equal(page.has_next_page, false);
    const root = page.items.find((d: Item) => d.id === "AWS.CloudTrail.RootLogin");
    assert.equal(root.detection_type, "rules");
    assert.deepEqual(root.logTypes, ["AWS.CloudTrail"]);
    assert.deepEqual(root.reports, { MITRE: ["TA0001:T1078.004"] });
    assert.deepEqual(root.outputIDs, ["out-slack-secops", "out-pagerduty"]);
    assert.equal(root.threshold, 1);
    assert.equal(root.dedupPeriodMinutes, 60);
    assert.deepEqual(root.createdBy, { id: "user-001", type: "user" });
    for (const key of ["id", "displayName", "description", "enabled", "severity", "tags", "managed", "createdAt", "lastModified"]) {
      assert.ok(key in root, key);
    }
    for (const item of page.items) assert.ok(!("body" in item) && !("tests" in item) && !("runbook" in item), item.id);
  });

  test("list_detections pages every kind at once to the end with one cursor", async () => {
    const { items, count } = await pages("list_detections", { detection_types: KINDS, limit: 2 });
    const expected = KINDS.flatMap((k) =>
      seeded(k)
        .map((d) => d.id)
        .sort((a, b) => a.localeCompare(b))
        .map((id) => `${k}:${id}`),
    );
    const got = items.map((d) => `${d.detection_type}:${d.id}`);
    assert.equal(new Set(got).size, got.length, "no item twice");
    assert.deepEqual([...got].sort(), [...expected].sort());
    // Each kind comes in its own order, two at a time: the 12 rules need 6 pages.
    assert.equal(count, Math.ceil(seeded("rules").length / 2));
    for (const kind of KINDS) {
      const ofKind = got.filter((g) => g.startsWith(`${kind}:`));
      assert.deepEqual(
        ofKind,
        expected.filter((e) => e.startsWith(`${kind}:`)),
        kind,
      );
    }
    const policy = items.find((d) => d.id === "AWS.S3.Bucket.EncryptionEnabled")!;
    assert.deepEqual(policy.resourceTypes, ["AWS.S3.Bucket"]);
    assert.ok(!("threshold" in policy) && !("logTypes" in policy));
    const scheduled = items.find((d) => d.id === "Query.CloudTrail.UnusedRegion")!;
    assert.deepEqual(scheduled.scheduledQueries, ["CloudTrail Activity In Unused Regions"]);
    assert.ok(!("logTypes" in scheduled));
  });

  test("list_detections filters are sent to Panther and apply per kind", async () => {
    const ids = async (args: Record<string, unknown>) => (await pages("list_detections", args)).items.map((d) => d.id).sort();
    const expectIds = (pred: (d: Simulator["state"]["detections"][number]) => boolean, kinds = ["rules"]) =>
      kinds
        .flatMap(seeded)
        .filter(pred)
        .map((d) => d.id)
        .sort();

    assert.deepEqual(
      await ids({ severity: ["CRITICAL"] }),
      expectIds((d) => d.severity === "CRITICAL"),
    );
    assert.deepEqual(
      await ids({ state: "disabled", detection_types: KINDS }),
      expectIds((d) => !d.enabled, KINDS),
    );
    assert.deepEqual(await ids({ name_contains: "okta", detection_types: ["rules", "simple_rules"] }), [
      ...expectIds((d) => d.id.toLowerCase().includes("okta") || d.displayName.toLowerCase().includes("okta"), ["rules", "simple_rules"]),
    ]);
    assert.deepEqual(
      await ids({ tag: ["exfiltration"], detection_types: KINDS }),
      expectIds((d) => d.tags.some((t) => t.toLowerCase() === "exfiltration"), KINDS),
    );
    assert.deepEqual(
      await ids({ log_type: ["Okta.SystemLog"], detection_types: ["rules", "simple_rules"] }),
      expectIds((d) => (d.logTypes ?? []).includes("Okta.SystemLog"), ["rules", "simple_rules"]),
    );
    assert.deepEqual(await ids({ detection_types: ["policies"], resource_type: ["AWS.S3.Bucket"] }), ["AWS.S3.Bucket.EncryptionEnabled"]);
    assert.deepEqual(
      await ids({ detection_types: ["policies"], compliance_status: "FAIL" }),
      expectIds((d) => d.complianceStatus === "FAIL", ["policies"]),
    );
    assert.deepEqual(
      await ids({ created_by: "user-002", detection_types: KINDS }),
      expectIds((d) => d.createdBy.id === "user-002", KINDS),
    );
    assert.deepEqual(
      await ids({ last_modified_by: "user-003", detection_types: KINDS }),
      expectIds((d) => d.lastModifiedBy?.id === "user-003", KINDS),
    );
    const sent = sim.requests.filter((r) => r.kind === "rest" && r.path === "/policies").at(-1);
    assert.equal(sent?.query?.["last-modified-by"], "user-003");
    assert.equal(sent?.query?.limit, "100");
  });

  test("output_ids is applied across Panther pages, never to one page only", async () => {
    const before = sim.requests.length;
    const { items } = await pages("list_detections", { detection_types: KINDS, output_ids: ["out-pagerduty"], limit: 1 });
    const expected = KINDS.flatMap(seeded).filter((d) => d.outputIDs.includes("out-pagerduty"));
    assert.ok(expected.length >= 3 && expected.length < KINDS.flatMap(seeded).length);
    assert.deepEqual(items.map((d) => d.id).sort(), expected.map((d) => d.id).sort());
    for (const item of items) assert.ok((item.outputIDs as string[]).includes("out-pagerduty"));
    // Panther was never asked to filter by destination: it has no such parameter.
    for (const r of sim.requests.slice(before)) assert.ok(!Object.keys(r.query ?? {}).some((k) => k.includes("output")), r.path);
  });

  test("list_detections refuses filters that do not fit the kinds, and foreign cursors", async () => {
    assert.match(
      await error("list_detections", { detection_types: ["rules", "policies"], log_type: ["AWS.CloudTrail"] }),
      /^INVALID_ARGUMENT: log_type applies only to rules and simple_rules, not to policies/,
    );
    assert.match(
      await error("list_detections", { resource_type: ["AWS.S3.Bucket"] }),
      /^INVALID_ARGUMENT: resource_type applies only to policies, not to rules/,
    );
    assert.match(
      await error("list_detections", { detection_types: ["scheduled_rules"], compliance_status: "PASS" }),
      /^INVALID_ARGUMENT: compliance_status applies only to policies/,
    );
    assert.match(await error("list_detections", { detection_types: ["rule"] }), /^INVALID_ARGUMENT: .*detection_types/);
    assert.match(await error("list_detections", { detection_types: [] }), /^INVALID_ARGUMENT: .*detection_types/);
    assert.match(await error("list_detections", { limit: 1001 }), /^INVALID_ARGUMENT: .*limit/);
    assert.match(await error("list_detections", { severity: ["SEVERE"] }), /^INVALID_ARGUMENT: .*severity/);
    const first = await json("list_detections", { limit: 2 });
    assert.ok(first.next_cursor);
    assert.match(await error("list_detections", { limit: 2, cursor: first.next_cursor, state: "enabled" }), /^INVALID_ARGUMENT: cursor: /);
    assert.match(await error("list_detections", { cursor: "bm90IG91cnM" }), /^INVALID_ARGUMENT: cursor: not a next_cursor/);
    // The page size may change along the way; the cursor keeps the place.
    const rest = await pages("list_detections", { limit: 5, cursor: first.next_cursor });
    assert.equal(first.items.length + rest.items.length, seeded("rules").length);
  });

  test("get_detection returns every kind whole, in its own shape", async () => {
    const rule = await json("get_detection", { detection_id: "Okta.ImpossibleTravel" });
    assert.equal(rule.detection_type, "rules");
    assert.deepEqual(rule.not_found_in_types, []);
    assert.match(rule.detection.body, /def rule\(event\)/);
    assert.match(rule.detection.runbook, /Escalate/);
    assert.deepEqual(rule.detection.tests[0].mocks, [{ objectName: "travel_speed_kmh", returnValue: "1200" }]);
    assert.equal(rule.detection.tests[0].expectedResult, true);
    assert.deepEqual(rule.detection.summaryAttributes, ["p_any_ip_addresses", "p_source_label"]);

    const simple = await json("get_detection", {
      detection_id: "GitHub.Repo.MadePublic",
      detection_type: ["rules", "policies", "simple_rules"],
    });
    assert.equal(simple.detection_type, "simple_rules");
    assert.deepEqual(simple.not_found_in_types, ["rules", "policies"]);
    const d = simple.detection;
    assert.match(d.detection, /KeyPath: visibility/);
    assert.match(d.alertTitle, /made public/);
    assert.match(d.groupBy, /KeyPath: repo/);
    assert.match(d.dynamicSeverities, /ChangeTo: CRITICAL/);
    assert.match(d.alertContext, /KeyName: actor/);
    assert.ok(!("body" in d), "a simple rule has no Python body");
    const filtered = await json("get_detection", { detection_id: "Okta.User.Suspended", detection_type: ["simple_rules"] });
    assert.match(filtered.detection.inlineFilters, /outcome.result/);

    const policy = await json("get_detection", { detection_id: "AWS.S3.Bucket.EncryptionEnabled", detection_type: ["policies"] });
    assert.deepEqual(policy.detection.suppressions, ["arn:aws:s3:::public-website-*", "arn:aws:s3:::cdn-assets"]);
    assert.match(policy.detection.body, /def policy\(resource\)/);
    assert.ok(!("runbook" in policy.detection) && !("threshold" in policy.detection));

    const scheduled = await json("get_detection", { detection_id: "Query.VPCFlow.LargeOutbound", detection_type: ["scheduled_rules"] });
    assert.deepEqual(scheduled.detection.scheduledQueries, ["VPC Flow Large Egress"]);
    assert.ok(!("logTypes" in scheduled.detection));
  });

  test("get_detection: not found in any kind, bad input, and a token without the permission", async () => {
    const missing = await error("get_detection", { detection_id: "No.Such.Rule", detection_type: ["rules", "policies"] });
    assert.match(missing, /^NOT_FOUND: .*"No.Such.Rule" among rules, policies/);
    assert.match(await error("get_detection", { detection_id: "" }), /^INVALID_ARGUMENT: .*detection_id/);
    assert.match(await error("get_detection", { detection_id: ".." }), /^INVALID_ARGUMENT: detection_id cannot be "\.\."/);
    assert.match(await error("get_detection", { detection_id: "x", detection_type: "rules" }), /^INVALID_ARGUMENT: .*detection_type/);
    // RuleRead reads rules; policies need PolicyRead.
    const rule = resultJson(await call(ruleReader, "get_detection", { detection_id: "AWS.CloudTrail.RootLogin" }));
    assert.equal(rule.detection.id, "AWS.CloudTrail.RootLogin");
    const denied = errorText(
      await call(ruleReader, "get_detection", { detection_id: "AWS.IAM.RootAccessKeys", detection_type: ["policies"] }),
    );
    assert.match(denied, /^PERMISSION_DENIED: .*PolicyRead/);
    const deniedList = errorText(await call(ruleReader, "list_detections", { detection_types: ["rules", "policies"] }));
    assert.match(deniedList, /^PERMISSION_DENIED: .*PolicyRead/);
    assert.match(errorText(await call(alertReader, "list_detections", {})), /^PERMISSION_DENIED: .*RuleRead/);
  });

  test("data models: list without Python, paged to the end; get in full; errors", async () => {
    const { items, count } = await pages("list_data_models", { limit: 1 });
    assert.deepEqual(
      items.map((m) => m.id),
      sim.state.ruleAssets.dataModels.map((m) => m.id).sort(),
    );
    assert.equal(count, items.length);
    for (const m of items) assert.ok(!("body" in m), m.id);
    const trail = items.find((m) => m.id === "Standard.AWS.CloudTrail")!;
    assert.deepEqual((trail.mappings as unknown[])[0], { name: "actor_user", path: "$.userIdentity.arn", method: null });
    const one = await json("get_data_model", { data_model_id: "Standard.AWS.CloudTrail" });
    assert.match(one.body, /def get_event_type/);
    assert.deepEqual(one.logTypes, ["AWS.CloudTrail"]);
    assert.match(await error("get_data_model", { data_model_id: "Nope" }), /^NOT_FOUND:/);
    assert.match(await error("get_data_model", { data_model_id: "" }), /^INVALID_ARGUMENT: .*data_model_id/);
    assert.match(await error("list_data_models", { limit: 0 }), /^INVALID_ARGUMENT: .*limit/);
    assert.match(errorText(await call(alertReader, "list_data_models", {})), /^PERMISSION_DENIED: .*RuleRead/);
  });

  test("global helpers: list without code, filtered and paged; get with code; errors", async () => {
    const { items } = await pages("list_global_helpers", { limit: 2 });
    assert.deepEqual(
      items.map((g) => g.id),
      sim.state.ruleAssets.globals.map((g) => g.id).sort(),
    );
    for (const g of items) assert.ok(!("body" in g), g.id);
    const aws = await json("list_global_helpers", { name_contains: "AWS" });
    assert.deepEqual(
      aws.items.map((g: Item) => g.id),
      ["panther_aws_helpers"],
    );
    const byEditor = await json("list_global_helpers", { last_modified_by: "user-002" });
    assert.deepEqual(byEditor.items.map((g: Item) => g.id).sort(), ["panther_aws_helpers", "panther_okta_helpers"]);
    const one = await json("get_global_helper", { helper_id: "panther_base_helpers" });
    assert.match(one.body, /def deep_get/);
    assert.match(await error("get_global_helper", { helper_id: "nope" }), /^NOT_FOUND:/);
    assert.match(await error("get_global_helper", { helper_id: "." }), /^INVALID_ARGUMENT: .*helper_id/);
    assert.match(errorText(await call(alertReader, "get_global_helper", { helper_id: "panther_base_helpers" })), /^PERMISSION_DENIED:/);
  });

  test("scheduled queries: list without SQL, name_contains across pages; get by UUID; errors", async () => {
    const all = await json("list_scheduled_queries");
    assert.equal(all.items.length, sim.state.ruleAssets.savedQueries.length);
    for (const q of all.items) assert.ok(!("sql" in q), q.name);
    const dormant = all.items.find((q: { name: string }) => q.name === "Okta Dormant Accounts");
    assert.deepEqual(dormant.schedule, { cron: "0 6 * * *", rateMinutes: null, timeoutMinutes: 10, disabled: false });
    // Panther has no name filter on /queries: ours goes through every page (one query a page here).
    const before = sim.requests.length;
    const { items } = await pages("list_scheduled_queries", { name_contains: "OKTA", limit: 1 });
    assert.deepEqual(
      items.map((q) => q.name),
      ["Okta Admin Grants (weekly)", "Okta Dormant Accounts"],
    );
    assert.ok(sim.requests.slice(before).every((r) => !("name-contains" in (r.query ?? {}))));
    const one = await json("get_scheduled_query", { query_id: QUERY_ID });
    assert.equal(one.name, "CloudTrail Activity In Unused Regions");
    assert.match(one.sql, /p_occurs_since/);
    assert.equal(one.schedule.rateMinutes, 60);
    assert.match(await error("get_scheduled_query", { query_id: "not-a-uuid" }), /^INVALID_ARGUMENT: .*query_id/);
    assert.match(await error("get_scheduled_query", { query_id: "00000000-0000-4000-8000-000000000000" }), /^NOT_FOUND:/);
    assert.match(errorText(await call(ruleReader, "list_scheduled_queries", {})), /^PERMISSION_DENIED: .*DataAnalyticsRead/);
    assert.match(await error("list_scheduled_queries", { cursor: all.next_cursor ?? "x" }), /^INVALID_ARGUMENT: cursor/);
  });

  test("disable_detection turns a rule off in Panther, keeping every other field, and is idempotent", async () => {
    const id = "AWS.CloudTrail.RootLogin";
    const stored = () => sim.state.detections.find((d) => d.kind === "rules" && d.id === id)!;
    const before = structuredClone(stored());
    assert.equal(before.enabled, true);
    const out = await json("disable_detection", { detection_id: id });
    assert.deepEqual(out, {
      detection_type: "rules",
      id,
      enabled: false,
      was_enabled: true,
      changes: [{ detection_type: "rules", detection_id: id, enabled: { old: true, new: false } }],
    });
    const after = stored();
    assert.equal(after.enabled, false);
    assert.equal(after.body, before.body);
    assert.deepEqual(after.tests, before.tests);
    assert.deepEqual(after.outputIDs, before.outputIDs);
    assert.equal(after.runbook, before.runbook);
    const put = sim.requests.filter((r) => r.method === "PUT").at(-1)!;
    assert.equal(put.path, `/rules/${id}`);
    assert.equal(put.query?.["run-tests-first"], "false");
    assert.equal((put.body as { enabled: boolean }).enabled, false);
    const puts = sim.requests.filter((r) => r.method === "PUT").length;
    const modified = stored().lastModified;
    const again = await json("disable_detection", { detection_id: id });
    assert.deepEqual(again, { detection_type: "rules", id, enabled: false, was_enabled: false });
    assert.equal(stored().enabled, false);
    assert.equal(sim.requests.filter((r) => r.method === "PUT").length, puts, "an already disabled detection is not written again");
    assert.equal(stored().lastModified, modified);
    const listed = await json("list_detections", { state: "disabled" });
    assert.ok(listed.items.some((d: Item) => d.id === id));
  });

  test("disable_detection works for simple rules and policies; errors are clear", async () => {
    const simple = await json("disable_detection", { detection_id: "GitHub.Repo.MadePublic", detection_type: "simple_rules" });
    assert.equal(simple.enabled, false);
    const stored = sim.state.detections.find((d) => d.id === "GitHub.Repo.MadePublic")!;
    assert.equal(stored.enabled, false);
    assert.match(stored.detection ?? "", /KeyPath: visibility/);
    const policy = await json("disable_detection", { detection_id: "AWS.IAM.RootAccessKeys", detection_type: "policies" });
    assert.equal(policy.enabled, false);
    assert.equal(sim.state.detections.find((d) => d.id === "AWS.IAM.RootAccessKeys")!.enabled, false);

    assert.match(await error("disable_detection", { detection_id: "No.Such.Rule" }), /^NOT_FOUND: no rules detection "No.Such.Rule"/);
    assert.match(await error("disable_detection", { detection_id: "x", detection_type: "rule" }), /^INVALID_ARGUMENT: .*detection_type/);
    assert.match(await error("disable_detection", { detection_id: "" }), /^INVALID_ARGUMENT: .*detection_id/);
    // RuleRead alone may read the rule but not save it; nothing changes.
    const target = sim.state.detections.find((d) => d.id === "AWS.S3.BucketMadePublic")!;
    assert.equal(target.enabled, true);
    const denied = errorText(await call(ruleReader, "disable_detection", { detection_id: "AWS.S3.BucketMadePublic" }));
    assert.match(denied, /^PERMISSION_DENIED: .*RuleModify/);
    assert.equal(sim.state.detections.find((d) => d.id === "AWS.S3.BucketMadePublic")!.enabled, true);
  });
});
