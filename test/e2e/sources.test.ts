// The sources toolset end to end: list_log_sources (filters across Panther's pages, bounded walk, our
// cursor), get_http_log_source (secrets redacted in results and logs), list_log_type_schemas and
// get_log_type_schema_details (exact names), against the simulator, with the full and a limited token.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seed, type Simulator } from "../../src/simulator/index.js";
import { httpSecrets, SOURCES_PAGE_SIZE, type SimLogSource } from "../../src/simulator/seed-sources.js";
import { MAX_FETCHES } from "../../src/tools/paging.js";
import { cleanText } from "../../src/untrusted/index.js";
import { toolNamesOf } from "./expected-tools.js";
import { errorText, LIMITED, resultJson, TOKEN, useSimulator, waitFor, type Session } from "./harness.js";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const SEED = seed(NOW).sources;
const ids = (sources: readonly SimLogSource[]) => sources.map((s) => s.integrationId);

describe("sources toolset", () => {
  let sim: Simulator;
  let s: Session;
  let limited: Session;
  useSimulator({ now: NOW }, { s: {}, limited: LIMITED }, (started) => ({ sim, s, limited } = started));

  const call = async (name: string, args: Record<string, unknown>) => resultJson(await s.client.callTool({ name, arguments: args }));
  const upstreamPages = () => sim.requests.filter((r) => r.operationName === "LogSourcesPage").length;

  /** Every source list_log_sources returns for `args`, page by page, and the pages it took. */
  async function walk(args: Record<string, unknown>): Promise<{ ids: string[]; pages: { items: { integrationId: string }[] }[] }> {
    const pages: { items: { integrationId: string }[]; next_cursor: string | null }[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 40; n++) {
      const page = await call("list_log_sources", { ...args, ...(cursor ? { cursor } : {}) });
      pages.push(page);
      assert.equal(page.has_next_page, page.next_cursor !== null);
      cursor = page.next_cursor ?? undefined;
      if (!cursor) break;
    }
    assert.equal(cursor, undefined, "the listing ended");
    return { ids: pages.flatMap((p) => p.items.map((i) => i.integrationId)), pages };
  }

  test("the sources toolset is served by default, read-only", async () => {
    const expected = toolNamesOf("sources");
    assert.deepEqual(expected, ["get_http_log_source", "get_log_type_schema_details", "list_log_sources", "list_log_type_schemas"]);
    const tools = (await s.client.listTools()).tools.filter((t) => expected.includes(t.name));
    assert.deepEqual(tools.map((t) => t.name).sort(), expected);
    for (const t of tools) assert.equal(t.annotations?.readOnlyHint, true, t.name);
  });

  test("list_log_sources pages through every source, unhealthy ones included, with nothing skipped or repeated", async () => {
    assert.ok(SEED.logSources.length > SOURCES_PAGE_SIZE * MAX_FETCHES, "the seed spans more pages than one call reads");
    const { ids: got, pages } = await walk({ page_size: 7 });
    assert.deepEqual(got, ids(SEED.logSources));
    assert.ok(pages.every((p) => p.items.length <= 7));
    assert.ok(
      got.some((id) => SEED.logSources.find((x) => x.integrationId === id)?.isHealthy === false),
      "unhealthy sources are listed",
    );
    const first = (await call("list_log_sources", {})).items[0];
    assert.equal(first.integrationId, "src-prod-cloudtrail");
    assert.equal(first.s3Bucket, "acme-prod-cloudtrail-logs");
    assert.deepEqual(first.logStreamTypeOptions, { jsonArrayEnvelopeField: "Records" });
  });

  test("filters apply across Panther's pages, not to one page", async () => {
    const cases: [Record<string, unknown>, (x: SimLogSource) => boolean][] = [
      [{ integration_type: "http-ingest" }, (x) => x.integrationType === "http-ingest"],
      [{ integration_type: "HTTP-INGEST" }, (x) => x.integrationType === "http-ingest"],
      [{ is_healthy: false }, (x) => !x.isHealthy],
      [{ is_healthy: true }, (x) => x.isHealthy],
      [{ log_types: ["Custom.Firewall", "GitHub.Audit"] }, (x) => x.logTypes.some((t) => ["Custom.Firewall", "GitHub.Audit"].includes(t))],
      [
        { integration_type: "aws-s3", is_healthy: true, log_types: ["AWS.VPCFlow"] },
        (x) => x.integrationType === "aws-s3" && x.isHealthy && x.logTypes.includes("AWS.VPCFlow"),
      ],
    ];
    for (const [args, match] of cases) {
      const expected = ids(SEED.logSources.filter(match));
      const pagesHoldingThem = new Set(SEED.logSources.flatMap((x, i) => (match(x) ? [Math.floor(i / SOURCES_PAGE_SIZE)] : [])));
      assert.ok(pagesHoldingThem.size >= 3, `${JSON.stringify(args)}: matches sit on several upstream pages`);
      const { ids: got } = await walk({ ...args, page_size: 50 });
      assert.deepEqual(got, expected, JSON.stringify(args));
    }
    assert.deepEqual((await call("list_log_sources", { integration_type: "no-such-kind" })).items, []);
  });

  test("a sparse filter reads at most MAX_FETCHES upstream pages per call and hands back a cursor", async () => {
    const sqs = ids(SEED.logSources.filter((x) => x.integrationType === "aws-sqs"));
    assert.equal(sqs.length, 2);
    const before = upstreamPages();
    const first = await call("list_log_sources", { integration_type: "aws-sqs" });
    assert.equal(upstreamPages() - before, MAX_FETCHES);
    assert.deepEqual(
      first.items.map((i: { integrationId: string }) => i.integrationId),
      [sqs[0]],
    );
    assert.equal(first.has_next_page, true);
    const second = await call("list_log_sources", { integration_type: "aws-sqs", cursor: first.next_cursor });
    assert.deepEqual(
      second.items.map((i: { integrationId: string }) => i.integrationId),
      [sqs[1]],
    );
    assert.equal(second.has_next_page, false);
    assert.equal(second.next_cursor, null);
  });

  test("a page that fills mid-way through Panther's page resumes at the next item", async () => {
    const healthy = ids(SEED.logSources.filter((x) => x.isHealthy));
    const one = await call("list_log_sources", { is_healthy: true, page_size: 3 });
    const two = await call("list_log_sources", { is_healthy: true, page_size: 3, cursor: one.next_cursor });
    assert.deepEqual(
      [...one.items, ...two.items].map((i: { integrationId: string }) => i.integrationId),
      healthy.slice(0, 6),
    );
  });

  test("get_http_log_source redacts every secret, in results and in debug logs", async () => {
    const http = SEED.logSources.filter((x) => x.http);
    const methods = new Set(http.map((x) => x.http!.authMethod));
    assert.deepEqual([...methods].sort(), ["Basic", "Bearer", "HMAC", "None", "SharedSecret"]);
    const secrets = httpSecrets(SEED);
    assert.ok(secrets.length >= 4);
    for (const source of http) {
      const raw = await s.client.callTool({ name: "get_http_log_source", arguments: { source_id: source.integrationId } });
      const text = JSON.stringify(raw);
      for (const secret of secrets) assert.ok(!text.includes(secret), `${source.integrationLabel}: a secret reached the result`);
      const got = resultJson(raw);
      const h = source.http!;
      assert.equal(got.integrationId, source.integrationId);
      // Labels are untrusted (one carries a payload with a zero-width space): they arrive cleaned.
      assert.equal(got.integrationLabel, cleanText(source.integrationLabel).text);
      assert.deepEqual(got.logTypes, source.logTypes);
      assert.equal(got.authMethod, h.authMethod);
      // Set secrets read "[redacted]", so a model still sees which are configured; absent ones stay null.
      assert.equal(got.authBearerToken, h.authBearerToken ? "[redacted]" : null);
      assert.equal(got.authPassword, h.authPassword ? "[redacted]" : null);
      assert.equal(got.authSecretValue, h.authSecretValue ? "[redacted]" : null);
      // The header name and the Basic user name are not secrets and stay readable.
      assert.equal(got.authHeaderKey, h.authHeaderKey ?? null);
      assert.equal(got.authUsername, h.authUsername ?? null);
      assert.equal(got.authHmacAlg, h.authHmacAlg ?? null);
    }
    // The simulator did send the secrets: the redaction is ours.
    const sent = sim.requests.filter((r) => r.kind === "rest" && r.path.startsWith("/log-sources/http/"));
    assert.equal(sent.length, http.length);
    // Log lines are written in batches: wait until the line of every call is out, then read them all.
    const callLines = () => s.stderr().match(/"tool":"get_http_log_source"[^\n]*"msg":"tool call"/g)?.length ?? 0;
    assert.ok(await waitFor(() => callLines() === http.length, 10_000), "every call was logged");
    const logs = s.stderr();
    assert.match(logs, /"level":"debug"[^\n]*"operation":"GetHttpLogSource"/, "debug logging is on");
    for (const secret of secrets) assert.ok(!logs.includes(secret), "a secret reached a log line");
  });

  test("get_http_log_source: unknown and non-HTTP sources are NOT_FOUND; bad ids are INVALID_ARGUMENT", async () => {
    for (const id of ["no-such-source", "src-prod-cloudtrail"]) {
      const text = errorText(await s.client.callTool({ name: "get_http_log_source", arguments: { source_id: id } }));
      assert.match(text, /^NOT_FOUND:/);
      assert.ok(text.includes(id), text);
    }
    for (const [args, pattern] of [
      [{}, /source_id/],
      [{ source_id: "" }, /source_id/],
      [{ source_id: ".." }, /source_id/],
      [{ source_id: "has spaces!" }, /id must be/],
    ] as const) {
      const text = errorText(await s.client.callTool({ name: "get_http_log_source", arguments: args }));
      assert.match(text, /^INVALID_ARGUMENT:/, text);
      assert.match(text, pattern, text);
    }
  });

  test("the simulator's /log-sources/http/{id} answers like Panther: 401, 403, 404, 405", async () => {
    const id = SEED.logSources.find((x) => x.http)!.integrationId;
    const get = (path: string, token: string | null = TOKEN, method = "GET") =>
      fetch(sim.restUrl + path, { method, headers: token ? { "X-API-Key": token } : {} });
    assert.equal((await get(`/log-sources/http/${id}`)).status, 200);
    assert.equal((await get(`/log-sources/http/${id}`, null)).status, 401);
    assert.equal((await get(`/log-sources/http/${id}`, "limited-token-9d2e")).status, 403);
    assert.equal((await get("/log-sources/http")).status, 404);
    assert.equal((await get(`/log-sources/s3/${id}`)).status, 404);
    assert.equal((await get(`/log-sources/http/${id}/more`)).status, 404);
    const put = await get(`/log-sources/http/${id}`, TOKEN, "PUT");
    assert.equal(put.status, 405);
    assert.equal(put.headers.get("allow"), "GET");
  });

  test("list_log_type_schemas filters and pages to the end", async () => {
    const all = SEED.schemas.map((x) => x.name);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let n = 0; n < 20; n++) {
      const page = await call("list_log_type_schemas", { page_size: 5, ...(cursor ? { cursor } : {}) });
      assert.ok(page.items.length <= 5);
      assert.equal(page.items[0].spec, undefined, "the listing leaves specs out");
      seen.push(...page.items.map((i: { name: string }) => i.name));
      cursor = page.next_cursor ?? undefined;
      if (!cursor) break;
    }
    assert.deepEqual(seen, all);
    const names = async (args: Record<string, unknown>) =>
      (await call("list_log_type_schemas", args)).items.map((i: { name: string }) => i.name);
    assert.deepEqual(await names({ is_archived: true }), ["AWS.Legacy.ELB"]);
    assert.deepEqual(await names({ is_managed: false }), ["Custom.Firewall", "Custom.FirewallV2", "Custom.PayrollAudit"]);
    const used = new Set(SEED.logSources.flatMap((x) => x.logTypes));
    assert.deepEqual(
      await names({ is_in_use: false }),
      all.filter((n) => !used.has(n)),
    );
    assert.deepEqual(await names({ is_in_use: true, is_managed: false }), ["Custom.Firewall", "Custom.FirewallV2"]);
    assert.deepEqual(await names({ contains: "cloudtrail" }), ["AWS.CloudTrail", "AWS.CloudTrailDigest"]);
    // contains also matches field names, as Panther's does.
    assert.deepEqual(await names({ contains: "event_simpleName" }), ["Crowdstrike.FDREvent"]);
  });

  test("get_log_type_schema_details matches names exactly and reports the missing", async () => {
    const got = await call("get_log_type_schema_details", {
      schema_names: ["AWS.CloudTrail", "Custom.Firewall", "Nope.Missing", "AWS.CloudTrail"],
    });
    assert.deepEqual(
      got.schemas.map((x: { name: string }) => x.name),
      ["AWS.CloudTrail", "Custom.Firewall"],
    );
    assert.deepEqual(got.not_found, ["Nope.Missing"]);
    const trail = got.schemas[0];
    assert.equal(trail.spec, SEED.schemas.find((x) => x.name === "AWS.CloudTrail")!.spec);
    assert.equal(typeof trail.isFieldDiscoveryEnabled, "boolean");
    // A name that only appears inside other names is not found.
    assert.deepEqual(await call("get_log_type_schema_details", { schema_names: ["AWS.Cloud"] }), { schemas: [], not_found: ["AWS.Cloud"] });
  });

  test("bad input names the field and what is allowed", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["list_log_sources", { page_size: 51 }, /page_size: must be <= 50/],
      ["list_log_sources", { page_size: 0 }, /page_size/],
      ["list_log_sources", { is_healthy: "yes" }, /is_healthy/],
      ["list_log_sources", { log_types: [] }, /log_types/],
      ["list_log_sources", { integration_type: "" }, /integration_type/],
      ["list_log_sources", { cursor: "not a cursor" }, /cursor: not a next_cursor of list_log_sources/],
      ["list_log_sources", { cursor: Buffer.from('{"p":5,"s":-1}').toString("base64url") }, /cursor/],
      ["list_log_type_schemas", { page_size: 101 }, /page_size: must be <= 100/],
      ["list_log_type_schemas", { is_managed: 1 }, /is_managed/],
      ["list_log_type_schemas", { cursor: "zzz" }, /cursor: not a next_cursor of list_log_type_schemas/],
      ["get_log_type_schema_details", { schema_names: [] }, /schema_names/],
      ["get_log_type_schema_details", { schema_names: ["a", "b", "c", "d", "e", "f"] }, /schema_names/],
      ["get_log_type_schema_details", { schema_names: [""] }, /schema_names\[0\]/],
      ["get_log_type_schema_details", {}, /schema_names/],
    ];
    for (const [name, args, pattern] of cases) {
      const text = errorText(await s.client.callTool({ name, arguments: args }));
      assert.match(text, /^INVALID_ARGUMENT:/, `${name} ${JSON.stringify(args)}: ${text}`);
      assert.match(text, pattern, `${name} ${JSON.stringify(args)}: ${text}`);
    }
    // A well-formed cursor pointing at a page Panther does not know is Panther's bad input.
    const real = JSON.parse(Buffer.from((await call("list_log_sources", { page_size: 1 })).next_cursor, "base64url").toString("utf8"));
    real.p.items.c = "bm90LWEtY3Vyc29y";
    const stale = Buffer.from(JSON.stringify(real)).toString("base64url");
    const staleText = errorText(await s.client.callTool({ name: "list_log_sources", arguments: { cursor: stale } }));
    assert.match(staleText, /^INVALID_ARGUMENT:/);
    assert.doesNotMatch(staleText, /not a next_cursor|made for other arguments/, "Panther's refusal, not ours");
  });

  test("every sources tool is denied without LogSourceRead, pointing at get_permissions", async () => {
    const calls: [string, Record<string, unknown>][] = [
      ["list_log_sources", {}],
      ["get_http_log_source", { source_id: SEED.logSources.find((x) => x.http)!.integrationId }],
      ["list_log_type_schemas", {}],
      ["get_log_type_schema_details", { schema_names: ["AWS.CloudTrail"] }],
    ];
    const logged = () => limited.stderr().split('"msg":"tool call"').length - 1;
    const before = logged();
    for (const [name, args] of calls) {
      const text = errorText(await limited.client.callTool({ name, arguments: args }));
      assert.match(text, new RegExp(`^PERMISSION_DENIED: .*${name} needs the Panther permission LogSourceRead`), text);
      assert.match(text, /get_permissions/);
    }
    // Once these calls are logged (lines are written in batches, after the answer).
    assert.ok(await waitFor(() => logged() >= before + calls.length, 10_000), "every call was logged");
    for (const secret of httpSecrets(SEED)) assert.ok(!limited.stderr().includes(secret));
  });
});
