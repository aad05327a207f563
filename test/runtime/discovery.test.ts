// Endpoint discovery's pure parts: which PANTHER_INSTANCE_URL is an API URL (no fetch) and which a
// console URL, and what a console page's __PANTHER_CONFIG__ script yields.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { apiBaseFromPage, classifyInstanceUrl, discoveryFailure } from "../../src/discovery.js";
import { loadConfig } from "../../src/config.js";

const page = (settings: string) =>
  `<!doctype html><html><head><script>window.x = "<script id='__PANTHER_CONFIG__'>";</script>` +
  `<script id="__PANTHER_CONFIG__" type="application/json">${settings}</script></head><body></body></html>`;

describe("classifyInstanceUrl", () => {
  test("an api. host or a /public/graphql path is an API URL, used without a fetch", () => {
    assert.deepEqual(classifyInstanceUrl("https://api.acme.runpanther.net"), {
      kind: "api",
      restUrl: "https://api.acme.runpanther.net",
      graphqlUrl: "https://api.acme.runpanther.net/public/graphql",
    });
    for (const url of ["https://api.acme.runpanther.net/public/graphql", "https://api.acme.runpanther.net/public/graphql/"])
      assert.deepEqual(classifyInstanceUrl(url), {
        kind: "api",
        restUrl: "https://api.acme.runpanther.net",
        graphqlUrl: "https://api.acme.runpanther.net/public/graphql",
      });
    assert.deepEqual(classifyInstanceUrl("http://127.0.0.1:8080/panther/public/graphql"), {
      kind: "api",
      restUrl: "http://127.0.0.1:8080/panther",
      graphqlUrl: "http://127.0.0.1:8080/panther/public/graphql",
    });
  });

  test("anything else is a console URL", () => {
    for (const url of ["https://acme.runpanther.net", "https://panther.corp.example", "http://127.0.0.1:4000", "https://apis.example.com"])
      assert.deepEqual(classifyInstanceUrl(url), { kind: "console", url });
  });

  test("loadConfig: no GraphQL path twice, and discovery only for what no setting gives", () => {
    const base = { PANTHER_API_TOKEN: "t" };
    const direct = loadConfig({ ...base, PANTHER_INSTANCE_URL: "https://api.acme.runpanther.net/public/graphql" });
    assert.equal(direct.graphqlUrl, "https://api.acme.runpanther.net/public/graphql");
    assert.equal(direct.restUrl, "https://api.acme.runpanther.net");
    assert.equal(direct.consoleUrl, undefined);

    const console = loadConfig({ ...base, PANTHER_INSTANCE_URL: "https://acme.runpanther.net/" });
    assert.equal(console.consoleUrl, "https://acme.runpanther.net");
    assert.equal(console.graphqlUrl, "");

    // A REST base given (ours or mcp-panther's name) leaves nothing to discover: GraphQL hangs off it.
    for (const name of ["PANTHER_REST_URL", "PANTHER_REST_API_URL"]) {
      const rest = loadConfig({ ...base, PANTHER_INSTANCE_URL: "https://acme.runpanther.net", [name]: "https://api.acme.runpanther.net" });
      assert.equal(rest.consoleUrl, undefined, name);
      assert.equal(rest.graphqlUrl, "https://api.acme.runpanther.net/public/graphql", name);
    }
    // Only GraphQL given: the REST base is still discovered.
    const gql = loadConfig({
      ...base,
      PANTHER_INSTANCE_URL: "https://acme.runpanther.net",
      PANTHER_GQL_API_URL: "https://api.acme.runpanther.net/public/graphql",
    });
    assert.equal(gql.consoleUrl, "https://acme.runpanther.net");
    assert.equal(gql.graphqlUrl, "https://api.acme.runpanther.net/public/graphql");
  });
});

describe("apiBaseFromPage", () => {
  test("the rest key wins (a look-alike tag in an earlier script's string is skipped); else WEB_APPLICATION_GRAPHQL_API_ENDPOINT without /internal/graphql", async () => {
    const both = page(
      JSON.stringify({
        rest: "https://api.acme.runpanther.net/",
        WEB_APPLICATION_GRAPHQL_API_ENDPOINT: "https://x.example/internal/graphql",
      }),
    );
    assert.deepEqual(await apiBaseFromPage(both, "https://acme.runpanther.net"), { restUrl: "https://api.acme.runpanther.net" });
    const internal = page(JSON.stringify({ WEB_APPLICATION_GRAPHQL_API_ENDPOINT: "https://api.acme.runpanther.net/internal/graphql" }));
    assert.deepEqual(await apiBaseFromPage(internal, "https://acme.runpanther.net"), { restUrl: "https://api.acme.runpanther.net" });
  });

  test("an upper-case tag with unquoted attributes counts", async () => {
    const html = `<html><head><SCRIPT type=application/json id=__PANTHER_CONFIG__>{"rest":"https://api.acme.runpanther.net","note":"a &amp; b"}</SCRIPT>`;
    assert.deepEqual(await apiBaseFromPage(html, "https://acme.runpanther.net"), { restUrl: "https://api.acme.runpanther.net" });
  });

  test("each way a page can fail says what was wrong", async () => {
    const cases: [string, RegExp][] = [
      ["<html><body>Sign in</body></html>", /no <script id="__PANTHER_CONFIG__">/],
      [page("{not json"), /is not JSON/],
      [page("[1]"), /not a JSON object/],
      [page(JSON.stringify({ WEB_APPLICATION_GRAPHQL_API_ENDPOINT: "https://api.x/graphql" })), /neither "rest" nor/],
      [page(JSON.stringify({ rest: "https://user:pw@api.acme.runpanther.net" })), /without credentials/],
      [page(JSON.stringify({ rest: "javascript:alert(1)" })), /not an http\(s\) URL/],
      [page(JSON.stringify({ rest: "http://api.acme.runpanther.net" })), /plain http while the console is https/],
    ];
    for (const [html, problem] of cases) {
      const result = await apiBaseFromPage(html, "https://acme.runpanther.net");
      assert.ok("problem" in result, html);
      assert.match(result.problem, problem);
    }
  });

  test("the failure is one line naming what was tried and what to set instead", () => {
    const line = discoveryFailure("https://acme.runpanther.net", "the page has\nno script");
    assert.doesNotMatch(line, /\n/);
    assert.match(line, /^Could not find Panther's API from the console page https:\/\/acme\.runpanther\.net \(PANTHER_INSTANCE_URL\): /);
    assert.match(line, /Set PANTHER_INSTANCE_URL to the API URL instead .*, or set PANTHER_REST_URL\.$/);
  });
});
