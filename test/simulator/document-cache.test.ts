// The simulator keeps the GraphQL documents that parsed and validated, by their text: a repeated
// operation is neither parsed nor validated again, a bad one is refused every time, and the cache
// stays bounded whatever texts clients send.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { validDocuments } from "../../src/simulator/graphql-api.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { loadSchema } from "../../src/simulator/schema-loader.js";
import { gql } from "./gql.js";

describe("the simulator's cache of validated GraphQL documents", () => {
  let sim: Simulator;
  before(async () => (sim = await startSimulator({ tokens: { t: "all" } })));
  after(() => sim.close());

  it("answers a repeated operation the same way, and refuses an invalid one every time", async () => {
    const query = "query Who { __typename }";
    assert.deepEqual((await gql(sim, query)).data, { __typename: "Query" });
    assert.deepEqual((await gql(sim, query)).data, { __typename: "Query" });
    for (let i = 0; i < 2; i++) {
      const { errors } = await gql(sim, "query Bad { noSuchField }");
      assert.equal(errors?.[0]?.extensions?.code, "GRAPHQL_VALIDATION_FAILED");
      assert.match(errors![0]!.message, /noSuchField/);
    }
    for (let i = 0; i < 2; i++) assert.equal((await gql(sim, "query Broken {")).errors?.[0]?.extensions?.code, "GRAPHQL_PARSE_FAILED");
  });

  it("keeps a document once it validated, and keeps no text over its size limit", async () => {
    const { schema } = loadSchema();
    const query = "query Kept { __typename }";
    await gql(sim, query);
    const kept = validDocuments.get(schema, query);
    assert.ok(kept, "the document is kept");
    await gql(sim, query);
    assert.equal(validDocuments.get(schema, query), kept, "a repeat is answered from the kept document");
    const big = `query Big { __typename ${" ".repeat(70 * 1024)}}`;
    assert.deepEqual((await gql(sim, big)).data, { __typename: "Query" });
    assert.equal(validDocuments.get(schema, big), undefined);
  });

  it("holds at most its bound, however many different texts arrive, the least recently used going first", async () => {
    const { schema } = loadSchema();
    const hot = "query Hot { __typename }";
    await gql(sim, hot);
    for (let i = 0; i < 250; i++) {
      assert.deepEqual((await gql(sim, `query Q${i} { n${i}: __typename }`)).data, { [`n${i}`]: "Query" });
      if (i % 50 === 0) await gql(sim, hot);
    }
    assert.equal(validDocuments.size(schema), 200);
    assert.ok(validDocuments.get(schema, hot), "a document in use stays");
    assert.equal(validDocuments.get(schema, "query Q0 { n0: __typename }"), undefined, "the oldest went");
  });
});
