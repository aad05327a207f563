import assert from "node:assert/strict";
import { test } from "node:test";
import { bearerCheck, hostCheck, originCheck, parseHost } from "../../src/http/guards.js";

test("parseHost splits hostname and port, keeping IPv6 brackets", () => {
  assert.deepEqual(parseHost("LocalHost:3000"), { hostname: "localhost", port: "3000" });
  assert.deepEqual(parseHost("[::1]:8080"), { hostname: "[::1]", port: "8080" });
  assert.deepEqual(parseHost("mcp.example.com"), { hostname: "mcp.example.com", port: "" });
  assert.equal(parseHost("a b"), undefined);
  assert.equal(parseHost("user@host"), undefined);
});

test("hostCheck: loopback on any port, the listen host, and allowed hosts", () => {
  const check = hostCheck("0.0.0.0", ["mcp.example.com", "svc.local:3000"]);
  for (const ok of ["localhost", "127.0.0.1:1", "[::1]:3000", "mcp.example.com:443", "MCP.example.com", "svc.local:3000", "0.0.0.0:3000"]) {
    assert.equal(check(ok), undefined, ok);
  }
  for (const bad of [undefined, "", "evil.example.com", "svc.local:4000", "mcp.example.com.evil.io"]) {
    assert.ok(check(bad), String(bad));
  }
});

test("originCheck: absent passes; loopback, full origins and bare hostnames from the list", () => {
  const check = originCheck(["https://app.example.com", "tools.example.org"]);
  for (const ok of [
    undefined,
    "",
    "http://localhost:5173",
    "https://127.0.0.1",
    "http://[::1]:9",
    "https://app.example.com",
    "http://tools.example.org:8080",
  ]) {
    assert.equal(check(ok), undefined, String(ok));
  }
  for (const bad of [
    "null",
    "http://app.example.com",
    "https://app.example.com:8443",
    "https://evil.example.com",
    "file:///x",
    "not a url",
  ]) {
    assert.ok(check(bad), bad);
  }
});

test("bearerCheck: exact token only; no token configured lets everything through", () => {
  const check = bearerCheck("s3cret-token");
  assert.equal(check("Bearer s3cret-token"), undefined);
  assert.equal(check("bearer s3cret-token"), undefined);
  for (const bad of [undefined, "", "s3cret-token", "Bearer", "Bearer s3cret-token2", "Bearer s3cret", "Basic s3cret-token"]) {
    assert.ok(check(bad), String(bad));
  }
  assert.equal(bearerCheck(undefined)(undefined), undefined);
});
