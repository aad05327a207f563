import type { ToolContext } from "./context.js";

/** Per-call options every typed client function accepts. */
export interface CallOptions {
  /** Aborts the upstream request (MCP cancellation, shutdown). */
  signal?: AbortSignal;
  /**
   * The tool call the request is made for, named in the request core's log lines. Found from `signal`
   * when that is the call's own (contextOf); give it for a request made without the call's signal.
   */
  context?: ToolContext;
}

export interface GraphqlRequest {
  operationName: string;
  /** The operation with project annotations stripped, precomputed at build time. */
  query: string;
  variables: Record<string, unknown>;
  /** Mutations are never retried and are logged as writes. */
  mutation: boolean;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RestRequest {
  /** The operation this call serves (for logs and errors). */
  operationName: string;
  method: HttpMethod;
  /** Path with parameters already encoded, e.g. `/rules/AWS.Root%20Login`. */
  path: string;
  /** Query parameters; undefined values are left out, arrays repeat the key. */
  query?: Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined | null>;
  body?: unknown;
  mutation: boolean;
}

/** The one door to Panther that generated client functions go through. */
export interface PantherTransport {
  graphql<T>(request: GraphqlRequest, options?: CallOptions): Promise<T>;
  rest<T>(request: RestRequest, options?: CallOptions): Promise<T>;
}

/**
 * A REST tool's client variables: those the tool's input schema gives a default become required, since
 * the call applies no default of its own (the schema holds each default once). A direct caller states them.
 */
export type WithRequired<Variables, Keys extends keyof Variables> = Variables & { [K in Keys]-?: NonNullable<Variables[K]> };
