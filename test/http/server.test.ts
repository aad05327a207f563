// startHttpServer in-process with a tiny MCP server: start-up rules and a graceful close.
import assert from "node:assert/strict";
import { Server } from "@modelcontextprotocol/server";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import pino from "pino";
import { test } from "node:test";
import { startHttpServer } from "../../src/http/server.js";

const logger = pino({ level: "silent" });
const http = { host: "127.0.0.1", port: 0, maxBodyBytes: 4096, allowedHosts: [], allowedOrigins: [] };

function slowServer(gate: Promise<void>): () => Server {
  return () => {
    const server = new Server({ name: "slow", version: "1.0.0" }, { capabilities: { tools: {} } });
    server.setRequestHandler("tools/list", async () => ({ tools: [{ name: "wait", inputSchema: { type: "object" } }] }));
    server.setRequestHandler("tools/call", async () => {
      await gate;
      return { content: [{ type: "text", text: "done" }] };
    });
    return server;
  };
}

test("refuses a non-loopback host without a token", async () => {
  await assert.rejects(
    startHttpServer({
      createServer: slowServer(Promise.resolve()),
      http: { ...http, host: "0.0.0.0" },
      logger,
      ready: async () => ({ ok: true }),
    }),
    /MCP_HTTP_TOKEN/,
  );
});

test("close() waits for a call in flight, then stops accepting", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handle = await startHttpServer({
    createServer: slowServer(gate),
    http,
    logger,
    ready: async () => ({ ok: false, detail: "nope" }),
  });
  assert.match(handle.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  const readyz = await fetch(new URL("/readyz", handle.url));
  assert.equal(readyz.status, 503);
  assert.deepEqual(await readyz.json(), { status: "not ready", detail: "nope" });

  const client = new Client({ name: "t", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(handle.url)));
  const call = client.callTool({ name: "wait", arguments: {} });
  await new Promise((resolve) => setTimeout(resolve, 100));
  let closed = false;
  const closing = handle.close().then(() => (closed = true));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(closed, false, "close waits for the call in flight");
  release();
  const result = (await call) as { content: { text: string }[] };
  assert.equal(result.content[0].text, "done");
  await closing;
  await assert.rejects(fetch(new URL("/healthz", handle.url)), "no longer accepting");
  await client.close();
});
