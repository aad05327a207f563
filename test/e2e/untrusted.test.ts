// Attacker-controlled text (issue 10), proved over the whole registry: the simulator carries injection
// payloads (src/simulator/attacks.ts) and every tool is called, through the real server and a real MCP
// client, with arguments that reach them where it can. The tools come from the registry (generated/ and
// the hand-written toolsets), so a new tool fails here until the table below says how to call it.
//   - A tool with an `untrusted` plan answers <untrusted-data-NONCE>\n…\n</untrusted-data-NONCE> (NONCE
//     a fresh UUID per result), maybe followed by the removed-characters line; inside, no fence marker
//     but the real ones, no invisible character anywhere, and the payload's visible words still there.
//   - Through any tool, plan or not, no payload is ever read outside a fence.
//   - With PANTHER_LOCKDOWN=true no payload (nor a distinctive part of one) reaches any result, while
//     ids, timestamps and addresses still do.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  ALL_PAYLOADS,
  ATTACK_ALERTS,
  ATTACK_DETECTION,
  ATTACK_RESOURCE_ID,
  ATTACK_SCHEMA,
  ATTACK_SOURCE_INDEX,
  ATTACK_TEST,
  GUESSED_NONCE,
  PAYLOADS,
  type Payload,
  type PayloadKind,
} from "../../src/simulator/attacks.js";
import { alertEventRows, DATABASES, fillContext } from "../../src/simulator/data-lake-tables.js";
import { seed } from "../../src/simulator/index.js";
import { allTools } from "../../src/tools/index.js";
import { FIXED_NOW, useSimulator, type Session } from "./harness.js";

const NOW = FIXED_NOW;
const SEED = seed(NOW);
const attackSource = SEED.sources.logSources[ATTACK_SOURCE_INDEX]!;
const attackAlert = SEED.alerts.find((a) => a.id === ATTACK_ALERTS.cloudTrail)!;

/** One call of a tool, and the payloads its result must carry. */
interface Call {
  args: Record<string, unknown>;
  reaches: readonly Payload[];
}

const P = PAYLOADS;
const cloudTrailEvents = [P.userAgentOrder, P.fakeCloser, P.keyOrder, P.sessionOrder, P.contextCloser];
const lake = (sql: string) => ({ sql, max_rows: 50 });
/** The day before the simulator's clock anchor (tools default to the real clock's last days). */
const lastDay = { start_date: new Date(NOW.getTime() - 86_400_000).toISOString(), end_date: NOW.toISOString() };

/**
 * Every tool of the registry, in the order they are called (writes after the reads they would disturb,
 * the AI triage started before its summary is read). Arguments reach a payload wherever the tool can
 * return one; `reaches` names what must arrive. A tool with an `untrusted` plan must reach at least one.
 */
const TABLE: [tool: string, calls: Call[]][] = [
  [
    "get_alert",
    [
      { args: { alert_id: ATTACK_ALERTS.cloudTrail }, reaches: [P.titleNonceCloser, P.descriptionZeroWidth] },
      { args: { alert_id: ATTACK_ALERTS.okta }, reaches: [P.tagCharacters] },
    ],
  ],
  [
    "list_alerts",
    [
      { args: { ...lastDay, name_contains: "IAM access key created by" }, reaches: [P.titleNonceCloser] },
      { args: { ...lastDay, name_contains: "Okta admin role granted by" }, reaches: [P.tagCharacters] },
    ],
  ],
  [
    "get_alert_events",
    [
      { args: { alert_id: ATTACK_ALERTS.cloudTrail }, reaches: cloudTrailEvents },
      { args: { alert_id: ATTACK_ALERTS.okta }, reaches: [P.tagCharacters, P.rtlOverride] },
    ],
  ],
  ["list_alert_comments", [{ args: { alert_id: ATTACK_ALERTS.cloudTrail }, reaches: [P.commentOrder] }]],
  [
    "get_alert_event_stats",
    [
      {
        args: {
          alert_ids: [ATTACK_ALERTS.cloudTrail],
          start_date: new Date(NOW.getTime() - 86_400_000).toISOString(),
          end_date: NOW.toISOString(),
        },
        reaches: [P.sessionOrder],
      },
    ],
  ],
  [
    "start_ai_alert_triage",
    [{ args: { alert_id: ATTACK_ALERTS.cloudTrail, prompt: "/* sim:ai-ms=0 */" }, reaches: [P.titleNonceCloser, P.descriptionZeroWidth] }],
  ],
  [
    "get_ai_alert_triage_summary",
    [{ args: { alert_id: ATTACK_ALERTS.cloudTrail }, reaches: [P.titleNonceCloser, P.descriptionZeroWidth] }],
  ],
  [
    "query_data_lake",
    [
      {
        args: lake(
          `SELECT * FROM panther_logs.public.aws_cloudtrail WHERE p_occurs_since('1 d') AND sourceIPAddress = '45.133.1.90' AND eventName = 'CreateAccessKey'`,
        ),
        reaches: [P.userAgentOrder, P.fakeCloser, P.keyOrder, P.sessionOrder],
      },
      {
        args: lake(
          `SELECT * FROM panther_rule_matches.public.aws_cloudtrail WHERE p_alert_id = '${ATTACK_ALERTS.cloudTrail}' AND p_occurs_since('1 d')`,
        ),
        reaches: cloudTrailEvents,
      },
      {
        args: lake(
          `SELECT * FROM panther_rule_matches.public.okta_systemlog WHERE p_alert_id = '${ATTACK_ALERTS.okta}' AND p_occurs_since('1 d')`,
        ),
        reaches: [P.tagCharacters, P.rtlOverride],
      },
      {
        args: lake(
          `SELECT * FROM panther_signals.public.correlation_signals WHERE p_alert_id = '${ATTACK_ALERTS.cloudTrail}' AND p_occurs_since('1 d')`,
        ),
        reaches: [P.sessionOrder],
      },
      {
        args: lake(
          `SELECT * FROM panther_cloudsecurity.public.resource_history WHERE p_occurs_since('1 d') AND resourceId = '${ATTACK_RESOURCE_ID}'`,
        ),
        reaches: [P.resourceTag],
      },
    ],
  ],
  ["list_log_sources", [{ args: { integration_type: "http-ingest", page_size: 50 }, reaches: [P.sourceLabel] }]],
  ["get_http_log_source", [{ args: { source_id: attackSource.integrationId }, reaches: [P.sourceLabel] }]],
  ["list_log_type_schemas", [{ args: {}, reaches: [] }]],
  [
    "get_log_type_schema_details",
    [
      { args: { schema_names: ["AWS.CloudTrail", "Okta.SystemLog"] }, reaches: [] },
      { args: { schema_names: [ATTACK_SCHEMA] }, reaches: [P.discoveredField, P.discoveredCloser] },
    ],
  ],
  ["list_databases", [{ args: {}, reaches: [] }]],
  ["list_database_tables", [{ args: { database_name: "panther_rule_matches" }, reaches: [] }]],
  ["get_table_schema", [{ args: { database_name: "panther_rule_matches", table_name: "aws_cloudtrail" }, reaches: [] }]],
  ["list_scheduled_queries", [{ args: {}, reaches: [] }]],
  ["get_scheduled_query", [{ args: { query_id: "6f1c2a4e-8b3d-4c5f-9a7e-1d2b3c4d5e01" }, reaches: [] }]],
  ["list_detections", [{ args: {}, reaches: [] }]],
  ["get_detection", [{ args: { detection_id: ATTACK_DETECTION }, reaches: [P.unitTestEvent, P.unitTestMock] }]],
  ["list_data_models", [{ args: {}, reaches: [] }]],
  ["get_data_model", [{ args: { data_model_id: "Standard.AWS.CloudTrail" }, reaches: [] }]],
  ["list_global_helpers", [{ args: {}, reaches: [] }]],
  ["get_global_helper", [{ args: { helper_id: "panther_base_helpers" }, reaches: [] }]],
  ["get_rule_alert_metrics", [{ args: {}, reaches: [] }]],
  ["get_severity_alert_metrics", [{ args: {}, reaches: [] }]],
  ["get_bytes_processed_metrics", [{ args: {}, reaches: [] }]],
  ["get_permissions", [{ args: {}, reaches: [] }]],
  ["list_users", [{ args: {}, reaches: [] }]],
  ["get_user", [{ args: { user_id: "user-001" }, reaches: [] }]],
  ["list_roles", [{ args: {}, reaches: [] }]],
  ["get_role", [{ args: { role_id: "role-admin" }, reaches: [] }]],
  // Writes: on the attack alerts, so a result that echoes what it changed meets their payloads.
  ["add_alert_comment", [{ args: { alert_id: ATTACK_ALERTS.okta, comment: P.commentOrder.text }, reaches: [P.commentOrder] }]],
  ["update_alert_status", [{ args: { alert_ids: [ATTACK_ALERTS.cloudTrail], status: "TRIAGED" }, reaches: [] }]],
  ["update_alert_assignee", [{ args: { alert_ids: [ATTACK_ALERTS.cloudTrail], assignee_id: "user-002" }, reaches: [] }]],
  [
    "bulk_update_alerts",
    [
      {
        args: {
          alert_ids: [ATTACK_ALERTS.okta, ATTACK_ALERTS.cloudTrail],
          status: "TRIAGED",
          comment: "Bulk triage by the injection test.",
        },
        reaches: [],
      },
    ],
  ],
  ["disable_detection", [{ args: { detection_id: "AWS.VPCFlow.SSHFromInternet" }, reaches: [] }]],
];

// ---- reading results ----

interface ToolResult {
  content: { type: string; text?: string }[];
  isError?: boolean;
  [key: string]: unknown;
}

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const FENCE = new RegExp(
  `^<untrusted-data-(${UUID})>\\n([\\s\\S]*)\\n</untrusted-data-\\1>` +
    `(?:\\nRemoved (\\d+) invisible or direction-changing characters from the data above\\.)?$`,
);
/** Invisible and direction-changing characters: format characters (tag characters are among them) and the tag block. */
const HIDDEN = /[\p{Cf}\u{E0000}-\u{E007F}]/gu;
/** The same characters written as JSON escapes (\u200b; a tag character as its surrogate pair). */
const HIDDEN_ESCAPED =
  /\\u[dD][bB]40\\u[dD][cC][0-7][0-9a-fA-F]|\\u(?:200[b-fB-F]|202[a-eA-E]|206[0-46-9a-fA-F]|[fF][eE][fF][fF]|061[cC]|00[aA][dD])/g;

interface Fenced {
  nonce: string;
  inner: string;
  removed: number | undefined;
}

function textOf(result: ToolResult): string {
  return result.content.map((c) => c.text ?? "").join("\n");
}

/** The fence of a result text, when the text is exactly one fence (and the removed-characters line). */
function fenceOf(text: string): Fenced | undefined {
  const m = FENCE.exec(text);
  return m ? { nonce: m[1]!, inner: m[2]!, removed: m[3] === undefined ? undefined : Number(m[3]) } : undefined;
}

/** A text as a reader sees it: invisible characters, raw or JSON-escaped, taken out. */
function visibleOf(text: string): string {
  return text.replace(HIDDEN_ESCAPED, "").replace(HIDDEN, "");
}

function hiddenIn(text: string): string[] {
  return [...(text.match(HIDDEN) ?? []), ...(text.match(HIDDEN_ESCAPED) ?? [])];
}

/** Code points of invisible characters in a payload. */
function hiddenCount(payload: Payload): number {
  return payload.text.match(HIDDEN)?.length ?? 0;
}

/** What a client reads outside any real fence: everything but the fenced part (and the rest of the result object). */
function outsideFence(result: ToolResult): string {
  const text = textOf(result);
  const fence = result.content.length === 1 ? fenceOf(text) : undefined;
  const rest = JSON.stringify({ ...result, content: undefined });
  // A fence counts only when nothing inside it could have closed it early (no marker but the real ones).
  if (!fence || fence.nonce === GUESSED_NONCE || /untrusted-data/i.test(fence.inner)) return `${text}\n${rest}`;
  return `${text.slice(text.lastIndexOf(`</untrusted-data-${fence.nonce}>`))}\n${rest}`;
}

/** Every piece of a payload no client may read unfenced (or at all, in lockdown). */
function tellTales(payload: Payload): string[] {
  return [...payload.markers, ...payload.visible, ...(payload.hidden ? [payload.hidden] : [])];
}

/** Payloads some part of which a text carries (invisible characters aside). */
function payloadsIn(text: string): { payload: Payload; found: string[] }[] {
  const seen = visibleOf(text);
  return ALL_PAYLOADS.flatMap((payload) => {
    const found = tellTales(payload).filter((t) => seen.includes(t));
    return found.length ? [{ payload, found }] : [];
  });
}

const toolOf = (name: string) => allTools.find((t) => t.name === name);
const planned = (name: string) => toolOf(name)?.untrusted !== undefined;

interface Outcome {
  tool: string;
  call: Call;
  result: ToolResult;
}

async function runTable(session: Session): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const [tool, calls] of TABLE) {
    for (const call of calls) out.push({ tool, call, result: (await session.call(tool, call.args)) as ToolResult });
  }
  return out;
}

const label = (o: Outcome) => `${o.tool} ${JSON.stringify(o.call.args).slice(0, 160)}`;

describe("attacker-controlled text in results (issue 10)", () => {
  let s: Session;
  let locked: Session;
  useSimulator(
    { now: NOW },
    { s: { env: { PANTHER_TOOLSETS: "all" } }, locked: { env: { PANTHER_TOOLSETS: "all", PANTHER_LOCKDOWN: "true" } } },
    (started) => ({ s, locked } = started),
  );

  let outcomes: Outcome[] = [];
  const ran = () => {
    assert.ok(outcomes.length > 0, "the table ran (an earlier test failed before it)");
    return outcomes;
  };

  test("the demo data carries every kind of payload, each planted as the catalogue says", () => {
    const kinds: PayloadKind[] = [
      "instruction",
      "fake-closer",
      "nonce-closer",
      "zero-width",
      "tag-characters",
      "rtl-override",
      "object-key",
    ];
    assert.deepEqual([...new Set(ALL_PAYLOADS.flatMap((p) => p.kinds))].sort(), [...kinds].sort());
    const ctx = fillContext(NOW, alertEventRows(SEED.alerts));
    const lakeRows = DATABASES.flatMap((d) => d.tables.flatMap((t) => t.rows(ctx)));
    const seeded = JSON.stringify([SEED, lakeRows]);
    for (const p of ALL_PAYLOADS) {
      assert.ok(seeded.includes(JSON.stringify(p.text).slice(1, -1)), `${p.name} is in the seed or the data lake`);
      assert.ok(p.planted.length > 0 && p.markers.length > 0 && p.visible.length > 0, p.name);
      for (const part of [...p.markers, ...p.visible]) {
        assert.ok(visibleOf(p.text).includes(part), `${p.name}: "${part}" is a visible part of the payload`);
        assert.doesNotMatch(part, /untrusted-data|["\\\n]/i, `${p.name}: "${part}" survives cleaning and JSON as it is`);
      }
      for (const place of p.planted) assert.ok(toolOf(place.tool), `${p.name} names a tool the server has: ${place.tool}`);
    }
    assert.equal(attackAlert.events.length, 3);
    assert.ok(attackSource.integrationLabel.endsWith(P.sourceLabel.text));
    const schema = SEED.sources.schemas.find((x) => x.name === ATTACK_SCHEMA)!;
    assert.ok(schema.isFieldDiscoveryEnabled && schema.discoveredSpec.includes(P.discoveredCloser.text));
    const detection = SEED.detections.find((d) => d.kind === "rules" && d.id === ATTACK_DETECTION)!;
    const pasted = detection.tests.find((t) => t.name === ATTACK_TEST)!;
    assert.equal(JSON.parse(pasted.resource).userAgent, P.unitTestEvent.text, "the pasted event is JSON, as Panther's unit tests hold it");
  });

  test("the table has an entry for every tool of the registry, and for no other", () => {
    const named = TABLE.map(([tool]) => tool);
    assert.equal(new Set(named).size, named.length, "one entry per tool");
    const missing = allTools.map((t) => t.name).filter((n) => !named.includes(n));
    assert.deepEqual(
      missing,
      [],
      `tools without an entry (say how to call them, and reach a payload if they can return one): ${missing.join(", ")}`,
    );
    const unknown = named.filter((n) => !toolOf(n));
    assert.deepEqual(unknown, [], `entries for tools the registry does not have: ${unknown.join(", ")}`);
    for (const [tool, calls] of TABLE) assert.ok(calls.length > 0, tool);
  });

  test("every call succeeds and carries the payloads its entry names (invisible characters aside)", async () => {
    outcomes = await runTable(s);
    for (const o of outcomes) {
      assert.notEqual(o.result.isError, true, `${label(o)} failed: ${textOf(o.result).slice(0, 300)}`);
      const seen = visibleOf(textOf(o.result));
      for (const p of o.call.reaches)
        for (const part of p.visible) assert.ok(seen.includes(part), `${label(o)}: ${p.name} arrives ("${part}")`);
    }
  });

  test("a tool whose result carries a payload declares an untrusted plan", () => {
    const unplanned = ran()
      .filter((o) => !planned(o.tool) && payloadsIn(textOf(o.result)).length > 0)
      .map(
        (o) =>
          `${o.tool} (${payloadsIn(textOf(o.result))
            .map((f) => f.payload.name)
            .join(", ")})`,
      );
    assert.equal(unplanned.length, 0, `tools returning attacker text without an untrusted plan:\n${[...new Set(unplanned)].join("\n")}`);
  });

  test("through any tool, no payload is read outside a fence", () => {
    const leaks = ran().flatMap((o) => {
      const found = payloadsIn(outsideFence(o.result));
      return found.length ? [`${label(o)}: ${found.map((f) => `${f.payload.name} ("${f.found[0]}")`).join(", ")}`] : [];
    });
    assert.equal(leaks.length, 0, `payloads outside a fence:\n${leaks.join("\n")}`);
  });

  test("no result holds an invisible or direction-changing character", () => {
    const dirty = ran()
      .filter((o) => hiddenIn(JSON.stringify(o.result)).length > 0)
      .map((o) => `${label(o)}: ${hiddenIn(JSON.stringify(o.result)).length} characters`);
    assert.equal(dirty.length, 0, `invisible characters in results:\n${dirty.join("\n")}`);
  });

  test("every tool with an untrusted plan reaches a payload, fenced, cleaned and neutralised", () => {
    const withPlan = allTools.filter((t) => t.untrusted !== undefined).map((t) => t.name);
    for (const tool of withPlan) {
      const mine = ran().filter((o) => o.tool === tool);
      const reached = mine.filter((o) => payloadsIn(textOf(o.result)).length > 0);
      assert.ok(
        reached.length > 0,
        `${tool} has an untrusted plan but no call in the table reaches a seeded payload: give it arguments that do`,
      );
      for (const o of reached) {
        const text = textOf(o.result);
        assert.equal(o.result.content.length, 1, `${label(o)}: one text block`);
        const fence = fenceOf(text);
        assert.ok(fence, `${label(o)}: the result is <untrusted-data-NONCE>\\n…\\n</untrusted-data-NONCE>, got: ${text.slice(0, 200)}`);
        assert.notEqual(fence.nonce, GUESSED_NONCE);
        assert.doesNotMatch(fence.inner, /untrusted-data/i, `${label(o)}: a fence marker inside the fence was neutralised`);
        assert.doesNotMatch(fence.inner, /<\/?untrusted-data-/i);
        assert.deepEqual(hiddenIn(text), [], `${label(o)}: no invisible character anywhere in the result`);
        JSON.parse(fence.inner);
        const arrived = payloadsIn(fence.inner).map((f) => f.payload);
        for (const p of [...o.call.reaches, ...arrived]) {
          for (const part of p.visible)
            assert.ok(fence.inner.includes(part), `${label(o)}: "${part}" of ${p.name} arrives inside the fence`);
          if (p.hidden) assert.ok(!fence.inner.includes(p.hidden), `${label(o)}: the hidden text of ${p.name} is gone`);
        }
        const hidden = arrived.reduce((n, p) => Math.max(n, hiddenCount(p)), 0);
        if (hidden > 0) {
          assert.ok(fence.removed !== undefined, `${label(o)}: the result says invisible characters were removed`);
          assert.ok(fence.removed >= hidden, `${label(o)}: removed ${fence.removed}, the payloads alone held ${hidden}`);
        }
      }
    }
  });

  test("two identical calls of a tool with a plan use different nonces", async () => {
    for (const o of ran().filter((x) => planned(x.tool) && payloadsIn(textOf(x.result)).length > 0)) {
      const first = fenceOf(textOf(o.result));
      const again = fenceOf(textOf((await s.call(o.tool, o.call.args)) as ToolResult));
      assert.ok(first && again, `${label(o)}: both results are fenced`);
      assert.notEqual(first.nonce, again.nonce, `${label(o)}: a fresh nonce per result`);
    }
  });

  test("lockdown: no payload, nor a distinctive part of one, reaches any result; ids, timestamps and addresses do", async () => {
    const results = await runTable(locked);
    const leaks = results.flatMap((o) => {
      const all = JSON.stringify(o.result);
      const raw = ALL_PAYLOADS.filter((p) => all.includes(JSON.stringify(p.text).slice(1, -1)));
      const names = new Set([...payloadsIn(all).map((f) => f.payload), ...raw].map((p) => p.name));
      return names.size ? [`${label(o)}: ${[...names].join(", ")}`] : [];
    });
    assert.equal(leaks.length, 0, `payload text in lockdown:\n${leaks.join("\n")}`);
    for (const o of results) assert.deepEqual(hiddenIn(JSON.stringify(o.result)), [], `${label(o)}: no invisible character`);

    const text = (tool: string, alertId: string) =>
      textOf(results.find((o) => o.tool === tool && o.call.args.alert_id === alertId)!.result);
    const alert = text("get_alert", ATTACK_ALERTS.cloudTrail);
    assert.ok(alert.includes(ATTACK_ALERTS.cloudTrail), "the alert's id");
    assert.ok(alert.includes(attackAlert.createdAt), "the alert's creation time");
    const events = text("get_alert_events", ATTACK_ALERTS.cloudTrail);
    for (const e of attackAlert.events) {
      assert.ok(events.includes(String(e.p_row_id)), "each event's row id (hex)");
      assert.ok(events.includes(String(e.eventTime)), "each event's time");
    }
    assert.ok(events.includes("45.133.1.90"), "the source address");
  });
});
