// The HTTP edge of the real server process: bearer token, Host and Origin checks, body cap, probes.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { BEARER, startHttpProcess, useHttpServer, type HttpServerProcess } from "../http/harness.js";
import { INITIALIZE, MCP_HEADERS, raw } from "../http/raw.js";
import { startSimulatorForTests } from "./harness.js";

describe("streamable HTTP edge", () => {
  let sim: Simulator;
  let server: HttpServerProcess;
  const authorized = { ...MCP_HEADERS, Authorization: `Bearer ${BEARER}` };
  useHttpServer(
    { env: { MCP_MAX_BODY_BYTES: "1024", MCP_ALLOWED_ORIGINS: "https://console.example.com" } },
    (started) => ({ sim, server } = started),
  );

  test("401 with WWW-Authenticate without a bearer token, or with a wrong one", async () => {
    for (const headers of [
      MCP_HEADERS,
      { ...MCP_HEADERS, Authorization: "Bearer wrong-token" },
      { ...MCP_HEADERS, Authorization: BEARER },
    ]) {
      const res = await raw(server.url, { method: "POST", headers, body: INITIALIZE });
      assert.equal(res.status, 401);
      assert.equal(res.headers["www-authenticate"], 'Bearer realm="panther-mcp"');
      assert.match(res.json().error.message, /Unauthorized/);
    }
  });

  test("200 with the right bearer token", async () => {
    const res = await raw(server.url, { method: "POST", headers: authorized, body: INITIALIZE });
    assert.equal(res.status, 200, res.body);
    assert.match(res.body, /"protocolVersion"/);
  });

  test("the SDK client fails to connect with a wrong token", async () => {
    await assert.rejects(server.connect({ token: "not-the-token" }));
  });

  test("403 for a foreign Host header; loopback names on any port pass", async () => {
    const foreign = await raw(server.url, { method: "POST", headers: { ...authorized, Host: "evil.example.com" }, body: INITIALIZE });
    assert.equal(foreign.status, 403);
    assert.match(foreign.json().error.message, /Host/);
    const local = await raw(server.url, { method: "POST", headers: { ...authorized, Host: "localhost:9999" }, body: INITIALIZE });
    assert.equal(local.status, 200);
  });

  test("403 for a foreign or opaque Origin; loopback and allowed origins pass", async () => {
    for (const origin of ["https://evil.example.com", "null", "http://console.example.com"]) {
      const res = await raw(server.url, { method: "POST", headers: { ...authorized, Origin: origin }, body: INITIALIZE });
      assert.equal(res.status, 403, origin);
    }
    for (const origin of ["http://localhost:5173", "http://127.0.0.1", "https://console.example.com"]) {
      const res = await raw(server.url, { method: "POST", headers: { ...authorized, Origin: origin }, body: INITIALIZE });
      assert.equal(res.status, 200, origin);
    }
  });

  test("413 for a body over MCP_MAX_BODY_BYTES, declared or streamed", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: { pad: "x".repeat(4096) } });
    const declared = await raw(server.url, { method: "POST", headers: authorized, body: big });
    assert.equal(declared.status, 413);
    assert.match(declared.json().error.message, /too large/);
    // Chunked (no Content-Length): refused once the running total passes the cap.
    const chunks = [Buffer.from(big.slice(0, 600)), Buffer.from(big.slice(600, 1200)), Buffer.from(big.slice(1200))];
    const streamed = await raw(server.url, { method: "POST", headers: { ...authorized, "Transfer-Encoding": "chunked" }, body: chunks });
    assert.equal(streamed.status, 413);
  });

  test("404 off /mcp; the SDK answers GET /mcp on a stateless endpoint with 405", async () => {
    assert.equal((await raw(server.url, { path: "/other", headers: authorized })).status, 404);
    const get = await raw(server.url, { method: "GET", headers: { ...authorized, Accept: "text/event-stream" } });
    assert.equal(get.status, 405);
  });

  test("/healthz is live without a token", async () => {
    const res = await raw(server.url, { path: "/healthz" });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { status: "ok" });
  });

  test("one debug line per request, without the Authorization header", () => {
    const lines = server
      .stderr()
      .split("\n")
      .filter((l) => l.includes('"msg":"http request"'));
    assert.ok(lines.some((l) => l.includes('"status":401') && l.includes('"path":"/mcp"')));
    assert.ok(lines.every((l) => /"method":"\w+".*"ms":\d+/.test(l)));
    assert.ok(!/authorization/i.test(server.stderr()));
  });

  test("/readyz is 200 while Panther answers and 503 once it does not", async () => {
    const ready = await raw(server.url, { path: "/readyz" });
    assert.equal(ready.status, 200);
    assert.equal(ready.json().status, "ready");
    await sim.close();
    const down = await raw(server.url, { path: "/readyz" });
    assert.equal(down.status, 503);
    assert.equal(down.json().status, "not ready");
    assert.equal(typeof down.json().detail, "string");
  });
});

describe("readiness with a rejected Panther token", () => {
  test("/readyz is 503 and says the token was rejected", async () => {
    const sim = await startSimulatorForTests();
    const server = await startHttpProcess(sim, { PANTHER_API_TOKEN: "revoked-token-4411" });
    try {
      const probe = await raw(server.url, { path: "/readyz" });
      assert.equal(probe.status, 503);
      assert.equal(probe.json().detail, "Panther rejected the API token");
    } finally {
      await server.stop();
      await sim.close();
    }
  });
});
