// startHttpServer in-process with a tiny MCP server: start-up rules and a graceful close.
import assert from "node:assert/strict";
import { Server } from "@modelcontextprotocol/server";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import pino from "pino";
import { test } from "node:test";
import { request as httpRequest } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { startHttpServer } from "../../src/http/server.js";
import { startSimulatorForTests } from "../e2e/harness.js";
import { startHttpProcess } from "./harness.js";
import { INITIALIZE, MCP_HEADERS } from "./raw.js";

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

/** POSTs an initialize to [::1]:port/mcp with the given Host header; resolves the status. */
function postStatus(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "::1", port, method: "POST", path: "/mcp", headers: { ...MCP_HEADERS, Host: host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(INITIALIZE);
  });
}

/** Whether this machine can listen on the IPv6 loopback at all. */
async function hasIpv6Loopback(): Promise<boolean> {
  const probe = createNetServer();
  return new Promise((resolve) => {
    probe.once("error", () => resolve(false));
    probe.listen(0, "::1", () => probe.close(() => resolve(true)));
  });
}

test("MCP_HOST=[::1]: the real server listens on the IPv6 loopback and prints a bracketed URL", async (t) => {
  if (!(await hasIpv6Loopback())) return t.skip("this machine has no IPv6 loopback (::1)");
  const sim = await startSimulatorForTests();
  try {
    for (const host of ["[::1]", "::1"]) {
      const server = await startHttpProcess(sim, { MCP_HOST: host, MCP_HTTP_TOKEN: "" });
      try {
        assert.match(server.url, /^http:\/\/\[::1\]:\d+\/mcp$/, host);
        const client = await server.connect({ token: null });
        assert.ok((await client.listTools()).tools.length > 0);
        await client.close();
        const port = Number(new URL(server.url).port);
        assert.equal(await postStatus(port, `[::1]:${port}`), 200, "the Host header [::1]:port passes the check");
        assert.equal(await postStatus(port, "evil.example"), 403);
        assert.match(server.stderr(), /MCP_HTTP_TOKEN is not set/, "loopback: a warning, not a refusal");
      } finally {
        await server.stop();
      }
    }
  } finally {
    await sim.close();
  }
});

test("a listen failure names the address and MCP_HOST/MCP_PORT", async () => {
  const taken = createNetServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const { port } = taken.address() as AddressInfo;
  try {
    await assert.rejects(
      startHttpServer({ createServer: slowServer(Promise.resolve()), http: { ...http, port }, logger, ready: async () => ({ ok: true }) }),
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(MCP_HOST, MCP_PORT\\): the port is in use`),
    );
  } finally {
    taken.close();
  }
});
