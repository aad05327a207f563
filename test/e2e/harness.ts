// Spawns the real panther-mcp over stdio against a running simulator and connects the SDK's client.
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { fileURLToPath } from "node:url";
import { startSimulator, type Simulator, type SimulatorOptions } from "../../src/simulator/index.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const TOKEN = "e2e-secret-token-3f9c1a7b";

export type Era = "2025" | "2026";

export interface Session {
  sim: Simulator;
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

export async function startSimulatorForTests(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ tokens: { [TOKEN]: "all", "limited-token-9d2e": ["AlertRead"] }, queryDelayMs: 100, ...opts });
}

/** The server command line: our CLI run from source through tsx. */
export const SERVER_ARGS = ["--import", "tsx", "src/cli.ts"];

/** Environment for a server process wired to `sim` (nothing inherited but PATH). */
export function serverEnv(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    PANTHER_GRAPHQL_URL: sim.graphqlUrl,
    PANTHER_REST_URL: sim.restUrl,
    PANTHER_API_TOKEN: TOKEN,
    LOG_LEVEL: "debug",
    ...extra,
  };
}

/** A data-lake query the simulator keeps running for `ms` before it succeeds. */
export function slowSql(ms: number): string {
  return `/* sim:delay=${ms} */ SELECT count(*) AS n FROM aws_cloudtrail WHERE p_occurs_since('7 d')`;
}

/** Polls `check` until it holds or `ms` pass; returns whether it held. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return check();
}

/** Starts the server process wired to `sim` and connects a client speaking the given era. */
export async function connect(sim: Simulator, opts: { era?: Era; env?: Record<string, string>; args?: string[] } = {}): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...SERVER_ARGS, ...(opts.args ?? [])],
    cwd: ROOT,
    stderr: "pipe",
    env: serverEnv(sim, { PANTHER_TIMEOUT_SECONDS: "5", ...opts.env }),
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client(
    { name: "panther-mcp-e2e", version: "1.0.0" },
    opts.era === "2026" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {},
  );
  await client.connect(transport);
  return {
    sim,
    client,
    stderr: () => stderr,
    close: async () => {
      await client.close();
    },
  };
}

/** The text of a tool result, parsed as JSON when it is not an error. */
/** Every tool result the tests read passes through here: none may carry the API token. */
function checked(result: unknown): { content: { type: string; text: string }[]; isError?: boolean } {
  const text = JSON.stringify(result);
  if (text.includes(TOKEN)) throw new Error("a tool result contains the API token");
  return result as { content: { type: string; text: string }[]; isError?: boolean };
}

export function resultJson(result: unknown): any {
  const r = checked(result);
  if (r.isError) throw new Error(`tool returned an error: ${r.content[0]?.text}`);
  return JSON.parse(r.content[0].text);
}

export function errorText(result: unknown): string {
  const r = checked(result);
  if (!r.isError) throw new Error(`expected an error result, got ${r.content[0]?.text.slice(0, 200)}`);
  return r.content[0].text;
}
