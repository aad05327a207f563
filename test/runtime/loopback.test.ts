import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../../src/config.js";
import { isLoopback } from "../../src/net/loopback.js";

test("only names and addresses that stay on this machine count as loopback", () => {
  for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]"]) assert.equal(isLoopback(host), true, host);
  for (const host of ["0.0.0.0", "127.evil.example", "127.0.0.1.nip.io", "10.0.0.1", "mcp.example.com", ""])
    assert.equal(isLoopback(host), false, host);
});

test("an HTTP listener on a name that merely starts with 127. still needs MCP_HTTP_TOKEN", () => {
  const env = { PANTHER_INSTANCE_URL: "https://api.example.com", PANTHER_API_TOKEN: "t", MCP_TRANSPORT: "streamable-http" };
  assert.throws(() => loadConfig({ ...env, MCP_HOST: "127.evil.example" }), /MCP_HTTP_TOKEN must be set/);
  assert.equal(loadConfig({ ...env, MCP_HOST: "127.0.0.1" }).http.host, "127.0.0.1");
});
