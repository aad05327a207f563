// Methods clients call besides tools: prompts, resource templates, logging levels and invalid params,
// through the real server over stdio (both eras) and over stateless HTTP (both eras), with the SDK
// client, plus a raw JSON-RPC exchange for what the client would refuse to send.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { Client as McpClient, LOG_LEVEL_META_KEY, ProtocolError, type Client, type LoggingLevel } from "@modelcontextprotocol/client";
import { InMemoryTransport } from "@modelcontextprotocol/server";
import { after, before, describe, test } from "node:test";
import { createServer, PantherClient } from "../../src/index.js";
import { createLogger } from "../../src/logger.js";
import type { Simulator } from "../../src/simulator/index.js";
import { startHttpProcess, type HttpServerProcess } from "../http/harness.js";
import { connect, ROOT, SERVER_ARGS, serverEnv, startSimulatorForTests, TOKEN, type Era, type Session } from "./harness.js";
import { DEFAULT_PROMPTS, validArgs } from "./expected-prompts.js";

const SQL = "SELECT count(*) AS n FROM aws_cloudtrail WHERE p_occurs_since('7 d')";
const LEVELS = "debug, info, notice, warning, error, critical, alert, emergency";

/** Rejects with a ProtocolError of this code whose message matches; never a raw schema dump. */
async function rejectsWith(promise: Promise<unknown>, code: number, message: RegExp): Promise<string> {
  const error = await promise.then(
    () => assert.fail("expected an error"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ProtocolError, `a protocol error, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  assert.match(error.message, message);
  assert.doesNotMatch(error.message, /"code":|\[\s*\{/, "no raw schema issues");
  return error.message;
}

/** Calls query_data_lake (which logs "started data lake query" at info) and returns the log levels that reached the client. */
async function logLevelsOfACall(client: Client, level?: LoggingLevel): Promise<string[]> {
  const levels: string[] = [];
  client.setNotificationHandler("notifications/message", (n) => void levels.push(n.params.level));
  await client.callTool({ name: "query_data_lake", arguments: { sql: SQL }, ...(level ? { _meta: { [LOG_LEVEL_META_KEY]: level } } : {}) });
  return levels;
}

function commonChecks(getClient: () => Client): void {
  test("prompts/list lists the prompts of the served tools, with their arguments; the capability is advertised", async () => {
    assert.deepEqual(getClient().getServerCapabilities()?.prompts, {});
    const listed = (await getClient().listPrompts()).prompts;
    assert.deepEqual(
      listed.map((p) => p.name),
      DEFAULT_PROMPTS.map((p) => p.name),
    );
    for (const prompt of listed) {
      const spec = DEFAULT_PROMPTS.find((p) => p.name === prompt.name)!;
      assert.deepEqual(
        prompt.arguments?.map((a) => [a.name, a.required]),
        spec.arguments.map((a) => [a.name, a.required]),
      );
    }
  });

  test("prompts/get renders a prompt with its arguments, and checks them", async () => {
    assert.ok(DEFAULT_PROMPTS.length > 0, "the default toolsets serve some prompt");
    const spec = DEFAULT_PROMPTS[0];
    const { args, shown } = validArgs(spec);
    const got = await getClient().getPrompt({ name: spec.name, arguments: args });
    const text = (got.messages[0].content as { text: string }).text;
    assert.equal(got.messages[0].role, "user");
    for (const value of shown) assert.ok(text.includes(value), `${spec.name} shows ${value}`);
    assert.ok(spec.tools.every((tool) => text.includes(tool)) && !text.includes("{{"), "tools named, no placeholder left");
    await rejectsWith(
      getClient().getPrompt({ name: spec.name, arguments: { ...args, nope: "1" } }),
      -32602,
      new RegExp(`Prompt "${spec.name}" has no argument "nope"`),
    );
  });

  test("prompts/get of an unknown name is -32602 naming the prompts", async () => {
    await rejectsWith(
      getClient().getPrompt({ name: "triage" }),
      -32602,
      /Unknown prompt "triage": the prompts are: get-detection-rule-errors, /,
    );
  });

  test("resources/templates/list answers an empty list; resources still list and read", async () => {
    assert.deepEqual((await getClient().listResourceTemplates()).resourceTemplates, []);
    const uris = (await getClient().listResources()).resources.map((r) => r.uri);
    assert.deepEqual(uris.sort(), ["config://panther", "metrics://panther"]);
    await rejectsWith(getClient().readResource({ uri: "config://nope" }), -32602, /Unknown resource "config:\/\/nope" \(available:/);
  });

  test("a per-request level in _meta filters that request's log notifications", async () => {
    assert.deepEqual(await logLevelsOfACall(getClient(), "warning"), [], "info is below warning");
    assert.ok((await logLevelsOfACall(getClient(), "info")).includes("info"), "info reaches an info request");
    assert.ok((await logLevelsOfACall(getClient(), "debug")).includes("info"), "info reaches a debug request");
  });
}

/**
 * One simulator for the four transport and era combinations below, each with its own server: they
 * only read, and the data lake engine (a process filled on the first query) then starts once, not four times.
 */
let shared: Promise<Simulator> | undefined;
const sharedSimulator = () => (shared ??= startSimulatorForTests({ queryDelayMs: 0 }));
/** One stateless HTTP server for both eras' clients: each request is served by a fresh server instance anyway. */
let sharedHttp: Promise<HttpServerProcess> | undefined;
const sharedHttpServer = () => (sharedHttp ??= sharedSimulator().then((sim) => startHttpProcess(sim)));
after(async () => {
  const http = await sharedHttp;
  await http?.stop();
  await (await shared)?.close();
  assert.ok(!(http?.stderr() ?? "").includes(TOKEN), "the Panther token never reaches the HTTP server's stderr");
});

for (const era of ["2025", "2026"] as Era[]) {
  describe(`protocol methods over stdio (${era} era)`, () => {
    let session: Session;
    before(async () => {
      session = await connect(await sharedSimulator(), { era });
    });
    after(async () => {
      await session?.close();
      assert.ok(!(session?.stderr() ?? "").includes(TOKEN), "the Panther token never reaches stderr");
    });
    commonChecks(() => session.client);

    if (era === "2025") {
      test("logging/setLevel holds for the connection; a bad level is -32602 naming the valid levels", async () => {
        await session.client.setLoggingLevel("error");
        assert.deepEqual(await logLevelsOfACall(session.client), [], "nothing below error after setLevel error");
        await session.client.setLoggingLevel("info");
        assert.ok((await logLevelsOfACall(session.client)).includes("info"), "info again after setLevel info");
        await rejectsWith(
          session.client.setLoggingLevel("loud" as LoggingLevel),
          -32602,
          new RegExp(`logging/setLevel: level must be one of ${LEVELS} \\(got "loud"\\)`),
        );
      });
    } else {
      test("without a per-request level a 2026-era request gets no log notifications", async () => {
        assert.deepEqual(await logLevelsOfACall(session.client), []);
      });
    }
  });

  describe(`protocol methods over stateless HTTP (${era} era)`, () => {
    let client: Client;
    before(async () => {
      client = await (await sharedHttpServer()).connect({ era });
    });
    after(async () => {
      await client?.close();
    });
    commonChecks(() => client);

    if (era === "2025") {
      test("logging/setLevel is refused, not acknowledged for nothing; a bad level is still -32602", async () => {
        const message = await rejectsWith(client.setLoggingLevel("error"), -32601, /not available on this stateless HTTP endpoint/);
        assert.ok(message.includes(LOG_LEVEL_META_KEY), "says how to send the level per request");
        assert.ok((await logLevelsOfACall(client)).includes("info"), "without a per-request level every level is sent");
        await rejectsWith(client.setLoggingLevel("loud" as LoggingLevel), -32602, new RegExp(`level must be one of ${LEVELS}`));
      });
    }
  });
}

describe("raw JSON-RPC: invalid params are -32602 with one readable line", () => {
  test("bad level, wrong-typed params of every method we answer, unknown prompt", async () => {
    const child = spawn(process.execPath, SERVER_ARGS, { cwd: ROOT, env: serverEnv(await sharedSimulator()) });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const send = (msg: unknown) => child.stdin.write(`${JSON.stringify(msg)}\n`);
    const answer = async (id: number) => {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const line = stdout.split("\n").find((l) => l.startsWith("{") && JSON.parse(l).id === id);
        if (line) return JSON.parse(line);
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no answer to ${id}`);
    };
    try {
      send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      });
      assert.deepEqual((await answer(1)).result.capabilities.prompts, {});
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      const cases: [string, unknown, RegExp][] = [
        [
          "logging/setLevel",
          { level: "loud" },
          new RegExp(`^Invalid params for logging/setLevel: level must be one of ${LEVELS} \\(got "loud"\\)$`),
        ],
        ["logging/setLevel", {}, /^Invalid params for logging\/setLevel: level must be one of debug, .*emergency$/],
        ["resources/read", { uri: 5 }, /^Invalid params for resources\/read: uri: .*expected string.* \(got 5\)$/],
        ["tools/list", { cursor: 5 }, /^Invalid params for tools\/list: cursor: .*expected string.* \(got 5\)$/],
        ["prompts/list", { cursor: [] }, /^Invalid params for prompts\/list: cursor: /],
        ["resources/templates/list", { cursor: {} }, /^Invalid params for resources\/templates\/list: cursor: /],
        ["prompts/get", { name: 7 }, /^Invalid params for prompts\/get: name: /],
        ["prompts/get", { name: "x" }, /^Unknown prompt "x": the prompts are: get-detection-rule-errors, /],
        ["tools/call", { name: 5 }, /^Invalid params for tools\/call: name: .*expected string/],
      ];
      for (const [index, [method, params]] of cases.entries()) send({ jsonrpc: "2.0", id: 10 + index, method, params });
      for (const [index, [method, , message]] of cases.entries()) {
        const reply = await answer(10 + index);
        assert.equal(reply.error?.code, -32602, `${method}: ${JSON.stringify(reply)}`);
        assert.match(reply.error.message, message, method);
      }
      send({ jsonrpc: "2.0", id: 30, method: "logging/setLevel", params: { level: "critical" } });
      assert.deepEqual((await answer(30)).result, {}, "a valid level over stdio is set");
    } finally {
      child.stdin.end();
      await new Promise((r) => child.on("exit", r));
    }
  });
});

describe("prompts offered through the library API", () => {
  test("prompts/get names the valid prompts, checks required arguments and renders", async () => {
    const panther = new PantherClient({
      graphqlUrl: "http://127.0.0.1:9/graphql",
      restUrl: "http://127.0.0.1:9",
      apiToken: "unused",
      timeoutMs: 1000,
      logger: createLogger("silent"),
    });
    const composed = createServer({
      panther,
      prompts: [
        {
          name: "triage_alert",
          description: "Triage one alert.",
          arguments: [{ name: "alert_id", required: true }],
          render: (args) => [{ role: "user", content: { type: "text", text: `Triage alert ${args.alert_id}` } }],
        },
      ],
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await composed.createServer().connect(serverSide);
    const client = new McpClient({ name: "t", version: "1.0.0" });
    await client.connect(clientSide);
    try {
      assert.deepEqual(
        (await client.listPrompts()).prompts.map((p) => p.name),
        ["triage_alert"],
      );
      await rejectsWith(client.getPrompt({ name: "nope" }), -32602, /Unknown prompt "nope": the prompts are: triage_alert/);
      await rejectsWith(client.getPrompt({ name: "triage_alert" }), -32602, /needs the arguments: alert_id/);
      const got = await client.getPrompt({ name: "triage_alert", arguments: { alert_id: "A1" } });
      assert.deepEqual(got.messages[0].content, { type: "text", text: "Triage alert A1" });
    } finally {
      await client.close();
    }
  });
});
