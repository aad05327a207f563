import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "./config-error.js";
import { classifyInstanceUrl, GRAPHQL_PATH } from "./discovery.js";
import { normalizeHost, urlHost } from "./net/host.js";
import { isLoopback } from "./net/loopback.js";
import { selectTools } from "./selection.js";
import { catalogToolsets } from "./tools/catalog.js";
import { DEFAULT_TOOLSETS } from "./tools/defaults.js";

export { ConfigError };

export type LogLevelName = "debug" | "info" | "warn" | "error" | "silent";
export type TransportName = "stdio" | "streamable-http";

/** Everything the server is configured with; built once at start by loadConfig. */
export interface Config {
  instanceUrl?: string;
  /** Empty while `consoleUrl` is set and discovery has not run. */
  graphqlUrl: string;
  restUrl: string;
  /** Set when PANTHER_INSTANCE_URL is a console URL and an endpoint is missing: the console page names the API. */
  consoleUrl?: string;
  /** Absolute path of the log file (MCP_LOG_FILE / --log-file); logs go to stderr without it. */
  logFile?: string;
  /** Where logFile came from, for messages. */
  logFileSource?: string;
  /** Start-up warnings (e.g. an alias that lost to our own setting), logged once the logger exists. */
  notes: string[];
  apiToken: string;
  logLevel: LogLevelName;
  demo: boolean;
  /** PANTHER_LOCKDOWN: untrusted text in results is replaced by placeholders (src/untrusted/). */
  lockdown: boolean;
  transport: TransportName;
  http: { host: string; port: number; token?: string; maxBodyBytes: number; allowedHosts: string[]; allowedOrigins: string[] };
  tools: {
    toolsets: string[];
    include: string[];
    exclude: string[];
    readOnly: boolean;
    prefix: string;
    /** The flag or env var each list came from, for messages. */
    sources: { toolsets: string; include: string; exclude: string; readOnly: string };
  };
  upstream: { timeoutMs: number; maxRetries: number; retryBudgetMs: number; maxConcurrency: number };
  shutdownGraceMs: number;
  /** Destructive writes ask the user to confirm (MCP elicitation) when the client can ask. */
  confirmWrites: boolean;
}

/** One setting: its env var, optional CLI flag, default and meaning. --help and the README table come from here. */
export interface Setting {
  env: string;
  flag?: string;
  default?: string;
  description: string;
}

/** Flags that take no value (on when given). */
export const SWITCH_FLAGS: readonly string[] = ["read-only", "lockdown"];

export const SETTINGS: readonly Setting[] = [
  {
    env: "PANTHER_INSTANCE_URL",
    description:
      "Panther console URL (https://acme.runpanther.net; the API is found from its page) or API URL (host api.…, or path …/public/graphql); required unless --demo; http(s), no user:password@, query or fragment",
  },
  { env: "PANTHER_API_TOKEN", description: "Panther API token (required unless --demo); never logged or returned" },
  { env: "PANTHER_GRAPHQL_URL", default: "<API>/public/graphql", description: "GraphQL endpoint override (same URL rules)" },
  { env: "PANTHER_GQL_API_URL", description: "mcp-panther's name for PANTHER_GRAPHQL_URL (ours wins when both are set)" },
  { env: "PANTHER_REST_URL", default: "<API>", description: "REST base URL override (same URL rules)" },
  { env: "PANTHER_REST_API_URL", description: "mcp-panther's name for PANTHER_REST_URL (ours wins when both are set)" },
  {
    env: "PANTHER_ALLOW_INSECURE_INSTANCE",
    default: "false",
    description:
      "not supported: TLS is always verified (trust a private CA with NODE_EXTRA_CA_CERTS); true stops the server with that reason",
  },
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
  {
    env: "PANTHER_CONFIRM_WRITES",
    default: "true",
    description:
      "true: destructive writes ask the user to confirm through the MCP client (elicitation) when it can ask; false (for automation) writes at once",
  },
  {
    env: "PANTHER_LOCKDOWN",
    flag: "lockdown",
    default: "false",
    description:
      "true: attacker-controllable text in results (log data, alert titles, comments…) becomes [withheld N chars #hash]; IDs, timestamps, IPs and numbers pass",
  },
  { env: "PANTHER_TOOL_PREFIX", flag: "tool-prefix", description: "prefix for every tool name, e.g. panther_" },
  { env: "MCP_TRANSPORT", flag: "transport", default: "stdio", description: "stdio or streamable-http" },
  {
    env: "MCP_HOST",
    flag: "host",
    default: "127.0.0.1",
    description: "HTTP listen address: a host name, IPv4, or IPv6 with or without brackets (::1 or [::1])",
  },
  { env: "MCP_PORT", flag: "port", default: "3000", description: "HTTP listen port (path /mcp)" },
  { env: "MCP_HTTP_TOKEN", description: "bearer token HTTP clients must send; required unless the host is loopback" },
  { env: "MCP_MAX_BODY_BYTES", default: "1048576", description: "largest HTTP request body accepted" },
  {
    env: "MCP_ALLOWED_HOSTS",
    description: "comma-separated extra Host header values accepted, host or host:port (loopback names always are)",
  },
  {
    env: "MCP_ALLOWED_ORIGINS",
    description: "comma-separated browser Origins accepted, scheme://host[:port] or a bare host name (requests without Origin always are)",
  },
  { env: "SHUTDOWN_GRACE_SECONDS", default: "10", description: "how long in-flight calls may finish on shutdown" },
  { env: "LOG_LEVEL", default: "info", description: "debug, info, warn (or warning), error (or critical) or silent; JSON logs" },
  {
    env: "MCP_LOG_FILE",
    flag: "log-file",
    description: "append logs to this file instead of stderr (~ is expanded; created with mode 600)",
  },
  { env: "HTTPS_PROXY", description: "proxy for requests to Panther (HTTP_PROXY for plain http); NO_PROXY lists hosts that bypass it" },
  {
    env: "OTEL_EXPORTER_OTLP_ENDPOINT",
    description:
      "when set, export a trace span per tool call and Panther request over OTLP/HTTP (credentials go in OTEL_EXPORTER_OTLP_HEADERS)",
  },
  { env: "OTEL_SERVICE_NAME", default: "panther-mcp", description: "service name on exported traces" },
];

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
/** mcp-panther's (Python's) level names that ours spell differently. */
const LEVEL_ALIASES: Record<string, LogLevelName> = { warning: "warn", critical: "error" };
const TRANSPORTS = ["stdio", "streamable-http"] as const;

/**
 * A URL setting's text as it may be printed: no user name or password, query string or fragment.
 * Used for every echo of a URL setting, valid or not (an unparseable value may still hold a password).
 */
export function printableUrl(value: string): string {
  let text = value.trim().split(/[?#]/)[0];
  const at = text.lastIndexOf("@");
  if (at >= 0) text = `${/^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? ""}***@${text.slice(at + 1)}`;
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * Checks a URL setting: http or https, a host, and nothing that can carry a secret — no user name
 * or password (credentials go in their own setting, `secretHome`) and no query string or fragment.
 */
function checkUrl(source: string, value: string | undefined, secretHome: string, problems: string[]): string | undefined {
  const where = secretHome === "PANTHER_API_TOKEN" ? "put the API token in PANTHER_API_TOKEN" : `put credentials in ${secretHome}`;
  const text = value?.trim() ?? "";
  if (text === "") return undefined;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  const shown = printableUrl(text);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    problems.push(`${source} must be an http(s) URL, e.g. https://api.acme.runpanther.net (got "${shown}")`);
    return undefined;
  }
  if (url.username || url.password) {
    problems.push(`${source} must not contain a user name or password (got "${shown}"): ${where}`);
    return undefined;
  }
  if (url.search || url.hash || /[?#]/.test(text)) {
    problems.push(
      `${source} must not contain a query string or fragment (got "${shown}"): URL settings are shown in config://panther and logs, so ${where}`,
    );
    return undefined;
  }
  return url.toString().replace(/\/+$/, "");
}

/** The proxy variables the request core honours (undici reads the lower-case one first). */
const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"];

/**
 * Checks a proxy variable at start: the proxy agent is only made on the first request to Panther,
 * where a bad value would fail every call with a network error. The value is never shown: it may
 * carry the proxy's credentials.
 */
function checkProxy(name: string, value: string | undefined, problems: string[]): void {
  const text = value?.trim() ?? "";
  if (text === "") return;
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname)
    problems.push(`${name} must be an http(s) proxy URL, e.g. http://proxy.example:3128 (the value is not shown: it may hold credentials)`);
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function integer(source: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  const text = raw?.trim() ?? "";
  if (text === "") return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (value >= min && value <= max) return value;
  problems.push(`${source} must be a whole number from ${min} to ${max} (got "${text.slice(0, 20)}")`);
  return fallback;
}

function boolean(source: string, raw: string | undefined, problems: string[]): boolean {
  const value = (raw ?? "false").trim().toLowerCase();
  if (["true", "1", "yes"].includes(value)) return true;
  if (["false", "0", "no", ""].includes(value)) return false;
  problems.push(`${source} must be true or false (got "${value.slice(0, 20)}")`);
  return false;
}

function oneOf<T extends string>(source: string, raw: string | undefined, choices: readonly T[], fallback: T, problems: string[]): T {
  const value = (raw ?? "").trim().toLowerCase() || fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  problems.push(`${source} must be one of ${choices.join(", ")} (got "${value.slice(0, 30)}")`);
  return fallback;
}

/**
 * The log file's absolute path: `~` and `~/…` are expanded to the home directory (HOME), a relative path
 * is taken from the working directory. The file is opened at start (run), where a failure is a config error.
 */
function logFilePath(source: string, raw: string | undefined, env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const text = raw?.trim() ?? "";
  if (text === "") return undefined;
  if (/^~[^/\\]/.test(text)) {
    problems.push(`${source} may start with ~ or ~/ but not ~user (got "${text.slice(0, 60)}"): give the full path`);
    return undefined;
  }
  const home = env.HOME || env.USERPROFILE || homedir();
  const expanded = text === "~" ? home : text.startsWith("~") ? `${home}${text.slice(1)}` : text;
  return isAbsolute(expanded) ? expanded : resolve(expanded);
}

/** A token sent in an HTTP header: visible ASCII only. The value is never echoed. */
function checkToken(source: string, value: string, problems: string[]): void {
  if (value && !/^[\x21-\x7e]+$/.test(value))
    problems.push(`${source} contains spaces, control or non-ASCII characters, which an HTTP header cannot carry (value not shown)`);
}

function checkHost(source: string, raw: string | undefined, problems: string[]): string {
  const text = raw?.trim() || "127.0.0.1";
  const host = normalizeHost(text);
  if (host) return host;
  const hint = /^[^:]*:\d+$|^\[.*\]:\d+$/.test(text) ? ": give the port in MCP_PORT or --port" : "";
  problems.push(
    `${source} must be a host name or IP address, e.g. 127.0.0.1, 0.0.0.0, localhost, ::1 or [::1] (got "${printableUrl(text).slice(0, 60)}")${hint}`,
  );
  return "127.0.0.1";
}

function checkAllowedHosts(source: string, entries: string[], problems: string[]): string[] {
  return entries.map((entry) => {
    const bare = normalizeHost(entry);
    if (bare) return urlHost(bare);
    const match = /^(\[[^\]]*\]|[^:]+):(\d{1,5})$/.exec(entry);
    const host = match ? normalizeHost(match[1]) : undefined;
    if (host && match) return `${urlHost(host)}:${match[2]}`;
    problems.push(
      `${source}: "${printableUrl(entry).slice(0, 60)}" is not a host or host:port (e.g. mcp.example.com or mcp.example.com:8443)`,
    );
    return entry;
  });
}

function checkAllowedOrigins(source: string, entries: string[], problems: string[]): string[] {
  return entries.map((entry) => {
    const bare = entry.includes("://") ? undefined : normalizeHost(entry);
    if (bare) return urlHost(bare);
    const url = entry.includes("://") && URL.canParse(entry) ? new URL(entry) : undefined;
    if (url && /^https?:$/.test(url.protocol) && !url.username && !url.password && !url.search && !url.hash && url.pathname === "/")
      return url.origin;
    problems.push(
      `${source}: "${printableUrl(entry).slice(0, 60)}" is not an origin (scheme://host[:port], e.g. https://app.example.com) or a bare host name`,
    );
    return entry;
  });
}

/**
 * Reads and validates configuration. `flags` (CLI) override the environment. Every problem is one
 * line naming where the value came from (the flag when one was given, else the env var) and what
 * is allowed; secrets are never echoed. Demo mode needs no credentials (filled in later).
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: { demo?: boolean } & Record<string, string | boolean | undefined> = {}): Config {
  const problems: string[] = [];
  /** The raw value of a setting and its source: `--flag` when the flag was given, else the env var. */
  const read = (name: string): { value: string | undefined; source: string } => {
    const setting = SETTINGS.find((s) => s.env === name);
    const fromFlag = setting?.flag ? flags[setting.flag] : undefined;
    if (fromFlag !== undefined) return { value: String(fromFlag), source: `--${setting!.flag}` };
    return { value: env[name], source: name };
  };
  const get = (name: string) => read(name).value;
  const src = (name: string) => read(name).source;

  const demo = Boolean(flags.demo);
  const notes: string[] = [];
  const instanceUrl = checkUrl("PANTHER_INSTANCE_URL", get("PANTHER_INSTANCE_URL"), "PANTHER_API_TOKEN", problems);
  /** Our override, else mcp-panther's name for it; a different value under both is noted. */
  const override = (ours: string, theirs: string): string | undefined => {
    const mine = checkUrl(ours, get(ours), "PANTHER_API_TOKEN", problems);
    const alias = checkUrl(theirs, get(theirs), "PANTHER_API_TOKEN", problems);
    if (mine && alias && mine !== alias) notes.push(`${theirs} is ignored: ${ours} is set too, to another URL, and wins`);
    return mine ?? alias;
  };
  const graphqlOverride = override("PANTHER_GRAPHQL_URL", "PANTHER_GQL_API_URL");
  const restOverride = override("PANTHER_REST_URL", "PANTHER_REST_API_URL");
  const instance = instanceUrl ? classifyInstanceUrl(instanceUrl) : undefined;
  const api = instance?.kind === "api" ? instance : undefined;
  const restUrl = restOverride ?? api?.restUrl;
  const graphqlUrl = graphqlOverride ?? api?.graphqlUrl ?? (restOverride ? `${restOverride}${GRAPHQL_PATH}` : undefined);
  const consoleUrl = instance?.kind === "console" && (!restUrl || !graphqlUrl) ? instance.url : undefined;
  const insecure = (get("PANTHER_ALLOW_INSECURE_INSTANCE") ?? "").trim().toLowerCase();
  if (["true", "1", "yes", "on", "enabled"].includes(insecure))
    problems.push(
      `PANTHER_ALLOW_INSECURE_INSTANCE is not supported (got "${insecure}"): TLS certificates are always verified, so the API token cannot go to an impostor; for a private CA set NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or remove the setting`,
    );
  else if (!["", "false", "0", "no", "off", "disabled"].includes(insecure))
    problems.push(`PANTHER_ALLOW_INSECURE_INSTANCE must be false or unset (got "${insecure.slice(0, 20)}"): TLS is always verified`);
  const logFile = logFilePath(src("MCP_LOG_FILE"), get("MCP_LOG_FILE"), env, problems);
  for (const name of ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
    checkUrl(name, env[name], "OTEL_EXPORTER_OTLP_HEADERS", problems);
  for (const name of PROXY_VARIABLES) checkProxy(name, env[name], problems);
  const apiToken = (get("PANTHER_API_TOKEN") ?? "").trim();
  checkToken("PANTHER_API_TOKEN", apiToken, problems);
  const rawLevel = (get("LOG_LEVEL") ?? "").trim().toLowerCase();
  const level = oneOf(src("LOG_LEVEL"), LEVEL_ALIASES[rawLevel] ?? rawLevel, LEVELS, "info", problems);
  const rawTransport = get("MCP_TRANSPORT");
  if (rawTransport?.trim().toLowerCase() === "sse")
    problems.push(
      `${src("MCP_TRANSPORT")} "sse" is not supported: SSE is MCP's deprecated transport (mcp-panther dropped it too); use streamable-http`,
    );
  const transport = oneOf(
    src("MCP_TRANSPORT"),
    rawTransport?.trim().toLowerCase() === "sse" ? "" : rawTransport,
    TRANSPORTS,
    "stdio",
    problems,
  );
  const host = checkHost(src("MCP_HOST"), get("MCP_HOST"), problems);
  const httpToken = get("MCP_HTTP_TOKEN")?.trim() || undefined;
  checkToken("MCP_HTTP_TOKEN", httpToken ?? "", problems);
  if (transport === "streamable-http" && !isLoopback(host) && !httpToken) {
    problems.push(
      `MCP_HTTP_TOKEN must be set when ${src("MCP_HOST")} is not a loopback address (got ${host}): anyone who can reach the port could use your Panther token`,
    );
  }
  const prefix = (get("PANTHER_TOOL_PREFIX") ?? "").trim();
  if (prefix && !/^[a-z][a-z0-9_]{0,19}$/.test(prefix))
    problems.push(
      `${src("PANTHER_TOOL_PREFIX")} must be a lower-case letter then up to 19 lower-case letters, digits or _ (e.g. panther_; got "${prefix.slice(0, 30)}")`,
    );

  if (!demo) {
    const given = (name: string) => (get(name) ?? "").trim() !== "";
    if (!given("PANTHER_INSTANCE_URL") && !given("PANTHER_REST_URL") && !given("PANTHER_REST_API_URL")) {
      problems.push(
        "PANTHER_INSTANCE_URL is not set: set it to your Panther console URL (e.g. https://acme.runpanther.net) or API URL (e.g. https://api.acme.runpanther.net), or run with --demo to use the built-in simulator",
      );
    }
    if (!apiToken)
      problems.push("PANTHER_API_TOKEN is not set: create an API token in Panther (Settings → API Tokens) and set it, or run with --demo");
  }
  const toolsets = list(get("PANTHER_TOOLSETS"));
  const tools: Config["tools"] = {
    toolsets: toolsets.length ? toolsets : ["default"],
    include: list(get("PANTHER_TOOLS")),
    exclude: list(get("PANTHER_EXCLUDE_TOOLS")),
    readOnly: boolean(src("PANTHER_READ_ONLY"), get("PANTHER_READ_ONLY"), problems),
    prefix,
    sources: {
      toolsets: src("PANTHER_TOOLSETS"),
      include: src("PANTHER_TOOLS"),
      exclude: src("PANTHER_EXCLUDE_TOOLS"),
      readOnly: src("PANTHER_READ_ONLY"),
    },
  };
  try {
    if (selectTools(catalogToolsets, tools, DEFAULT_TOOLSETS).tools.length === 0)
      problems.push(
        `no tool is enabled by ${tools.sources.toolsets}, ${tools.sources.include}, ${tools.sources.exclude} and ${tools.sources.readOnly}: enable at least one (${tools.sources.toolsets} accepts all, default or a toolset name)`,
      );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const config: Config = {
    instanceUrl,
    graphqlUrl: graphqlUrl ?? "",
    restUrl: restUrl ?? "",
    consoleUrl,
    logFile,
    logFileSource: logFile ? src("MCP_LOG_FILE") : undefined,
    notes,
    apiToken,
    logLevel: level,
    demo,
    lockdown: boolean(src("PANTHER_LOCKDOWN"), get("PANTHER_LOCKDOWN"), problems),
    transport,
    http: {
      host,
      port: integer(src("MCP_PORT"), get("MCP_PORT"), 3000, 0, 65535, problems),
      token: httpToken,
      maxBodyBytes: integer("MCP_MAX_BODY_BYTES", get("MCP_MAX_BODY_BYTES"), 1_048_576, 1024, 104_857_600, problems),
      allowedHosts: checkAllowedHosts("MCP_ALLOWED_HOSTS", list(get("MCP_ALLOWED_HOSTS")), problems),
      allowedOrigins: checkAllowedOrigins("MCP_ALLOWED_ORIGINS", list(get("MCP_ALLOWED_ORIGINS")), problems),
    },
    tools,
    upstream: {
      timeoutMs: integer("PANTHER_TIMEOUT_SECONDS", get("PANTHER_TIMEOUT_SECONDS"), 30, 1, 600, problems) * 1000,
      maxRetries: integer("PANTHER_MAX_RETRIES", get("PANTHER_MAX_RETRIES"), 3, 0, 10, problems),
      retryBudgetMs: integer("PANTHER_RETRY_BUDGET_SECONDS", get("PANTHER_RETRY_BUDGET_SECONDS"), 30, 0, 600, problems) * 1000,
      maxConcurrency: integer("PANTHER_MAX_CONCURRENCY", get("PANTHER_MAX_CONCURRENCY"), 8, 1, 256, problems),
    },
    shutdownGraceMs: integer("SHUTDOWN_GRACE_SECONDS", get("SHUTDOWN_GRACE_SECONDS"), 10, 0, 600, problems) * 1000,
    // On unless turned off: an empty value is the default too.
    confirmWrites: get("PANTHER_CONFIRM_WRITES")?.trim()
      ? boolean("PANTHER_CONFIRM_WRITES", get("PANTHER_CONFIRM_WRITES"), problems)
      : true,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
