import type { Logger } from "pino";
import {
  CancelledError,
  InvalidArgumentError,
  NotFoundError,
  PantherMcpError,
  PermissionDeniedError,
  RateLimitedError,
  TimeoutError,
  UnauthenticatedError,
  UpstreamError,
  UpstreamUnavailableError,
} from "./errors.js";
import { currentContext } from "./runtime/context.js";
import type { CallOptions, GraphqlRequest, PantherTransport, RestRequest } from "./runtime/transport.js";

export interface PantherClientOptions {
  graphqlUrl: string;
  restUrl: string;
  apiToken: string;
  timeoutMs: number;
  logger: Logger;
  fetch?: typeof fetch;
  userAgent?: string;
  /** Retries of a failed read; writes are never retried. */
  maxRetries?: number;
  /** Total time a read may spend retrying. */
  retryBudgetMs?: number;
  /** Requests to Panther in flight at once. */
  maxConcurrency?: number;
}

const MAX_MESSAGE = 300;

/**
 * The one request core for Panther's GraphQL and REST APIs: API key header, per-request timeout,
 * caller cancellation, typed errors by status, and no secret in any message or log line.
 */
export class PantherClient implements PantherTransport {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PantherClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  async graphql<T>(request: GraphqlRequest, options?: CallOptions): Promise<T> {
    const body = JSON.stringify({
      query: request.query,
      operationName: request.operationName,
      variables: stripUndefined(request.variables),
    });
    const payload = (await this.send(request.operationName, "POST", this.options.graphqlUrl, body, options)) as {
      data?: T;
      errors?: { message?: string; extensions?: { code?: string } }[];
    } | null;
    if (payload?.errors?.length) throw this.graphqlError(request.operationName, payload.errors);
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
    return (await this.send(request.operationName, request.method, url.toString(), body, options)) as T;
  }

  private async send(operation: string, method: string, url: string, body: string | undefined, options?: CallOptions): Promise<unknown> {
    const started = performance.now();
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = options?.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        body,
        signal,
        headers: {
          "X-API-Key": this.options.apiToken,
          "Content-Type": "application/json",
          Accept: "application/json",
          "User-Agent": this.options.userAgent ?? "panther-mcp",
        },
      });
    } catch (error) {
      throw this.transportError(operation, error, options?.signal, timeout);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.transportError(operation, error, options?.signal, timeout);
    }
    const ms = Math.round(performance.now() - started);
    const tool = currentContext()?.toolName;
    this.options.logger.debug({ tool, operation, method, path: new URL(url).pathname, status: response.status, ms }, "panther request");
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        if (response.ok) throw new UpstreamError(`Panther sent a response to ${operation} that is not JSON.`);
      }
    }
    if (!response.ok) throw this.statusError(operation, response, parsed);
    return parsed;
  }

  private transportError(operation: string, error: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal): PantherMcpError {
    if (callerSignal?.aborted) return new CancelledError(`${operation} was cancelled.`);
    if (timeout.aborted)
      return new TimeoutError(
        `Panther did not answer ${operation} within ${this.options.timeoutMs / 1000} s. Try again, or narrow the request.`,
      );
    const cause = (error as { cause?: { code?: string } })?.cause?.code ?? (error as Error)?.name ?? "network error";
    return new UpstreamUnavailableError(
      `Could not reach Panther for ${operation} (${cause}). Check PANTHER_INSTANCE_URL and the network, then try again.`,
    );
  }

  private statusError(operation: string, response: Response, body: unknown): PantherMcpError {
    const detail = this.clean(messageOf(body));
    const suffix = detail ? `: ${detail}` : ".";
    switch (response.status) {
      case 400:
        return new InvalidArgumentError(`Panther rejected ${operation}${suffix}`);
      case 401:
        return new UnauthenticatedError();
      case 403:
        return new PermissionDeniedError(`Panther denied ${operation} for this API token${suffix}`);
      case 404:
        return new NotFoundError(`Not found in Panther (${operation})${suffix}`);
      case 429: {
        const retry = response.headers.get("retry-after");
        return new RateLimitedError(`Panther is rate limiting requests${retry ? `; retry after ${retry} s` : ""}. Try again shortly.`);
      }
      default:
        if (response.status >= 500)
          return new UpstreamUnavailableError(`Panther had a server error (HTTP ${response.status}) on ${operation}. Try again shortly.`);
        return new UpstreamError(`Panther answered ${operation} with HTTP ${response.status}${suffix}`);
    }
  }

  private graphqlError(operation: string, errors: { message?: string; extensions?: { code?: string } }[]): PantherMcpError {
    const first = errors[0];
    const message =
      this.clean(
        errors
          .map((e) => e.message ?? "")
          .filter(Boolean)
          .join("; "),
      ) || "unknown error";
    const code = first.extensions?.code ?? "";
    if (code === "UNAUTHENTICATED") return new UnauthenticatedError();
    if (code === "FORBIDDEN" || /access denied|not authorized|permission/i.test(message)) {
      return new PermissionDeniedError(`Panther denied ${operation} for this API token: ${message}`);
    }
    if (code === "NOT_FOUND" || /not found/i.test(message)) return new NotFoundError(`Not found in Panther (${operation}): ${message}`);
    if (code === "BAD_USER_INPUT" || code === "GRAPHQL_VALIDATION_FAILED")
      return new InvalidArgumentError(`Panther rejected ${operation}: ${message}`);
    return new UpstreamError(`Panther returned an error for ${operation}: ${message}`);
  }

  /** Upstream text, shortened and with the token scrubbed, for error messages. */
  private clean(text: string): string {
    let out = text.split(this.options.apiToken).join("[REDACTED]").replace(/\s+/g, " ").trim();
    if (out.length > MAX_MESSAGE) out = `${out.slice(0, MAX_MESSAGE)}…`;
    return out;
  }
}

function messageOf(body: unknown): string {
  if (body && typeof body === "object") {
    const b = body as { message?: unknown; error?: unknown; errors?: { message?: string }[] };
    if (typeof b.message === "string") return b.message;
    if (typeof b.error === "string") return b.error;
    if (Array.isArray(b.errors)) return b.errors.map((e) => e.message ?? "").join("; ");
  }
  return typeof body === "string" ? body : "";
}

function stripUndefined(variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== undefined));
}
