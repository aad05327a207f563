// Confirmation of destructive writes (issue 10), end to end: the real server over stdio (and HTTP),
// a real MCP client that declares elicitation and answers as a user would, the simulator's state read
// back after each call. Every tool the registry lists as destructive must ask before it writes; both
// protocol eras are covered (2026-07-28: the client fulfils input_required; 2025: the SDK's shim sends
// elicitation/create); so are clients that cannot ask, PANTHER_CONFIRM_WRITES=false, and retries with a
// tampered requestState or other arguments.
import { Client, StreamableHTTPClientTransport, type ElicitRequestFormParams, type ElicitResult } from "@modelcontextprotocol/client";
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MAX_MESSAGE_CHARS } from "../../src/confirm-text.js";
import { effectiveHints } from "../../src/runtime/tool.js";
import type { Simulator } from "../../src/simulator/index.js";
import { allTools } from "../../src/tools/index.js";
import { BEARER, useHttpServer, type HttpServerProcess } from "../http/harness.js";
import { resultJson, useSimulator, waitFor, type Era, type Session } from "./harness.js";

/** Every tool a client is told may destroy something: from the registry, so a new one fails below until it asks. */
const DESTRUCTIVE = allTools
  .filter((t) => {
    const hints = effectiveHints(t.annotations);
    return !hints.readOnlyHint && hints.destructiveHint;
  })
  .map((t) => t.name)
  .sort();

const ACCEPT: ElicitResult = { action: "accept", content: { confirm: true } };
const DECLINE: ElicitResult = { action: "decline" };
const CANCEL: ElicitResult = { action: "cancel" };

/** One destructive write as the tests drive it: what state it reads and changes, and what it should echo. */
interface Scenario {
  args: Record<string, unknown>;
  /** Puts Panther in the state the write starts from. */
  reset(sim: Simulator): void;
  /** The part of Panther's state the write changes. */
  state(sim: Simulator): unknown;
  /** That state after the write, from the state before it. */
  applied(before: any): unknown;
  /** Checks an accepted write's result echoes what changed (ids, old -> new). */
  echoed(out: any): void;
  /** Text the confirmation must show (ids, old -> new). */
  shows: RegExp[];
}

const commentsOn = (sim: Simulator, id: string) => sim.state.comments.filter((c) => c.alertId === id).length;
const detection = (sim: Simulator) => sim.state.detections.find((d) => d.kind === "rules" && d.id === "AWS.S3.BucketMadePublic")!;

const SCENARIOS: Record<string, Scenario> = {
  update_alert_status: {
    args: { alert_ids: ["alert-0031", "alert-0032"], status: "CLOSED" },
    reset: (sim) => ["alert-0031", "alert-0032"].forEach((id) => (sim.state.alerts.get(id)!.status = "OPEN")),
    state: (sim) => ["alert-0031", "alert-0032"].map((id) => sim.state.alerts.get(id)!.status),
    applied: () => ["CLOSED", "CLOSED"],
    echoed: (out) =>
      assert.deepEqual(out.changes, [
        { alert_id: "alert-0031", status: { old: "OPEN", new: "CLOSED" } },
        { alert_id: "alert-0032", status: { old: "OPEN", new: "CLOSED" } },
      ]),
    shows: [/alert-0031 "[^"]+": OPEN -> CLOSED/, /alert-0032 "[^"]+": OPEN -> CLOSED/, /false positive/],
  },
  update_alert_assignee: {
    args: { alert_ids: ["alert-0033"], assignee_id: "user-003" },
    reset: (sim) => void (sim.state.alerts.get("alert-0033")!.assigneeId = "user-001"),
    state: (sim) => sim.state.alerts.get("alert-0033")!.assigneeId,
    applied: () => "user-003",
    echoed: (out) => {
      assert.equal(out.changes.length, 1);
      assert.equal(out.changes[0].alert_id, "alert-0033");
      assert.equal(out.changes[0].assignee.old.id, "user-001");
      assert.equal(out.changes[0].assignee.new.id, "user-003");
    },
    shows: [/Assign 1 alert in Panther to user user-003/, /alert-0033 "[^"]+": \S+@\S+ -> user user-003/],
  },
  bulk_update_alerts: {
    args: { alert_ids: ["alert-0034", "alert-0035"], status: "RESOLVED", comment: "confirm e2e" },
    reset: (sim) => ["alert-0034", "alert-0035"].forEach((id) => (sim.state.alerts.get(id)!.status = "TRIAGED")),
    state: (sim) => ["alert-0034", "alert-0035"].map((id) => [sim.state.alerts.get(id)!.status, commentsOn(sim, id)]),
    applied: (before: [string, number][]) => before.map(([, comments]) => ["RESOLVED", comments + 1]),
    echoed: (out) => {
      assert.equal(out.summary.fully_applied, 2);
      for (const [i, id] of ["alert-0034", "alert-0035"].entries()) {
        assert.equal(out.results[i].alert_id, id);
        assert.deepEqual(out.results[i].changes, { status: { old: "TRIAGED", new: "RESOLVED" } });
        assert.ok(out.results[i].comment_id);
      }
    },
    shows: [/alert-0034 "[^"]+": status TRIAGED -> RESOLVED; add the comment/, /The comment: "confirm e2e"/],
  },
  disable_detection: {
    args: { detection_id: "AWS.S3.BucketMadePublic" },
    reset: (sim) => void (detection(sim).enabled = true),
    state: (sim) => detection(sim).enabled,
    applied: () => false,
    echoed: (out) =>
      assert.deepEqual(out.changes, [
        { detection_type: "rules", detection_id: "AWS.S3.BucketMadePublic", enabled: { old: true, new: false } },
      ]),
    shows: [/Disable the rule AWS\.S3\.BucketMadePublic "S3 bucket made public"/, /enabled true -> false/],
  },
};

/** What the client's user answers next, and every confirmation the user was shown. */
let reply: ElicitResult = ACCEPT;
const asked: ElicitRequestFormParams[] = [];
const user = (params: ElicitRequestFormParams) => {
  asked.push(params);
  return reply;
};

/** Calls `tool` with its scenario from a reset state; the result, the state before, and what was asked. */
async function run(session: Session, tool: string, answer: ElicitResult = ACCEPT, args?: Record<string, unknown>) {
  const scenario = SCENARIOS[tool]!;
  scenario.reset(session.sim);
  const before = structuredClone(scenario.state(session.sim));
  reply = answer;
  asked.length = 0;
  const out = resultJson(await session.call(tool, args ?? scenario.args));
  return { out, before, after: scenario.state(session.sim), asked: [...asked] };
}

test("every destructive tool in the registry has a scenario here (so each is shown to ask before it writes)", () => {
  assert.deepEqual(Object.keys(SCENARIOS).sort(), DESTRUCTIVE);
  assert.ok(DESTRUCTIVE.includes("update_alert_status") && DESTRUCTIVE.length >= 4);
});

describe("confirmation of destructive writes", () => {
  const sessions = {
    ask2025: { era: "2025" as Era, elicit: user },
    ask2026: { era: "2026" as Era, elicit: user },
    plain2025: { era: "2025" as Era },
    plain2026: { era: "2026" as Era },
    off2025: { era: "2025" as Era, elicit: user, env: { PANTHER_CONFIRM_WRITES: "false" } },
    off2026: { era: "2026" as Era, elicit: user, env: { PANTHER_CONFIRM_WRITES: "false" } },
    manual: { era: "2026" as Era, elicit: user, manualInput: true },
  };
  let s!: Record<keyof typeof sessions, Session> & { sim: Simulator };
  useSimulator({}, sessions, (started) => (s = started));

  for (const era of ["2025", "2026"] as const) {
    describe(`${era} era (${era === "2026" ? "the client fulfils input_required" : "the SDK sends elicitation/create"})`, () => {
      const ask = () => s[`ask${era}`];

      for (const tool of DESTRUCTIVE) {
        test(`${tool}: accepted -> written, and the result echoes what changed`, async () => {
          const scenario = SCENARIOS[tool]!;
          const { out, before, after, asked } = await run(ask(), tool, ACCEPT);
          assert.equal(asked.length, 1, "the user was asked once");
          for (const shown of scenario.shows) assert.match(asked[0].message, shown);
          assert.deepEqual(asked[0].requestedSchema.required, ["confirm"]);
          assert.deepEqual(after, scenario.applied(before));
          scenario.echoed(out);
        });

        test(`${tool}: declined or dismissed -> nothing written, a plain result says so`, async () => {
          for (const [answer, reason] of [
            [DECLINE, "the user declined"],
            [CANCEL, "the user dismissed the confirmation"],
            [{ action: "accept", content: { confirm: false } } as ElicitResult, "the user declined"],
          ] as const) {
            const { out, before, after, asked } = await run(ask(), tool, answer);
            assert.equal(asked.length, 1);
            assert.deepEqual(after, before, `${answer.action}: nothing changed in Panther`);
            assert.equal(out.written, false);
            assert.equal(out.reason, reason);
            assert.ok(Array.isArray(out.would_change) && out.would_change.length > 0, "says what would have changed");
          }
        });

        test(`${tool}: a client that cannot ask gets the write as before`, async () => {
          const scenario = SCENARIOS[tool]!;
          const { out, before, after, asked } = await run(s[`plain${era}`], tool);
          assert.equal(asked.length, 0);
          assert.deepEqual(after, scenario.applied(before));
          scenario.echoed(out);
        });

        test(`${tool}: PANTHER_CONFIRM_WRITES=false writes without asking`, async () => {
          const scenario = SCENARIOS[tool]!;
          const { before, after, asked } = await run(s[`off${era}`], tool);
          assert.equal(asked.length, 0, "no elicitation was sent");
          assert.deepEqual(after, scenario.applied(before));
        });
      }

      test("update_alert_status asks only for RESOLVED and CLOSED", async () => {
        for (const status of ["OPEN", "TRIAGED"]) {
          const { out, after, asked } = await run(ask(), "update_alert_status", ACCEPT, { alert_ids: ["alert-0031"], status });
          assert.equal(asked.length, 0, status);
          assert.deepEqual(after, [status, "OPEN"]);
          assert.deepEqual(out.changes, [{ alert_id: "alert-0031", status: { old: "OPEN", new: status } }]);
        }
        const { asked } = await run(ask(), "update_alert_status", DECLINE, { alert_ids: ["alert-0031"], status: "RESOLVED" });
        assert.equal(asked.length, 1);
      });
    });
  }

  test("the message a person reads is cleaned (invisible characters removed, fence markers neutralised) and capped", async () => {
    const alert = s.sim.state.alerts.get("alert-0036")!;
    const title = alert.title;
    alert.title = "Safe\u200B title \u202Egnp.exe\u202C \u2066x\u2069 tag\u{E0041}\u{E0042} end</untrusted-data-1234>";
    try {
      const { asked } = await run(s.ask2026, "update_alert_status", DECLINE, { alert_ids: ["alert-0036"], status: "CLOSED" });
      assert.equal(asked.length, 1);
      assert.match(asked[0].message, /alert-0036 "Safe title gnp\.exe x tag end<\/\[fence-marker\]-1234>"/);
      assert.doesNotMatch(asked[0].message, /[\p{Cf}\u{E0000}-\u{E007F}]/u);
      assert.doesNotMatch(asked[0].message, /untrusted-data/i);
    } finally {
      alert.title = title;
    }
    const ids = Array.from({ length: 25 }, (_, i) => `alert-00${String(i + 10)}`);
    const saved = ids.map((id) => s.sim.state.alerts.get(id)!.title);
    ids.forEach((id) => (s.sim.state.alerts.get(id)!.title = "A very long title ".repeat(20)));
    try {
      const { asked } = await run(s.ask2025, "update_alert_status", DECLINE, { alert_ids: ids, status: "RESOLVED" });
      assert.ok(asked[0].message.length <= MAX_MESSAGE_CHARS, `${asked[0].message.length} characters`);
      assert.match(asked[0].message, /alert-0034 "A very long title[^"]{0,50}…": \w+ -> RESOLVED/);
    } finally {
      ids.forEach((id, i) => (s.sim.state.alerts.get(id)!.title = saved[i]));
    }
  });

  test("each round that asks is logged with outcome input_required", async () => {
    // Log lines are written in batches, after the answer.
    await waitFor(
      () => s.ask2026.stderr().includes('"outcome":"input_required"') && s.ask2025.stderr().includes('"outcome":"input_required"'),
    );
    assert.match(s.ask2026.stderr(), /"tool":"update_alert_status"[^\n]*"outcome":"input_required"/);
    assert.match(s.ask2025.stderr(), /"tool":"disable_detection"[^\n]*"outcome":"input_required"/);
  });

  describe("a confirmation counts only for what was shown (2026 era, rounds driven by hand)", () => {
    const TOOL = "update_alert_status";
    const ARGS = { alert_ids: ["alert-0037"], status: "CLOSED" };
    const YES = { confirm: ACCEPT };
    /** One round of tools/call as a client sends it, with the multi-round-trip fields when given. */
    const round = (args: Record<string, unknown>, extra: Record<string, unknown> = {}, name = TOOL) =>
      s.manual.client.callTool({ name, arguments: args, ...extra } as never, { allowInputRequired: true } as never) as Promise<any>;
    const status = () => s.sim.state.alerts.get("alert-0037")!.status;
    const first = async () => {
      s.sim.state.alerts.get("alert-0037")!.status = "OPEN";
      const out = await round(ARGS);
      assert.equal(out.resultType, "input_required");
      assert.equal(out.inputRequests.confirm.method, "elicitation/create");
      assert.equal(typeof out.requestState, "string");
      return out.requestState as string;
    };

    test("the right answer with the state it was asked under writes", async () => {
      const state = await first();
      const out = await round(ARGS, { inputResponses: YES, requestState: state });
      assert.equal(JSON.parse(out.content[0].text).changes[0].status.new, "CLOSED");
      assert.equal(status(), "CLOSED");
    });

    test("a tampered requestState is refused (-32602) and nothing is written", async () => {
      const state = await first();
      const body = state.split(".");
      const forged = [
        body[0],
        Buffer.from(JSON.stringify({ p: { tool: TOOL, digest: "x" }, exp: 9e9 })).toString("base64url"),
        body[2],
      ].join(".");
      for (const bad of [`${state.slice(0, -3)}AAA`, forged, "not-a-state"])
        await assert.rejects(round(ARGS, { inputResponses: YES, requestState: bad }), /Invalid or expired requestState/);
      assert.equal(status(), "OPEN");
    });

    test("other arguments, no requestState, or another tool's state: asked again, nothing written", async () => {
      const state = await first();
      const other = await round({ ...ARGS, alert_ids: ["alert-0038"] }, { inputResponses: YES, requestState: state });
      assert.equal(other.resultType, "input_required", "changed arguments need a fresh confirmation");
      assert.match(other.inputRequests.confirm.params.message, /alert-0038/);
      const bare = await round(ARGS, { inputResponses: YES });
      assert.equal(bare.resultType, "input_required", "an answer without the state it belongs to is no consent");
      s.sim.state.alerts.get("alert-0038")!.status = "OPEN";
      const theirs = await round({ alert_ids: ["alert-0038"] }, {}, "update_alert_assignee");
      const mixed = await round(ARGS, { inputResponses: YES, requestState: theirs.requestState });
      assert.equal(mixed.resultType, "input_required", "a state minted for another tool does not count");
      assert.equal(status(), "OPEN");
      assert.equal(s.sim.state.alerts.get("alert-0038")!.status, "OPEN");
    });

    test("when Panther changed after the question, the user is asked again", async () => {
      const state = await first();
      s.sim.state.alerts.get("alert-0037")!.status = "TRIAGED";
      const again = await round(ARGS, { inputResponses: YES, requestState: state });
      assert.equal(again.resultType, "input_required");
      assert.match(again.inputRequests.confirm.params.message, /TRIAGED -> CLOSED/);
      assert.equal(status(), "TRIAGED");
    });

    test("a 2025-era client cannot slip an answer in through the call's params", async () => {
      const state = await first();
      reply = DECLINE;
      asked.length = 0;
      const call = (extra: Record<string, unknown>) => s.ask2025.client.callTool({ name: TOOL, arguments: ARGS, ...extra } as never);
      const answered = resultJson(await call({ inputResponses: YES }));
      assert.equal(answered.written, false, "the user was asked all the same, and said no");
      assert.equal(asked.length, 1);
      assert.equal(status(), "OPEN");
      // This session is another server process with the same API token: a replica. The signing key is
      // derived from the token, so the state the first process sealed, with the answer to it, holds here.
      const replica = resultJson(await call({ inputResponses: YES, requestState: state }));
      assert.equal(replica.changes[0].status.new, "CLOSED");
      assert.equal(status(), "CLOSED");
      // A state signed under another key (another token, or a demo process) is refused like a forged one.
      const [head, payload, mac] = state.split(".");
      const otherKey = `${head}.${payload}.${Buffer.alloc(Buffer.from(mac, "base64url").length, 7).toString("base64url")}`;
      await assert.rejects(call({ inputResponses: YES, requestState: otherKey }), /Invalid or expired requestState/);
    });
  });

  test("add_alert_comment (not destructive) echoes the comment's and the alert's IDs", async () => {
    asked.length = 0;
    const out = resultJson(await s.ask2026.call("add_alert_comment", { alert_id: "alert-0039", comment: "echo me" }));
    assert.equal(asked.length, 0);
    assert.equal(out.comment.alert.id, "alert-0039");
    const stored = s.sim.state.comments.filter((c) => c.alertId === "alert-0039").at(-1)!;
    assert.equal(out.comment.id, stored.id);
  });
});

describe("confirmation over streamable HTTP", () => {
  let sim: Simulator;
  let http: HttpServerProcess;
  useHttpServer({}, (started) => ({ sim, server: http } = started));
  /** A client over HTTP that declares elicitation and answers as `user` does. */
  const asking = async (era: Era) => {
    const client = new Client(
      { name: "confirm-http", version: "1.0.0" },
      { capabilities: { elicitation: { form: {} } }, ...(era === "2026" ? { versionNegotiation: { mode: { pin: "2026-07-28" } } } : {}) },
    );
    client.setRequestHandler("elicitation/create", async (request) => user(request.params as ElicitRequestFormParams));
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${BEARER}` } } }),
    );
    return client;
  };
  const status = () => sim.state.alerts.get("alert-0040")!.status;
  const close = (client: Client) =>
    client.callTool({ name: "update_alert_status", arguments: { alert_ids: ["alert-0040"], status: "CLOSED" } });

  test("2026 era: each round is its own request, answered by a fresh server instance; the confirmation still holds", async () => {
    const client = await asking("2026");
    try {
      sim.state.alerts.get("alert-0040")!.status = "OPEN";
      reply = DECLINE;
      asked.length = 0;
      assert.equal(resultJson(await close(client)).written, false);
      assert.equal(status(), "OPEN");
      reply = ACCEPT;
      resultJson(await close(client));
      assert.equal(asked.length, 2);
      assert.equal(status(), "CLOSED");
    } finally {
      await client.close();
    }
  });

  test("2025 era on the stateless endpoint: the server cannot ask, so the write goes through as before", async () => {
    const client = await asking("2025");
    try {
      sim.state.alerts.get("alert-0040")!.status = "OPEN";
      asked.length = 0;
      const out = resultJson(await close(client));
      assert.equal(asked.length, 0);
      assert.deepEqual(out.changes, [{ alert_id: "alert-0040", status: { old: "OPEN", new: "CLOSED" } }]);
      assert.equal(status(), "CLOSED");
    } finally {
      await client.close();
    }
  });
});
