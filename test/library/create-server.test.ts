// createServer composes a server from independent toolset modules: the built-in ones and a module
// written here, served to the SDK client over an in-memory transport, calling the simulator for real.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Client } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { z } from "zod";
import { builtinToolsets, ConfigError, createServer, PantherClient, type Toolset } from "../../src/index.js";
import { jsonSchemaOf } from "../../src/tools/json-schema.js";
import { pantherClientFor, startSimulatorForTests } from "../e2e/harness.js";
import type { Simulator } from "../../src/simulator/index.js";

let sim: Simulator;
let panther: PantherClient;
before(async () => {
  sim = await startSimulatorForTests();
  panther = pantherClientFor(sim);
});
after(async () => {
  await (panther as { close?: () => Promise<void> }).close?.();
  await sim.close();
});

const input = z.strictObject({ severity: z.enum(["CRITICAL", "HIGH"]) });
/** A toolset module of our own: a composite tool over another tool's typed client call. */
const triage: Toolset = {
  name: "triage",
  tools: [
    {
      name: "count_open_alerts",
      title: "Count open alerts",
      description: "Count open alerts of one severity in the last week.",
      toolset: "triage",
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      permissions: ["AlertRead"],
      inputSchema: input,
      inputJsonSchema: jsonSchemaOf(input),
      async handler(args, ctx) {
        const page = await ctx.panther.graphql<{ alerts: { edges: unknown[] } }>(
          {
            operationName: "CountOpen",
            query: `query CountOpen($s:[Severity!]){alerts(input:{severities:$s,statuses:[OPEN],createdAtAfter:"2000-01-01T00:00:00Z",createdAtBefore:"2100-01-01T00:00:00Z",pageSize:50}){edges{node{id}}}}`,
            variables: { s: [args.severity] },
            mutation: false,
          },
          { signal: ctx.signal },
        );
        return { severity: args.severity, open: page.alerts.edges.length };
      },
    },
  ],
};

async function connected(createMcp: () => import("@modelcontextprotocol/server").Server) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcp().connect(serverSide);
  const client = new Client({ name: "library-test", version: "1.0.0" });
  await client.connect(clientSide);
  return client;
}

test("composes built-in and custom toolset modules into one server", async () => {
  const alerts = builtinToolsets.find((t) => t.name === "alerts")!;
  const composed = createServer({ panther, toolsets: [alerts, triage] });
  assert.deepEqual(composed.toolsets, ["alerts", "triage"]);
  const client = await connected(composed.createServer);
  const { tools } = await client.listTools();
  assert.deepEqual(
    tools.map((t) => t.name),
    [...alerts.tools.map((t) => t.name), "count_open_alerts"].sort(),
  );
  const result = await client.callTool({ name: "count_open_alerts", arguments: { severity: "CRITICAL" } });
  const body = JSON.parse((result.content as { text: string }[])[0].text);
  assert.equal(body.severity, "CRITICAL");
  assert.ok(body.open > 0);
  const bad = await client.callTool({ name: "count_open_alerts", arguments: { severity: "LOW" } });
  assert.equal(bad.isError, true, "custom tools get the same validation and error mapping");
  assert.match((bad.content as { text: string }[])[0].text, /^INVALID_ARGUMENT: .*severity: must be one of CRITICAL, HIGH/);
  assert.equal(composed.metrics.snapshot().count_open_alerts.calls, 2, "and the same metrics");
  await client.close();
});

test("selection applies to composed modules, and unknown names are configuration errors", () => {
  const composed = createServer({
    panther,
    toolsets: [...builtinToolsets, triage],
    selection: { toolsets: ["triage", "detections"], prefix: "p_" },
  });
  const detections = builtinToolsets.find((t) => t.name === "detections")!.tools.map((t) => `p_${t.name}`);
  assert.deepEqual(
    composed.tools.map((t) => t.name),
    ["p_count_open_alerts", ...detections].sort(),
  );
  assert.throws(
    () => createServer({ panther, toolsets: [triage], selection: { toolsets: ["alerts"] } }),
    (error: unknown) => error instanceof ConfigError && /unknown toolset "alerts" \(valid: all, default, triage\)/.test(error.message),
  );
});
