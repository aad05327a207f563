// Library API: compose a panther-mcp server from toolset modules, without the CLI.
export { createServer, type ComposedServer, type CreateServerOptions } from "./compose.js";
export { builtinToolsets, DEFAULT_TOOLSETS, mergeToolsets } from "./tools/index.js";
export { PantherClient, type PantherClientOptions } from "./upstream/client.js";
export { ConfigError, loadConfig, type Config } from "./config.js";
export type { ToolDefinition, Toolset, HandlerContext } from "./runtime/tool.js";
export type { ToolSelection } from "./selection.js";
export type { PromptDefinition } from "./server.js";
export * as errors from "./errors.js";
