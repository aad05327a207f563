import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logger.js";
import type { Dispatcher } from "undici";
import { CancelledError, PantherMcpError, TimeoutError, UpstreamError, UpstreamUnavailableError } from "../errors.js";
import { contextOf } from "../runtime/context.js";
import type { CallOptions, GraphqlRequest, PantherTransport, RestRequest } from "../runtime/transport.js";
import { defaultOf } from "../settings.js";
import { AttemptStop } from "./attempt-stop.js";
import { backoffMs, parseRetryAfter } from "./backoff.js";
import { createDispatcher } from "./dispatcher.js";
import { isRetryableNetworkCode, isRetryableStatus } from "./policy.js";
import { Semaphore, type Release } from "./semaphore.js";
import { UpstreamErrors } from "./error-mapping.js";
import { readCapped, type BodySource } from "./read-body.js";
import { Scrubber } from "./scrub.js";

/** The part of a fetch response the client reads (undici's and the global one both fit). */
export interface UpstreamResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  /** Read in chunks when present, so an oversized answer is stopped at the size cap. */
  readonly body?: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
}

export interface UpstreamRequestInit {
  method: string;
  body: string | undefined;
  signal: AbortSignal;
  headers: Record<string, string>;
  /** Redirects are never followed: the API key and body must not reach another origin. */
  redirect: "manual";
}

/** A fetch function; the global `fetch` fits, for tests that stub the network. */
export type FetchLike = (url: string, init: UpstreamRequestInit) => Promise<UpstreamResponse>;

/** One answer as the request core reads it, whichever API brought it. */
interface Answer extends BodySource {
  readonly status: number;
  header(name: string): string | null;
}

/** Sends one attempt; `stop` aborts it (undici takes it as it is, a fetch function its AbortSignal). */
type Send = (url: string, init: Omit<UpstreamRequestInit, "signal">, stop: AttemptStop) => Promise<Answer>;

export interface PantherClientOptions {
  graphqlUrl: string;
  restUrl: string;
  apiToken: string;
  timeoutMs: number;
  logger: Logger;
  /**
   * Replaces the network (tests, or a caller with its own fetch); without it requests go through
   * undici's `request` on one keep-alive pool (about a third of the CPU of undici's fetch per call).
   */
  fetch?: FetchLike;
  userAgent?: string;
  /** Retries of a failed read; writes are never retried. */
  maxRetries?: number;
  /** Total time a read may spend retrying. */
  retryBudgetMs?: number;
  /** Requests to Panther in flight at once. */
  maxConcurrency?: number;
}

// Defaults for a client made without them (tests): the settings table's, written there only.
const DEFAULT_MAX_RETRIES = defaultOf("PANTHER_MAX_RETRIES");
const DEFAULT_RETRY_BUDGET_MS = defaultOf("PANTHER_RETRY_BUDGET_SECONDS");
const DEFAULT_MAX_CONCURRENCY = defaultOf("PANTHER_MAX_CONCURRENCY");
/** The largest answer read from Panther; a larger one is an UPSTREAM_ERROR, not held in memory. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

interface Outgoing {
  operation: string;
  method: string;
  url: string;
  body: string | undefined;
  /** Writes get exactly one attempt. */
  mutation: boolean;
  /** A web page (the console), fetched without the API key and handed back as text. */
  page?: boolean;
}

/** How one attempt ended. `retry` says whether a read may try again, and why. */
type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: PantherMcpError; retry?: "status" | "network" | "timeout"; status?: number; retryAfterMs?: number };

/**
 * The one request core for Panther's GraphQL and REST APIs: API key header, per-request timeout,
 * caller cancellation, typed errors by status, and no secret in any message or log line. Reads are
 * retried on 429/502/503/504 and connection failures within a try count and a time budget;
 * mutations are sent exactly once. At most `maxConcurrency` requests are in flight; the rest queue.
 */
export class PantherClient implements PantherTransport {
  private readonly sendImpl: Send;
  /** The keep-alive pool, made on the first request (undici loads then, not at start-up). */
  private network: Promise<Dispatcher> | undefined;
  /** The same once made: a request then starts without waiting a turn for the promise. */
  private dispatcher: Dispatcher | undefined;
  private readonly slots: Semaphore;
  private readonly errors: UpstreamErrors;
  private readonly scrubber: Scrubber;
  private readonly maxRetries: number;
  private readonly retryBudgetMs: number;
  /** The headers of every API request, and of a page's (which carries no API key); made once. */
  private readonly apiHeaders: Record<string, string>;
  private readonly pageHeaders: Record<string, string>;

  constructor(private readonly options: PantherClientOptions) {
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryBudgetMs = options.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
    this.slots = new Semaphore(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
    this.scrubber = new Scrubber([options.apiToken]);
    this.errors = new UpstreamErrors(this.scrubber);
    const userAgent = options.userAgent ?? "panther-mcp";
    this.apiHeaders = {
      "X-API-Key": options.apiToken,
      "Content-Type": "application/json",
      Accept: "application/json",
      "User-Agent": userAgent,
    };
    this.pageHeaders = { Accept: "text/html", "User-Agent": userAgent };
    this.sendImpl = options.fetch ? viaFetch(options.fetch) : (url, init, stop) => this.viaUndici(url, init, stop);
  }

  /** The last URL requested, taken apart. */
  private parsedUrl: { text: string; origin: string; path: string } | undefined;

  private connect(): Promise<Dispatcher> {
    // A pool that could not be made (a proxy setting undici refuses) is tried again on the next request.
    return (this.network ??= createDispatcher().then(
      (dispatcher) => (this.dispatcher = dispatcher),
      (error: unknown) => {
        this.network = undefined;
        throw error;
      },
    ));
  }

  /** Closes the connection pool once requests in flight have finished. */
  async close(): Promise<void> {
    if (this.network) await (await this.network).close();
  }

  /**
   * One request with the pool's `request`: it never follows a redirect (a 3xx comes back as it is) and
   * hands the body over as a stream, which readCapped reads under the size cap.
   */
  private async viaUndici(url: string, init: Omit<UpstreamRequestInit, "signal">, stop: AttemptStop): Promise<Answer> {
    const dispatcher = this.dispatcher ?? (await this.connect());
    // Origin and path as undici's request(url) takes them apart; the GraphQL endpoint's (every call's) once.
    if (this.parsedUrl?.text !== url) {
      const parsed = new URL(url);
      this.parsedUrl = { text: url, origin: parsed.origin, path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname };
    }
    const { statusCode, headers, body } = await dispatcher.request({
      origin: this.parsedUrl.origin,
      path: this.parsedUrl.path,
      method: init.method as "GET",
      headers: init.headers,
      body: init.body,
      signal: stop,
    });
    const header = (name: string): string | null => {
      const value = headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    };
    return {
      status: statusCode,
      header,
      declaredLength: header("content-length"),
      chunks: null,
      stream: body,
      text: () => body.text(),
      discard: () => {
        // Destroying reports an abort error of its own; nobody waits for it.
        body.on("error", () => undefined);
        body.destroy();
      },
    };
  }

  async graphql<T>(request: GraphqlRequest, options?: CallOptions): Promise<T> {
    // As JSON.stringify of { query, operationName, variables } writes it (leaving out what is undefined),
    // with the document's JSON made once.
    let body = `{"query":${documentJson(request.query)}`;
    if (request.operationName !== undefined) body += `,"operationName":${JSON.stringify(request.operationName)}`;
    const variables = JSON.stringify(request.variables);
    if (variables !== undefined) body += `,"variables":${variables}`;
    body += "}";
    const outgoing = { operation: request.operationName, method: "POST", url: this.options.graphqlUrl, body, mutation: request.mutation };
    const payload = (await this.send(outgoing, options)) as {
      data?: T;
      errors?: { message?: string; extensions?: { code?: string } }[];
    } | null;
    // GraphQL errors arrive with HTTP 200 and describe the request itself, so they are never retried.
    if (payload?.errors?.length) throw this.errors.fromGraphql(request.operationName, payload.errors);
    if (!payload || payload.data === undefined || payload.data === null) {
      throw new UpstreamError(`Panther returned no data for ${request.operationName}.`);
    }
    return payload.data;
  }

  async rest<T>(request: RestRequest, options?: CallOptions): Promise<T> {
    const url = new URL(this.options.restUrl + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    // Only a GET counts as a read: other methods may change something, so they are sent once.
    const mutation = request.mutation || request.method !== "GET";
    const outgoing = { operation: request.operationName, method: request.method, url: url.toString(), body, mutation };
    return (await this.send(outgoing, options)) as T;
  }

  /**
   * A web page as text: a GET without the API key (a page needs none, and the key stays with the API's
   * origin), under the same timeout, proxy, TLS, retry, redirect refusal, size cap and scrubber as API calls.
   */
  async page(url: string, operation: string, options?: CallOptions): Promise<string> {
    return (await this.send({ operation, method: "GET", url, body: undefined, mutation: false, page: true }, options)) as string;
  }

  /** Sends a request, retrying a read while the failure is transient and tries and budget allow. */
  private async send(req: Outgoing, options?: CallOptions): Promise<unknown> {
    const callerSignal = options?.signal;
    const started = performance.now();
    for (let retries = 0; ; retries++) {
      const outcome = await this.attempt(req, options);
      if (outcome.ok) return outcome.value;
      const { error } = outcome;
      if (req.mutation || !outcome.retry || callerSignal?.aborted) throw error;
      if (retries >= this.maxRetries) throw gaveUp(error, retries);
      const remaining = this.retryBudgetMs - (performance.now() - started);
      const waitMs = Math.round(outcome.retryAfterMs ?? backoffMs(retries));
      if (waitMs > remaining) {
        if (outcome.retryAfterMs !== undefined) {
          // The message already says when to come back (Retry-After); waiting here would overrun the budget.
          throw withNote(error, `Not retried here: that is beyond the retry budget of ${seconds(this.retryBudgetMs)} s.`);
        }
        throw gaveUp(error, retries);
      }
      // A further attempt after a timeout must be able to run its whole course within the budget.
      if (outcome.retry === "timeout" && waitMs + this.options.timeoutMs > remaining) throw gaveUp(error, retries);
      const call = options?.context ?? contextOf(callerSignal);
      this.options.logger.info(
        {
          tool: call?.toolName,
          requestId: call?.requestId,
          operation: req.operation,
          attempt: retries + 1,
          status: outcome.status,
          reason: outcome.retry,
          waitMs,
        },
        "retrying panther request",
      );
      try {
        await sleep(waitMs, undefined, { signal: callerSignal });
      } catch {
        throw new CancelledError(`${req.operation} was cancelled.`);
      }
    }
  }

  /**
   * One request: waits for a concurrency slot (a free one is taken at once), then sends under its own
   * timeout. The timer and the hook on the caller's signal live exactly as long as the attempt (see
   * AttemptStop): nothing of the call is held by a timer after it (AbortSignal.timeout and
   * AbortSignal.any held it until the timer fired or for the life of the caller's signal).
   */
  private async attempt(req: Outgoing, options: CallOptions | undefined): Promise<Outcome> {
    const signal = options?.signal;
    let release: Release | undefined = signal?.aborted ? undefined : this.slots.tryAcquire();
    if (!release) {
      try {
        release = await this.slots.acquire(signal);
      } catch {
        return { ok: false, error: new CancelledError(`${req.operation} was cancelled.`) };
      }
    }
    const stop = new AttemptStop(this.options.timeoutMs, signal);
    try {
      return await this.exchangeWith(req, stop, options);
    } finally {
      stop.end();
      release();
    }
  }

  private async exchangeWith(req: Outgoing, stop: AttemptStop, options: CallOptions | undefined): Promise<Outcome> {
    const { operation, method, url } = req;
    const debug = this.options.logger.isLevelEnabled("debug");
    const started = debug ? performance.now() : 0;
    let response: Answer;
    let text: string;
    try {
      response = await this.sendImpl(
        url,
        { method, body: req.body, redirect: "manual", headers: req.page ? this.pageHeaders : this.apiHeaders },
        stop,
      );
      text = await readCapped(response, MAX_RESPONSE_BYTES);
    } catch (error) {
      if (error instanceof PantherMcpError) return { ok: false, error };
      return this.transportFailure(operation, error, stop.cause);
    }
    // Everything Panther sent is untrusted: secrets it reflects are removed before anything reads it.
    text = this.scrubber.text(text);
    const status = response.status;
    const ok = status >= 200 && status < 300;
    if (debug) {
      const call = options?.context ?? contextOf(options?.signal);
      this.options.logger.debug(
        {
          tool: call?.toolName,
          requestId: call?.requestId,
          operation,
          method,
          path: new URL(url).pathname,
          status,
          ms: Math.round(performance.now() - started),
        },
        "panther request",
      );
    }
    if (status >= 300 && status < 400) {
      return { ok: false, error: this.errors.fromRedirect(operation, status, url, response.header("location")) };
    }
    if (req.page) return this.pageOutcome(operation, status, text, response);
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
        // A JSON escape (\u0041) can spell a secret the text scrub could not see.
        if (text.includes("\\u")) parsed = this.scrubber.value(parsed);
      } catch {
        if (ok) return { ok: false, error: new UpstreamError(`Panther sent a response to ${operation} that is not JSON.`) };
      }
    }
    if (ok) return { ok: true, value: parsed };
    const retryAfterMs = parseRetryAfter(response.header("retry-after"));
    return {
      ok: false,
      error: this.errors.fromStatus(operation, status, retryAfterMs, parsed),
      retry: isRetryableStatus(status) ? "status" : undefined,
      status,
      retryAfterMs,
    };
  }

  /** A page's answer: its text on 2xx; otherwise the status alone (the body is HTML, not a message). */
  private pageOutcome(operation: string, status: number, text: string, response: Answer): Outcome {
    if (status >= 200 && status < 300) return { ok: true, value: text };
    const retryAfterMs = parseRetryAfter(response.header("retry-after"));
    const retry = isRetryableStatus(status) ? ("status" as const) : undefined;
    const error = retry
      ? this.errors.fromStatus(operation, status, retryAfterMs, null)
      : new UpstreamError(`Panther answered ${operation} with HTTP ${status}.`);
    return { ok: false, error, retry, status, retryAfterMs };
  }

  private transportFailure(operation: string, error: unknown, stopped: "cancelled" | "timeout" | undefined): Outcome {
    if (stopped === "cancelled") return { ok: false, error: new CancelledError(`${operation} was cancelled.`) };
    if (stopped === "timeout") {
      const message = `Panther did not answer ${operation} within ${seconds(this.options.timeoutMs)} s. Try again, or narrow the request.`;
      return { ok: false, error: new TimeoutError(message), retry: "timeout" };
    }
    // Without a code the failure is not a socket error (e.g. a port fetch refuses): not worth retrying.
    const code = networkCode(error);
    const what = this.scrubber.message(code ?? networkDescription(error));
    return {
      ok: false,
      error: new UpstreamUnavailableError(
        `Could not reach Panther for ${operation} (${what}). Check PANTHER_INSTANCE_URL and the network, then try again.`,
      ),
      retry: code !== undefined && isRetryableNetworkCode(code) ? "network" : undefined,
    };
  }
}

/** Each operation's document as a JSON string: a document is a constant, and escaping it is most of a request body's cost. */
const documents = new Map<string, string>();
function documentJson(query: string): string {
  let json = documents.get(query);
  if (json === undefined) {
    json = JSON.stringify(query);
    // Documents come from generated code and hand-written tools, a fixed set; a bound all the same.
    if (documents.size < 1000) documents.set(query, json);
  }
  return json;
}

/** A fetch function seen as the request core reads answers. */
function viaFetch(fetchImpl: FetchLike): Send {
  return async (url, init, stop) => {
    const response = await fetchImpl(url, { ...init, signal: stop.abortSignal });
    const body = response.body ?? null;
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      declaredLength: response.headers.get("content-length"),
      chunks: body,
      text: () => response.text(),
      discard: async () => {
        await (body as { cancel?: () => Promise<void> } | null)?.cancel?.().catch(() => undefined);
      },
    };
  };
}

/** The error with a sentence added to its message; class and code stay as they are. */
function withNote(error: PantherMcpError, note: string): PantherMcpError {
  error.message = `${error.message} ${note}`;
  return error;
}

function gaveUp(error: PantherMcpError, retries: number): PantherMcpError {
  if (retries === 0) return error;
  return withNote(error, `Gave up after ${retries} ${retries === 1 ? "retry" : "retries"}.`);
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** The error code a failed request carries (undici's fetch puts the socket error in `cause`, `request` on the error), if any. */
function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  const own = (error as { code?: unknown } | undefined)?.code;
  return typeof own === "string" ? own : undefined;
}

/** A short name for a failed fetch without a code: the cause's message (e.g. "bad port") or the error's name. */
function networkDescription(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  if (typeof cause?.message === "string" && cause.message) return cause.message.slice(0, 100);
  return (error as Error | undefined)?.name ?? "network error";
}
