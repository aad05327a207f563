// The stdio process's life: losing the transport (stdin closed, a message over the size limit,
// stdout gone) always ends the process after a drain; an ordinary client close exits 0 before the
// client's SIGTERM; a SIGTERM after stdin closed lets the drain go on; a terminal gets one human line.
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { STDIO_MAX_MESSAGE_BYTES } from "../../src/stdio-transport.js";
import { spawnSession } from "./child-session.js";
import {
  nextRequest,
  resultJson,
  ROOT,
  SERVER_ARGS,
  serverEnv,
  slowSql,
  startSimulatorForTests,
  unfence,
  untilIncludes,
  waitFor,
} from "./harness.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every server started here; a failed test must not leave one running. */
const children: ChildProcess[] = [];
function tracked<T extends { child: ChildProcess }>(session: T): T {
  children.push(session.child);
  return session;
}

/** A server process spoken to with raw JSON-RPC lines. */
function spawnRaw(sim: Simulator, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, SERVER_ARGS, { cwd: ROOT, env: serverEnv(sim, env) });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.on("error", () => undefined); // EPIPE once the server is gone
  const exited = exitOf(child);
  const lines = () => stdout.split("\n").filter(Boolean);
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    send: (msg: unknown) => child.stdin.write(`${JSON.stringify(msg)}\n`),
    /** The parsed response with this id (or, for undefined, the first error without an id). */
    response: async (id: number | undefined, ms = 15_000) => {
      const find = () => lines().find((l) => JSON.parse(l).id === id);
      if (!(await waitFor(() => find() !== undefined, ms))) throw new Error(`no response ${id}; stderr: ${stderr.slice(-800)}`);
      return JSON.parse(find()!);
    },
  };
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }> {
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
}

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

/** Resolves with the exit, or rejects when the process is still alive after `ms`. */
async function exitWithin<T>(exited: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still running after ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("stdio lifecycle", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulatorForTests();
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await sim?.close();
  });

  /**
   * A server sent requests just before its stdin closes, run to its exit; read by two tests (both only
   * look at what it answered and logged): the requests are answered, and a stdin that is no TTY gets no hint.
   */
  let closedStdin: Promise<{ s: ReturnType<typeof spawnRaw>; code: number | null }> | undefined;
  const closedStdinRun = () =>
    (closedStdin ??= (async () => {
      const s = spawnRaw(sim);
      s.send(INIT);
      s.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      s.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
      s.send({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_alerts", arguments: { page_size: 2 } } });
      // The last line has no newline: it is still a message.
      s.child.stdin.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: 4,
          method: "tools/call",
          params: { name: "get_alert", arguments: { alert_id: "alert-0001" } },
        }),
      );
      const { code } = await exitWithin(s.exited, 20_000, "after stdin closed");
      return { s, code };
    })());

  describe("losing the transport ends the process", () => {
    test("a message over the size limit is answered with an error (no id: it cannot be read), the client's call fails at once, the process exits 0", async () => {
      const s = tracked(await spawnSession(sim));
      let raw = "";
      s.child.stdout.on("data", (d: Buffer) => (raw += d.toString()));
      s.child.stdin.on("error", () => undefined);
      // A large message under the limit is an ordinary message.
      const big = await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1, title: "x".repeat(1024 * 1024) } });
      assert.ok(Array.isArray(big.content), "a 1 MiB message is served");
      const started = Date.now();
      const oversized = await s.client.callTool({ name: "list_alerts", arguments: { title: "x".repeat(STDIO_MAX_MESSAGE_BYTES) } }).then(
        () => "answered",
        (error: Error) => error,
      );
      assert.ok(oversized instanceof Error, "the call fails instead of waiting for its timeout");
      assert.equal(await exitWithin(s.exited, 20_000, "after an oversized message"), 0);
      assert.ok(Date.now() - started < 20_000);
      const refusal = raw
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((m) => !("id" in m));
      assert.ok(refusal, "an error response without an id went out before the process ended");
      assert.equal(refusal.error.code, -32600);
      assert.match(refusal.error.message, new RegExp(`larger than ${STDIO_MAX_MESSAGE_BYTES} bytes`));
      assert.match(s.stderr(), /"reason":"message too large"/);
      assert.match(s.stderr(), /"msg":"stopped"/);
    });

    test("the limit holds for a line that never ends (no newline): refused as soon as it passes the limit", async () => {
      const s = spawnRaw(sim);
      s.send(INIT);
      await s.response(1);
      // Half over the limit, without a newline and with stdin left open.
      s.child.stdin.write(`{"jsonrpc":"2.0","id":2,"method":"ping","params":{"pad":"${"y".repeat(STDIO_MAX_MESSAGE_BYTES + 1024)}`);
      const refusal = await s.response(undefined);
      assert.equal(refusal.error.code, -32600);
      const { code } = await exitWithin(s.exited, 20_000, "after an endless line");
      assert.equal(code, 0);
    });

    test("stdout going away (EPIPE) ends the process even with stdin still open", async () => {
      const s = spawnRaw(sim);
      s.send(INIT);
      await s.response(1);
      s.child.stdout.destroy();
      // Something to answer, so the server writes into the broken pipe.
      for (let id = 2; id < 6; id += 1) s.send({ jsonrpc: "2.0", id, method: "ping" });
      const { code } = await exitWithin(s.exited, 20_000, "after stdout went away");
      assert.equal(code, 0);
      assert.match(s.stderr(), /"reason":"stdout failed"/);
      s.child.stdin.end();
    });

    test("requests sent just before stdin closes are all answered, then the process exits 0", async () => {
      const { s, code } = await closedStdinRun();
      assert.equal(code, 0);
      assert.ok((await s.response(2, 0)).result.tools.length >= 9);
      assert.equal(JSON.parse(unfence((await s.response(3, 0)).result.content[0].text)).items.length, 2);
      assert.equal(JSON.parse(unfence((await s.response(4, 0)).result.content[0].text)).id, "alert-0001");
    });
  });

  describe("closing", () => {
    test("an SDK client's close (stdin closed, SIGTERM only after 2 s) ends the process with 0 before any SIGTERM", async (t) => {
      for (const demo of [false, true]) {
        const transport = new StdioClientTransport({
          command: process.execPath,
          args: [...SERVER_ARGS, ...(demo ? ["--demo"] : [])],
          cwd: ROOT,
          stderr: "pipe",
          env: demo ? { PATH: process.env.PATH ?? "", LOG_LEVEL: "debug" } : serverEnv(sim),
        });
        let stderr = "";
        transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
        const client = new Client({ name: "close-e2e", version: "1.0.0" });
        await client.connect(transport);
        await client.callTool({ name: "list_alerts", arguments: { page_size: 1 } });
        // The SDK keeps its child process private; the exit code is only visible there.
        const child = (transport as unknown as { _process?: ChildProcess })._process;
        assert.ok(child, "the SDK's transport holds its child process in _process");
        const exited = exitOf(child);
        const started = Date.now();
        await client.close();
        const { code, signal, at } = await exited;
        t.diagnostic(`${demo ? "demo" : "simulator"}: stdin closed to exit ${at - started} ms`);
        assert.equal(signal, null);
        assert.equal(code, 0);
        assert.ok(at - started < 2000, `exited before the client's SIGTERM (${at - started} ms)`);
        assert.doesNotMatch(stderr, /SIGTERM/, "no SIGTERM was needed");
        assert.match(stderr, /"msg":"stopped"/);
      }
    });

    test("a SIGTERM during the drain that stdin closing started lets the call in flight finish; exit 0", async () => {
      const s = tracked(await spawnSession(sim, { SHUTDOWN_GRACE_SECONDS: "20" }));
      const cancels = () => sim.requests.filter((r) => r.operationName === "CancelDataLakeQuery").length;
      const cancelsBefore = cancels();
      const executed = nextRequest(sim, "GetDataLakeQuery");
      const inFlight = s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(2000) } });
      await executed;
      s.child.stdin.end();
      await untilIncludes(s.stderr, '"msg":"shutting down"');
      s.child.kill("SIGTERM");
      const result = resultJson(await inFlight);
      assert.equal(result.status, "succeeded", "the call finished and its result still reached the client");
      assert.equal(await s.exited, 0);
      assert.equal(cancels(), cancelsBefore, "nothing was cancelled on Panther");
      assert.match(s.stderr(), /signal during shutdown: the drain goes on/);
      assert.doesNotMatch(s.stderr(), /second shutdown request/);
    });

    test("a second signal after that exits at once, with 1 because a call was cut short", async () => {
      const s = tracked(await spawnSession(sim, { SHUTDOWN_GRACE_SECONDS: "60" }));
      const executed = nextRequest(sim, "GetDataLakeQuery");
      void s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(30_000) } }).catch(() => undefined);
      await executed;
      const started = Date.now();
      s.child.stdin.end();
      await untilIncludes(s.stderr, '"msg":"shutting down"');
      s.child.kill("SIGTERM");
      await untilIncludes(s.stderr, "signal during shutdown");
      s.child.kill("SIGINT");
      const code = await s.exited;
      assert.ok(Date.now() - started < 10_000, "did not wait for the grace period");
      assert.equal(code, 1);
      assert.match(s.stderr(), /second shutdown request: exiting now/);
    });
  });

  describe("in a terminal", () => {
    const hasScript = spawnSync("script", ["--version"]).status === 0;

    test(
      "a TTY on stdin gets one human line on stderr (never stdout); typed text gets an error; Ctrl+C exits 0",
      { skip: !hasScript && "util-linux script is not installed" },
      async () => {
        const dir = await mkdtemp(join(tmpdir(), "panther-mcp-tty-"));
        let child: ChildProcessWithoutNullStreams | undefined;
        try {
          const errFile = join(dir, "stderr.txt");
          // script gives the server a pseudo-terminal on stdin and stdout; stderr goes to a file.
          const command = `exec ${[process.execPath, ...SERVER_ARGS, "--demo"].join(" ")} 2>${errFile}`;
          child = spawn("script", ["-qefc", command, "/dev/null"], {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info" },
          });
          let terminal = "";
          child.stdout.on("data", (d: Buffer) => (terminal += d.toString()));
          const exited = exitOf(child);
          const stdin = child.stdin;
          const stderr = async () => readFile(errFile, "utf8").catch(() => "");
          let err = "";
          const deadline = Date.now() + 30_000;
          while (!err.includes("Ctrl+C") && Date.now() < deadline) {
            await sleep(100);
            err = await stderr();
          }
          const hint = err.split("\n").find((l) => l.includes("Ctrl+C"));
          assert.ok(hint, `the hint line is on stderr: ${err.slice(-500)}`);
          assert.match(hint, /MCP/);
          assert.match(hint, /stdin\/stdout/);
          assert.match(hint, /README/);
          assert.match(hint, /npx @modelcontextprotocol\/inspector node dist\/src\/cli\.js --demo/);
          assert.ok(!hint.startsWith("{"), "a human line, not a JSON log line");
          stdin.write("hello\r");
          assert.ok(await waitFor(() => terminal.includes("-32700"), 10_000), "typed text is answered with a parse error");
          assert.ok(!terminal.includes("Ctrl+C"), "the hint never goes to stdout");
          stdin.write("\x03");
          const { code } = await exitWithin(exited, 20_000, "after Ctrl+C");
          assert.equal(code, 0);
          assert.match(await stderr(), /"reason":"SIGINT"/);
        } finally {
          if (child?.exitCode === null) child.kill(); // a failed run must not leave the server behind
          await rm(dir, { recursive: true, force: true });
        }
      },
    );

    test("without a TTY there is no hint", async () => {
      const { s, code } = await closedStdinRun();
      assert.ok((await s.response(1, 0)).result, "it served the session");
      assert.equal(code, 0);
      assert.doesNotMatch(s.stderr(), /Ctrl\+C/);
    });
  });
});
