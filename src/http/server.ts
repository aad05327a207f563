// The Streamable HTTP transport: a stateless /mcp endpoint (any replica can answer any request),
// served by the SDK's createMcpHandler for both protocol eras, behind Host/Origin checks, an
// optional bearer token and a body cap; plus /healthz and /readyz for probes.
import { createServer as createNodeServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMcpHandler, type Server } from "@modelcontextprotocol/server";
import type { Logger } from "../logger.js";
import type { Config } from "../config.js";
import { urlHost } from "../net/host.js";
import { isLoopback } from "../net/loopback.js";
import { bearerCheck, hostCheck, originCheck } from "./guards.js";
import { BodyTooLargeError, readBody, sendWebResponse, toWebRequest } from "./node-bridge.js";

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

export const MCP_PATH = "/mcp";

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** A JSON-RPC shaped error body, so MCP clients can show the message. */
function rpcError(message: string): unknown {
  return { jsonrpc: "2.0", error: { code: -32000, message }, id: null };
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServerHandle> {
  const { http: cfg, logger } = opts;
  if (!cfg.token) {
    if (!isLoopback(cfg.host)) throw new Error(`MCP_HTTP_TOKEN must be set when MCP_HOST is not a loopback address (got ${cfg.host})`);
    logger.warn({ host: cfg.host }, "MCP_HTTP_TOKEN is not set: any local process can call this server; set it to require a bearer token");
  }

  const checkHost = hostCheck(cfg.host, cfg.allowedHosts);
  const checkOrigin = originCheck(cfg.allowedOrigins);
  const checkBearer = bearerCheck(cfg.token);
  const mcp = createMcpHandler(() => opts.createServer(), {
    legacy: "stateless",
    maxRequestBodySize: cfg.maxBodyBytes,
    onerror: (error) => logger.debug({ err: error }, "mcp http exchange error"),
  });

  let closing = false;
  const inFlight = new Set<ServerResponse>();

  async function serveMcp(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const refusedHost = checkHost(req.headers.host);
    if (refusedHost) return sendJson(res, 403, rpcError(`Forbidden: ${refusedHost}`));
    const refusedOrigin = checkOrigin(req.headers.origin);
    if (refusedOrigin) return sendJson(res, 403, rpcError(`Forbidden: ${refusedOrigin}`));
    const refusedAuth = checkBearer(req.headers.authorization);
    if (refusedAuth) {
      return sendJson(res, 401, rpcError(`Unauthorized: ${refusedAuth}`), { "WWW-Authenticate": 'Bearer realm="panther-mcp"' });
    }

    let body: Buffer | undefined;
    if (req.method !== "GET" && req.method !== "HEAD") {
      try {
        body = await readBody(req, cfg.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        res.shouldKeepAlive = false;
        return sendJson(res, 413, rpcError(`Payload too large: ${error.message} (MCP_MAX_BODY_BYTES)`));
      }
    }

    // Aborts the exchange (and so the tool call) when the client disconnects before the answer.
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    const request = toWebRequest(req, `http://${urlHost(cfg.host)}${path}`, body, gone.signal);
    const response = await mcp.fetch(request);
    await sendWebResponse(res, response);
  }

  async function serveReady(res: ServerResponse): Promise<void> {
    let state: { ok: boolean; detail?: string };
    try {
      state = await opts.ready();
    } catch (error) {
      state = { ok: false, detail: `readiness check failed: ${(error as Error).message}` };
    }
    sendJson(res, state.ok ? 200 : 503, { status: state.ok ? "ready" : "not ready", ...(state.detail ? { detail: state.detail } : {}) });
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (closing) res.shouldKeepAlive = false;
    if (path === MCP_PATH) return serveMcp(req, res, path);
    if (path === "/healthz" || path === "/readyz") {
      if (req.method !== "GET") return sendJson(res, 405, { error: "method not allowed" }, { Allow: "GET" });
      if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
      return serveReady(res);
    }
    sendJson(res, 404, { error: "not found", hint: `the MCP endpoint is ${MCP_PATH}` });
  }

  const server = createNodeServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0];
    inFlight.add(res);
    res.on("close", () => {
      inFlight.delete(res);
      logger.debug(
        { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started), aborted: !res.writableFinished },
        "http request",
      );
      // While closing, a connection whose last response just ended is idle: let it go.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    route(req, res, path).catch((error: unknown) => {
      logger.error({ err: error, method: req.method, path }, "http request failed");
      sendJson(res, 500, rpcError("Internal server error"));
    });
  });
  // Longer than the idle timeout of common load balancers, so they never reuse a closed connection.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 120_000;

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const why: Record<string, string> = {
        EADDRINUSE: "the port is in use",
        EADDRNOTAVAIL: "the address is not on this machine",
        EACCES: "permission denied",
        ENOTFOUND: "the host name does not resolve",
        EAFNOSUPPORT: "this machine does not support that address family",
      };
      const reason = why[error.code ?? ""] ?? error.message;
      reject(new Error(`cannot listen on ${urlHost(cfg.host)}:${cfg.port} (MCP_HOST, MCP_PORT): ${reason}`, { cause: error }));
    };
    server.once("error", failed);
    server.listen(cfg.port, cfg.host, () => {
      server.off("error", failed);
      resolve();
    });
  });
  server.on("error", (error) => logger.error({ err: error }, "http server error"));
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(cfg.host)}:${port}${MCP_PATH}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await stopped;
        await mcp.close();
        logger.debug({ inFlight: inFlight.size }, "http server closed");
      })();
      return closed;
    },
  };
}
