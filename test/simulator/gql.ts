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

/** Starts a data-lake query (in `db` when given). */
export const LAKE_RUN = `mutation Run($sql: String!, $db: String) { executeDataLakeQuery(input: { sql: $sql, databaseName: $db }) { id } }`;
/** Reads a data-lake query: its status, message and results. */
export const LAKE_POLL = `query Poll($id: ID!) {
  dataLakeQuery(id: $id) {
    status message
    results { edges { node } columnInfo { order types } tryAgain }
  }
}`;

/** Runs `sql` on the simulator's data lake and polls it until it has ended (a "try again" answer is polled again). */
export async function lakeQuery(target: GqlTarget, sql: string, db?: string): Promise<Record<string, any>> {
  const { executeDataLakeQuery } = await gqlData(target, LAKE_RUN, { sql, db });
  for (let i = 0; i < 600; i++) {
    const { dataLakeQuery } = await gqlData(target, LAKE_POLL, { id: executeDataLakeQuery.id });
    if (dataLakeQuery.status !== "running" && !dataLakeQuery.results?.tryAgain) return dataLakeQuery;
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error(`query did not finish: ${sql}`);
}

/** The rows of a data-lake query that must succeed. */
export async function lakeRows(target: GqlTarget, sql: string, db?: string): Promise<Record<string, any>[]> {
  const q = await lakeQuery(target, sql, db);
  assert.equal(q.status, "succeeded", `${sql}\n${q.message}`);
  return q.results.edges.map((e: { node: Record<string, any> }) => e.node);
}
