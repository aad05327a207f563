// Drop-in for mcp-panther: the client config from README's "Coming from mcp-panther" (mcp-panther's own
// shape, only the command changed) runs against the simulator's console URL; the API is found from the
// console page's __PANTHER_CONFIG__ script on the first call, and every way that can fail is one line.
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { DEFAULT_TOOL_NAMES } from "./expected-tools.js";
import {
  errorText,
  readmeSection,
  resultJson,
  ROOT,
  SERVER_ARGS,
  startSimulatorForTests,
  TOKEN,
  untilIncludes,
  useSimulator,
} from "./harness.js";

/** README's before/after client configs. */
function readmeConfigs(): { before: ClientConfig; after: ClientConfig } {
  const blocks = [...readmeSection("## Coming from mcp-panther").matchAll(/```json\n([\s\S]*?)```/g)].map(
    (m) => JSON.parse(m[1]!) as { mcpServers: Record<string, ClientConfig> },
  );
  assert.equal(blocks.length, 2, "README shows the config before and after");
  return { before: Object.values(blocks[0]!.mcpServers)[0]!, after: Object.values(blocks[1]!.mcpServers)[0]! };
}

interface ClientConfig {
  command: string;
  args: string[];
  env: Record<string, string>;
}

interface Started {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

/** Starts our server as an MCP client would from `config`: its env as given (the client adds PATH, HOME and the like). */
async function startFromConfig(config: ClientConfig): Promise<Started> {
  const transport = new StdioClientTransport({ command: process.execPath, args: SERVER_ARGS, cwd: ROOT, stderr: "pipe", env: config.env });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "dropin-e2e", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** README's after-config with the placeholders filled in for `sim`, and `env` added. */
function configFor(sim: Simulator, instanceUrl: string, env: Record<string, string> = {}): ClientConfig {
  const { after: config } = readmeConfigs();
  return {
    ...config,
    env: { ...config.env, PANTHER_INSTANCE_URL: instanceUrl, PANTHER_API_TOKEN: TOKEN, PANTHER_TIMEOUT_SECONDS: "5", ...env },
  };
}

async function readConfig(client: Client): Promise<any> {
  const text = (await client.readResource({ uri: "config://panther" })).contents[0] as { text: string };
  assert.ok(!text.text.includes(TOKEN));
  return JSON.parse(text.text);
}

const consoleFetches = (sim: Simulator) => sim.requests.filter((r) => r.method === "GET" && r.path === "/").length;

describe("drop-in for mcp-panther", () => {
  let sim: Simulator;
  useSimulator({}, {}, (started) => ({ sim } = started));

  test("README's config change is the command only", () => {
    const { before: old, after: ours } = readmeConfigs();
    assert.deepEqual(ours.env, old.env, "the same env");
    assert.deepEqual(Object.keys(old.env).sort(), ["PANTHER_API_TOKEN", "PANTHER_INSTANCE_URL"]);
    assert.match(old.env.PANTHER_INSTANCE_URL!, /^https:\/\/[A-Z-]+\.runpanther\.net$/, "the before config holds a console URL");
    assert.notEqual(ours.command, old.command);
  });

  test("with that config and the simulator's console URL: tools listed at once, the API found on the first call, every toolset works", async () => {
    sim.requests.length = 0;
    const s = await startFromConfig(configFor(sim, sim.url));
    try {
      const { tools } = await s.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), DEFAULT_TOOL_NAMES);
      assert.equal(sim.requests.length, 0, "listing tools fetched nothing");
      const before = await readConfig(s.client);
      assert.deepEqual(before.endpoints, { status: "pending", console: sim.url });
      assert.equal(before.graphql_url, null);

      // One call per toolset, GraphQL and REST, reads and a write, some at once.
      const [alerts, detections, users] = await Promise.all([
        s.client.callTool({ name: "list_alerts", arguments: { page_size: 2 } }),
        s.client.callTool({ name: "list_detections", arguments: { limit: 2 } }),
        s.client.callTool({ name: "list_users", arguments: {} }),
      ]);
      assert.equal(resultJson(alerts).items.length, 2);
      assert.equal(resultJson(detections).items.length, 2);
      assert.ok(resultJson(users).items.length > 0);
      const alertId = resultJson(alerts).items[0].id;
      assert.equal(resultJson(await s.client.callTool({ name: "get_alert", arguments: { alert_id: alertId } })).id, alertId);
      assert.ok(resultJson(await s.client.callTool({ name: "list_databases", arguments: {} })).length > 0);
      assert.ok(Array.isArray(resultJson(await s.client.callTool({ name: "get_permissions", arguments: {} })).permissions));
      const comment = await s.client.callTool({ name: "add_alert_comment", arguments: { alert_id: alertId, comment: "drop-in check" } });
      resultJson(comment);

      assert.equal(consoleFetches(sim), 1, "the console page is fetched once, concurrent first calls included");
      assert.equal(sim.requests[0]!.path, "/", "before any API request");
      const found = await readConfig(s.client);
      assert.deepEqual(found.endpoints, { status: "discovered", console: sim.url });
      assert.equal(found.graphql_url, sim.graphqlUrl);
      assert.equal(found.rest_url, sim.restUrl);

      await untilIncludes(s.stderr, "discovered from the console page");
      const logged = s
        .stderr()
        .split("\n")
        .filter((l) => l.includes("discovered from the console page"))
        .map((l) => JSON.parse(l));
      assert.equal(logged.length, 1);
      assert.equal(logged[0].graphql, sim.graphqlUrl);
      assert.equal(logged[0].rest, sim.restUrl);
      assert.match(
        s.stderr(),
        /"console":"http:\/\/127\.0\.0\.1:\d+".*"msg":"panther-mcp serving on stdio"/,
        "the start-up line names the console",
      );
    } finally {
      await s.close();
    }
    // Read once the server has exited: its last log lines are written in batches, after the answer.
    assert.ok(!s.stderr().includes(TOKEN));
  });

  test("the endpoints the page names are the ones used (rest key, or the internal GraphQL endpoint)", async () => {
    const api = await startSimulatorForTests();
    try {
      for (const settings of [{ rest: api.url }, { WEB_APPLICATION_GRAPHQL_API_ENDPOINT: `${api.url}/internal/graphql` }]) {
        sim.setConsolePage(settings);
        sim.requests.length = 0;
        api.requests.length = 0;
        const s = await startFromConfig(configFor(sim, sim.url));
        try {
          resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
          resultJson(await s.client.callTool({ name: "list_detections", arguments: { limit: 1 } }));
          assert.deepEqual(
            sim.requests.map((r) => `${r.method} ${r.path}`),
            ["GET /"],
            "only the console page came from the console URL",
          );
          assert.deepEqual(
            api.requests.map((r) => `${r.method} ${r.path}`),
            ["POST /public/graphql", "GET /rules"],
          );
          assert.equal((await readConfig(s.client)).graphql_url, api.graphqlUrl);
        } finally {
          await s.close();
        }
      }
    } finally {
      sim.setConsolePage(undefined);
      await api.close();
    }
  });

  test("a console page without the __PANTHER_CONFIG__ script: one line saying what was tried and what to set; the next call tries again", async () => {
    sim.setConsolePage(null);
    sim.requests.length = 0;
    const s = await startFromConfig(configFor(sim, sim.url));
    try {
      const text = errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
      assert.doesNotMatch(text, /\n/);
      assert.equal(
        text,
        `UPSTREAM_ERROR: Could not find Panther's API from the console page ${sim.url} (PANTHER_INSTANCE_URL): ` +
          `the page has no <script id="__PANTHER_CONFIG__">. Set PANTHER_INSTANCE_URL to the API URL instead ` +
          "(e.g. https://api.acme.runpanther.net), or set PANTHER_REST_URL.",
      );
      assert.deepEqual(
        sim.requests.map((r) => `${r.method} ${r.path}`),
        ["GET /"],
        "no API request on a guess",
      );
      const failed = await readConfig(s.client);
      assert.equal(failed.endpoints.status, "failed");
      assert.equal(failed.endpoints.error, text.replace(/^UPSTREAM_ERROR: /, ""));
      await untilIncludes(s.stderr, "Could not find Panther's API");
      const line = s
        .stderr()
        .split("\n")
        .find((l) => l.includes("Could not find Panther's API"));
      assert.equal(JSON.parse(line!).level, "error");

      sim.setConsolePage(undefined);
      assert.equal(resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } })).items.length, 1);
      assert.equal(consoleFetches(sim), 2);
    } finally {
      sim.setConsolePage(undefined);
      await s.close();
    }
    // Read once the server has exited: its last log lines are written in batches, after the answer.
    assert.ok(!s.stderr().includes(TOKEN));
  });

  test("the console page goes through the request core: a redirect is refused (only its origin named), a 503 retried", async () => {
    sim.requests.length = 0;
    sim.faults.add({
      match: { method: "GET", path: "/" },
      status: 302,
      headers: { location: "https://sso.example.com/login?token=abc" },
      body: "",
    });
    const s = await startFromConfig(configFor(sim, sim.url, { PANTHER_MAX_RETRIES: "1" }));
    try {
      const text = errorText(await s.client.callTool({ name: "get_alert", arguments: { alert_id: "alert-0001" } }));
      assert.match(
        text,
        /^UPSTREAM_ERROR: Could not find Panther's API from the console page .*redirect \(HTTP 302\) to https:\/\/sso\.example\.com\. /,
      );
      assert.doesNotMatch(text, /login|token=abc|\n/);
      sim.faults.add({ match: { method: "GET", path: "/" }, status: 503, times: 1 });
      assert.equal(resultJson(await s.client.callTool({ name: "get_alert", arguments: { alert_id: "alert-0001" } })).id, "alert-0001");
      assert.deepEqual(
        sim.requests.filter((r) => r.path === "/").map((r) => r.status),
        [302, 503, 200],
      );
    } finally {
      sim.faults.clear();
      await s.close();
    }
  });

  test("the console page is fetched without the API key: the token only goes to the API", async () => {
    const seen: { url?: string; headers: Record<string, unknown> }[] = [];
    const console = createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<html><head><script id="__PANTHER_CONFIG__">${JSON.stringify({ rest: sim.url })}</script></head></html>`);
    });
    await new Promise<void>((resolve) => console.listen(0, "127.0.0.1", resolve));
    const consoleUrl = `http://127.0.0.1:${(console.address() as AddressInfo).port}`;
    const s = await startFromConfig(configFor(sim, consoleUrl));
    try {
      resultJson(await s.client.callTool({ name: "get_alert", arguments: { alert_id: "alert-0001" } }));
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.url, "/");
      assert.ok(!JSON.stringify(seen[0]!.headers).includes(TOKEN), "no API key on the console request");
      assert.equal(seen[0]!.headers["x-api-key"], undefined);
      assert.match(String(seen[0]!.headers["user-agent"]), /^panther-mcp\//);
    } finally {
      await s.close();
      console.close();
    }
  });

  test("an API URL is used without a fetch, and one ending in /public/graphql does not get the path twice", async () => {
    sim.requests.length = 0;
    const s = await startFromConfig(configFor(sim, `${sim.url}/public/graphql`));
    try {
      resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
      resultJson(await s.client.callTool({ name: "list_detections", arguments: { limit: 1 } }));
      assert.deepEqual(
        sim.requests.map((r) => `${r.method} ${r.path}`),
        ["POST /public/graphql", "GET /rules"],
      );
      const config = await readConfig(s.client);
      assert.deepEqual(config.endpoints, { status: "configured" });
      assert.equal(config.graphql_url, sim.graphqlUrl);
      assert.equal(config.rest_url, sim.restUrl);
      await untilIncludes(s.stderr, "serving on stdio");
      assert.match(
        s.stderr(),
        /"graphql":"http:\/\/127\.0\.0\.1:\d+\/public\/graphql","rest":"http:\/\/127\.0\.0\.1:\d+".*serving on stdio/,
      );
    } finally {
      await s.close();
    }
  });
  test("with that config, every tool the server lists answers against the console URL", async () => {
    sim.requests.length = 0;
    const s = await startFromConfig(configFor(sim, sim.url));
    try {
      const call = async (name: string, args: Record<string, unknown>) => {
        const result = await s.client.callTool({ name, arguments: args });
        if (result.isError) assert.fail(`${name}: ${errorText(result)}`);
        return resultJson(result);
      };
      // Ids to call the get_* tools with, read through the listing tools themselves.
      const alertId = (await call("list_alerts", { page_size: 1 })).items[0].id;
      const detectionId = (await call("list_detections", { limit: 1 })).items[0].id;
      const userId = (await call("list_users", {})).items[0].id;
      const roleId = (await call("list_roles", {})).items[0].id;
      const httpSource = (await call("list_log_sources", { integration_type: "http-ingest" })).items[0];
      const schemaName = (await call("list_log_type_schemas", {})).items[0].name;
      const table = (await call("list_database_tables", {})).items[0].name;
      // Arguments for every tool; a tool added without an entry here fails this test.
      const ARGS: Record<string, Record<string, unknown>> = {
        add_alert_comment: { alert_id: alertId, comment: "drop-in check" },
        bulk_update_alerts: { alert_ids: [alertId], status: "TRIAGED", comment: "bulk drop-in check" },
        disable_detection: { detection_id: detectionId, detection_type: "rules" },
        get_ai_alert_triage_summary: { alert_id: alertId },
        get_alert: { alert_id: alertId },
        get_alert_event_stats: { alert_ids: [alertId] },
        get_alert_events: { alert_id: alertId },
        get_bytes_processed_metrics: {},
        get_data_model: { data_model_id: (await call("list_data_models", {})).items[0].id },
        get_detection: { detection_id: detectionId },
        get_global_helper: { helper_id: (await call("list_global_helpers", {})).items[0].id },
        get_http_log_source: { source_id: httpSource.integrationId },
        get_log_type_schema_details: { schema_names: [schemaName] },
        get_permissions: {},
        get_role: { role_id: roleId },
        get_rule_alert_metrics: {},
        get_scheduled_query: { query_id: (await call("list_scheduled_queries", {})).items[0].id },
        get_severity_alert_metrics: {},
        get_table_schema: { table_name: table },
        get_user: { user_id: userId },
        list_alert_comments: { alert_id: alertId },
        list_alerts: {},
        list_data_models: {},
        list_database_tables: {},
        list_databases: {},
        list_detections: {},
        list_global_helpers: {},
        list_log_sources: {},
        list_log_type_schemas: {},
        list_roles: {},
        list_scheduled_queries: {},
        list_users: {},
        query_data_lake: { sql: "SELECT 1 AS one" },
        start_ai_alert_triage: { alert_id: alertId, prompt: "/* sim:ai-ms=50 */" },
        update_alert_assignee: { alert_ids: [alertId], assignee_id: userId },
        update_alert_status: { alert_ids: [alertId], status: "OPEN" },
      };
      const { tools } = await s.client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), Object.keys(ARGS).sort(), "an entry per served tool");
      // The summary needs a triage first; everything else in listing order.
      const order = [...tools.map((t) => t.name).filter((n) => n !== "get_ai_alert_triage_summary"), "get_ai_alert_triage_summary"];
      for (const name of order) await call(name, ARGS[name]!);
      assert.equal(consoleFetches(sim), 1, "the console page was read once for all of them");
    } finally {
      await s.close();
    }
    // Read once the server has exited: its last log lines are written in batches, after the answer.
    assert.ok(!s.stderr().includes(TOKEN));
  });
});
