// The simulator keeps the GraphQL documents that parsed and validated, by their text: a repeated
// operation is neither parsed nor validated again, a bad one is refused every time, and the cache
// stays bounded whatever texts clients send.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { validDocuments } from "../../src/simulator/graphql-api.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { loadSchema } from "../../src/simulator/schema-loader.js";

describe("the simulator's cache of validated GraphQL documents", () => {
  let sim: Simulator;
  before(async () => (sim = await startSimulator({ tokens: { t: "all" } })));
  after(() => sim.close());

  async function gql(query: string): Promise<{ data?: unknown; errors?: { message: string; extensions: { code: string } }[] }> {
    const res = await fetch(sim.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "X-API-Key": "t" },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as never;
  }

  it("answers a repeated operation the same way, and refuses an invalid one every time", async () => {
    const query = "query Who { __typename }";
    assert.deepEqual(await gql(query), { data: { __typename: "Query" } });
    assert.deepEqual(await gql(query), { data: { __typename: "Query" } });
    for (let i = 0; i < 2; i++) {
      const { errors } = await gql("query Bad { noSuchField }");
      assert.equal(errors?.[0]?.extensions.code, "GRAPHQL_VALIDATION_FAILED");
      assert.match(errors![0]!.message, /noSuchField/);
    }
    for (let i = 0; i < 2; i++) assert.equal((await gql("query Broken {")).errors?.[0]?.extensions.code, "GRAPHQL_PARSE_FAILED");
  });

  it("holds at most its bound, however many different texts arrive", async () => {
    for (let i = 0; i < 250; i++) assert.deepEqual(await gql(`query Q${i} { n${i}: __typename }`), { data: { [`n${i}`]: "Query" } });
    assert.equal(validDocuments.size(loadSchema().schema), 200);
  });
});
