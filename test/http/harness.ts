// Spawns the real panther-mcp with MCP_TRANSPORT=streamable-http against a simulator and connects
// the SDK's client over HTTP. The URL comes from the server's "serving on http" log line.
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { spawn, type ChildProcess } from "node:child_process";
import type { Simulator } from "../../src/simulator/index.js";
import { ROOT, SERVER_ARGS, serverEnv, type Era } from "../e2e/harness.js";

export const BEARER = "http-bearer-7c41e0d9a2";

export interface HttpServerProcess {
  /** http://127.0.0.1:PORT/mcp */
  url: string;
  stderr: () => string;
  /** A client connected over Streamable HTTP speaking the given era (with the bearer token unless told otherwise). */
  connect(opts?: { era?: Era; token?: string | null }): Promise<Client>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<number | null>;
}

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
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of stderr.split("\n")) {
        if (!line.includes("serving on http")) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before serving:\n${stderr}`));
    });
  });
  return {
    url,
    stderr: () => stderr,
    async connect(opts = {}) {
      const token = opts.token === undefined ? BEARER : opts.token;
      const transport = new StreamableHTTPClientTransport(new URL(url), {
        requestInit: token === null ? {} : { headers: { Authorization: `Bearer ${token}` } },
      });
      const client = new Client(
        { name: "panther-mcp-http-e2e", version: "1.0.0" },
        opts.era === "2026" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
      );
      await client.connect(transport);
      return client;
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
