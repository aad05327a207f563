// The stdio wire: newline-delimited JSON-RPC on stdin/stdout, handed to the SDK's serveStdio.
// Unlike the SDK's own stdio transport it does not close itself when stdin ends: it reports that the
// input is gone and keeps stdout open, so calls already running can still be answered while the
// server drains. It answers lines it cannot read instead of dropping them silently.
import { parseJSONRPCMessage, serializeMessage, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/server";
import type { Readable, Writable } from "node:stream";

type RequestId = string | number;

/** The largest message accepted on stdin, as with the SDK's stdio transport (10 MiB). */
export const STDIO_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface StdioWireOptions {
  input?: Readable;
  output?: Writable;
  maxMessageBytes?: number;
  /**
   * Called once when the wire can take no more messages: stdin ended, closed or failed, a message
   * was over the size limit, or stdout failed. The server should drain and exit.
   */
  onLost?: (reason: string, error?: Error) => void;
}

export class StdioWire implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly input: Readable;
  private readonly output: Writable;
  private readonly maxBytes: number;
  private readonly onLost?: (reason: string, error?: Error) => void;
  /** The bytes of the line being read, not yet ended by a newline. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Requests read whose response has not been written yet. */
  private readonly unanswered = new Set<RequestId>();
  private answerWaiters: (() => void)[] = [];
  private inputOpen = true;
  private outputBroken = false;
  private closed = false;
  private lostReason: string | undefined;

  constructor(options: StdioWireOptions = {}) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.maxBytes = options.maxMessageBytes ?? STDIO_MAX_MESSAGE_BYTES;
    this.onLost = options.onLost;
  }

  async start(): Promise<void> {
    this.input.on("data", this.onData);
    this.input.on("end", this.onEnd);
    this.input.on("close", this.onEnd);
    this.input.on("error", this.onInputError);
    this.output.on("error", this.onOutputError);
    if (this.input.readableEnded || this.input.destroyed) setImmediate(this.onEnd);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (("result" in message || "error" in message) && message.id !== undefined && message.id !== null) this.answered(message.id);
    if (this.closed || this.outputBroken) return;
    await new Promise<void>((resolve) => {
      if (this.output.write(serializeMessage(message))) resolve();
      else {
        // Resolve on drain, or when stdout fails (the loss is reported by onOutputError).
        const done = () => {
          this.output.off("drain", done);
          this.output.off("error", done);
          resolve();
        };
        this.output.once("drain", done);
        this.output.once("error", done);
      }
    });
  }

  /** Resolves true once every request read has been answered, or false when `ms` pass first. */
  whenAnswered(ms: number): Promise<boolean> {
    if (this.unanswered.size === 0 || this.outputBroken) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.answerWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Resolves once everything written so far has been handed to the operating system. */
  flush(): Promise<void> {
    if (this.outputBroken || this.output.writableEnded) return Promise.resolve();
    return new Promise((resolve) => this.output.write("", () => resolve()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopReading();
    this.output.off("error", this.onOutputError);
    // A late write failure after close must not crash the process.
    this.output.on("error", () => undefined);
    this.answerWaiters.splice(0).forEach((w) => w());
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer) => {
    if (!this.inputOpen) return; // after a loss, input is read and dropped so the writer never blocks
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.partialBytes + piece.length > this.maxBytes) return this.tooLarge();
      const line = this.partialBytes === 0 ? piece : Buffer.concat([...this.partial, piece]);
      this.partial = [];
      this.partialBytes = 0;
      this.handleLine(line.toString("utf8"));
      if (!this.inputOpen) return;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) return;
    if (this.partialBytes + rest.length > this.maxBytes) return this.tooLarge();
    this.partial.push(rest);
    this.partialBytes += rest.length;
  };

  private handleLine(raw: string): void {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.reply(undefined, -32700, "Parse error: a line on stdin is not JSON (stdio carries one JSON-RPC message per line)");
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(value);
    } catch {
      const id = (value as { id?: unknown } | null)?.id;
      this.reply(typeof id === "string" || typeof id === "number" ? id : undefined, -32600, "Invalid Request: not a JSON-RPC 2.0 message");
      return;
    }
    if ("method" in message && "id" in message) this.unanswered.add(message.id);
    else if ("method" in message && message.method === "notifications/cancelled") {
      // The SDK sends no response to a cancelled request.
      const id = (message.params as { requestId?: unknown } | undefined)?.requestId;
      if (typeof id === "string" || typeof id === "number") this.answered(id);
    }
    this.onmessage?.(message);
  }

  private tooLarge(): void {
    this.partial = [];
    this.partialBytes = 0;
    // The id is inside the message we refuse to read, so the error cannot carry it; the client's
    // request fails at once anyway, because the server then shuts down and stdout closes.
    this.reply(
      undefined,
      -32600,
      `Invalid Request: a message on stdin is larger than ${this.maxBytes} bytes, the limit; the server is shutting down`,
    );
    this.lose("message too large", new Error(`a stdin message exceeded ${this.maxBytes} bytes`));
  }

  /**
   * Writes an error response. Without an id (the request's id could not be read) the field is left
   * out: JSON-RPC 2.0 says null, but MCP forbids null ids and its schema makes the id optional on
   * error responses for this case (SDK clients reject `"id": null` as an invalid message).
   */
  private reply(id: RequestId | undefined, code: number, message: string): void {
    if (this.closed || this.outputBroken) return;
    this.output.write(`${JSON.stringify({ jsonrpc: "2.0", ...(id === undefined ? {} : { id }), error: { code, message } })}\n`);
  }

  private answered(id: RequestId): void {
    if (!this.unanswered.delete(id) || this.unanswered.size > 0) return;
    this.answerWaiters.splice(0).forEach((w) => w());
  }

  private readonly onEnd = () => {
    // A last message without its newline is still a message.
    if (this.inputOpen && this.partialBytes > 0) {
      const line = Buffer.concat(this.partial).toString("utf8");
      this.partial = [];
      this.partialBytes = 0;
      this.handleLine(line);
    }
    this.lose("stdin closed");
  };

  private readonly onInputError = (error: Error) => this.lose("stdin failed", error);

  private readonly onOutputError = (error: Error) => {
    this.outputBroken = true;
    this.answerWaiters.splice(0).forEach((w) => w());
    this.lose("stdout failed", error);
  };

  private lose(reason: string, error?: Error): void {
    this.inputOpen = false;
    if (this.lostReason !== undefined) return;
    this.lostReason = reason;
    this.onLost?.(reason, error);
  }

  private stopReading(): void {
    this.inputOpen = false;
    this.input.off("data", this.onData);
    this.input.off("end", this.onEnd);
    this.input.off("close", this.onEnd);
    this.input.off("error", this.onInputError);
    this.input.on("error", () => undefined);
    this.input.pause();
  }
}
