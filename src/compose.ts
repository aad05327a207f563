// Composes a panther-mcp server from toolset modules (re-exported as the library API by index.ts).
// Apart from the SDK it loads only what answering tools/list needs: the request core (src/upstream/client.ts,
// undici) stays out of it, so the CLI can load that on the first call.
import type { Server } from "@modelcontextprotocol/server";
import type { Logger } from "./logger.js";
import { Lifecycle } from "./lifecycle.js";
import { createLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import type { ResourceDefinition } from "./resources.js";
import type { ToolDefinition, Toolset } from "./runtime/tool.js";
import type { PantherTransport } from "./runtime/transport.js";
import { selectTools, type ToolSelection } from "./selection.js";
import { createServerFactory, instructionsFor, type PromptDefinition } from "./server.js";
import type { Middleware } from "./middleware.js";
import { catalogToolsets } from "./tools/catalog.js";
import { DEFAULT_TOOLSETS } from "./tools/defaults.js";
import { generatedPrompts } from "../generated/prompts/index.js";
import { servedPrompts } from "./prompts.js";

export interface CreateServerOptions {
  /** The Panther API to call (a PantherClient, or any PantherTransport). */
  panther: PantherTransport;
  /** Toolset modules to compose; defaults to every toolset this package ships. */
  toolsets?: readonly Toolset[];
  /** Which of their tools to serve; defaults to all of them. */
  selection?: ToolSelection;
  logger?: Logger;
  metrics?: Metrics;
  lifecycle?: Lifecycle;
  /** Resources to serve; a function receives what was selected (for config://panther). */
  resources?: readonly ResourceDefinition[] | ((served: ServedSurface) => ResourceDefinition[]);
  middleware?: Middleware[];
  /**
   * Prompts to offer instead of the built-in ones (prompts/*.md), which are offered when every tool
   * they use is served, with the tool prefix.
   */
  prompts?: readonly PromptDefinition[];
  /** Whether destructive writes ask the user first, when the client can ask (PANTHER_CONFIRM_WRITES); true by default. */
  confirmWrites?: boolean;
  /** Shared secret the confirmation-state key is derived from (ServerDeps.confirmSecret). */
  confirmSecret?: string;
  /** Replace attacker-controllable text in results with placeholders (PANTHER_LOCKDOWN; see src/untrusted/). */
  lockdown?: boolean;
}

/** What a server ended up offering, after selection (served names, with the prefix). */
export interface ServedSurface {
  tools: string[];
  toolsets: string[];
  prompts: string[];
}

export interface ComposedServer {
  /** Makes an MCP server instance: connect it to any SDK transport. */
  createServer: () => Server;
  /** The tools it serves, after selection. */
  tools: ToolDefinition[];
  /** Toolsets with at least one served tool. */
  toolsets: string[];
  metrics: Metrics;
  lifecycle: Lifecycle;
}

/** Composes a server from independent toolset modules. Throws ConfigError on unknown names. */
export function createServer(options: CreateServerOptions): ComposedServer {
  const available = options.toolsets ?? catalogToolsets;
  const selection = options.selection ?? { toolsets: ["all"] };
  const selected = selectTools(available, selection, DEFAULT_TOOLSETS);
  const logger = options.logger ?? createLogger("silent");
  const metrics = options.metrics ?? new Metrics();
  const lifecycle = options.lifecycle ?? new Lifecycle();
  for (const note of selected.notes) logger.warn(note);
  const prefix = selection.prefix ?? "";
  const prompts =
    options.prompts ?? servedPrompts(generatedPrompts, new Set(selected.tools.map((t) => t.name.slice(prefix.length))), prefix);
  const served: ServedSurface = {
    tools: selected.tools.map((t) => t.name),
    toolsets: selected.toolsets,
    prompts: prompts.map((p) => p.name),
  };
  return {
    createServer: createServerFactory({
      tools: selected.tools,
      panther: options.panther,
      // server.ts and middleware.ts still name pino's Logger type; they call only what Logger has.
      logger,
      metrics,
      lifecycle,
      resources: typeof options.resources === "function" ? options.resources(served) : options.resources,
      middleware: options.middleware,
      prompts,
      instructions: instructionsFor(prefix),
      confirmWrites: options.confirmWrites,
      confirmSecret: options.confirmSecret,
      lockdown: options.lockdown,
    }),
    tools: selected.tools,
    toolsets: selected.toolsets,
    metrics,
    lifecycle,
  };
}
