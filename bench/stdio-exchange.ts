// A bare MCP client over stdio for the per-call goal: JSON-RPC lines written to the server's stdin and
// read from its stdout, nothing parsed beyond JSON.parse. Goal 2's reference is a bare HTTP request
// (fetch, no GraphQL client library), so the server is timed the same way: what a call costs is then
// the server's work, not a client library's (the SDK client's own cost per call has its own row).
import { spawn, type ChildProcess } from "node:child_process";

interface Reply {
  id: number;
  result?: { isError?: boolean; content?: unknown };
  error?: { message: string };
}

export class StdioExchange {
  private buffered = "";
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private constructor(private readonly child: ChildProcess) {
    const failAll = (error: Error) => {
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    };
    child.on("error", (error) => failAll(new Error(`the server could not run: ${error.message}`)));
    child.on("exit", (code, signal) => failAll(new Error(`the server exited (${signal ?? `code ${code}`}) before answering`)));
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      this.buffered += chunk;
      for (let end = this.buffered.indexOf("\n"); end >= 0; end = this.buffered.indexOf("\n")) {
        const line = this.buffered.slice(0, end);
        this.buffered = this.buffered.slice(end + 1);
        let reply: Reply;
        try {
          reply = JSON.parse(line) as Reply;
        } catch {
          failAll(new Error(`the server wrote a line that is not JSON-RPC on stdout: ${line.slice(0, 200)}`));
          continue;
        }
        this.waiting.get(reply.id)?.resolve(reply);
        this.waiting.delete(reply.id);
      }
    });
  }

  /** Starts `node cli` with `env`, and opens the session (initialize, then the initialized notification). */
  static async start(cli: string, env: Record<string, string>, cwd: string): Promise<StdioExchange> {
    const child = spawn(process.execPath, [cli], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    // Read as a client reads it (the SDK's client pipes it too).
    child.stderr!.on("data", () => undefined);
    const exchange = new StdioExchange(child);
    const init = await exchange.request("initialize", {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "panther-mcp-bench", version: "1.0.0" },
    });
    if (init.error) throw new Error(`initialize failed: ${init.error.message}`);
    child.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    return exchange;
  }

  request(method: string, params: unknown): Promise<Reply> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
    });
  }

  /** Calls a tool; throws on a JSON-RPC error or an error result. */
  async callTool(name: string, args: Record<string, unknown>): Promise<void> {
    const reply = await this.request("tools/call", { name, arguments: args });
    if (reply.error || reply.result?.isError) throw new Error(`${name} failed: ${JSON.stringify(reply.error ?? reply.result)}`);
  }

  /** Closes stdin (the server then exits); kills it if it has not within 5 s. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin!.end();
    });
  }
}
