/**
 * The one error hierarchy. Anything a model or user can act on is a PantherMcpError with a code;
 * the middleware turns it into an `isError` tool result. Anything else is a bug and is reported
 * as INTERNAL without its details.
 */
export type ErrorCode =
  | "INVALID_ARGUMENT"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "RATE_LIMITED"
  | "UPSTREAM_UNAVAILABLE"
  | "UPSTREAM_ERROR"
  | "TIMEOUT"
  | "CANCELLED"
  | "SHUTTING_DOWN"
  | "INTERNAL";

export class PantherMcpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Whether the same call may succeed if tried again later. */
    readonly retryable = false,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidArgumentError extends PantherMcpError {
  constructor(message: string) {
    super("INVALID_ARGUMENT", message);
  }
}

export class UnauthenticatedError extends PantherMcpError {
  constructor(message = "Panther rejected the API token (invalid, expired or revoked). Check PANTHER_API_TOKEN.") {
    super("UNAUTHENTICATED", message);
  }
}

export class PermissionDeniedError extends PantherMcpError {
  constructor(message: string) {
    super("PERMISSION_DENIED", message);
  }
}

export class NotFoundError extends PantherMcpError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}

export class RateLimitedError extends PantherMcpError {
  constructor(message: string) {
    super("RATE_LIMITED", message, true);
  }
}

export class UpstreamUnavailableError extends PantherMcpError {
  constructor(message: string) {
    super("UPSTREAM_UNAVAILABLE", message, true);
  }
}

/** Panther answered, but with an error this server has no better class for (e.g. a 400). */
export class UpstreamError extends PantherMcpError {
  constructor(message: string) {
    super("UPSTREAM_ERROR", message);
  }
}

export class TimeoutError extends PantherMcpError {
  constructor(message: string) {
    super("TIMEOUT", message, true);
  }
}

export class CancelledError extends PantherMcpError {
  constructor(message = "The call was cancelled.") {
    super("CANCELLED", message);
  }
}

export class ShuttingDownError extends PantherMcpError {
  constructor() {
    super("SHUTTING_DOWN", "The server is shutting down and takes no new calls; retry on a fresh connection.", true);
  }
}
