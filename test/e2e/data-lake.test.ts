// query_data_lake's long-running behaviour: progress, timeout hand-off, cancellation.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { nextRequest, resultJson, slowSql, useSimulator, waitFor, type Session } from "./harness.js";

// One simulator and server for the whole file, so that the data lake's engine starts once.
let sim: Simulator;
let s: Session;
useSimulator({}, { s: {} }, (started) => ({ sim, s } = started));

describe("query_data_lake lifecycle", () => {
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
    const executed = nextRequest(sim, "GetDataLakeQuery");
    const call = s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(10_000) } }, { signal: controller.signal });
    await executed;
    controller.abort();
    await assert.rejects(call);
    assert.ok(
      await waitFor(() => sim.requests.some((r) => r.operationName === "CancelDataLakeQuery")),
      "Panther received cancelDataLakeQuery",
    );
    const still = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    assert.equal(still.items.length, 1, "the server keeps serving");
  });

  test("a cancel while the query is being started still stops the query Panther started", async () => {
    const mark = sim.requests.length;
    sim.faults.add({ match: { operationName: "ExecuteDataLakeQuery" }, delayMs: 800 });
    const controller = new AbortController();
    const starting = nextRequest(sim, "ExecuteDataLakeQuery");
    const call = s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(10_000) } }, { signal: controller.signal });
    await starting;
    controller.abort();
    await assert.rejects(call);
    const cancels = () => sim.requests.slice(mark).filter((r) => r.operationName === "CancelDataLakeQuery");
    assert.ok(await waitFor(() => cancels().length === 1), "Panther received cancelDataLakeQuery for the query it started");
    const id = cancels()[0]!.variables?.id;
    assert.equal(typeof id, "string");
    assert.equal(
      sim.requests.slice(mark).filter((r) => r.operationName === "GetDataLakeQuery").length,
      0,
      "a cancelled call does not go on to poll",
    );
  });
});

describe("query_data_lake size cap", () => {
  /** Runs `sql` and follows next_cursor to the end; every page must fit the result cap. */
  async function allPages(sql: string, maxRows: number) {
    const pages: any[] = [];
    let args: Record<string, unknown> = { sql, max_rows: maxRows };
    for (let i = 0; i < 100; i++) {
      const result = await s.client.callTool({ name: "query_data_lake", arguments: args });
      const text = (result.content as { text: string }[])[0].text;
      assert.ok(text.length <= 80_000, `page ${i} is ${text.length} characters`);
      const page = resultJson(result);
      assert.equal(page.status, "succeeded");
      assert.equal(page.rows.length, page.returned_rows);
      pages.push(page);
      if (page.next_cursor === null) return pages;
      assert.ok(page.rows.length > 0, "a page with a next_cursor makes progress");
      args = { query_id: page.query_id, cursor: page.next_cursor, max_rows: maxRows };
    }
    assert.fail("more than 100 pages");
  }

  test("a page of many mid-size rows is cut to fit, and next_cursor reaches every row once, in order", async () => {
    const pages = await allPages("SELECT i, repeat('y', 2000) AS pad FROM range(200) t(i) ORDER BY i", 200);
    assert.ok(pages.length >= 5, `${pages.length} pages`);
    const first = pages[0];
    assert.ok(first.returned_rows > 0 && first.returned_rows < 200, `kept ${first.returned_rows} rows`);
    assert.equal(first.truncated, true);
    assert.match(first.truncation_reason, /this page stops after \d+ of 200 rows.*pass next_cursor/);
    assert.equal(new Set(pages.map((p) => p.query_id)).size, 1, "every page comes from the same query_id");
    const ids = pages.flatMap((p) => p.rows.map((r: { i: number }) => Number(r.i)));
    assert.deepEqual(ids, [...Array(200).keys()]);
    assert.ok(
      pages.every((p) => p.rows.every((r: { pad: string }) => r.pad === "y".repeat(2000))),
      "no value was cut",
    );
    assert.equal(pages.at(-1).truncated, false);
  });

  test("a value too long for any result is cut with a marker saying how much, and the rows after it stay reachable", async () => {
    const pages = await allPages("SELECT i, repeat('x', 200000) AS big, 'end' AS tail FROM range(3) t(i) ORDER BY i", 100);
    const rows = pages.flatMap((p) => p.rows);
    assert.deepEqual(
      rows.map((r) => Number(r.i)),
      [0, 1, 2],
    );
    for (const [n, row] of rows.entries()) {
      const m = /^(x+)…\[(\d+) more characters cut\]$/.exec(row.big);
      assert.ok(m, `row ${n}: ${String(row.big).slice(-60)}`);
      assert.equal(m[1].length + Number(m[2]), 200_000, "kept + cut = the whole value");
      assert.ok(m[1].length > 50_000, `kept ${m[1].length} characters`);
      assert.equal(row.tail, "end", "short values of the row are kept whole");
    }
    assert.ok(pages.slice(0, -1).every((p) => p.next_cursor !== null && p.truncated));
    assert.match(pages[0].truncation_reason, /1 value\(s\) of row 1 were too long.*more characters cut.*SUBSTR/);
  });

  test("wide rows of any shape are returned: several long values share the room, lists are cut as JSON text", async () => {
    const sql =
      "SELECT i, repeat('a', CASE WHEN i % 2 = 0 THEN 60000 ELSE 10 END) AS a, repeat('b', 60000) AS b, " +
      "list_value(repeat('c', 90000)) AS c FROM range(4) t(i) ORDER BY i";
    const pages = await allPages(sql, 999);
    const rows = pages.flatMap((p) => p.rows);
    assert.deepEqual(
      rows.map((r) => Number(r.i)),
      [0, 1, 2, 3],
    );
    for (const row of rows) {
      assert.match(row.b, /^b+…\[\d+ more characters cut\]$/);
      assert.match(row.c, /^\["c+…\[\d+ more characters cut\]$/, "a list value becomes its JSON text, cut");
      if (Number(row.i) % 2 === 1) assert.equal(row.a, "a".repeat(10));
    }
  });
});
