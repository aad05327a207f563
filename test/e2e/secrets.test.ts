// Panther's answers are untrusted: redirects are never followed (the key stays home), and the token
// is scrubbed from every piece of upstream text, in every encoding, before it reaches a result or a log.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { TOKEN, unfence, useSimulator, type Session } from "./harness.js";

/** Every form of the token the tests plant; none may come back. */
const FORMS = {
  plain: TOKEN,
  upper: TOKEN.toUpperCase(),
  url: encodeURIComponent(`k=${TOKEN}!`).replace(/!/g, "%21"),
  base64: Buffer.from(`apiuser:${TOKEN}`).toString("base64"),
  base64url: Buffer.from(`{"k":"${TOKEN}"}`).toString("base64url"),
  hex: Buffer.from(TOKEN).toString("hex"),
};

/** The token-bearing part of each planted form (what must not appear in any output). */
const MARKERS = [
  TOKEN.toLowerCase(),
  encodeURIComponent(TOKEN).toLowerCase(),
  FORMS.base64.slice(12, 28),
  FORMS.base64url.slice(8, 24),
  FORMS.hex.toLowerCase(),
];

function assertClean(text: string, where: string): void {
  const lower = text.toLowerCase();
  for (const marker of MARKERS)
    assert.ok(!lower.includes(marker.toLowerCase()), `${where} carries a form of the token (${marker}): ${text.slice(0, 400)}`);
}

/** The raw text of a tool result, error or not. */
function textOf(result: unknown): { text: string; isError: boolean } {
  const r = result as { content: { text: string }[]; isError?: boolean };
  return { text: r.content[0]!.text, isError: Boolean(r.isError) };
}

/** A server on another origin that records whatever reaches it. */
async function startTrap(): Promise<{ server: Server; origin: string; received: IncomingMessage[] }> {
  const received: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    received.push(req);
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe("untrusted answers from Panther", () => {
  let sim: Simulator;
  let s: Session;
  let trap: Awaited<ReturnType<typeof startTrap>>;
  let alertId: string;
  useSimulator({}, { s: {} }, (started) => ({ sim, s } = started));
  before(async () => {
    trap = await startTrap();
    const page = textOf(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    alertId = JSON.parse(unfence(page.text)).items[0].id;
  });
  after(() => {
    trap?.server.close();
    assertClean(s.stderr(), "the server's log");
  });

  const redirects: [string, number, string, Record<string, unknown>, { kind: "graphql" | "rest"; operationName?: string }][] = [
    ["a GraphQL read", 307, "list_alerts", { page_size: 1 }, { kind: "graphql", operationName: "ListAlerts" }],
    ["a GraphQL write", 308, "add_alert_comment", { alert_id: "a1", comment: "body that must stay home" }, { kind: "graphql" }],
    ["a REST read", 302, "list_detections", { limit: 1 }, { kind: "rest" }],
    ["a REST read, 301", 301, "get_detection", { detection_id: "AWS.Root.Login" }, { kind: "rest" }],
    ["a GraphQL read, 303", 303, "get_alert", { alert_id: "a1" }, { kind: "graphql" }],
  ];
  for (const [what, status, tool, args, match] of redirects) {
    test(`a ${status} redirect on ${what} is not followed and names only the target's origin`, async () => {
      const mark = sim.requests.length;
      sim.faults.add({ match, status, body: "", headers: { Location: `${trap.origin}/steal/${TOKEN}?key=${TOKEN}#frag` } });
      const { text, isError } = textOf(await s.client.callTool({ name: tool, arguments: args }));
      assert.ok(isError, text);
      assert.match(text, new RegExp(`^UPSTREAM_ERROR: .*redirect \\(HTTP ${status}\\) to ${trap.origin.replace(/\./g, "\\.")}\\.`));
      assert.doesNotMatch(text, /steal|key=|frag/);
      assert.match(text, /PANTHER_INSTANCE_URL/);
      assert.equal(trap.received.length, 0, "nothing reached the other origin");
      assert.equal(sim.requests.slice(mark).length, 1, "one request, no retry of a redirect");
    });
  }

  test("a redirect to a relative target says 'the same origin' and still is not followed", async () => {
    sim.faults.add({ match: { operationName: "ListAlerts" }, status: 307, body: "", headers: { Location: "/elsewhere" } });
    const { text } = textOf(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    assert.match(text, /redirect \(HTTP 307\) to the same origin/);
  });

  test("GraphQL error messages reflecting the token in any encoding are scrubbed", async () => {
    sim.faults.add({
      match: { operationName: "GetAlert" },
      graphqlErrors: Object.entries(FORMS).map(([k, v]) => ({ message: `${k}: ${v}` })),
    });
    const { text, isError } = textOf(await s.client.callTool({ name: "get_alert", arguments: { alert_id: alertId } }));
    assert.ok(isError);
    assert.match(text, /\[REDACTED\]/);
    assertClean(text, "the error");
  });

  test("a REST error body (not JSON) reflecting request headers is scrubbed and capped", async () => {
    sim.faults.add({
      match: { kind: "rest" },
      status: 400,
      body: `<html>Bad request. Headers: X-API-Key: ${TOKEN}\nAuthorization: Basic ${FORMS.base64} ${"pad ".repeat(2000)}</html>`,
    });
    const { text } = textOf(await s.client.callTool({ name: "list_detections", arguments: { limit: 1 } }));
    assert.match(text, /^INVALID_ARGUMENT: Panther rejected/);
    assertClean(text, "the error");
    assert.ok(text.length < 600, `capped: ${text.length} characters`);
  });

  test("a failed data-lake query's message is scrubbed and capped", async () => {
    sim.faults.add({
      match: { operationName: "GetDataLakeQuery" },
      status: 200,
      body: {
        data: {
          dataLakeQuery: {
            id: "q-1",
            status: "failed",
            message: `SQL compilation error near '${TOKEN}'; request had x-api-key=${FORMS.url} and ${FORMS.hex} ${"detail ".repeat(3000)}`,
            sql: "",
            startedAt: null,
            completedAt: null,
            results: null,
          },
        },
      },
    });
    const { text, isError } = textOf(await s.client.callTool({ name: "query_data_lake", arguments: { query_id: "q-1" } }));
    assert.ok(isError, text);
    assert.match(text, /failed/);
    assertClean(text, "the error");
    assert.ok(text.length < 1000, `capped: ${text.length} characters`);
  });

  test("successful answers reflecting the token are scrubbed too, also when spelt with JSON escapes", async () => {
    const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    const comments = JSON.stringify([
      { id: "c1", alertId, body: `plain ${TOKEN}`, format: "PLAIN_TEXT", createdAt: "2026-01-01T00:00:00Z" },
      { id: "c2", alertId, body: `encoded ${FORMS.base64}`, format: "PLAIN_TEXT", createdAt: "2026-01-01T00:00:00Z" },
      { id: "c3", alertId, body: "ESCAPED", format: "PLAIN_TEXT", createdAt: "2026-01-01T00:00:00Z" },
    ]).replace("ESCAPED", escaped);
    sim.faults.add({ match: { kind: "rest", method: "GET" }, status: 200, body: `{"results":${comments},"next":null}` });
    const { text, isError } = textOf(await s.client.callTool({ name: "list_alert_comments", arguments: { alert_id: alertId } }));
    assert.ok(!isError, text);
    assertClean(text, "the result");
    assert.match(text, /plain \[REDACTED\]/);
  });

  test("a comment stored in Panther with the token comes back scrubbed", async () => {
    await s.client.callTool({
      name: "add_alert_comment",
      arguments: { alert_id: alertId, comment: `pasted ${TOKEN.toUpperCase()} by mistake` },
    });
    const { text } = textOf(await s.client.callTool({ name: "list_alert_comments", arguments: { alert_id: alertId } }));
    assert.match(text, /pasted \[REDACTED\] by mistake/);
    assertClean(text, "the result");
  });

  test("an answer over the size cap is an UPSTREAM_ERROR, not held in memory", async () => {
    const huge = `{"data":{"alert":{"title":"${"x".repeat(17 * 1024 * 1024)}"}}}`;
    sim.faults.add({ match: { operationName: "GetAlert" }, status: 200, body: huge });
    const { text, isError } = textOf(await s.client.callTool({ name: "get_alert", arguments: { alert_id: alertId } }));
    assert.ok(isError);
    assert.match(text, /^UPSTREAM_ERROR: Panther's answer was larger than 16 MiB/);
    // The server is still fine afterwards.
    const again = textOf(await s.client.callTool({ name: "get_alert", arguments: { alert_id: alertId } }));
    assert.ok(!again.isError, again.text);
  });
});
