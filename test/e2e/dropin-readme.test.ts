// README's "Coming from mcp-panther" checked against what the server ships, so it cannot drift: every
// one of mcp-panther's 36 tools and 5 prompts has a row; a row that says "same name" is served (with
// exactly the arguments the row lists), a row that says "not yet" is not; a tool of ours that
// mcp-panther lacks is named under "Only here".
import assert from "node:assert/strict";
import { test } from "node:test";
import { allTools } from "../../src/tools/index.js";
import { enforcedJsonSchema } from "../../src/runtime/json-schema.js";
import { connect, readmeSection, startSimulatorForTests } from "./harness.js";

/** mcp-panther 2.3.1's tools and prompts (facts: /work/shared/reference/incumbent-tools.md). */
const INCUMBENT_TOOLS = [
  "list_alerts",
  "get_alert",
  "list_alert_comments",
  "update_alert_status",
  "add_alert_comment",
  "update_alert_assignee",
  "get_alert_events",
  "bulk_update_alerts",
  "start_ai_alert_triage",
  "get_ai_alert_triage_summary",
  "query_data_lake",
  "get_alert_event_stats",
  "list_databases",
  "list_database_tables",
  "get_table_schema",
  "list_detections",
  "get_detection",
  "disable_detection",
  "list_data_models",
  "get_data_model",
  "list_global_helpers",
  "get_global_helper",
  "list_scheduled_queries",
  "get_scheduled_query",
  "list_log_sources",
  "get_http_log_source",
  "list_log_type_schemas",
  "get_log_type_schema_details",
  "get_severity_alert_metrics",
  "get_rule_alert_metrics",
  "get_bytes_processed_metrics",
  "list_users",
  "get_user",
  "list_roles",
  "get_role",
  "get_permissions",
];
const INCUMBENT_PROMPTS = [
  "get-detection-rule-errors",
  "prioritize-open-alerts",
  "investigate-actor-activity",
  "get-monthly-detection-quality-report",
  "get-monthly-log-sources-report",
];

const section = () => readmeSection("## Coming from mcp-panther");

/** A table's rows after the header line that starts with `header`, as cells. */
function rows(text: string, header: string): string[][] {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith(header));
  assert.ok(at >= 0, `a table headed ${header}`);
  const body: string[][] = [];
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith("|")) break;
    body.push(
      line
        .slice(1, -1)
        .split(" | ")
        .map((c) => c.trim()),
    );
  }
  return body;
}

const unquote = (cell: string) => /^`([^`]+)`$/.exec(cell)?.[1] ?? assert.fail(`not a \`name\`: ${cell}`);

test("every mcp-panther tool has a row; 'same name' rows are served with the arguments listed; 'not yet' rows are not served", () => {
  const table = rows(section(), "| mcp-panther tool |");
  const names = table.map((r) => unquote(r[0]!));
  assert.deepEqual([...names].sort(), [...INCUMBENT_TOOLS].sort(), "one row per mcp-panther tool");
  const served = new Map(allTools.map((t) => [t.name, t]));
  for (const [name, here, args] of table.map((r) => [unquote(r[0]!), r[1], r[2]])) {
    const tool = served.get(name);
    if (here === "same name") {
      assert.ok(tool, `README says ${name} is served under the same name, but no such tool ships`);
      // Every argument the tool takes, unlisted ones included: a drop-in client may send any of them.
      const ours = Object.keys(enforcedJsonSchema(tool).properties);
      const expected = ours.length ? ours.map((a) => `\`${a}\``).join(", ") : "none";
      assert.equal(args, expected, `${name}'s arguments in README (set the cell to: ${expected})`);
    } else {
      assert.equal(here, "not yet", `${name}: "same name" or "not yet"`);
      assert.equal(
        tool,
        undefined,
        `${name} ships now: flip its README row to "same name" with arguments ${tool ? Object.keys(enforcedJsonSchema(tool).properties).join(", ") : ""} and what differs`,
      );
    }
  }
});

test("tools mcp-panther does not have are named under 'Only here'", () => {
  const line = section()
    .split("\n")
    .find((l) => l.startsWith("Only here:"));
  assert.ok(line, 'an "Only here:" line');
  const listed = line === "Only here: none." ? [] : [...line.matchAll(/`(\w+)`/g)].map((m) => m[1]!);
  const extra = allTools.map((t) => t.name).filter((n) => !INCUMBENT_TOOLS.includes(n));
  assert.deepEqual(listed.sort(), extra.sort(), `"Only here:" lists exactly: ${extra.join(", ") || "none"}`);
});

test("every mcp-panther prompt has a row, true to prompts/list", async () => {
  const table = rows(section(), "| mcp-panther prompt |");
  assert.deepEqual(table.map((r) => unquote(r[0]!)).sort(), [...INCUMBENT_PROMPTS].sort());
  const sim = await startSimulatorForTests();
  const s = await connect(sim, { env: { PANTHER_TOOLSETS: "all" } });
  try {
    const served = new Set((await s.client.listPrompts()).prompts.map((p) => p.name));
    for (const [cell, here] of table) {
      const name = unquote(cell!);
      if (here === "same name") assert.ok(served.has(name), `README says ${name} is served, but prompts/list lacks it`);
      else {
        assert.equal(here, "not yet", `${name}: "same name" or "not yet"`);
        assert.ok(!served.has(name), `${name} is served now: flip its README row to "same name"`);
      }
    }
  } finally {
    await s.close();
    await sim.close();
  }
});
