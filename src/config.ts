import { z } from "zod";
import { isLoopback } from "./net/loopback.js";

export type LogLevelName = "debug" | "info" | "warn" | "error" | "silent";
export type TransportName = "stdio" | "streamable-http";

/** Everything the server is configured with; built once at start by loadConfig. */
export interface Config {
  instanceUrl?: string;
  graphqlUrl: string;
  restUrl: string;
  apiToken: string;
  logLevel: LogLevelName;
  demo: boolean;
  transport: TransportName;
  http: { host: string; port: number; token?: string; maxBodyBytes: number; allowedHosts: string[]; allowedOrigins: string[] };
  tools: { toolsets: string[]; include: string[]; exclude: string[]; readOnly: boolean; prefix: string };
  upstream: { timeoutMs: number; maxRetries: number; retryBudgetMs: number; maxConcurrency: number };
  shutdownGraceMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/** One setting: its env var, optional CLI flag, default and meaning. --help and the README table come from here. */
export interface Setting {
  env: string;
  flag?: string;
  default?: string;
  description: string;
}

export const SETTINGS: readonly Setting[] = [
  { env: "PANTHER_INSTANCE_URL", description: "Panther API URL, e.g. https://api.acme.runpanther.net (required unless --demo)" },
  { env: "PANTHER_API_TOKEN", description: "Panther API token (required unless --demo); never logged or returned" },
  { env: "PANTHER_GRAPHQL_URL", default: "<instance>/public/graphql", description: "GraphQL endpoint override" },
  { env: "PANTHER_REST_URL", default: "<instance>", description: "REST base URL override" },
  { env: "PANTHER_TIMEOUT_SECONDS", default: "30", description: "timeout of one request to Panther" },
  {
    env: "PANTHER_MAX_RETRIES",
    default: "3",
    description: "retries of a failed read (429, 502-504, connection errors); writes are never retried",
  },
  { env: "PANTHER_RETRY_BUDGET_SECONDS", default: "30", description: "total time a read may spend retrying" },
  { env: "PANTHER_MAX_CONCURRENCY", default: "8", description: "requests to Panther in flight at once" },
  {
    env: "PANTHER_TOOLSETS",
    flag: "toolsets",
    default: "default",
    description: "comma-separated toolsets to enable (folders under operations/, or all, default)",
  },
  { env: "PANTHER_TOOLS", flag: "tools", description: "comma-separated extra tools to enable" },
  { env: "PANTHER_EXCLUDE_TOOLS", flag: "exclude-tools", description: "comma-separated tools to leave out (wins over everything)" },
  { env: "PANTHER_READ_ONLY", flag: "read-only", default: "false", description: "true: register no tool that changes anything in Panther" },
  { env: "PANTHER_TOOL_PREFIX", flag: "tool-prefix", description: "prefix for every tool name, e.g. panther_" },
  { env: "MCP_TRANSPORT", flag: "transport", default: "stdio", description: "stdio or streamable-http" },
  { env: "MCP_HOST", flag: "host", default: "127.0.0.1", description: "HTTP listen address" },
  { env: "MCP_PORT", flag: "port", default: "3000", description: "HTTP listen port (path /mcp)" },
  { env: "MCP_HTTP_TOKEN", description: "bearer token HTTP clients must send; required unless the host is loopback" },
  { env: "MCP_MAX_BODY_BYTES", default: "1048576", description: "largest HTTP request body accepted" },
  { env: "MCP_ALLOWED_HOSTS", description: "comma-separated extra Host header values accepted (loopback names always are)" },
  { env: "MCP_ALLOWED_ORIGINS", description: "comma-separated browser Origins accepted (requests without Origin always are)" },
  { env: "SHUTDOWN_GRACE_SECONDS", default: "10", description: "how long in-flight calls may finish on shutdown" },
  { env: "LOG_LEVEL", default: "info", description: "debug, info, warn, error or silent (JSON logs on stderr)" },
  { env: "HTTPS_PROXY", description: "proxy for requests to Panther (HTTP_PROXY for plain http); NO_PROXY lists hosts that bypass it" },
  { env: "OTEL_EXPORTER_OTLP_ENDPOINT", description: "when set, export a trace span per tool call and Panther request over OTLP/HTTP" },
  { env: "OTEL_SERVICE_NAME", default: "panther-mcp", description: "service name on exported traces" },
];

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
const TRANSPORTS = ["stdio", "streamable-http"] as const;

function checkUrl(name: string, value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("protocol");
    return url.toString().replace(/\/+$/, "");
  } catch {
    problems.push(`${name} must be an http(s) URL, e.g. https://api.acme.runpanther.net (got "${value.slice(0, 80)}")`);
    return undefined;
  }
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(min)
    .max(max)
    .safeParse(raw === undefined || raw === "" ? String(fallback) : raw);
  if (parsed.success) return parsed.data;
  problems.push(`${name} must be a whole number from ${min} to ${max} (got "${String(raw).slice(0, 20)}")`);
  return fallback;
}

function boolean(name: string, raw: string | undefined, problems: string[]): boolean {
  const value = (raw ?? "false").trim().toLowerCase();
  if (["true", "1", "yes"].includes(value)) return true;
  if (["false", "0", "no", ""].includes(value)) return false;
  problems.push(`${name} must be true or false (got "${value.slice(0, 20)}")`);
  return false;
}

/**
 * Reads and validates configuration. `flags` (CLI) override the environment. Every problem is one
 * line naming the variable and what is allowed. Demo mode needs no credentials (filled in later).
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: { demo?: boolean } & Record<string, string | boolean | undefined> = {}): Config {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const setting = SETTINGS.find((s) => s.env === name);
    const fromFlag = setting?.flag ? flags[setting.flag] : undefined;
    if (typeof fromFlag === "boolean") return String(fromFlag);
    return fromFlag ?? env[name];
  };
  const demo = Boolean(flags.demo);
  const instanceUrl = checkUrl("PANTHER_INSTANCE_URL", get("PANTHER_INSTANCE_URL"), problems);
  const graphqlOverride = checkUrl("PANTHER_GRAPHQL_URL", get("PANTHER_GRAPHQL_URL"), problems);
  const restOverride = checkUrl("PANTHER_REST_URL", get("PANTHER_REST_URL"), problems);
  const apiToken = (get("PANTHER_API_TOKEN") ?? "").trim();
  const level = (get("LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level))
    problems.push(`LOG_LEVEL must be one of ${LEVELS.join(", ")} (got "${level.slice(0, 20)}")`);
  const transport = (get("MCP_TRANSPORT") ?? "stdio").toLowerCase();
  if (!(TRANSPORTS as readonly string[]).includes(transport))
    problems.push(`MCP_TRANSPORT must be one of ${TRANSPORTS.join(", ")} (got "${transport.slice(0, 30)}")`);
  const host = (get("MCP_HOST") ?? "127.0.0.1").trim();
  const httpToken = get("MCP_HTTP_TOKEN")?.trim() || undefined;
  if (transport === "streamable-http" && !isLoopback(host) && !httpToken) {
    problems.push(
      `MCP_HTTP_TOKEN must be set when MCP_HOST is not a loopback address (got ${host}): anyone who can reach the port could use your Panther token`,
    );
  }
  const prefix = get("PANTHER_TOOL_PREFIX") ?? "";
  if (prefix && !/^[a-z][a-z0-9_]{0,19}$/.test(prefix))
    problems.push(`PANTHER_TOOL_PREFIX must match ^[a-z][a-z0-9_]{0,19}$ (got "${prefix.slice(0, 30)}")`);

  if (!demo) {
    if (!instanceUrl && !(graphqlOverride && restOverride)) {
      problems.push(
        "PANTHER_INSTANCE_URL is not set: set it to your Panther API URL (e.g. https://api.acme.runpanther.net), or run with --demo to use the built-in simulator",
      );
    }
    if (!apiToken)
      problems.push("PANTHER_API_TOKEN is not set: create an API token in Panther (Settings → API Tokens) and set it, or run with --demo");
  }
  const config: Config = {
    instanceUrl,
    graphqlUrl: graphqlOverride ?? (instanceUrl ? `${instanceUrl}/public/graphql` : ""),
    restUrl: restOverride ?? instanceUrl ?? "",
    apiToken,
    logLevel: level as LogLevelName,
    demo,
    transport: transport as TransportName,
    http: {
      host,
      port: integer("MCP_PORT", get("MCP_PORT"), 3000, 0, 65535, problems),
      token: httpToken,
      maxBodyBytes: integer("MCP_MAX_BODY_BYTES", get("MCP_MAX_BODY_BYTES"), 1_048_576, 1024, 104_857_600, problems),
      allowedHosts: list(get("MCP_ALLOWED_HOSTS")),
      allowedOrigins: list(get("MCP_ALLOWED_ORIGINS")),
    },
    tools: {
      toolsets: list(get("PANTHER_TOOLSETS") ?? "default"),
      include: list(get("PANTHER_TOOLS")),
      exclude: list(get("PANTHER_EXCLUDE_TOOLS")),
      readOnly: boolean("PANTHER_READ_ONLY", get("PANTHER_READ_ONLY"), problems),
      prefix,
    },
    upstream: {
      timeoutMs: integer("PANTHER_TIMEOUT_SECONDS", get("PANTHER_TIMEOUT_SECONDS"), 30, 1, 600, problems) * 1000,
      maxRetries: integer("PANTHER_MAX_RETRIES", get("PANTHER_MAX_RETRIES"), 3, 0, 10, problems),
      retryBudgetMs: integer("PANTHER_RETRY_BUDGET_SECONDS", get("PANTHER_RETRY_BUDGET_SECONDS"), 30, 0, 600, problems) * 1000,
      maxConcurrency: integer("PANTHER_MAX_CONCURRENCY", get("PANTHER_MAX_CONCURRENCY"), 8, 1, 256, problems),
    },
    shutdownGraceMs: integer("SHUTDOWN_GRACE_SECONDS", get("SHUTDOWN_GRACE_SECONDS"), 10, 0, 600, problems) * 1000,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
