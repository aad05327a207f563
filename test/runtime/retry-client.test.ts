// PantherClient's retries, write safety, cancellation and concurrency cap, over a stubbed network
// (the `fetch` seam), then the default path (undici's request API) against a real local HTTP server.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { PantherClient, type FetchLike, type PantherClientOptions, type UpstreamResponse } from "../../src/upstream/client.js";
import { runWithContext, type ToolContext } from "../../src/runtime/context.js";
import type { GraphqlRequest } from "../../src/runtime/transport.js";

const TOKEN = "unit-secret-token-77aa";

function reply(status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name) => lower[name.toLowerCase()] ?? null },
    text: async () => JSON.stringify(body),
  };
}

function networkError(code: string): Error {
  return Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });
}

/** A fetch that plays the scripted answers in order (the last one repeats) and counts calls. */
function scripted(...answers: (UpstreamResponse | Error)[]): FetchLike & { calls: number } {
  const fn: FetchLike & { calls: number } = Object.assign(
    async (_url: string, init: { signal: AbortSignal }) => {
      const answer = answers[Math.min(fn.calls, answers.length - 1)];
      fn.calls += 1;
      init.signal.throwIfAborted();
      if (answer instanceof Error) throw answer;
      return answer;
    },
    { calls: 0 },
  );
  return fn;
}

function client(fetch: FetchLike, extra: Partial<PantherClientOptions> = {}, lines: string[] = []): PantherClient {
  return new PantherClient({
    graphqlUrl: "http://panther.test/public/graphql",
    restUrl: "http://panther.test",
    apiToken: TOKEN,
    timeoutMs: 2000,
    logger: pino({ level: "info" }, { write: (line: string) => void lines.push(line) }),
    fetch,
    maxRetries: 3,
    retryBudgetMs: 10_000,
    ...extra,
  });
}

const query: GraphqlRequest = { operationName: "ListAlerts", query: "query ListAlerts { alerts { id } }", variables: {}, mutation: false };
const mutation: GraphqlRequest = {
  operationName: "AddAlertComment",
  query: "mutation AddAlertComment { addComment { id } }",
  variables: {},
  mutation: true,
};
const ok = reply(200, { data: { alerts: [] } });

test("a GraphQL request's body is the JSON of its query, operation name and variables, as JSON.stringify writes it", async () => {
  const bodies: string[] = [];
  const capture: FetchLike = async (_url, init) => {
    bodies.push(String(init.body));
    return reply(200, { data: { ok: true } });
  };
  const document = 'query Odd($q: String = "a\\"b") {\n  alerts(note: "caf\u00e9 \u2028") { id }\n}';
  const variables = { q: 'x"y', n: 3, gone: undefined, list: [1, null] };
  for (let i = 0; i < 2; i++) await client(capture).graphql({ operationName: "Odd", query: document, variables, mutation: false });
  const expected = JSON.stringify({ query: document, operationName: "Odd", variables });
  assert.deepEqual(bodies, [expected, expected], "the same text the first time (document escaped) and after (escaped text reused)");
});

describe("retries of reads", () => {
  test("a 503 then success returns the data after two requests, and the retry is logged without the token", async () => {
    const lines: string[] = [];
    const fetch = scripted(reply(503, { message: "busy" }), ok);
    assert.deepEqual(await client(fetch, {}, lines).graphql(query), { alerts: [] });
    assert.equal(fetch.calls, 2);
    const retry = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "retrying panther request");
    assert.ok(retry, lines.join("\n"));
    assert.equal(retry.level, 30);
    assert.equal(retry.operation, "ListAlerts");
    assert.equal(retry.attempt, 1);
    assert.equal(retry.status, 503);
    assert.equal(typeof retry.waitMs, "number");
    assert.ok(!lines.join("").includes(TOKEN));
  });

  test("the retry line names the tool call: found from the call's signal, or given as context", async () => {
    const call = (name: string): ToolContext =>
      ({ toolName: name, requestId: `${name}-1`, signal: new AbortController().signal }) as ToolContext;
    const retried = async (run: (c: PantherClient) => Promise<unknown>) => {
      const lines: string[] = [];
      await run(client(scripted(reply(503, {}), ok), {}, lines));
      const line = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "retrying panther request");
      return { tool: line.tool, requestId: line.requestId };
    };
    const viaSignal = call("list_alerts");
    assert.deepEqual(await runWithContext(viaSignal, () => retried((c) => c.graphql(query, { signal: viaSignal.signal }))), {
      tool: "list_alerts",
      requestId: "list_alerts-1",
    });
    const given = call("query_data_lake");
    assert.deepEqual(await retried((c) => c.graphql(query, { context: given })), {
      tool: "query_data_lake",
      requestId: "query_data_lake-1",
    });
    const none = { tool: undefined, requestId: undefined };
    assert.deepEqual(await retried((c) => c.graphql(query, { signal: new AbortController().signal })), none);
    assert.deepEqual(await retried((c) => c.graphql(query, { signal: viaSignal.signal })), none, "after the call ends it is not found");
  });

  test("connection resets are retried, an unknown host is not", async () => {
    const reset = scripted(networkError("ECONNRESET"), networkError("ECONNREFUSED"), ok);
    assert.deepEqual(await client(reset).graphql(query), { alerts: [] });
    assert.equal(reset.calls, 3);
    const unknown = scripted(networkError("ENOTFOUND"));
    await assert.rejects(client(unknown).graphql(query), { code: "UPSTREAM_UNAVAILABLE", message: /ENOTFOUND/ });
    assert.equal(unknown.calls, 1);
    const refused = scripted(Object.assign(new TypeError("fetch failed"), { cause: new Error("bad port") }));
    await assert.rejects(client(refused).graphql(query), { code: "UPSTREAM_UNAVAILABLE", message: /\(bad port\)/ });
    assert.equal(refused.calls, 1);
  });

  test("when tries run out the last error keeps its class and says how many retries were made", async () => {
    const fetch = scripted(reply(502, {}));
    await assert.rejects(client(fetch, { maxRetries: 2 }).graphql(query), {
      code: "UPSTREAM_UNAVAILABLE",
      message: /HTTP 502.*Gave up after 2 retries\./,
    });
    assert.equal(fetch.calls, 3);
  });

  test("maxRetries 0 means one attempt and no note", async () => {
    const fetch = scripted(reply(429, {}, { "Retry-After": "1" }));
    await assert.rejects(client(fetch, { maxRetries: 0 }).graphql(query), (error: Error & { code: string }) => {
      assert.equal(error.code, "RATE_LIMITED");
      assert.doesNotMatch(error.message, /Gave up/);
      return true;
    });
    assert.equal(fetch.calls, 1);
  });

  test("a Retry-After beyond the budget fails at once and says when to come back", async () => {
    const fetch = scripted(reply(429, {}, { "Retry-After": "60" }), ok);
    const started = performance.now();
    await assert.rejects(client(fetch, { retryBudgetMs: 5000 }).graphql(query), {
      code: "RATE_LIMITED",
      message: /retry after 60 s.*beyond the retry budget of 5 s/,
    });
    assert.equal(fetch.calls, 1);
    assert.ok(performance.now() - started < 1000);
  });

  test("a 503 with Retry-After as an HTTP date within the budget is waited for", async () => {
    const at = new Date(Date.now() + 1000).toUTCString();
    const fetch = scripted(reply(503, {}, { "Retry-After": at }), ok);
    assert.deepEqual(await client(fetch).graphql(query), { alerts: [] });
    assert.equal(fetch.calls, 2);
  });

  test("GraphQL errors in a 200 are not retried", async () => {
    const fetch = scripted(reply(200, { data: null, errors: [{ message: "boom" }] }), ok);
    await assert.rejects(client(fetch).graphql(query), { code: "UPSTREAM_ERROR" });
    assert.equal(fetch.calls, 1);
  });

  test("other statuses (400, 404, 500) are not retried", async () => {
    for (const status of [400, 404, 500]) {
      const fetch = scripted(reply(status, { message: "no" }), ok);
      await assert.rejects(client(fetch).graphql(query));
      assert.equal(fetch.calls, 1, `${status}`);
    }
  });

  test("REST GET retries; REST writes do not", async () => {
    const get = scripted(reply(504, {}), reply(200, { items: [] }));
    assert.deepEqual(await client(get).rest({ operationName: "ListRules", method: "GET", path: "/rules", mutation: false }), { items: [] });
    assert.equal(get.calls, 2);
    const post = scripted(reply(503, {}), reply(200, {}));
    await assert.rejects(client(post).rest({ operationName: "CreateRule", method: "POST", path: "/rules", body: {}, mutation: false }), {
      code: "UPSTREAM_UNAVAILABLE",
    });
    assert.equal(post.calls, 1);
  });

  test("a timed-out read is retried only when another whole attempt fits in the budget", async () => {
    const hang: FetchLike & { calls: number } = Object.assign(
      (_url: string, init: { signal: AbortSignal }) => {
        hang.calls += 1;
        if (hang.calls > 1) return Promise.resolve(ok);
        return new Promise<UpstreamResponse>((_resolve, reject) =>
          init.signal.addEventListener("abort", () => reject(init.signal.reason), { once: true }),
        );
      },
      { calls: 0 },
    );
    // AbortSignal.timeout does not keep the process alive; in the server stdin does, here a timer.
    const keepAlive = setInterval(() => undefined, 1000);
    try {
      assert.deepEqual(await client(hang, { timeoutMs: 100, retryBudgetMs: 5000 }).graphql(query), { alerts: [] });
      assert.equal(hang.calls, 2);
      hang.calls = 0;
      await assert.rejects(client(hang, { timeoutMs: 100, retryBudgetMs: 150 }).graphql(query), { code: "TIMEOUT" });
      assert.equal(hang.calls, 1);
    } finally {
      clearInterval(keepAlive);
    }
  });
});

describe("writes", () => {
  test("a mutation gets exactly one attempt whatever the failure", async () => {
    for (const answer of [reply(503, {}), reply(429, {}, { "Retry-After": "0" }), networkError("ECONNRESET")]) {
      const fetch = scripted(answer, reply(200, { data: { addComment: { id: "c1" } } }));
      await assert.rejects(client(fetch).graphql(mutation));
      assert.equal(fetch.calls, 1);
    }
  });
});

describe("cancellation", () => {
  test("aborting during the backoff wait stops at once with CANCELLED", async () => {
    const fetch = scripted(reply(503, {}, { "Retry-After": "5" }), ok);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await assert.rejects(client(fetch).graphql(query, { signal: controller.signal }), { code: "CANCELLED" });
    assert.ok(performance.now() - started < 1000);
    assert.equal(fetch.calls, 1);
  });
});

describe("concurrency cap", () => {
  test("no more than maxConcurrency requests are in flight; the rest wait their turn", async () => {
    let inFlight = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const fetch: FetchLike = async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      return ok;
    };
    const c = client(fetch, { maxConcurrency: 2 });
    const calls = Array.from({ length: 5 }, () => c.graphql(query));
    for (let opened = 0; opened < 5;) {
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(inFlight <= 2);
      if (gates.length) {
        gates.shift()?.();
        opened += 1;
      }
    }
    await Promise.all(calls);
    assert.equal(peak, 2);
  });

  test("a queued call whose signal aborts leaves without ever reaching Panther", async () => {
    let release!: () => void;
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return ok;
    };
    const c = client(fetch, { maxConcurrency: 1 });
    const first = c.graphql(query);
    const controller = new AbortController();
    const queued = c.graphql(query, { signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await assert.rejects(queued, { code: "CANCELLED" });
    release();
    await first;
    assert.equal(calls, 1);
  });
});

// The default network path: undici's request API on the keep-alive pool, against a real local HTTP server.
describe("over the network (undici request)", () => {
  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  let server: Server;
  let handler: Handler = (_req, res) => res.end();
  let requests = 0;
  let base = "";
  before(async () => {
    server = createServer((req, res) => {
      requests += 1;
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function networked(extra: Partial<PantherClientOptions> = {}): PantherClient {
    return new PantherClient({
      graphqlUrl: `${base}/public/graphql`,
      restUrl: base,
      apiToken: TOKEN,
      timeoutMs: 2000,
      logger: pino({ level: "silent" }),
      maxRetries: 0,
      ...extra,
    });
  }

  test("an answer is read, and the API key, method and body are sent", async () => {
    let seen: { key?: string; method?: string; body: string } = { body: "" };
    handler = (req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen = { key: req.headers["x-api-key"] as string, method: req.method, body };
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify({ data: { alerts: [{ id: "a1" }] } }));
      });
    };
    const c = networked();
    try {
      assert.deepEqual(await c.graphql(query), { alerts: [{ id: "a1" }] });
      assert.equal(seen.key, TOKEN);
      assert.equal(seen.method, "POST");
      assert.equal(JSON.parse(seen.body).operationName, "ListAlerts");
    } finally {
      await c.close();
    }
  });

  test("a redirect is not followed: one request, an UPSTREAM_ERROR naming only the target's origin", async () => {
    handler = (_req, res) => {
      res.writeHead(302, { Location: "http://elsewhere.example:8443/steal?key=1" });
      res.end();
    };
    const c = networked();
    const before = requests;
    try {
      await assert.rejects(c.graphql(query), (error: Error & { code: string }) => {
        assert.equal(error.code, "UPSTREAM_ERROR");
        assert.match(error.message, /redirect \(HTTP 302\) to http:\/\/elsewhere\.example:8443\./);
        assert.doesNotMatch(error.message, /steal/);
        return true;
      });
      assert.equal(requests - before, 1);
    } finally {
      await c.close();
    }
  });

  test("an answer streamed past 16 MiB without a length is cut off while streaming", async () => {
    let closed = false;
    handler = (_req, res) => {
      res.on("close", () => (closed = true));
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, "x");
      let sent = 0;
      const more = (): void => {
        while (sent < 64 && !res.destroyed) {
          sent += 1;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    };
    const c = networked({ timeoutMs: 30_000 });
    try {
      await assert.rejects(c.graphql(query), { code: "UPSTREAM_ERROR", message: /larger than 16 MiB/ });
      // The connection was dropped rather than read to the end.
      for (let i = 0; i < 100 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.ok(closed, "the server saw the connection close");
    } finally {
      await c.close();
    }
  });

  test("an answer declaring more than 16 MiB is refused before its body is read", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(17 * 1024 * 1024) });
      res.write('{"data":');
    };
    const c = networked({ timeoutMs: 30_000 });
    try {
      await assert.rejects(c.graphql(query), { code: "UPSTREAM_ERROR", message: /larger than 16 MiB/ });
      handler = (_req, res) => res.end(JSON.stringify({ data: { alerts: [] } }));
      assert.deepEqual(await c.graphql(query), { alerts: [] }, "the client goes on working");
    } finally {
      await c.close();
    }
  });

  test("a body that stalls after the headers times out, and a cancel mid-body is CANCELLED", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"data":');
    };
    const c = networked({ timeoutMs: 300 });
    const slow = networked({ timeoutMs: 30_000 });
    try {
      await assert.rejects(c.graphql(query), { code: "TIMEOUT", message: /did not answer ListAlerts within 0\.3 s/ });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(slow.graphql(query, { signal: controller.signal }), { code: "CANCELLED" });
    } finally {
      server.closeAllConnections();
      await Promise.all([c.close(), slow.close()]);
    }
  });

  test("a refused connection is UPSTREAM_UNAVAILABLE with its code, retried as a network failure", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const c = new PantherClient({
      graphqlUrl: `http://127.0.0.1:${port}/public/graphql`,
      restUrl: `http://127.0.0.1:${port}`,
      apiToken: TOKEN,
      timeoutMs: 2000,
      logger: pino({ level: "silent" }),
      maxRetries: 1,
      retryBudgetMs: 5000,
    });
    try {
      await assert.rejects(c.graphql(query), { code: "UPSTREAM_UNAVAILABLE", message: /ECONNREFUSED.*Gave up after 1 retry/ });
    } finally {
      await c.close();
    }
  });
});
