// Error values shared by the GraphQL and REST halves of the simulator.
import { GraphQLError } from "graphql";

export type ErrorCode =
  "NOT_FOUND" | "BAD_USER_INPUT" | "FORBIDDEN" | "INTERNAL_SERVER_ERROR" | "GRAPHQL_VALIDATION_FAILED" | "GRAPHQL_PARSE_FAILED";

export function gqlError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export const notFound = (message: string) => gqlError("NOT_FOUND", message);
export const badInput = (message: string) => gqlError("BAD_USER_INPUT", message);

export function deniedMessage(permission: string): string {
  return `access denied: requires permission ${permission}`;
}

/** An HTTP failure with a JSON body `{message}`, thrown by REST handlers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
