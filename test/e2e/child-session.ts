// A server process we spawn ourselves (to signal it and read its exit code), with the SDK client
// talking to it over its stdio through a minimal client transport.
import { Client, ReadBuffer, serializeMessage, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/client";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import type { Simulator } from "../../src/simulator/index.js";
import { ROOT, SERVER_ARGS, serverEnv } from "./harness.js";

class ChildStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private readonly buffer = new ReadBuffer();

  constructor(private readonly child: ChildProcessWithoutNullStreams) {}

  async start(): Promise<void> {
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.buffer.append(chunk);
      for (let message = this.buffer.readMessage(); message; message = this.buffer.readMessage()) this.onmessage?.(message);
    });
    this.child.on("exit", () => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.child.stdin.writable) this.child.stdin.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    this.child.stdin.end();
  }
}

export interface ChildSession {
  child: ChildProcessWithoutNullStreams;
  client: Client;
  stderr: () => string;
  exited: Promise<number | null>;
}

export async function spawnSession(sim: Simulator, env: Record<string, string> = {}): Promise<ChildSession> {
  const child = spawn(process.execPath, SERVER_ARGS, { cwd: ROOT, env: serverEnv(sim, env) });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const client = new Client({ name: "shutdown-e2e", version: "1.0.0" });
  await client.connect(new ChildStdioTransport(child));
  return { child, client, stderr: () => stderr, exited };
}
