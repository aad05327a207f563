// query_data_lake's long-running behaviour: progress, timeout hand-off, cancellation.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { connect, resultJson, slowSql, startSimulatorForTests, waitFor, type Session } from "./harness.js";

describe("query_data_lake lifecycle", () => {
  let sim: Simulator;
  let s: Session;
  before(async () => {
    sim = await startSimulatorForTests();
    s = await connect(sim);
  });
  after(async () => {
    await s?.close();
    await sim?.close();
  });

  test("reports progress while the query runs, and logs to the client", async () => {
    const logs: unknown[] = [];
    s.client.setNotificationHandler("notifications/message", (n) => void logs.push(n.params.data));
    const progress: number[] = [];
    const result = resultJson(
      await s.client.callTool(
        { name: "query_data_lake", arguments: { sql: slowSql(1500) } },
        { onprogress: (p) => progress.push(p.progress) },
      ),
    );
    assert.equal(result.status, "succeeded");
    assert.ok(progress.length >= 1, "at least one progress notification");
    assert.ok(
      logs.some((d) => (d as { message?: string }).message === "started data lake query"),
      "the handler's ctx.info reached the client as a log notification",
    );
    assert.deepEqual(
      [...progress].sort((a, b) => a - b),
      progress,
      "progress only grows",
    );
  });

  test("on timeout it returns query_id, and a later call fetches the results without re-running", async () => {
    const started = resultJson(await s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(2500), timeout_seconds: 1 } }));
    assert.equal(started.status, "running");
    assert.ok(started.query_id);
    assert.match(started.message, /query_id/);
    const executes = () => sim.requests.filter((r) => r.operationName === "ExecuteDataLakeQuery").length;
    const before = executes();
    const done = resultJson(
      await s.client.callTool({ name: "query_data_lake", arguments: { query_id: started.query_id, timeout_seconds: 10 } }),
    );
    assert.equal(done.status, "succeeded");
    assert.equal(done.rows.length, 1);
    assert.equal(executes(), before, "no second execution");
  });

  test("client cancellation cancels the Panther query", async () => {
    const controller = new AbortController();
    const call = s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(10_000) } }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 800));
    controller.abort();
    await assert.rejects(call);
    assert.ok(
      await waitFor(() => sim.requests.some((r) => r.operationName === "CancelDataLakeQuery")),
      "Panther received cancelDataLakeQuery",
    );
    const still = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    assert.equal(still.items.length, 1, "the server keeps serving");
  });
});

describe("query_data_lake size cap", () => {
  let sim: Simulator;
  let s: Session;
  before(async () => {
    sim = await startSimulatorForTests();
    s = await connect(sim);
  });
  after(async () => {
    await s?.close();
    await sim?.close();
  });

  test("wide rows are cut to fit one result, and the result says so", async () => {
    const sql = "SELECT eventID, repeat('x', 2000) AS pad FROM aws_cloudtrail WHERE p_occurs_since('30 d') LIMIT 200";
    const result = await s.client.callTool({ name: "query_data_lake", arguments: { sql, max_rows: 200 } });
    const text = (result.content as { text: string }[])[0].text;
    assert.ok(text.length <= 80_000, `result is ${text.length} characters`);
    const page = resultJson(result);
    assert.ok(page.returned_rows > 0 && page.returned_rows < 200, `kept ${page.returned_rows} rows`);
    assert.equal(page.rows.length, page.returned_rows);
    assert.equal(page.truncated, true);
    assert.match(page.truncation_reason, /rows cut at \d+ of this page/);
    assert.equal(page.next_cursor, null, "no cursor that would skip the cut rows");
  });
});
