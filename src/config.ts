import { ConfigError } from "./config-error.js";
import { classifyInstanceUrl, GRAPHQL_PATH } from "./discovery.js";
import { isLoopback } from "./net/loopback.js";
import { selectTools } from "./selection.js";
import { SETTINGS, type LogLevelName, type SettingName, type SettingValues, type TransportName } from "./settings.js";
import { catalogToolsets } from "./tools/catalog.js";
import { DEFAULT_TOOLSETS } from "./tools/defaults.js";

export { ConfigError };
export { printableUrl } from "./setting-kinds.js";
export { SETTINGS, SWITCH_FLAGS, type LogLevelName, type Setting, type TransportName } from "./settings.js";

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

/**
 * Reads and validates configuration. `flags` (CLI) override the environment. Every problem is one
 * line naming where the value came from (the flag when one was given, else the env var) and what
 * is allowed; secrets are never echoed. Demo mode needs no credentials (filled in later).
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: { demo?: boolean } & Record<string, string | boolean | undefined> = {}): Config {
  const problems: string[] = [];
  const read: Partial<Record<SettingName, unknown>> = {};
  /** Where each value came from: `--flag` when the flag was given, else the env var. */
  const src = {} as Record<SettingName, string>;
  /** Whether each setting was given a value (valid or not). */
  const given = {} as Record<SettingName, boolean>;
  for (const setting of SETTINGS) {
    const fromFlag = setting.flag ? flags[setting.flag] : undefined;
    const source = fromFlag !== undefined ? `--${setting.flag}` : setting.env;
    const text = String(fromFlag ?? env[setting.env] ?? "").trim();
    const at = { source, problems, env };
    read[setting.env] = text === "" ? setting.fallback : setting.read(text, at);
    src[setting.env] = source;
    given[setting.env] = text !== "";
    for (const other of setting.alsoChecks ?? []) {
      const otherText = env[other]?.trim() ?? "";
      if (otherText !== "") setting.read(otherText, { ...at, source: other });
    }
  }
  const value = read as SettingValues;
  const demo = Boolean(flags.demo);
  const notes: string[] = [];

  // Endpoints (PANTHER_INSTANCE_URL, PANTHER_GRAPHQL_URL / PANTHER_GQL_API_URL, PANTHER_REST_URL /
  // PANTHER_REST_API_URL): our override, else mcp-panther's name for it, else what the instance URL says.
  const override = (ours: "PANTHER_GRAPHQL_URL" | "PANTHER_REST_URL", theirs: "PANTHER_GQL_API_URL" | "PANTHER_REST_API_URL") => {
    const mine = value[ours];
    const alias = value[theirs];
    if (mine && alias && mine !== alias) notes.push(`${theirs} is ignored: ${ours} is set too, to another URL, and wins`);
    return mine ?? alias;
  };
  const instanceUrl = value.PANTHER_INSTANCE_URL;
  const graphqlOverride = override("PANTHER_GRAPHQL_URL", "PANTHER_GQL_API_URL");
  const restOverride = override("PANTHER_REST_URL", "PANTHER_REST_API_URL");
  const instance = instanceUrl ? classifyInstanceUrl(instanceUrl) : undefined;
  const api = instance?.kind === "api" ? instance : undefined;
  const restUrl = restOverride ?? api?.restUrl;
  const graphqlUrl = graphqlOverride ?? api?.graphqlUrl ?? (restOverride ? `${restOverride}${GRAPHQL_PATH}` : undefined);
  const consoleUrl = instance?.kind === "console" && (!restUrl || !graphqlUrl) ? instance.url : undefined;

  // MCP_HTTP_TOKEN with MCP_TRANSPORT and MCP_HOST: off loopback, HTTP needs a token.
  const host = value.MCP_HOST;
  const httpToken = value.MCP_HTTP_TOKEN || undefined;
  if (value.MCP_TRANSPORT === "streamable-http" && !isLoopback(host) && !httpToken) {
    problems.push(
      `MCP_HTTP_TOKEN must be set when ${src.MCP_HOST} is not a loopback address (got ${host}): anyone who can reach the port could use your Panther token`,
    );
  }

  // PANTHER_INSTANCE_URL (or a REST URL) and PANTHER_API_TOKEN, unless --demo. A value that was given but
  // refused is reported once, by its row, not also as unset.
  if (!demo) {
    if (!given.PANTHER_INSTANCE_URL && !given.PANTHER_REST_URL && !given.PANTHER_REST_API_URL) {
      problems.push(
        "PANTHER_INSTANCE_URL is not set: set it to your Panther console URL (e.g. https://acme.runpanther.net) or API URL (e.g. https://api.acme.runpanther.net), or run with --demo to use the built-in simulator",
      );
    }
    if (!value.PANTHER_API_TOKEN)
      problems.push("PANTHER_API_TOKEN is not set: create an API token in Panther (Settings → API Tokens) and set it, or run with --demo");
  }

  // PANTHER_TOOLSETS, PANTHER_TOOLS, PANTHER_EXCLUDE_TOOLS and PANTHER_READ_ONLY: names that exist, at least one tool left.
  const tools: Config["tools"] = {
    toolsets: value.PANTHER_TOOLSETS,
    include: value.PANTHER_TOOLS,
    exclude: value.PANTHER_EXCLUDE_TOOLS,
    readOnly: value.PANTHER_READ_ONLY,
    prefix: value.PANTHER_TOOL_PREFIX,
    sources: {
      toolsets: src.PANTHER_TOOLSETS,
      include: src.PANTHER_TOOLS,
      exclude: src.PANTHER_EXCLUDE_TOOLS,
      readOnly: src.PANTHER_READ_ONLY,
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
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    instanceUrl,
    graphqlUrl: graphqlUrl ?? "",
    restUrl: restUrl ?? "",
    consoleUrl,
    logFile: value.MCP_LOG_FILE,
    logFileSource: value.MCP_LOG_FILE ? src.MCP_LOG_FILE : undefined,
    notes,
    apiToken: value.PANTHER_API_TOKEN,
    logLevel: value.LOG_LEVEL,
    demo,
    lockdown: value.PANTHER_LOCKDOWN,
    transport: value.MCP_TRANSPORT,
    http: {
      host,
      port: value.MCP_PORT,
      token: httpToken,
      maxBodyBytes: value.MCP_MAX_BODY_BYTES,
      allowedHosts: value.MCP_ALLOWED_HOSTS,
      allowedOrigins: value.MCP_ALLOWED_ORIGINS,
    },
    tools,
    upstream: {
      timeoutMs: value.PANTHER_TIMEOUT_SECONDS,
      maxRetries: value.PANTHER_MAX_RETRIES,
      retryBudgetMs: value.PANTHER_RETRY_BUDGET_SECONDS,
      maxConcurrency: value.PANTHER_MAX_CONCURRENCY,
    },
    shutdownGraceMs: value.SHUTDOWN_GRACE_SECONDS,
    confirmWrites: value.PANTHER_CONFIRM_WRITES,
  };
}
