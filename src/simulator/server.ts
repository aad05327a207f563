// The simulator's HTTP server: authentication, fault injection, request log and routing
// to the GraphQL and REST halves. Nothing here writes to stdout.
// The halves (and graphql-js, which both use) are loaded on the first request that reaches one, so
// that starting the simulator (in `panther-mcp --demo`, on the first request to it) loads neither;
// their import promise is started once and shared.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GqlContext } from "./alert-resolvers.js";
import type { Faults, FaultRule } from "./faults.js";
import type { GraphQLRequestBody } from "./graphql-api.js";
import { BodyTooLarge, guessOperationName, queryRecord, readBody, waitForClient } from "./http-util.js";
import type { SimState } from "./state.js";

type Halves = {
  runGraphQL: typeof import("./graphql-api.js").runGraphQL;
  handleRest: typeof import("./rest-api.js").handleRest;
  HttpError: typeof import("./errors.js").HttpError;
};

let halves: Promise<Halves> | undefined;

/** The GraphQL and REST halves, imported on first use. */
function loadHalves(): Promise<Halves> {
  halves ??= Promise.all([import("./graphql-api.js"), import("./rest-api.js"), import("./errors.js")]).then(([graphql, rest, errors]) => ({
    runGraphQL: graphql.runGraphQL,
    handleRest: rest.handleRest,
    HttpError: errors.HttpError,
  }));
  return halves;
}

export const GRAPHQL_PATH = "/public/graphql";
/** GET / is the console page, public like Panther's: its __PANTHER_CONFIG__ script names the API. */
export const CONSOLE_PATH = "/";

/** The console page's __PANTHER_CONFIG__ settings: undefined names this simulator's API; null leaves the script out. */
export type ConsoleSettings = Record<string, unknown> | null | undefined;

/** The console page: an app shell whose settings sit in a JSON script, as on a Panther instance. */
function consoleHtml(settings: Record<string, unknown> | null): string {
  // "<" escaped, so no value can close the script element.
  const script = settings
    ? `<script id="__PANTHER_CONFIG__" type="application/json">${JSON.stringify(settings).replace(/</g, "\\u003c")}</script>`
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Panther (simulator)</title>${script}</head><body><div id="root"></div><script src="/static/app.js"></script></body></html>`;
}

/** One request as the simulator saw it. The API key is never recorded. */
export interface RecordedRequest {
  kind: "graphql" | "rest";
  method: string;
  path: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  /** Parsed query string; repeated parameters become arrays. */
  query?: Record<string, string | string[]>;
  /** Parsed JSON body, when there was one. */
  body?: unknown;
  /** HTTP status sent; 499 if the client went away first, 0 while still being handled. */
  status: number;
  receivedAt: string;
}

interface Exchange {
  res: ServerResponse;
  record: RecordedRequest;
  extraHeaders: Record<string, string>;
}

function send(x: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const { res, record } = x;
  if (res.destroyed || res.writableEnded) {
    if (record.status === 0) record.status = 499;
    return;
  }
  record.status = status;
  const text = typeof body === "string" ? body : JSON.stringify(body ?? null);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...x.extraHeaders,
    ...headers,
  });
  res.end(text);
}

function faultBody(rule: FaultRule, kind: "graphql" | "rest", status: number): unknown {
  if (rule.body !== undefined) return rule.body;
  const message = `simulated fault: HTTP ${status}`;
  return kind === "graphql" ? { errors: [{ message }] } : { message };
}

export class SimulatorServer {
  readonly requests: RecordedRequest[] = [];
  consoleSettings: ConsoleSettings;
  private readonly server: Server;

  /** `given`: a server already listening, to serve on instead of one of its own. */
  constructor(
    private readonly state: SimState,
    private readonly faults: Faults,
    private readonly given?: Server,
  ) {
    this.server = given ?? createServer();
    this.server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((err: unknown) => this.crashed(res, err));
    });
    this.server.on("clientError", (_err, socket) => socket.destroy());
  }

  /** Listens on `port` and gives the port; a given server already listens, so its port is given. */
  listen(port: number): Promise<number> {
    if (this.given) return Promise.resolve((this.given.address() as AddressInfo).port);
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private crashed(res: ServerResponse, err: unknown): void {
    try {
      if (!res.headersSent && !res.destroyed) {
        const message = `internal simulator error: ${err instanceof Error ? err.message : String(err)}`;
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message }));
      } else {
        res.destroy();
      }
    } catch {
      // nothing more we can do for this request
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const kind = url.pathname === GRAPHQL_PATH ? "graphql" : "rest";
    const record: RecordedRequest = { kind, method, path: url.pathname, status: 0, receivedAt: new Date().toISOString() };
    const query = queryRecord(url.searchParams);
    if (Object.keys(query).length) record.query = query;
    this.requests.push(record);
    const x: Exchange = { res, record, extraHeaders: {} };
    res.on("close", () => {
      if (record.status === 0) record.status = 499;
    });
    try {
      await this.process(req, x, url, query);
    } catch (err) {
      if (!res.headersSent && !res.destroyed) {
        x.extraHeaders = {};
        send(x, 500, { message: `internal simulator error: ${err instanceof Error ? err.message : String(err)}` });
      } else {
        res.destroy();
      }
    }
  }

  private async process(req: IncomingMessage, x: Exchange, url: URL, query: Record<string, string | string[]>): Promise<void> {
    const { res, record } = x;
    const { kind, method } = record;

    let raw: string;
    try {
      raw = await readBody(req);
    } catch (err) {
      return send(x, err instanceof BodyTooLarge ? 413 : 400, {
        message: err instanceof BodyTooLarge ? "request body too large" : "could not read request body",
      });
    }
    let parsed: unknown;
    let badJson = false;
    if (raw.trim() !== "") {
      try {
        parsed = JSON.parse(raw);
        record.body = parsed;
      } catch {
        badJson = true;
      }
    }
    if (kind === "graphql" && parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const b = parsed as GraphQLRequestBody;
      const op = typeof b.operationName === "string" ? b.operationName : guessOperationName(b.query);
      if (op) record.operationName = op;
      if (b.variables && typeof b.variables === "object" && !Array.isArray(b.variables))
        record.variables = b.variables as Record<string, unknown>;
    }

    const key = req.headers["x-api-key"];
    const token = this.state.tokenByValue(Array.isArray(key) ? key[0] : key);
    const consolePage = method === "GET" && url.pathname === CONSOLE_PATH;
    if (!token && !consolePage) return send(x, 401, { message: "invalid API key" });

    const rule = this.faults.take({ kind, method, path: url.pathname, operationName: record.operationName });
    if (rule) {
      if (rule.headers) x.extraHeaders = { ...rule.headers };
      if (rule.delayMs && rule.delayMs > 0 && !(await waitForClient(rule.delayMs, res))) {
        record.status = 499;
        return;
      }
      if (rule.status !== undefined) return send(x, rule.status, faultBody(rule, kind, rule.status));
      if (rule.graphqlErrors) return send(x, 200, { data: null, errors: rule.graphqlErrors });
    }

    if (consolePage) {
      const origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
      const settings =
        this.consoleSettings === undefined
          ? { rest: origin, WEB_APPLICATION_GRAPHQL_API_ENDPOINT: `${origin}/internal/graphql`, PANTHER_VERSION: "simulator" }
          : this.consoleSettings;
      return send(x, 200, consoleHtml(settings), { "content-type": "text/html; charset=utf-8" });
    }
    if (!token) return send(x, 401, { message: "invalid API key" });
    if (badJson) {
      const message = "request body is not valid JSON";
      return send(x, 400, kind === "graphql" ? { errors: [{ message, extensions: { code: "BAD_REQUEST" } }] } : { message });
    }
    if (kind === "graphql") {
      if (method !== "POST") return send(x, 405, { errors: [{ message: "GraphQL requests must use POST" }] }, { Allow: "POST" });
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        return send(x, 400, { errors: [{ message: "request body must be a JSON object", extensions: { code: "BAD_REQUEST" } }] });
      }
      const ctx: GqlContext = { state: this.state, token };
      const result = await (await loadHalves()).runGraphQL(parsed as GraphQLRequestBody, ctx);
      return send(x, result.status, result.body);
    }
    const { handleRest, HttpError } = await loadHalves();
    try {
      const out = handleRest(this.state, token, method, url.pathname, query, parsed);
      return send(x, out.status, out.body, out.headers);
    } catch (err) {
      if (err instanceof HttpError) return send(x, err.status, { message: err.message }, err.headers);
      throw err;
    }
  }
}
