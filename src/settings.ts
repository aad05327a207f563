// The settings table: every environment variable the server reads, with its flag, kind, default and
// range. loadConfig (src/config.ts) reads the rows in a loop; --help (src/cli.ts) and the README's table
// (src/settings-table.ts) are printed from them; the request core's defaults (src/upstream/client.ts) are
// read from them. A default or range is written here and nowhere else.
import {
  boolean,
  choice,
  host,
  hosts,
  integer,
  list,
  name,
  origins,
  path,
  proxy,
  refusedSwitch,
  secret,
  seconds,
  text,
  url,
} from "./setting-kinds.js";
import type { Row } from "./setting-kinds.js";

export type LogLevelName = "debug" | "info" | "warn" | "error" | "silent";
export type TransportName = "stdio" | "streamable-http";

const SAME_URL_RULES = "same URL rules";

const ROWS = {
  PANTHER_INSTANCE_URL: url({
    secretHome: "PANTHER_API_TOKEN",
    description:
      "Panther console URL (https://acme.runpanther.net; the API is found from its page) or API URL (host api.…, or path …/public/graphql); required unless --demo; no user:password@, query or fragment",
  }),
  PANTHER_API_TOKEN: secret({ description: "Panther API token (required unless --demo); never logged or returned" }),
  PANTHER_GRAPHQL_URL: url({
    secretHome: "PANTHER_API_TOKEN",
    shownDefault: "<API>/public/graphql",
    description: `GraphQL endpoint override (${SAME_URL_RULES})`,
  }),
  PANTHER_GQL_API_URL: url({
    secretHome: "PANTHER_API_TOKEN",
    description: "mcp-panther's name for PANTHER_GRAPHQL_URL (ours wins when both are set)",
  }),
  PANTHER_REST_URL: url({
    secretHome: "PANTHER_API_TOKEN",
    shownDefault: "<API>",
    description: `REST base URL override (${SAME_URL_RULES})`,
  }),
  PANTHER_REST_API_URL: url({
    secretHome: "PANTHER_API_TOKEN",
    description: "mcp-panther's name for PANTHER_REST_URL (ours wins when both are set)",
  }),
  PANTHER_ALLOW_INSECURE_INSTANCE: refusedSwitch({
    whyNot:
      "TLS certificates are always verified, so the API token cannot go to an impostor; for a private CA set NODE_EXTRA_CA_CERTS=/path/to/ca.pem, or remove the setting",
    falseMeans: "TLS is always verified",
    description:
      "not supported: TLS is always verified (trust a private CA with NODE_EXTRA_CA_CERTS); true stops the server with that reason",
  }),
  PANTHER_TIMEOUT_SECONDS: seconds({ default: 30, min: 1, max: 600, description: "timeout of one request to Panther" }),
  PANTHER_MAX_RETRIES: integer({
    default: 3,
    min: 0,
    max: 10,
    description: "retries of a failed read (429, 502-504, connection errors); writes are never retried",
  }),
  PANTHER_RETRY_BUDGET_SECONDS: seconds({ default: 30, min: 0, max: 600, description: "total time a read may spend retrying" }),
  PANTHER_MAX_CONCURRENCY: integer({ default: 8, min: 1, max: 256, description: "requests to Panther in flight at once" }),
  PANTHER_TOOLSETS: list({
    flag: "toolsets",
    default: ["default"],
    description: "toolsets to enable (folders under operations/, or all, default)",
  }),
  PANTHER_TOOLS: list({ flag: "tools", description: "extra tools to enable" }),
  PANTHER_EXCLUDE_TOOLS: list({ flag: "exclude-tools", description: "tools to leave out (wins over everything)" }),
  PANTHER_READ_ONLY: boolean({
    flag: "read-only",
    default: false,
    description: "true: register no tool that changes anything in Panther",
  }),
  PANTHER_CONFIRM_WRITES: boolean({
    default: true,
    description:
      "true: destructive writes ask the user to confirm through the MCP client (elicitation) when it can ask; false (for automation) writes at once",
  }),
  PANTHER_LOCKDOWN: boolean({
    flag: "lockdown",
    default: false,
    description:
      "true: attacker-controllable text in results (log data, alert titles, comments…) becomes [withheld N chars #hash]; IDs, timestamps, IPs and numbers pass",
  }),
  PANTHER_TOOL_PREFIX: name({
    flag: "tool-prefix",
    pattern: /^[a-z][a-z0-9_]{0,19}$/,
    rule: "a lower-case letter then up to 19 lower-case letters, digits or _",
    example: "panther_",
    allowed: "a-z, then up to 19 of a-z 0-9 _",
    description: "prefix for every tool name, e.g. panther_",
  }),
  MCP_TRANSPORT: choice<TransportName>({
    flag: "transport",
    choices: ["stdio", "streamable-http"],
    default: "stdio",
    refused: { sse: "SSE is MCP's deprecated transport (mcp-panther dropped it too); use streamable-http" },
    description: "how MCP clients connect (streamable-http listens on MCP_HOST:MCP_PORT)",
  }),
  MCP_HOST: host({
    flag: "host",
    default: "127.0.0.1",
    description: "HTTP listen address: a host name, IPv4, or IPv6 with or without brackets (::1 or [::1])",
  }),
  MCP_PORT: integer({ flag: "port", default: 3000, min: 0, max: 65535, description: "HTTP listen port (path /mcp)" }),
  MCP_HTTP_TOKEN: secret({ description: "bearer token HTTP clients must send; required unless the host is loopback" }),
  MCP_MAX_BODY_BYTES: integer({ default: 1_048_576, min: 1024, max: 104_857_600, description: "largest HTTP request body accepted" }),
  MCP_ALLOWED_HOSTS: hosts({ description: "extra Host header values accepted (loopback names always are)" }),
  MCP_ALLOWED_ORIGINS: origins({
    description: "browser Origins accepted, scheme://host[:port] or a bare host name (requests without Origin always are)",
  }),
  SHUTDOWN_GRACE_SECONDS: seconds({ default: 10, min: 0, max: 600, description: "how long in-flight calls may finish on shutdown" }),
  LOG_LEVEL: choice<LogLevelName>({
    choices: ["debug", "info", "warn", "error", "silent"],
    default: "info",
    // mcp-panther's (Python's) level names that ours spell differently.
    aliases: { warning: "warn", critical: "error" },
    description: "least important log line written; logs are JSON",
  }),
  MCP_LOG_FILE: path({
    flag: "log-file",
    description: "append logs to this file instead of stderr (~ is expanded; created with mode 600)",
  }),
  HTTPS_PROXY: proxy({
    // The request core's proxy agent (undici) reads these, the lower-case ones first.
    alsoChecks: ["https_proxy", "http_proxy", "HTTP_PROXY"],
    description: "proxy for requests to Panther (HTTP_PROXY for plain http); NO_PROXY lists hosts that bypass it",
  }),
  OTEL_EXPORTER_OTLP_ENDPOINT: url({
    secretHome: "OTEL_EXPORTER_OTLP_HEADERS",
    alsoChecks: ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"],
    description:
      "when set, export a trace span per tool call and Panther request over OTLP/HTTP (credentials go in OTEL_EXPORTER_OTLP_HEADERS)",
  }),
  OTEL_SERVICE_NAME: text({ default: "panther-mcp", description: "service name on exported traces" }),
};

export type SettingName = keyof typeof ROWS;
/** What each setting reads as: the type its row gives. */
export type SettingValues = { [K in SettingName]: (typeof ROWS)[K] extends Row<infer T> ? T : never };

/** One setting: its env var and its row. */
export type Setting = Row<unknown> & { env: SettingName };

/** Every setting, in the order --help and the README list them. */
export const SETTINGS: readonly Setting[] = Object.entries(ROWS).map(([env, row]) => ({
  env: env as SettingName,
  ...(row as Row<unknown>),
}));

/** Flags that take no value (on when given): the boolean settings that have a flag. */
export const SWITCH_FLAGS: readonly string[] = SETTINGS.filter((s) => s.flag && s.kind === "boolean").map((s) => s.flag!);

/** A setting's value when it is not set, from its row. */
export function defaultOf<K extends SettingName>(name: K): SettingValues[K] {
  return ROWS[name].fallback as SettingValues[K];
}
