import { z } from "zod";

export type LogLevelName = "debug" | "info" | "warn" | "error" | "silent";

export interface Config {
  instanceUrl?: string;
  graphqlUrl: string;
  restUrl: string;
  apiToken: string;
  logLevel: LogLevelName;
  /** Per-request timeout for calls to Panther. */
  requestTimeoutMs: number;
  demo: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

function checkUrl(name: string, value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined || value === "") return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("protocol");
    return url.toString().replace(/\/+$/, "");
  } catch {
    problems.push(`${name} must be an http(s) URL, e.g. https://acme.runpanther.net (got "${value.slice(0, 80)}")`);
    return undefined;
  }
}

/**
 * Reads and validates configuration from the environment. Every problem is one line naming the
 * variable and what is allowed. Demo mode needs no credentials (endpoints are filled in later).
 */
export function loadConfig(env: NodeJS.ProcessEnv, opts: { demo: boolean }): Config {
  const problems: string[] = [];
  const instanceUrl = checkUrl("PANTHER_INSTANCE_URL", env.PANTHER_INSTANCE_URL, problems);
  const graphqlOverride = checkUrl("PANTHER_GRAPHQL_URL", env.PANTHER_GRAPHQL_URL, problems);
  const restOverride = checkUrl("PANTHER_REST_URL", env.PANTHER_REST_URL, problems);
  const apiToken = (env.PANTHER_API_TOKEN ?? "").trim();
  const level = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!(LEVELS as readonly string[]).includes(level))
    problems.push(`LOG_LEVEL must be one of ${LEVELS.join(", ")} (got "${level.slice(0, 20)}")`);
  const timeout = z.coerce
    .number()
    .int()
    .min(1)
    .max(600)
    .safeParse(env.PANTHER_TIMEOUT_SECONDS ?? "30");
  if (!timeout.success) problems.push("PANTHER_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600");

  if (!opts.demo) {
    if (!instanceUrl && !(graphqlOverride && restOverride)) {
      problems.push(
        "PANTHER_INSTANCE_URL is not set: set it to your Panther API URL (e.g. https://api.acme.runpanther.net), or run with --demo to use the built-in simulator",
      );
    }
    if (!apiToken)
      problems.push("PANTHER_API_TOKEN is not set: create an API token in Panther (Settings → API Tokens) and set it, or run with --demo");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    instanceUrl,
    graphqlUrl: graphqlOverride ?? (instanceUrl ? `${instanceUrl}/public/graphql` : ""),
    restUrl: restOverride ?? instanceUrl ?? "",
    apiToken,
    logLevel: level as LogLevelName,
    requestTimeoutMs: (timeout.success ? timeout.data : 30) * 1000,
    demo: opts.demo,
  };
}
