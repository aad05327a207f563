import {
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UnauthenticatedError,
  UpstreamError,
  UpstreamUnavailableError,
  type PantherMcpError,
} from "../errors.js";
import type { Scrubber } from "./scrub.js";

/**
 * Turns Panther's error answers (HTTP statuses, GraphQL errors, redirects) into the server's typed
 * errors; every piece of upstream text in them goes through the one scrubber and its size cap.
 */
export class UpstreamErrors {
  constructor(private readonly scrubber: Scrubber) {}

  /**
   * A 3xx is never followed (the API key would go with it): the error names the status and the
   * target's origin only, never its path or query.
   */
  fromRedirect(operation: string, status: number, requestUrl: string, location: string | null): PantherMcpError {
    let target = "no Location";
    if (location) {
      try {
        const url = new URL(location, requestUrl);
        target = url.origin === new URL(requestUrl).origin ? "the same origin" : this.scrubber.message(url.origin);
      } catch {
        target = "an unreadable Location";
      }
    }
    return new UpstreamError(
      `Panther answered ${operation} with a redirect (HTTP ${status}) to ${target}. Redirects are not followed, ` +
        "so the API key stays with the configured origin: set PANTHER_INSTANCE_URL (or PANTHER_GRAPHQL_URL / PANTHER_REST_URL) to the API's final address.",
    );
  }

  fromStatus(operation: string, status: number, retryAfterMs: number | undefined, body: unknown): PantherMcpError {
    const detail = this.clean(messageOf(body));
    const suffix = detail ? `: ${detail}` : ".";
    const when = retryAfterMs === undefined ? "" : `; retry after ${Math.ceil(retryAfterMs / 1000)} s`;
    switch (status) {
      case 400:
        return new InvalidArgumentError(`Panther rejected ${operation}${suffix}`);
      case 401:
        return new UnauthenticatedError();
      case 403:
        return new PermissionDeniedError(`Panther denied ${operation} for this API token${suffix}`);
      case 404:
        return new NotFoundError(`Not found in Panther (${operation})${suffix}`);
      case 429:
        return new RateLimitedError(`Panther is rate limiting requests${when ? `${when}.` : ". Try again shortly."}`);
      default:
        if (status >= 500)
          return new UpstreamUnavailableError(
            `Panther had a server error (HTTP ${status}) on ${operation}${when ? `${when}.` : ". Try again shortly."}`,
          );
        return new UpstreamError(`Panther answered ${operation} with HTTP ${status}${suffix}`);
    }
  }

  fromGraphql(operation: string, errors: { message?: string; extensions?: { code?: string } }[]): PantherMcpError {
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

  /** Upstream text, scrubbed and cut to the one size, for error messages. */
  clean(text: string): string {
    return this.scrubber.message(text);
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
