// Tool selection switches end to end: toolsets, single tools, exclusions, read-only mode, prefix,
// their precedence, and what config://panther and metrics://panther report.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { allTools } from "../../src/tools/index.js";
import { ALL_TOOL_NAMES, DEFAULT_TOOL_NAMES, TOOLSET_NAMES, toolNamesOf } from "./expected-tools.js";
import { connect, resultJson, ROOT, SERVER_ARGS, serverEnv, TOKEN, untilIncludes, useSimulator } from "./harness.js";

const ALERTS = toolNamesOf("alerts");

describe("tool selection", () => {
  let sim: Simulator;
  useSimulator({}, {}, (started) => ({ sim } = started));

  async function toolNames(env: Record<string, string>): Promise<string[]> {
    const s = await connect(sim, { env });
    try {
      return (await s.client.listTools()).tools.map((t) => t.name).sort();
    } finally {
      await s.close();
    }
  }

  test("PANTHER_TOOLSETS picks folders; default and all are names too", async () => {
    assert.deepEqual(await toolNames({ PANTHER_TOOLSETS: "alerts" }), ALERTS);
    assert.deepEqual(await toolNames({ PANTHER_TOOLSETS: "detections,data_lake" }), toolNamesOf("detections", "data_lake"));
    assert.deepEqual(await toolNames({ PANTHER_TOOLSETS: "all" }), ALL_TOOL_NAMES);
    assert.deepEqual(await toolNames({}), DEFAULT_TOOL_NAMES, "default toolsets");
  });

  test("PANTHER_TOOLS adds single tools and PANTHER_EXCLUDE_TOOLS wins over everything", async () => {
    assert.deepEqual(
      await toolNames({ PANTHER_TOOLSETS: "detections", PANTHER_TOOLS: "get_alert" }),
      ["get_alert", ...toolNamesOf("detections")].sort(),
    );
    assert.deepEqual(
      await toolNames({ PANTHER_TOOLSETS: "detections", PANTHER_TOOLS: "get_alert", PANTHER_EXCLUDE_TOOLS: "get_alert,list_detections" }),
      toolNamesOf("detections").filter((name) => name !== "list_detections"),
    );
  });

  test("read-only mode registers no tool that changes data, even when asked for by name", async () => {
    const s = await connect(sim, { env: { PANTHER_READ_ONLY: "true", PANTHER_TOOLS: "add_alert_comment" } });
    try {
      const { tools } = await s.client.listTools();
      assert.ok(tools.length > 0);
      for (const tool of tools) assert.equal(tool.annotations?.readOnlyHint, true, `${tool.name} is read-only`);
      assert.ok(!tools.some((t) => ["add_alert_comment", "update_alert_status", "update_alert_assignee"].includes(t.name)));
      await assert.rejects(
        s.client.callTool({ name: "update_alert_status", arguments: { alert_ids: ["alert-0001"], status: "CLOSED" } }),
        /Unknown tool "update_alert_status"/,
        "not merely hidden: calling it fails",
      );
      assert.ok(!sim.requests.some((r) => r.operationName === "UpdateAlertStatus"));
      await untilIncludes(s.stderr, "add_alert_comment is not registered: PANTHER_READ_ONLY is on");
    } finally {
      await s.close();
    }
  });

  test("the --read-only flag does the same", async () => {
    const s = await connect(sim, { args: ["--read-only"] });
    try {
      const { tools } = await s.client.listTools();
      assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true));
    } finally {
      await s.close();
    }
  });

  test("PANTHER_TOOL_PREFIX renames every tool, and calls work under the new names", async () => {
    const s = await connect(sim, { env: { PANTHER_TOOL_PREFIX: "panther_" } });
    try {
      const { tools } = await s.client.listTools();
      assert.ok(tools.every((t) => t.name.startsWith("panther_")));
      const page = resultJson(await s.client.callTool({ name: "panther_list_alerts", arguments: { page_size: 1 } }));
      assert.equal(page.items.length, 1);
      assert.match(s.client.getInstructions() ?? "", /panther_list_alerts/);
    } finally {
      await s.close();
    }
  });

  test("config://panther shows the effective configuration but never the token; metrics://panther counts calls", async () => {
    const s = await connect(sim, { env: { PANTHER_TOOLSETS: "alerts", PANTHER_READ_ONLY: "true" } });
    try {
      const { resources } = await s.client.listResources();
      assert.deepEqual(resources.map((r) => r.uri).sort(), ["config://panther", "metrics://panther"]);
      const read = await s.client.readResource({ uri: "config://panther" });
      const text = (read.contents[0] as { text: string }).text;
      assert.ok(!text.includes(TOKEN), "no token in config://panther");
      const config = JSON.parse(text);
      assert.equal(config.read_only, true);
      assert.equal(config.transport, "stdio");
      assert.equal(config.graphql_url, sim.graphqlUrl);
      assert.deepEqual(config.toolsets, ["alerts"]);
      const readOnlyAlerts = allTools.filter((t) => t.toolset === "alerts" && t.annotations.readOnlyHint).map((t) => t.name);
      assert.deepEqual(config.tools, readOnlyAlerts);
      assert.ok(readOnlyAlerts.includes("list_alerts") && !readOnlyAlerts.includes("update_alert_status"));
      assert.match(config.version, /^\d+\.\d+\.\d+/);

      await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } });
      await s.client.callTool({ name: "get_alert", arguments: { alert_id: "nope" } });
      const metrics = JSON.parse(((await s.client.readResource({ uri: "metrics://panther" })).contents[0] as { text: string }).text);
      assert.equal(metrics.list_alerts.calls, 1);
      assert.equal(metrics.get_alert.errors.NOT_FOUND, 1);
      assert.equal(typeof metrics.list_alerts.p95_ms, "number");
    } finally {
      await s.close();
    }
  });

  test("unknown names stop the server with the valid choices", async () => {
    const child = spawn(process.execPath, SERVER_ARGS, {
      cwd: ROOT,
      env: serverEnv(sim, { PANTHER_TOOLSETS: "alerts,no_such_toolset", PANTHER_EXCLUDE_TOOLS: "drop_table" }),
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise((r) => child.on("exit", r));
    assert.equal(code, 2);
    assert.ok(
      stderr.includes(`PANTHER_TOOLSETS: unknown toolset "no_such_toolset" (valid: all, default, ${TOOLSET_NAMES.join(", ")})`),
      stderr,
    );
    assert.match(stderr, /PANTHER_EXCLUDE_TOOLS: unknown tool "drop_table" \(valid: add_alert_comment,/);
  });
});
