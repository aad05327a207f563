import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../../src/config.js";
import { hostCheck } from "../../src/http/guards.js";
import { normalizeHost, urlHost } from "../../src/net/host.js";
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

test("IPv6 hosts, bracketed or bare, are normalised once to the bare canonical form", () => {
  const cases: [string, string | undefined][] = [
    ["[::1]", "::1"],
    ["::1", "::1"],
    [" [0:0:0:0:0:0:0:1] ", "::1"],
    ["[::]", "::"],
    ["[FE80::1]", "fe80::1"],
    ["LocalHost", "localhost"],
    ["127.0.0.1", "127.0.0.1"],
    ["[::1]:3000", undefined],
    ["127.0.0.1:3000", undefined],
    ["[127.0.0.1]", undefined],
    ["fe80::1%eth0", undefined],
    ["http://localhost", undefined],
    ["a b", undefined],
    ["", undefined],
  ];
  for (const [raw, normal] of cases) assert.equal(normalizeHost(raw), normal, raw);
  assert.equal(urlHost("::1"), "[::1]");
  assert.equal(urlHost("127.0.0.1"), "127.0.0.1");
});

test("MCP_HOST=[::1] and its other spellings are loopback and reach the listener unbracketed", () => {
  const env = { PANTHER_INSTANCE_URL: "https://api.example.com", PANTHER_API_TOKEN: "t", MCP_TRANSPORT: "streamable-http" };
  for (const host of ["[::1]", "::1", "0:0:0:0:0:0:0:1", "[0::1]"]) {
    const config = loadConfig({ ...env, MCP_HOST: host });
    assert.equal(config.http.host, "::1", host);
    assert.equal(config.http.token, undefined, `${host} is loopback: no token needed`);
    assert.equal(isLoopback(config.http.host), true);
  }
  assert.equal(loadConfig(env, { host: "[::1]" }).http.host, "::1", "the flag is normalised the same way");
  for (const host of ["[::]", "::"])
    assert.throws(() => loadConfig({ ...env, MCP_HOST: host }), /MCP_HTTP_TOKEN must be set when MCP_HOST/);
  assert.equal(loadConfig({ ...env, MCP_HOST: "[::]", MCP_HTTP_TOKEN: "tok" }).http.host, "::");
});

test("the Host-header check accepts the normalised IPv6 listen host in brackets", () => {
  const check = hostCheck("2001:db8::5", []);
  assert.equal(check("[2001:db8::5]:3000"), undefined);
  assert.equal(check("[::1]:3000"), undefined);
  assert.ok(check("[2001:db8::6]:3000"));
});
