// End to end over Streamable HTTP: the real server process, the SDK client in both protocol eras.
import assert from "node:assert/strict";
import { LOG_LEVEL_META_KEY, type Client } from "@modelcontextprotocol/client";
import { after, before, describe, test } from "node:test";
import { useHttpServer, type HttpServerProcess } from "../http/harness.js";
import { resultJson, slowSql, type Era } from "./harness.js";

const SLOW_SQL = slowSql(1500);

// One simulator and one server process serve both eras, each through its own client: a streamable HTTP
// server answers either era on the same URL.
let server: HttpServerProcess;
useHttpServer({}, (started) => ({ server } = started));

for (const era of ["2025", "2026"] as Era[]) {
  describe(`tools over streamable HTTP (${era} era)`, () => {
    let client: Client;
    before(async () => {
      client = await server.connect({ era });
    });
    after(async () => {
      await client?.close();
    });

    test("the URL is on loopback with a real port and the era is negotiated", () => {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      assert.ok(!server.url.endsWith(":0/mcp"));
      assert.equal(client.getNegotiatedProtocolVersion(), era === "2026" ? "2026-07-28" : "2025-11-25");
    });

    test("lists the tools", async () => {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === "list_alerts"));
      assert.ok(tools.some((t) => t.name === "query_data_lake"));
    });

    test("list_alerts returns a page", async () => {
      const page = resultJson(
        await client.callTool({ name: "list_alerts", arguments: { page_size: 3, start_date: "2020-01-01T00:00:00Z" } }),
      );
      assert.equal(page.items.length, 3);
      assert.equal(page.has_next_page, true);
    });

    test("query_data_lake: progress and log notifications reach the client over HTTP", async () => {
      const logs: unknown[] = [];
      client.setNotificationHandler("notifications/message", (n) => void logs.push(n.params.data));
      const progress: number[] = [];
      const result = resultJson(
        await client.callTool(
          // A 2026-era client asks for request-scoped logs through _meta; a 2025-era one gets them by default.
          { name: "query_data_lake", arguments: { sql: SLOW_SQL }, _meta: { [LOG_LEVEL_META_KEY]: "info" } },
          { onprogress: (p) => progress.push(p.progress) },
        ),
      );
      assert.equal(result.status, "succeeded");
      assert.equal(result.rows.length, 1);
      assert.ok(progress.length >= 1, `at least one progress notification (got ${progress.length})`);
      assert.ok(
        logs.some((d) => (d as { message?: string }).message === "started data lake query"),
        "ctx.info reached the client as a log notification",
      );
    });
  });
}
