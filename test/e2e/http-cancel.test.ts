// Cancellation over the stateless HTTP endpoint: a 2026-07-28 client that drops a call stops it on
// the server, and a running data-lake query is cancelled on Panther.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { useHttpServer, type HttpServerProcess } from "../http/harness.js";
import { nextRequest, resultJson, slowSql, waitFor } from "./harness.js";

let sim: Simulator;
let server: HttpServerProcess;
useHttpServer({}, (started) => ({ sim, server } = started));

test("a 2026-era client's cancellation reaches Panther as cancelDataLakeQuery", async () => {
  const client = await server.connect({ era: "2026" });
  try {
    const controller = new AbortController();
    const sql = slowSql(20_000);
    const executed = nextRequest(sim, "GetDataLakeQuery");
    const call = client.callTool({ name: "query_data_lake", arguments: { sql } }, { signal: controller.signal });
    await executed;
    controller.abort();
    await assert.rejects(call);
    assert.ok(
      await waitFor(() => sim.requests.some((r) => r.operationName === "CancelDataLakeQuery")),
      "Panther received cancelDataLakeQuery",
    );
    const next = resultJson(await client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    assert.equal(next.items.length, 1, "the server keeps serving");
  } finally {
    await client.close();
  }
});
