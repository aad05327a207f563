// Placeholder: the Streamable HTTP transport is being written (see startHttpServer's contract).
import type { Server } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import type { Config } from "../config.js";

export interface HttpServerOptions {
  /** Makes a fresh MCP server instance (cheap; listing and middleware are shared). */
  createServer: () => Server;
  http: Config["http"];
  logger: Logger;
  /** Readiness: config valid and Panther reachable (GET /readyz). */
  ready: () => Promise<{ ok: boolean; detail?: string }>;
}

export interface HttpServerHandle {
  /** e.g. http://127.0.0.1:3000/mcp */
  url: string;
  /** Stops accepting connections and resolves when in-flight requests have ended. */
  close(): Promise<void>;
}

export async function startHttpServer(_opts: HttpServerOptions): Promise<HttpServerHandle> {
  throw new Error("the streamable-http transport is not implemented yet");
}
