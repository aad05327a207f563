// Many tool calls at once over stateless HTTP: every answer must belong to the call that asked.
import assert from "node:assert/strict";
import type { Client } from "@modelcontextprotocol/client";
import { after, describe, test } from "node:test";
import { useHttpServer, type HttpServerProcess } from "../http/harness.js";
import { resultJson, type Era } from "./harness.js";

const CALLS = 200;

describe("200 concurrent tool calls over streamable HTTP (no bearer token, loopback)", () => {
  let server: HttpServerProcess;
  const clients: Client[] = [];
  // Registered first, so it runs before the server stops.
  after(() => Promise.all(clients.map((c) => c.close())));
  useHttpServer(
    { simulator: { queryDelayMs: 0 }, env: { MCP_HTTP_TOKEN: "", PANTHER_MAX_CONCURRENCY: "16" } },
    (started) => ({ server } = started),
  );

  test("a loopback server without MCP_HTTP_TOKEN starts with a warning", () => {
    assert.match(server.stderr(), /"level":"warn".*MCP_HTTP_TOKEN is not set/);
  });

  for (const era of ["2025", "2026"] as Era[]) {
    test(`${era} era: each of ${CALLS} answers matches its request`, async () => {
      const client = await server.connect({ era, token: null });
      clients.push(client);
      const calls = Array.from({ length: CALLS }, (_, i) => {
        if (i % 2 === 0) {
          const id = `alert-${String(((i / 2) % 60) + 1).padStart(4, "0")}`;
          return client.callTool({ name: "get_alert", arguments: { alert_id: id } }).then((r) => {
            assert.equal(resultJson(r).id, id, `call ${i} asked for ${id}`);
          });
        }
        const pageSize = (((i - 1) / 2) % 20) + 1;
        return client
          .callTool({ name: "list_alerts", arguments: { page_size: pageSize, start_date: "2020-01-01T00:00:00Z" } })
          .then((r) => assert.equal(resultJson(r).items.length, pageSize, `call ${i} asked for ${pageSize} alerts`));
      });
      const settled = await Promise.allSettled(calls);
      const failed = settled.filter((s) => s.status === "rejected");
      assert.equal(
        failed.length,
        0,
        `failures: ${failed
          .slice(0, 3)
          .map((f) => String((f as PromiseRejectedResult).reason))
          .join("; ")}`,
      );
    });
  }
});
