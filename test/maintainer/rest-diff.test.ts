// The REST half of schema:diff on a small schema and spec: request bodies, enum path parameters
// (one endpoint per value, @restName applied), endpoints Panther lacks, used vs unused.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Diagnostic } from "../../generator/diagnostics.js";
import { loadOperations, loadSchema } from "../../generator/load.js";
import { compareRest, type OpenApi } from "../../generator/maintainer/rest-diff.js";
import { collectUsage } from "../../generator/maintainer/usage.js";
import { ROOT } from "./helpers.js";

const SDL = `
enum Permission { AlertRead }
type Query {
  thing(kind: ThingKind!, id: ID!): Thing! @rest(method: GET, path: "/{kind}/{id}")
  gone: Thing @rest(method: GET, path: "/gone")
}
type Mutation {
  makeThing(input: ThingInput!): Thing! @rest(method: POST, path: "/things", body: "input")
}
enum ThingKind { things big_things @restName(name: "big-things") }
input ThingInput { name: String! size: Int }
type Thing { id: ID! name: String }
`;

const thing = { type: "object", properties: { id: { type: "string" }, name: { type: "string" } }, required: ["id"] };
const SPEC: OpenApi = {
  paths: {
    "/things": {
      post: {
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/ThingInput" } } } },
        responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
      },
    },
    "/things/{id}": {
      get: { responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } } },
    },
    // Big things have no name.
    "/big-things/{id}": {
      get: {
        responses: {
          "200": {
            content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] } } },
          },
        },
      },
    },
    "/widgets": { get: { responses: {} } },
  },
  components: { schemas: { Thing: thing, ThingInput: { type: "object", properties: { name: { type: "string" } } } } },
};

test("REST declarations against an OpenAPI spec: used differences break, unused ones drift, new endpoints are listed", () => {
  const problems: Diagnostic[] = [];
  const directives = readFileSync(join(ROOT, "schema/directives.graphql"), "utf8");
  const schema = loadSchema(
    [
      { path: "schema/directives.graphql", text: directives },
      { path: "schema/things.graphql", text: SDL },
    ],
    problems,
  );
  assert.deepEqual(problems, []);
  const tool = `@tool(title: "T", description: "D.")`;
  const operations = loadOperations(
    [
      {
        path: "operations/things/make_thing.graphql",
        text: `mutation MakeThing($input: ThingInput!) ${tool} {\n  makeThing(input: $input) { id }\n}`,
      },
      {
        path: "operations/things/get_thing.graphql",
        text: `query GetThing($kind: ThingKind!, $id: ID!) ${tool} {\n  thing(kind: $kind, id: $id) { id name }\n}`,
      },
    ],
    problems,
  );
  const usage = collectUsage(schema!.schema, operations);
  const result = compareRest(schema!.schema, SPEC, usage.rest);

  assert.deepEqual(
    result.breaking.map((f) => [f.message, f.uses.map((u) => `${u.tool} ${u.at}`)]),
    [["ThingInput.size is not in Panther's request body (POST /things)", ["make_thing operations/things/make_thing.graphql:2:13"]]],
  );
  const drift = result.drift.map((f) => f.message);
  assert.ok(drift.includes("gone: the endpoint is not in Panther's REST API (GET /gone)"), drift.join("\n"));
  // @restName spelled the second endpoint; its missing nullable field is by design (the other kind has it).
  assert.ok(drift.includes("Thing.name is not in Panther's response on GET /big-things/{id} (the other kinds have it)"), drift.join("\n"));
  assert.deepEqual(result.added, [{ api: "rest", group: "/widgets", items: ["GET /widgets"] }]);
});
