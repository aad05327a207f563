// mcp-panther's setting names through the real CLI: PANTHER_GQL_API_URL / PANTHER_REST_API_URL as
// aliases (ours win, the loser is logged), MCP_LOG_FILE / --log-file (~ expanded), --transport / --host /
// --port, LOG_LEVEL=WARNING, and settings we refuse with a reason. No token in stderr or the log file.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ConfigError, loadConfig } from "../../src/config.js";
import type { Simulator } from "../../src/simulator/index.js";
import {
  connect,
  problems,
  resultJson,
  ROOT,
  runCli,
  SERVER_ARGS,
  startSimulatorForTests,
  TOKEN,
  untilIncludes,
  waitFor,
  type Session,
} from "./harness.js";

async function configOf(client: Client): Promise<any> {
  return JSON.parse(((await client.readResource({ uri: "config://panther" })).contents[0] as { text: string }).text);
}

describe("mcp-panther's settings", () => {
  let sim: Simulator;
  let home: string;
  before(async () => {
    sim = await startSimulatorForTests();
    home = mkdtempSync(join(tmpdir(), "dropin-home-"));
  });
  after(async () => {
    await (await conflicting)?.close();
    await sim?.close();
    rmSync(home, { recursive: true, force: true });
  });

  /**
   * A server given mcp-panther's API names pointing elsewhere than ours, PANTHER_ALLOW_INSECURE_INSTANCE=false
   * and LOG_LEVEL=WARNING: two tests read it (the conflict is logged at warn, which WARNING shows; the
   * harmless values start the server and WARNING hides info), neither changing what the other reads.
   */
  let conflicting: Promise<Session> | undefined;
  const conflictingSession = () =>
    (conflicting ??= connect(sim, {
      env: {
        PANTHER_GQL_API_URL: "http://127.0.0.1:9/public/graphql",
        PANTHER_REST_API_URL: "http://127.0.0.1:9",
        PANTHER_ALLOW_INSECURE_INSTANCE: "false",
        LOG_LEVEL: "WARNING",
      },
    }));

  test("PANTHER_GQL_API_URL and PANTHER_REST_API_URL alone configure the API (no console fetch)", async () => {
    sim.requests.length = 0;
    const s = await connect(sim, {
      env: { PANTHER_GRAPHQL_URL: "", PANTHER_REST_URL: "", PANTHER_GQL_API_URL: sim.graphqlUrl, PANTHER_REST_API_URL: sim.restUrl },
    });
    try {
      resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
      resultJson(await s.client.callTool({ name: "list_users", arguments: {} }));
      assert.deepEqual(
        sim.requests.map((r) => `${r.method} ${r.path}`),
        ["POST /public/graphql", "GET /users"],
      );
      const config = await configOf(s.client);
      assert.equal(config.graphql_url, sim.graphqlUrl);
      assert.equal(config.rest_url, sim.restUrl);
    } finally {
      await s.close();
    }
  });

  test("ours win over mcp-panther's names, and the conflict is logged; the same value twice is no conflict", async () => {
    const s = await conflictingSession();
    resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    resultJson(await s.client.callTool({ name: "list_users", arguments: {} }));
    await untilIncludes(s.stderr, "PANTHER_REST_API_URL is ignored");
    for (const [theirs, ours] of [
      ["PANTHER_GQL_API_URL", "PANTHER_GRAPHQL_URL"],
      ["PANTHER_REST_API_URL", "PANTHER_REST_URL"],
    ]) {
      const line = s
        .stderr()
        .split("\n")
        .find((l) => l.includes(`${theirs} is ignored`));
      assert.ok(line, theirs);
      assert.equal(JSON.parse(line).level, "warn");
      assert.match(JSON.parse(line).msg, new RegExp(`^${theirs} is ignored: ${ours} is set too, to another URL, and wins$`));
    }
    const same = await connect(sim, { env: { PANTHER_GQL_API_URL: sim.graphqlUrl } });
    try {
      resultJson(await same.client.callTool({ name: "get_permissions", arguments: {} }));
      await untilIncludes(same.stderr, "tool call");
      assert.doesNotMatch(same.stderr(), /is ignored/);
    } finally {
      await same.close();
    }
  });

  test("MCP_LOG_FILE=~/… logs to that file under HOME (mode 600) instead of stderr; --log-file wins over it", async () => {
    const env = { HOME: home, MCP_LOG_FILE: "~/panther-env.log" };
    const s = await connect(sim, { env });
    try {
      resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
      const file = join(home, "panther-env.log");
      assert.ok(await waitFor(() => existsSync(file) && readFileSync(file, "utf8").includes('"msg":"tool call"')), "the call is logged");
      const text = readFileSync(file, "utf8");
      for (const line of text.trim().split("\n")) JSON.parse(line);
      assert.match(text, /"msg":"panther-mcp serving on stdio"/);
      assert.ok(!text.includes(TOKEN), "no token in the log file");
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.doesNotMatch(s.stderr(), /"level"/, "no log lines on stderr");
    } finally {
      await s.close();
    }

    const flagged = await connect(sim, { env, args: ["--log-file", "~/panther-flag.log"] });
    try {
      resultJson(await flagged.client.callTool({ name: "get_permissions", arguments: {} }));
      const file = join(home, "panther-flag.log");
      assert.ok(await waitFor(() => existsSync(file) && readFileSync(file, "utf8").includes('"msg":"tool call"')));
      assert.ok(!readFileSync(file, "utf8").includes(TOKEN));
      assert.equal(
        readFileSync(join(home, "panther-env.log"), "utf8").split('"msg":"tool call"').length,
        2,
        "the env's file got nothing more",
      );
    } finally {
      await flagged.close();
    }
  });

  test("a log file that cannot be opened is one configuration line naming the setting and the path; exit 2", async () => {
    const base = { PANTHER_INSTANCE_URL: "https://api.example.com", PANTHER_API_TOKEN: TOKEN, HOME: home };
    const env = await runCli({ ...base, MCP_LOG_FILE: "~/no-such-dir/panther.log" });
    assert.equal(env.code, 2, env.stderr);
    assert.deepEqual(problems(env.stderr), [
      `MCP_LOG_FILE: cannot open "${join(home, "no-such-dir/panther.log")}" for appending (ENOENT): give a writable file path, or unset it to log to stderr`,
    ]);
    const flag = await runCli(base, ["--log-file", home]);
    assert.equal(flag.code, 2);
    assert.match(problems(flag.stderr)[0]!, /^--log-file: cannot open ".*" for appending \(EISDIR\)/);
    for (const run of [env, flag]) {
      assert.equal(run.stdout, "");
      assert.ok(!run.stderr.includes(TOKEN));
    }
  });

  test("settings we do not support are refused with the reason, not ignored; their harmless values pass", async () => {
    const base = { PANTHER_INSTANCE_URL: "https://api.example.com", PANTHER_API_TOKEN: TOKEN };
    // One run refuses both (each problem is its own line): the setting, and --transport sse.
    const run = await runCli({ ...base, PANTHER_ALLOW_INSECURE_INSTANCE: "true" }, ["--transport", "sse"]);
    assert.equal(run.code, 2);
    assert.equal(problems(run.stderr).length, 2, run.stderr);
    const refused =
      /^PANTHER_ALLOW_INSECURE_INSTANCE is not supported \(got ".*"\): TLS certificates are always verified.*NODE_EXTRA_CA_CERTS/;
    assert.match(problems(run.stderr)[0]!, refused);
    // Every spelling of true that mcp-panther reads is refused the same way.
    for (const value of ["1", "YES", "on", "Enabled"])
      assert.throws(
        () => loadConfig({ ...base, PANTHER_ALLOW_INSECURE_INSTANCE: value }),
        (error: ConfigError) => error.problems.length === 1 && refused.test(error.problems[0]!),
      );
    assert.equal(
      problems(run.stderr)[1],
      `--transport "sse" is not supported: SSE is MCP's deprecated transport (mcp-panther dropped it too); use streamable-http`,
    );

    // false, and Python's level names, start the server.
    const s = await conflictingSession();
    resultJson(await s.client.callTool({ name: "get_permissions", arguments: {} }));
    // The last user of the shared session: closed here so that every line the call logs is written
    // (lines go out in batches, the tool-call line after the answer) before stderr is read.
    await s.close();
    assert.match(s.stderr(), /"level":"warn"/, "warnings are logged");
    assert.doesNotMatch(s.stderr(), /"level":"info"/, "WARNING is warn");
  });

  test("--transport streamable-http --host --port, as mcp-panther takes them; /readyz waits for the API to be found", async () => {
    // A port that was free a moment ago.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = String((probe.address() as AddressInfo).port);
    await new Promise((resolve) => probe.close(resolve));
    const child = spawn(process.execPath, [...SERVER_ARGS, "--transport", "streamable-http", "--host", "127.0.0.1", "--port", port], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { PATH: process.env.PATH ?? "", PANTHER_INSTANCE_URL: sim.url, PANTHER_API_TOKEN: TOKEN },
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    try {
      await untilIncludes(() => stderr, "serving on http");
      assert.match(stderr, new RegExp(`"url":"http://127\\.0\\.0\\.1:${port}/mcp"`));
      // Not ready while the console page names no API; ready once it does.
      sim.setConsolePage(null);
      const notReady = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(notReady.status, 503);
      assert.match(JSON.stringify(await notReady.json()), /could not be found from the console page/);
      sim.setConsolePage(undefined);
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
      const client = new Client({ name: "dropin-http", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`)));
      assert.ok((await client.listTools()).tools.length > 0);
      // Discovery works over HTTP too: the console URL is the simulator's.
      assert.equal(resultJson(await client.callTool({ name: "get_alert", arguments: { alert_id: "alert-0001" } })).id, "alert-0001");
      await client.close();
      assert.ok(!stderr.includes(TOKEN));
    } finally {
      sim.setConsolePage(undefined);
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  });
});
