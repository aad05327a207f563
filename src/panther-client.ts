import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { fetch as undiciFetch, type EnvHttpProxyAgent } from "undici";
import { CancelledError, PantherMcpError, TimeoutError, UpstreamError, UpstreamUnavailableError } from "./errors.js";
import { currentContext } from "./runtime/context.js";
import type { CallOptions, GraphqlRequest, PantherTransport, RestRequest } from "./runtime/transport.js";
import { backoffMs, parseRetryAfter } from "./upstream/backoff.js";
import { createDispatcher } from "./upstream/dispatcher.js";
import { isRetryableNetworkCode, isRetryableStatus } from "./upstream/policy.js";
import { Semaphore, type Release } from "./upstream/semaphore.js";
import { UpstreamErrors } from "./upstream/error-mapping.js";
import { readCapped } from "./upstream/read-body.js";
import { Scrubber } from "./upstream/scrub.js";

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

export interface PantherClientOptions {
  graphqlUrl: string;
  restUrl: string;
  apiToken: string;
  timeoutMs: number;
  logger: Logger;
  /** Replaces the network (tests); without it requests go through one undici keep-alive pool. */
  fetch?: FetchLike;
  userAgent?: string;
  /** Retries of a failed read; writes are never retried. */
  maxRetries?: number;
  /** Total time a read may spend retrying. */
  retryBudgetMs?: number;
  /** Requests to Panther in flight at once. */
  maxConcurrency?: number;
}

const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_RETRY_BUDGET_MS = 30_000;
const DEFAULT_MAX_CONCURRENCY = 8;
/** The largest answer read from Panther; a larger one is an UPSTREAM_ERROR, not held in memory. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

interface Outgoing {
  operation: string;
  method: string;
  url: string;
  body: string | undefined;
  /** Writes get exactly one attempt. */
  mutation: boolean;
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
  private readonly fetchImpl: FetchLike;
  private readonly dispatcher: EnvHttpProxyAgent | undefined;
  private readonly slots: Semaphore;
  private readonly errors: UpstreamErrors;
  private readonly scrubber: Scrubber;
  private readonly maxRetries: number;
  private readonly retryBudgetMs: number;

  constructor(private readonly options: PantherClientOptions) {
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryBudgetMs = options.retryBudgetMs ?? DEFAULT_RETRY_BUDGET_MS;
    this.slots = new Semaphore(options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY);
    this.scrubber = new Scrubber([options.apiToken]);
    this.errors = new UpstreamErrors(this.scrubber);
    if (options.fetch) {
      this.fetchImpl = options.fetch;
    } else {
      const dispatcher = createDispatcher();
      this.dispatcher = dispatcher;
      this.fetchImpl = (url, init) => undiciFetch(url, { ...init, dispatcher });
    }
  }

  /** Closes the connection pool once requests in flight have finished. */
  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  async graphql<T>(request: GraphqlRequest, options?: CallOptions): Promise<T> {
    const body = JSON.stringify({
      query: request.query,
      operationName: request.operationName,
      variables: stripUndefined(request.variables),
    });
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

  /** Sends a request, retrying a read while the failure is transient and tries and budget allow. */
  private async send(req: Outgoing, options?: CallOptions): Promise<unknown> {
    const callerSignal = options?.signal;
    const started = performance.now();
    for (let retries = 0; ; retries++) {
      const outcome = await this.attempt(req, callerSignal);
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
      const call = currentContext();
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

  /** One request: waits for a concurrency slot, then sends with the per-request timeout. */
  private async attempt(req: Outgoing, callerSignal: AbortSignal | undefined): Promise<Outcome> {
    let release: Release;
    try {
      release = await this.slots.acquire(callerSignal);
    } catch {
      return { ok: false, error: new CancelledError(`${req.operation} was cancelled.`) };
    }
    try {
      return await this.exchange(req, callerSignal);
    } finally {
      release();
    }
  }

  private async exchange(req: Outgoing, callerSignal: AbortSignal | undefined): Promise<Outcome> {
    const { operation, method, url } = req;
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    let response: UpstreamResponse;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        method,
        body: req.body,
        signal,
        redirect: "manual",
        headers: {
          "X-API-Key": this.options.apiToken,
          "Content-Type": "application/json",
          Accept: "application/json",
          "User-Agent": this.options.userAgent ?? "panther-mcp",
        },
      });
      text = await readCapped(response, MAX_RESPONSE_BYTES);
    } catch (error) {
      if (error instanceof PantherMcpError) return { ok: false, error };
      return this.transportFailure(operation, error, callerSignal, timeout);
    }
    // Everything Panther sent is untrusted: secrets it reflects are removed before anything reads it.
    text = this.scrubber.text(text);
    const ms = Math.round(performance.now() - started);
    const call = currentContext();
    this.options.logger.debug(
      { tool: call?.toolName, requestId: call?.requestId, operation, method, path: new URL(url).pathname, status: response.status, ms },
      "panther request",
    );
    if (response.status >= 300 && response.status < 400) {
      return { ok: false, error: this.errors.fromRedirect(operation, response.status, url, response.headers.get("location")) };
    }
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
        // A JSON escape (\u0041) can spell a secret the text scrub could not see.
        if (text.includes("\\u")) parsed = this.scrubber.value(parsed);
      } catch {
        if (response.ok) return { ok: false, error: new UpstreamError(`Panther sent a response to ${operation} that is not JSON.`) };
      }
    }
    if (response.ok) return { ok: true, value: parsed };
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
    return {
      ok: false,
      error: this.errors.fromStatus(operation, response.status, retryAfterMs, parsed),
      retry: isRetryableStatus(response.status) ? "status" : undefined,
      status: response.status,
      retryAfterMs,
    };
  }

  private transportFailure(operation: string, error: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal): Outcome {
    if (callerSignal?.aborted) return { ok: false, error: new CancelledError(`${operation} was cancelled.`) };
    if (timeout.aborted) {
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

/** The error code a failed fetch carries (undici puts the socket error in `cause`), if any. */
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

function stripUndefined(variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined));
}
