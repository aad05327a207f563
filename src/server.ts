import { ProtocolError, ProtocolErrorCode, Server, type ServerContext, type Tool } from "@modelcontextprotocol/server";
import type { Logger } from "pino";
import { compose, invokeTool, mapErrors, observe, refuseWhileDraining, type Middleware } from "./middleware.js";
import { Metrics } from "./metrics.js";
import { runWithContext, type LogLevel, type ToolContext } from "./runtime/context.js";
import type { HandlerContext, ToolDefinition } from "./runtime/tool.js";
import type { PantherTransport } from "./runtime/transport.js";
import type { Lifecycle } from "./lifecycle.js";
import type { ResourceDefinition } from "./resources.js";
import { VERSION } from "./version.js";

export interface ServerDeps {
  tools: readonly ToolDefinition[];
  panther: PantherTransport;
  logger: Logger;
  metrics?: Metrics;
  /** Extra middleware, run inside the standard ones (closest to the handler). */
  middleware?: Middleware[];
  /** Tracks calls in flight; while it drains, new calls are refused. */
  lifecycle?: Lifecycle;
  /** Read-only resources (config://panther, metrics://panther). */
  resources?: readonly ResourceDefinition[];
  /** Overrides the default instructions (e.g. when tool names carry a prefix). */
  instructions?: string;
}

/** What a model is told about using the tools well; `prefix` is the configured tool-name prefix. */
export function instructionsFor(prefix = ""): string {
  return (
    `Tools for the Panther SIEM. Start triage with ${prefix}list_alerts (filter by severity/status/time) and ${prefix}get_alert; ` +
    `query raw logs with ${prefix}query_data_lake, always filtering on p_event_time or a p_occurs_* macro. ` +
    "Listings return one page with next_cursor; pass it back as cursor for more."
  );
}

export const INSTRUCTIONS = instructionsFor();

const MCP_LEVEL: Record<LogLevel, "debug" | "info" | "warning" | "error"> = {
  debug: "debug",
  info: "info",
  warning: "warning",
  error: "error",
};

/**
 * Returns a factory of MCP server instances over a fixed set of tools. The tool listing and the
 * middleware chain are computed once here; each instance (one per stdio connection, or per request
 * on a stateless transport) only wires handlers to them.
 */
export function createServerFactory(deps: ServerDeps): () => Server {
  const byName = new Map(deps.tools.map((t) => [t.name, t]));
  const listed = deps.tools.map((t) => ({
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: t.inputJsonSchema,
    annotations: t.annotations,
  })) as Tool[];
  const run = compose(
    [
      observe(deps.logger, deps.metrics ?? new Metrics()),
      mapErrors(deps.logger),
      ...(deps.lifecycle ? [refuseWhileDraining(deps.lifecycle)] : []),
      ...(deps.middleware ?? []),
    ],
    invokeTool,
  );

  const resources = deps.resources ?? [];

  return () => {
    const server = new Server(
      { name: "panther-mcp", version: VERSION },
      {
        capabilities: { tools: {}, logging: {}, ...(resources.length ? { resources: {} } : {}) },
        instructions: deps.instructions ?? INSTRUCTIONS,
      },
    );
    server.setRequestHandler("tools/list", async () => ({ tools: listed }));
    server.setRequestHandler("tools/call", async (request, mcpCtx) => {
      const tool = byName.get(request.params.name);
      if (!tool) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Unknown tool "${String(request.params.name).slice(0, 100)}". Call tools/list for the available tools.`,
        );
      }
      const end = deps.lifecycle?.begin();
      try {
        const signal = deps.lifecycle ? AbortSignal.any([mcpCtx.mcpReq.signal, deps.lifecycle.signal]) : mcpCtx.mcpReq.signal;
        const ctx = toolContext(tool, mcpCtx, signal, deps);
        const call = { tool, rawArgs: request.params.arguments, ctx, requestId: String(mcpCtx.mcpReq.id) };
        return await runWithContext(ctx, () => run(call));
      } finally {
        end?.();
      }
    });
    if (resources.length) {
      server.setRequestHandler("resources/list", async () => ({
        resources: resources.map(({ uri, name, title, description, mimeType }) => ({ uri, name, title, description, mimeType })),
      }));
      server.setRequestHandler("resources/read", async (request) => {
        const resource = resources.find((r) => r.uri === request.params.uri);
        if (!resource) {
          throw new ProtocolError(
            ProtocolErrorCode.InvalidParams,
            `Unknown resource "${String(request.params.uri).slice(0, 100)}" (available: ${resources.map((r) => r.uri).join(", ")})`,
          );
        }
        return { contents: [{ uri: resource.uri, mimeType: resource.mimeType, text: resource.read() }] };
      });
    }
    return server;
  };
}

function toolContext(tool: ToolDefinition, mcpCtx: ServerContext, signal: AbortSignal, deps: ServerDeps): HandlerContext {
  const state = new Map<string, unknown>();
  const progressToken = mcpCtx.mcpReq._meta?.progressToken;
  const log = (level: LogLevel) => (message: string, data?: Record<string, unknown>) => {
    const pinoLevel = level === "warning" ? "warn" : level;
    deps.logger[pinoLevel]({ tool: tool.name, requestId: String(mcpCtx.mcpReq.id), ...data }, message);
    mcpCtx.mcpReq.log(MCP_LEVEL[level], { message, ...data }, tool.name).catch(() => undefined);
  };
  const ctx: ToolContext = {
    toolName: tool.name,
    requestId: String(mcpCtx.mcpReq.id),
    signal,
    debug: log("debug"),
    info: log("info"),
    warning: log("warning"),
    error: log("error"),
    async reportProgress(current, total, message) {
      if (progressToken === undefined) return;
      await mcpCtx.mcpReq
        .notify({ method: "notifications/progress", params: { progressToken, progress: current, total, message } })
        .catch(() => undefined);
    },
    getState: <T>(key: string) => state.get(key) as T | undefined,
    setState: (key, value) => void state.set(key, value),
  };
  return { ...ctx, panther: deps.panther };
}
