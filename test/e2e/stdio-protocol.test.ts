// Raw JSON-RPC over stdio: a 2025-06-18 client, stdout carrying nothing but JSON-RPC, config errors.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { ROOT, SERVER_ARGS, serverEnv, TOKEN, unfence, useSimulator } from "./harness.js";

function spawnServer(env: Record<string, string>, args: string[] = []) {
  return spawn(process.execPath, [...SERVER_ARGS, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
}

describe("stdio protocol", () => {
  let sim: Simulator;
  useSimulator({}, {}, (started) => ({ sim } = started));

  test("a 2025-06-18 client initializes, lists and calls; stdout is only JSON-RPC", async () => {
    const child = spawnServer(serverEnv(sim));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const send = (msg: unknown) => child.stdin.write(`${JSON.stringify(msg)}\n`);
    const waitFor = async (id: number) => {
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline) {
        const line = stdout.split("\n").find((l) => l.includes(`"id":${id}`));
        if (line) return JSON.parse(line);
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no response ${id}; stderr: ${stderr.slice(-500)}`);
    };
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    const init = await waitFor(1);
    assert.equal(init.result.protocolVersion, "2025-06-18");
    assert.match(init.result.instructions, /list_alerts/);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    const list = await waitFor(2);
    assert.ok(list.result.tools.length >= 9);
    send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_alerts", arguments: { page_size: 2 } } });
    const call = await waitFor(3);
    assert.equal(JSON.parse(unfence(call.result.content[0].text)).items.length, 2);
    send({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "nope", arguments: {} } });
    const unknown = await waitFor(4);
    assert.equal(unknown.error.code, -32602);
    child.stdin.end();
    const code = await new Promise((r) => child.on("exit", r));
    assert.equal(code, 0, "stdin closing ends the server cleanly");
    for (const line of stdout.split("\n").filter(Boolean))
      assert.equal(JSON.parse(line).jsonrpc, "2.0", `stdout line is JSON-RPC: ${line.slice(0, 80)}`);
    assert.ok(stderr.includes('"tool call"'), "logs go to stderr");
    assert.ok(!stderr.includes("Ctrl+C"), "no terminal hint when stdin is not a TTY");
    const upstream = stderr.split("\n").find((l) => l.includes('"panther request"') && l.includes('"operation":"ListAlerts"'));
    assert.ok(upstream, "the request core logs each upstream call");
    assert.equal(JSON.parse(upstream).tool, "list_alerts", "the tool name reaches the request core through the call context");
    assert.ok(!stderr.includes(TOKEN) && !stdout.includes(TOKEN));
  });

  test("a line that is not JSON, or not JSON-RPC, gets an error response and the session goes on", async () => {
    const child = spawnServer(serverEnv(sim));
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const messages = () =>
      stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const waitForCount = async (n: number) => {
      const deadline = Date.now() + 15000;
      while (messages().length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return messages();
    };
    child.stdin.write("hello\n");
    child.stdin.write("{not json\n");
    child.stdin.write(`${JSON.stringify({ id: 7, method: "ping" })}\n`); // no "jsonrpc": "2.0"
    child.stdin.write(`${JSON.stringify([1, 2])}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 8, method: "ping" })}\n`);
    const [a, b, c, d, e] = await waitForCount(5);
    for (const parseError of [a, b]) {
      assert.equal(parseError.error.code, -32700);
      assert.ok(!("id" in parseError), "no id: MCP forbids null ids, and the line had none to read");
    }
    assert.equal(c.error.code, -32600);
    assert.equal(c.id, 7, "an invalid request's id is kept when it can be read");
    assert.equal(d.error.code, -32600);
    assert.deepEqual(e, { jsonrpc: "2.0", id: 8, result: {} }, "the session goes on");
    child.stdin.end();
    assert.equal(await new Promise((r) => child.on("exit", r)), 0);
  });

  test("without credentials and without --demo it exits with what to set", async () => {
    const child = spawnServer({});
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise((r) => child.on("exit", r));
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /PANTHER_INSTANCE_URL is not set/);
    assert.match(stderr, /PANTHER_API_TOKEN is not set/);
    assert.match(stderr, /--demo/);
  });

  test("bad config values are named one per line", async () => {
    const child = spawnServer({ PANTHER_INSTANCE_URL: "not a url", PANTHER_API_TOKEN: "x", LOG_LEVEL: "loud" });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const code = await new Promise((r) => child.on("exit", r));
    assert.equal(code, 2);
    assert.match(stderr, /PANTHER_INSTANCE_URL must be an http\(s\) URL/);
    assert.match(stderr, /LOG_LEVEL must be one of debug, info, warn, error, silent/);
  });
});
