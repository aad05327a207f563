// The test runner (test/run.ts, test/shared-process.ts) in a run of its own: an error thrown outside a
// test's awaited code fails the test that was running, with that error, and the run goes on and fails.
// (node:test no longer maps every asynchronous resource to its test in our test processes: the runner
// attributes such errors itself.)
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../e2e/harness.js";

const FIXTURE = "test/runner/late-errors.fixture.ts";

test("errors nobody caught fail the test that was running, and the run", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "test/run.ts", FIXTURE], {
    cwd: ROOT,
    // Not marked as a child of this test run (node:test would refuse to run files from it).
    env: { ...process.env, NODE_TEST_CONTEXT: undefined, TEST_CONCURRENCY: "1" },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  assert.equal(code, 1, out.slice(-3000));
  const verdict = (name: string, error?: string) => {
    const at = out.lastIndexOf(name); // its verdict: a test with subtests is first named on a line of its own
    assert.ok(at >= 0, `${name} ran:\n${out.slice(0, 3000)}`);
    const line = out.slice(out.lastIndexOf("\n", at) + 1, out.indexOf("\n", at));
    if (error) {
      assert.match(line, /✖/, `${name} failed: ${line}`);
      assert.ok(out.slice(at, at + 400).includes(error), `${name} failed with "${error}":\n${out.slice(at, at + 400)}`);
    } else assert.match(line, /✔/, `${name} passed: ${line}`);
  };
  verdict("a late throw fails its test", "thrown by a timer");
  verdict("an unhandled rejection fails its test", "rejected, never awaited");
  verdict("a test left waiting forever by a late throw still ends, failed", "thrown while the test waits forever");
  verdict("a failure names the TypeScript line", "placed in the source");
  verdict("what a test prints names the TypeScript line too");
  verdict("a test after them passes");
  assert.match(out, /ℹ pass 3\b/);
  assert.match(out, /ℹ fail 4\b/);
  // The test processes run compiled JavaScript; what the run prints names the fixture's own lines and columns.
  const fixture = readFileSync(join(ROOT, FIXTURE), "utf8").split("\n");
  const placeOf = (text: string) => {
    const line = fixture.findIndex((l) => l.includes(text));
    return `${FIXTURE}:${line + 1}:${fixture[line]!.indexOf(text) + 1}`;
  };
  assert.ok(
    out.includes(placeOf('new Error("placed in the source")')),
    `the failure's stack names ${placeOf('new Error("placed in the source")')}:\n${out}`,
  );
  assert.ok(
    out.includes(placeOf('new Error("printed by a test")')),
    `the printed stack names ${placeOf('new Error("printed by a test")')}`,
  );
  assert.ok(!out.includes("node_modules/.cache/panther-mcp/tests-"), "no place in the compiled files is printed");
});
