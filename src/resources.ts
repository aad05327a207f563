import type { Config } from "./config.js";
import type { EndpointResolver } from "./discovery.js";
import { processMemory, type Metrics } from "./metrics.js";
import { VERSION } from "./version.js";

/** A read-only MCP resource whose text is computed when read. */
export interface ResourceDefinition {
  uri: string;
  name: string;
  title: string;
  description: string;
  mimeType: "application/json";
  read(): string;
}

const CONFIG_URI = "config://panther";

/** A URL as shown: scheme, host, port and path only (loadConfig refuses the rest; this covers a hand-made Config). */
function shownUrl(value: string | undefined): string | null {
  if (!value) return null;
  if (!URL.canParse(value)) return "[not a URL]";
  const url = new URL(value);
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, "");
}

/**
 * The effective configuration, as an operator or a model may inspect it. Never the token, nor any
 * credential in a URL. `others` are the URIs of the other resources served beside it; `endpoints`
 * gives the API endpoints as known when read (found from the console page on the first call).
 */
export function configResource(
  config: Config,
  served: { toolsets: string[]; tools: string[]; prompts?: string[] },
  others: readonly string[] = [],
  endpoints?: () => ReturnType<EndpointResolver["view"]>,
): ResourceDefinition {
  const view = (found = endpoints?.()) => ({
    version: VERSION,
    demo: config.demo,
    instance: shownUrl(config.instanceUrl),
    graphql_url: shownUrl(found ? found.graphqlUrl : config.graphqlUrl),
    rest_url: shownUrl(found ? found.restUrl : config.restUrl),
    endpoints: found?.state ?? { status: "configured" },
    transport: config.transport,
    http:
      config.transport === "streamable-http" ? { host: config.http.host, port: config.http.port, auth: Boolean(config.http.token) } : null,
    read_only: config.tools.readOnly,
    confirm_writes: config.confirmWrites,
    lockdown: config.lockdown,
    tool_prefix: config.tools.prefix || null,
    toolsets: served.toolsets,
    tools: served.tools,
    prompts: served.prompts ?? [],
    resources: [CONFIG_URI, ...others],
    upstream: {
      timeout_seconds: config.upstream.timeoutMs / 1000,
      max_retries: config.upstream.maxRetries,
      max_concurrency: config.upstream.maxConcurrency,
    },
  });
  return {
    uri: CONFIG_URI,
    name: "config",
    title: "panther-mcp configuration",
    description:
      "Effective configuration: Panther endpoints, transport, enabled toolsets, tools, prompts and resources, read-only and lockdown modes, version.",
    mimeType: "application/json",
    read: () => JSON.stringify(view(), null, 2),
  };
}

/**
 * Per-tool call counts, errors by code and latency percentiles since start, and under `_process` the
 * process's memory (a key no tool name can take: tool names start with a letter).
 */
export function metricsResource(metrics: Metrics): ResourceDefinition {
  return {
    uri: "metrics://panther",
    name: "metrics",
    title: "panther-mcp tool metrics",
    description:
      "Calls, errors by code and p50/p95 latency per tool since the server started; _process: memory in MB (RSS, heap; the live heap after a full collection when node runs with --expose-gc).",
    mimeType: "application/json",
    read: () => JSON.stringify({ ...metrics.snapshot(), _process: processMemory() }, null, 2),
  };
}
