import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { ROOT, sourceModule, sourceScriptArgs } from "../e2e/harness.js";

// The logger writes to fd 2 synchronously, so it is exercised in a child process and its stderr read.
const script = `
import { createLogger } from "${sourceModule("src/logger.ts")}";
const log = createLogger("info", ["tok-123456789"], ["email"]);
log.info({ headers: { "x-api-key": "k", authorization: "Bearer b" }, apiToken: "a", assignee: { email: "x@y.z" }, email: "top@y.z", note: "tok-123456789 leaked" }, "line");
`;

test("secrets are redacted by path and by value", () => {
  const run = spawnSync(process.execPath, sourceScriptArgs(script), { cwd: ROOT, encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const line = JSON.parse(run.stderr.trim().split("\n").pop()!);
  assert.equal(line.headers["x-api-key"], "[REDACTED]");
  assert.equal(line.headers.authorization, "[REDACTED]");
  assert.equal(line.apiToken, "[REDACTED]");
  assert.equal(line.assignee.email, "[REDACTED]", "fields marked @redact are kept out of logs");
  assert.equal(line.email, "[REDACTED]");
  assert.equal(line.note, "[REDACTED] leaked", "the token's value is scrubbed wherever it appears");
  assert.equal(run.stdout, "", "nothing on stdout");
});
