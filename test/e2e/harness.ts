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

/** Starts the server process wired to `sim` and connects a client speaking the given era. */
export async function connect(sim: Simulator, opts: { era?: Era; env?: Record<string, string>; args?: string[] } = {}): Promise<Session> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["--import", "tsx", "src/cli.ts", ...(opts.args ?? [])],
    cwd: ROOT,
    stderr: "pipe",
    env: {
      PATH: process.env.PATH ?? "",
      PANTHER_GRAPHQL_URL: sim.graphqlUrl,
      PANTHER_REST_URL: sim.restUrl,
      PANTHER_API_TOKEN: TOKEN,
      PANTHER_TIMEOUT_SECONDS: "5",
      LOG_LEVEL: "debug",
      ...opts.env,
    },
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
