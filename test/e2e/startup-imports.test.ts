// What the server loads before its first tools/list answer. Start-up must not pay for what only a
// tool call needs: the request core's HTTP client (undici), graphql-js (the simulator's GraphQL API),
// DuckDB (the simulated data lake), the SQL parser (data-lake calls), OpenTelemetry (only with OTEL_*).
// Each server runs with test/e2e/module-recorder.mjs, which logs every module load of the process, its
// threads and its children, and marks the moment the tools/list answer is written; after the answer
// a tool call shows the same recorder does see those packages when they do load.
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { DEFAULT_TOOL_NAMES } from "./expected-tools.js";
import { problems, resultJson, ROOT, SERVER_ARGS, serverEnv, useSimulator } from "./harness.js";
import { readRecord, type ModuleRecord } from "./module-record.js";

const RECORDER = join(ROOT, "test/e2e/module-recorder.mjs");

/** Packages that only a tool call (or telemetry) needs, never start-up. */
const CALL_ONLY = [/^undici$/, /^htmlparser2$/, /^graphql$/, /^@duckdb\//, /^@guanmingchiu\/sqlparser/, /^@opentelemetry\//];

interface Recorded {
  client: Client;
  /** What the recorder has written so far. */
  record(): ModuleRecord;
  close(): Promise<void>;
}

/** Starts the server as the e2e tests do (built or through tsx), with the module recorder loaded first. */
async function start(env: Record<string, string>, args: string[] = []): Promise<Recorded> {
  const dir = mkdtempSync(join(tmpdir(), "startup-imports-"));
  const file = join(dir, "modules.txt");
  const script = SERVER_ARGS.at(-1)!;
  const transport = new StdioClientTransport({
    command: process.execPath,
    // After tsx's --import, so that our hook sees every load before tsx handles it.
    args: [...SERVER_ARGS.slice(0, -1), "--import", RECORDER, script, ...args],
    cwd: ROOT,
    stderr: "pipe",
    env: { ...env, MODULE_RECORD_FILE: file },
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: "startup-imports", version: "1.0.0" });
  try {
    await client.connect(transport);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`server did not start: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  return {
    client,
    record: () => readRecord(readFileSync(file, "utf8")),
    close: async () => {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Our modules that only a call needs: every tool's code and the generated clients (the listing comes from generated/catalog). */
const TOOL_CODE = /^(src\/tools\/(?!catalog$|defaults$)|generated\/(?!catalog$|prompts\/))/;

/** Call-only packages loaded, and threads or processes started, before the answer. */
function loadedBeforeAnswer(record: ModuleRecord): string[] {
  assert.ok(record.answered, "the recorder saw the tools/list answer");
  return [...[...record.before.keys()].filter((name) => CALL_ONLY.some((p) => p.test(name))), ...record.startedBefore];
}

describe("start-up loads nothing a tool call alone needs", () => {
  let sim: Simulator;
  useSimulator({}, {}, (started) => ({ sim } = started));

  test("with credentials: none of undici, graphql, DuckDB, the SQL parser, OpenTelemetry before tools/list; undici on the first call", async () => {
    const s = await start(serverEnv(sim, { LOG_LEVEL: "info" }));
    try {
      const { tools } = await s.client.listTools();
      assert.equal(tools.length, DEFAULT_TOOL_NAMES.length);
      const record = s.record();
      assert.deepEqual(loadedBeforeAnswer(record), [], `loaded before the answer: ${[...record.before.keys()].join(", ")}`);
      assert.ok(record.before.has("@modelcontextprotocol/server"), "the recorder sees packages loaded before the answer");
      assert.ok(record.ownBefore.has("generated/catalog"), "the recorder sees our modules: the listing comes from the catalog");
      const toolCode = [...record.ownBefore].filter((m) => TOOL_CODE.test(m));
      assert.deepEqual(toolCode, [], "no tool's code is loaded to list the tools");

      const alert = resultJson(await s.client.callTool({ name: "get_alert", arguments: { alert_id: "alert-0001" } }));
      assert.equal(alert.id, "alert-0001");
      assert.ok(s.record().after.has("undici"), "the first call loads the HTTP client, and the recorder sees it");
      assert.ok(s.record().ownAfter.has("src/tools/index"), "the first call loads the tools' code");
      assert.ok(s.record().ownAfter.has("generated/alerts/get_alert"));
    } finally {
      await s.close();
    }
  });

  test("every toolset, read-only, a proxy configured, debug logs: still nothing call-only before tools/list", async () => {
    const s = await start(
      serverEnv(sim, {
        PANTHER_TOOLSETS: "all",
        PANTHER_READ_ONLY: "true",
        HTTPS_PROXY: "http://127.0.0.1:9",
        HTTP_PROXY: "http://127.0.0.1:9",
        NO_PROXY: "127.0.0.1",
        LOG_LEVEL: "debug",
      }),
    );
    try {
      assert.ok((await s.client.listTools()).tools.length > 0);
      assert.deepEqual(loadedBeforeAnswer(s.record()), []);
      // NO_PROXY covers the simulator: the call goes straight to it.
      const page = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
      assert.equal(page.items.length, 1);
    } finally {
      await s.close();
    }
  });

  test("the demo: the simulator starts on the first request to it, graphql, the DuckDB engine and the SQL parser on first use", async () => {
    const s = await start({ PATH: process.env.PATH ?? "" }, ["--demo"]);
    try {
      assert.equal((await s.client.listTools()).tools.length, DEFAULT_TOOL_NAMES.length);
      const record = s.record();
      assert.deepEqual(loadedBeforeAnswer(record), [], `loaded before the answer: ${[...record.before.keys()].join(", ")}`);
      const simulator = [...record.ownBefore].filter((m) => m.startsWith("src/simulator/"));
      assert.deepEqual(
        simulator.sort(),
        ["src/simulator/demo-token", "src/simulator/schema-files"],
        "only the demo's URL is up before the answer",
      );

      const page = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 2 } }));
      assert.equal(page.items.length, 2);
      const afterCall = s.record().after;
      assert.ok(s.record().ownAfter.has("src/simulator/index"), "the first call starts the simulator");
      assert.ok(afterCall.has("graphql"), "the simulator's first GraphQL request loads graphql-js");
      assert.ok(afterCall.has("undici"));
      assert.ok(afterCall.has("htmlparser2"), "the demo finds its API from the simulator's console page on the first call");

      const rows = resultJson(
        await s.client.callTool({
          name: "query_data_lake",
          arguments: { sql: "SELECT count(*) AS n FROM panther_logs.public.aws_cloudtrail WHERE p_occurs_since('30 d')" },
        }),
      );
      assert.equal(rows.status, "succeeded", JSON.stringify(rows).slice(0, 300));
      // The engine process and the SQL guard's worker do not record their own loads (their own execArgv
      // and env): that they start now, and not before, is what the recorder sees.
      const started = s.record().startedAfter;
      assert.ok(
        started.some((p) => /^process .*lake-process\.(js|ts)$/.test(p)),
        `the first data-lake query starts the DuckDB engine: ${started.join(", ")}`,
      );
      assert.ok(started.includes("thread eval"), `the first data-lake call starts the SQL guard's worker: ${started.join(", ")}`);
    } finally {
      await s.close();
    }
  });

  test("a bad proxy variable still stops the server at start, though the proxy agent is made on the first call", async () => {
    const secret = "s3cret-proxy-pass";
    const names = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];
    const values = [`squid.internal:3128`, `::not a url::${secret}`, `socks5://user:${secret}@squid.internal:1080`];
    // Each run sets every name, each to another of the bad values (each problem is its own line):
    // three runs give every name every value.
    for (const shift of values.keys()) {
      const env = Object.fromEntries(names.map((name, i) => [name, values[(i + shift) % values.length]!]));
      const { code, stderr } = await runToExit(serverEnv(sim, env));
      assert.equal(code, 2, `${JSON.stringify(env)}: exit code (stderr: ${stderr})`);
      for (const name of names) {
        const line = problems(stderr).find((l) => l.startsWith(`${name} `));
        assert.match(line ?? "", new RegExp(`^${name} must be an http\\(s\\) proxy URL`), `${name}=${env[name]}: ${stderr}`);
      }
      assert.ok(!stderr.includes(secret) && !stderr.includes("squid.internal"), `the values are never shown: ${stderr}`);
    }
  });
});

/** Runs the server with `env` and stdin closed at once, until it exits. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, SERVER_ARGS, { cwd: ROOT, env, stdio: ["pipe", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
