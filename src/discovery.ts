// Finds Panther's API from the console URL, as Panther's console does: the console page carries its
// settings as JSON in <script id="__PANTHER_CONFIG__">, whose `rest` key (or the GraphQL endpoint it
// names) gives the API's base URL. Only a console URL needs this; an API URL is used as it is.
import { PantherMcpError, UpstreamError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { ToolContext } from "./runtime/context.js";

export const GRAPHQL_PATH = "/public/graphql";
const CONFIG_SCRIPT_ID = "__PANTHER_CONFIG__";
const INTERNAL_GRAPHQL = "/internal/graphql";

/** What PANTHER_INSTANCE_URL names, decided from the URL alone (no request). */
export type InstanceUrl = { kind: "api"; restUrl: string; graphqlUrl: string } | { kind: "console"; url: string };

/**
 * The rule: an API URL is one whose path ends in /public/graphql (Panther's GraphQL endpoint; the REST
 * base is the URL without it) or whose host name starts with `api.` (https://api.acme.runpanther.net).
 * Anything else is a console URL (https://acme.runpanther.net), whose page names the API.
 * `url` is a checked URL setting: http(s), no credentials, query or fragment, no trailing slash.
 */
export function classifyInstanceUrl(url: string): InstanceUrl {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, "");
  if (path.endsWith(GRAPHQL_PATH)) {
    const restUrl = `${parsed.origin}${path.slice(0, -GRAPHQL_PATH.length)}`;
    return { kind: "api", restUrl, graphqlUrl: `${restUrl}${GRAPHQL_PATH}` };
  }
  if (parsed.hostname.startsWith("api.")) return { kind: "api", restUrl: url, graphqlUrl: `${url}${GRAPHQL_PATH}` };
  return { kind: "console", url };
}

/**
 * The API's base URL named by a console page, or why there is none. The page's text is parsed as
 * HTML (htmlparser2, loaded on first use): the first <script id="__PANTHER_CONFIG__"> must hold a JSON
 * object with `rest`, or `WEB_APPLICATION_GRAPHQL_API_ENDPOINT` ending in /internal/graphql.
 */
export async function apiBaseFromPage(html: string, consoleUrl: string): Promise<{ restUrl: string } | { problem: string }> {
  const { Parser } = await import("htmlparser2");
  let inScript = false;
  let found = false;
  let json = "";
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (!found && name === "script" && attributes.id === CONFIG_SCRIPT_ID) inScript = found = true;
      },
      ontext(text) {
        if (inScript) json += text;
      },
      onclosetag(name) {
        if (name === "script") inScript = false;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  if (!found) return { problem: `the page has no <script id="${CONFIG_SCRIPT_ID}">` };
  let settings: unknown;
  try {
    settings = JSON.parse(json);
  } catch {
    return { problem: `its ${CONFIG_SCRIPT_ID} script is not JSON` };
  }
  if (!settings || typeof settings !== "object" || Array.isArray(settings))
    return { problem: `its ${CONFIG_SCRIPT_ID} script is not a JSON object` };
  const { rest, WEB_APPLICATION_GRAPHQL_API_ENDPOINT: internal } = settings as Record<string, unknown>;
  let base: string | undefined;
  if (typeof rest === "string" && rest.trim()) base = rest.trim();
  else if (typeof internal === "string" && internal.trim().replace(/\/+$/, "").endsWith(INTERNAL_GRAPHQL))
    base = internal.trim().replace(/\/+$/, "").slice(0, -INTERNAL_GRAPHQL.length);
  if (base === undefined)
    return {
      problem: `its ${CONFIG_SCRIPT_ID} has neither "rest" nor a WEB_APPLICATION_GRAPHQL_API_ENDPOINT ending in ${INTERNAL_GRAPHQL}`,
    };
  const url = URL.canParse(base) ? new URL(base) : undefined;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || url.search || url.hash)
    return { problem: `the API URL it names is not an http(s) URL without credentials, query or fragment` };
  // The token must not drop to plain http because a page said so.
  if (new URL(consoleUrl).protocol === "https:" && url.protocol !== "https:")
    return { problem: `the API URL it names is plain http while the console is https` };
  return { restUrl: url.toString().replace(/\/+$/, "") };
}

export interface Endpoints {
  graphqlUrl: string;
  restUrl: string;
}

/** Where the endpoints came from, for config://panther. */
export type EndpointState =
  | { status: "configured" }
  | { status: "pending" | "discovering"; console: string }
  | { status: "discovered"; console: string }
  | { status: "failed"; console: string; error: string };

/** Fetches a web page as text through the request core (PantherClient.page); `context` is the call it is for, for the logs. */
export type FetchPage = (url: string, context?: ToolContext) => Promise<string>;

/**
 * The API endpoints for requests to Panther: the configured ones, or those the console page names,
 * found once on first need (concurrent callers share the one fetch). A failure is not kept: the
 * next call tries again, so a console that was briefly down does not leave the server useless.
 * What is missing is filled in; an endpoint given by its own setting is kept.
 */
export class EndpointResolver {
  private found: Endpoints | undefined;
  private running: Promise<Endpoints> | undefined;
  private current: EndpointState;

  constructor(
    private readonly given: Partial<Endpoints>,
    private readonly consoleUrl: string | undefined,
    private readonly fetchPage: () => Promise<FetchPage & { close?: () => Promise<void> }>,
    private readonly logger: Logger,
  ) {
    if (given.graphqlUrl && given.restUrl) this.found = { graphqlUrl: given.graphqlUrl, restUrl: given.restUrl };
    this.current = this.found || !consoleUrl ? { status: "configured" } : { status: "pending", console: consoleUrl };
  }

  /** The endpoints as known now (empty strings before discovery) and where they came from. */
  view(): Endpoints & { state: EndpointState } {
    return { graphqlUrl: this.found?.graphqlUrl ?? "", restUrl: this.found?.restUrl ?? "", state: this.current };
  }

  /** `context`: the tool call that needs the endpoints, named in the page fetch's log lines. */
  resolve(context?: ToolContext): Promise<Endpoints> {
    if (this.found) return Promise.resolve(this.found);
    // Nothing to discover from: what was given is all there is (a hand-made Config; loadConfig never leaves this).
    if (!this.consoleUrl) return Promise.resolve({ graphqlUrl: this.given.graphqlUrl ?? "", restUrl: this.given.restUrl ?? "" });
    this.running ??= this.discover(context).finally(() => (this.running = undefined));
    return this.running;
  }

  private async discover(context: ToolContext | undefined): Promise<Endpoints> {
    const consoleUrl = this.consoleUrl!;
    this.current = { status: "discovering", console: consoleUrl };
    const started = performance.now();
    let page: { restUrl: string } | { problem: string; cause?: unknown };
    try {
      const fetchPage = await this.fetchPage();
      try {
        page = await apiBaseFromPage(await fetchPage(consoleUrl, context), consoleUrl);
      } finally {
        await fetchPage.close?.();
      }
    } catch (error) {
      page = { problem: (error as Error).message.replace(/\.$/, ""), cause: error };
    }
    if ("problem" in page) {
      // The request core's code (e.g. UPSTREAM_UNAVAILABLE, retryable) is kept; the message is the one line.
      const { cause } = page;
      const failure =
        cause instanceof PantherMcpError
          ? new PantherMcpError(cause.code, discoveryFailure(consoleUrl, page.problem), cause.retryable)
          : new UpstreamError(discoveryFailure(consoleUrl, page.problem));
      this.current = { status: "failed", console: consoleUrl, error: failure.message };
      this.logger.error({ console: consoleUrl }, failure.message);
      throw failure;
    }
    const { restUrl } = page;
    this.found = { graphqlUrl: this.given.graphqlUrl ?? `${restUrl}${GRAPHQL_PATH}`, restUrl: this.given.restUrl ?? restUrl };
    this.current = { status: "discovered", console: consoleUrl };
    this.logger.info(
      { console: consoleUrl, graphql: this.found.graphqlUrl, rest: this.found.restUrl, ms: Math.round(performance.now() - started) },
      "panther API endpoints discovered from the console page",
    );
    return this.found;
  }
}

/** The one line a failed discovery gives: what was tried, what went wrong, what to set instead. */
export function discoveryFailure(consoleUrl: string, problem: string): string {
  return (
    `Could not find Panther's API from the console page ${consoleUrl} (PANTHER_INSTANCE_URL): ${problem.replace(/\s+/g, " ")}. ` +
    "Set PANTHER_INSTANCE_URL to the API URL instead (e.g. https://api.acme.runpanther.net), or set PANTHER_REST_URL."
  );
}
