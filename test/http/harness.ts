// Spawns the real panther-mcp with MCP_TRANSPORT=streamable-http against a simulator and connects
// the SDK's client over HTTP. The URL comes from the server's "serving on http" log line.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, before } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { ROOT, SERVER_ARGS, serverEnv, startSimulatorForTests, TOKEN, type Era, type TestSimulatorOptions } from "../e2e/harness.js";

export const BEARER = "http-bearer-7c41e0d9a2";

export interface HttpServerProcess {
  /** http://127.0.0.1:PORT/mcp */
  url: string;
  stderr: () => string;
  /** A client connected over Streamable HTTP speaking the given era (with the bearer token unless told otherwise). */
  connect(opts?: { era?: Era; token?: string | null }): Promise<Client>;
  /** Sends the process a signal (e.g. SIGUSR2 for a heap snapshot when NODE_OPTIONS asks for one). */
  signal(name: NodeJS.Signals): void;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<number | null>;
}

/**
 * HTTP servers still running. Unlike a stdio server, which exits when the test process's end closes its
 * stdin, an HTTP server would outlive a test process that ends without stopping it (a failed before hook,
 * an early exit): those are killed as the process exits.
 */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startHttpProcess(sim: Simulator, env: Record<string, string> = {}, timeoutMs = 20_000): Promise<HttpServerProcess> {
  const child: ChildProcess = spawn(process.execPath, SERVER_ARGS, {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: serverEnv(sim, {
      PANTHER_TIMEOUT_SECONDS: "5",
      PANTHER_MAX_RETRIES: "0",
      MCP_TRANSPORT: "streamable-http",
      MCP_HOST: "127.0.0.1",
      MCP_PORT: "0",
      MCP_HTTP_TOKEN: BEARER,
      ...env,
    }),
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let url: string;
  try {
    url = await servingUrl(child, timeoutMs);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    stderr: () => stderr,
    connect(opts = {}) {
      return httpClient(url, opts.era, opts.token === undefined ? BEARER : opts.token);
    },
    signal(name) {
      child.kill(name);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * Registers before/after hooks in the enclosing describe (or file): before starts a test simulator (with
 * `simulator`) and a streamable-HTTP server process wired to it (with `env`), then hands both to `ready`;
 * after stops them and asserts that neither the Panther token nor the bearer token (when one was given)
 * reached the server's stderr. An `after` registered before this one runs first (e.g. to close clients of the server).
 */
export function useHttpServer(
  options: { simulator?: TestSimulatorOptions; env?: Record<string, string> },
  ready: (started: { sim: Simulator; server: HttpServerProcess }) => void,
): void {
  let sim: Simulator | undefined;
  let server: HttpServerProcess | undefined;
  before(async () => {
    sim = await startSimulatorForTests(options.simulator);
    server = await startHttpProcess(sim, options.env);
    ready({ sim, server });
  });
  after(async () => {
    await server?.stop();
    await sim?.close();
    const stderr = server?.stderr() ?? "";
    assert.ok(!stderr.includes(TOKEN), "the Panther token never reaches stderr");
    const bearer = { MCP_HTTP_TOKEN: BEARER, ...options.env }.MCP_HTTP_TOKEN;
    if (bearer) assert.ok(!stderr.includes(bearer), "the bearer token never reaches stderr");
  });
}

/**
 * The URL of a server started with MCP_TRANSPORT=streamable-http, from its "serving on http" log line;
 * rejects when it exits or says nothing within `timeoutMs`. Its listeners go once it has answered.
 */
export function servingUrl(child: ChildProcess, timeoutMs = 20_000): Promise<string> {
  let seen = "";
  return new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const found = /"url":"([^"]+)"[^\n]*serving on http/.exec(seen);
      if (!found) return;
      off();
      resolve(found[1]!);
    };
    const onExit = (code: number | null) => {
      off();
      reject(new Error(`server exited with ${code} before serving:\n${seen}`));
    };
    const timer = setTimeout(() => {
      off();
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${seen}`));
    }, timeoutMs);
    const off = () => {
      clearTimeout(timer);
      child.stderr!.off("data", onData);
      child.off("exit", onExit);
    };
    child.stderr!.on("data", onData);
    child.once("exit", onExit);
  });
}

/** An MCP client connected to `url` over Streamable HTTP, speaking `era` (with a bearer token when given). */
export async function httpClient(url: string, era: Era = "2025", token: string | null = null): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token === null ? {} : { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client(
    { name: "panther-mcp-http-e2e", version: "1.0.0" },
    era === "2026" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
  );
  await client.connect(transport);
  return client;
}
