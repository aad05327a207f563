// Graceful shutdown: SIGTERM lets calls in flight finish within the grace period and refuses new
// ones; past the grace period running data-lake queries are cancelled on Panther; a second signal
// exits at once (code 1 when it cuts calls short); the token never shows in the output. Shutdowns
// started by stdin closing are in stdio-lifecycle.test.ts.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { spawnSession } from "./child-session.js";
import { errorText, nextRequest, resultJson, slowSql, TOKEN, untilIncludes, useSimulator } from "./harness.js";

describe("graceful shutdown", () => {
  let sim: Simulator;
  useSimulator({}, {}, (started) => ({ sim } = started));

  test("a call in flight completes, new calls are refused, then the process exits 0", async () => {
    const s = await spawnSession(sim, { SHUTDOWN_GRACE_SECONDS: "20" });
    const executed = nextRequest(sim, "GetDataLakeQuery");
    const inFlight = s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(1500) } });
    await executed;
    s.child.kill("SIGTERM");
    await untilIncludes(s.stderr, '"msg":"shutting down"');
    const refused = errorText(await s.client.callTool({ name: "list_alerts", arguments: {} }));
    assert.match(refused, /^SHUTTING_DOWN:/);
    const result = resultJson(await inFlight);
    assert.equal(result.status, "succeeded", "the call in flight finished normally");
    assert.equal(await s.exited, 0);
    assert.match(s.stderr(), /"msg":"stopped"/);
    assert.ok(!s.stderr().includes(TOKEN));
  });

  test("past the grace period a running data-lake query is cancelled on Panther, and the exit is still 0", async () => {
    const s = await spawnSession(sim, { SHUTDOWN_GRACE_SECONDS: "1" });
    const before = sim.requests.filter((r) => r.operationName === "CancelDataLakeQuery").length;
    const executed = nextRequest(sim, "GetDataLakeQuery");
    const inFlight = s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(30_000) } }).catch((e: Error) => e);
    await executed;
    s.child.kill("SIGTERM");
    assert.equal(await s.exited, 0);
    assert.equal(sim.requests.filter((r) => r.operationName === "CancelDataLakeQuery").length, before + 1, "Panther saw the cancel");
    await inFlight;
    assert.match(s.stderr(), /calls still running after the grace period were aborted/);
  });

  test("a second signal exits at once", async () => {
    const s = await spawnSession(sim, { SHUTDOWN_GRACE_SECONDS: "60" });
    const executed = nextRequest(sim, "GetDataLakeQuery");
    void s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(30_000) } }).catch(() => undefined);
    await executed;
    const started = Date.now();
    s.child.kill("SIGTERM");
    await untilIncludes(s.stderr, '"msg":"shutting down"');
    s.child.kill("SIGINT");
    const code = await s.exited;
    assert.ok(Date.now() - started < 5000, "did not wait for the grace period");
    assert.equal(code, 1, "a call was cut short");
    assert.match(s.stderr(), /second shutdown request: exiting now/);
  });
});
