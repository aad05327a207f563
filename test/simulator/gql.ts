// GraphQL requests to a simulator as Panther's API takes them (the token in X-API-Key), for the tests
// that talk to the simulator directly.
import assert from "node:assert/strict";

/** An answer: the HTTP status, and the GraphQL data and errors. */
export interface GqlAnswer {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Where to send a request, and its token (null: none). A Simulator is one. */
export interface GqlTarget {
  graphqlUrl: string;
  token: string | null;
}

/** Sends `query` with `variables` and `token` (the target's unless given; null sends none). */
export async function gql(
  target: GqlTarget,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = target.token,
  timeoutMs = 30_000,
): Promise<GqlAnswer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers["X-API-Key"] = token;
  const res = await fetch(target.graphqlUrl, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = (await res.json()) as Omit<GqlAnswer, "status">;
  return { status: res.status, data: json.data, errors: json.errors };
}

/** The data of an answer that must have no errors (the test fails naming them otherwise). */
export async function gqlData(target: GqlTarget, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const { data, errors } = await gql(target, query, variables);
  assert.equal(errors, undefined, JSON.stringify(errors));
  return data!;
}
