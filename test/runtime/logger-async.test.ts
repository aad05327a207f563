// Log lines are batched (a call appends to a buffer, it never writes on its own) and never lost or
// reordered: they reach stderr shortly after they are logged, and at exit whatever is pending is out.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { ROOT, sourceModule, sourceScriptArgs } from "../e2e/harness.js";

const LINES = 3000;
const SECRET = "tok-async-987654321";

/** Runs a child that logs LINES lines (~600 KB, more than a pipe holds), then does `then`. */
async function run(then: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const script = `
import { createLogger } from "${sourceModule("src/logger.ts")}";
const log = createLogger("info", ["${SECRET}"]);
for (let i = 0; i < ${LINES}; i++) log.info({ i, pad: "x".repeat(150), note: "${SECRET}" }, "line");
${then}
`;
  const child = spawn(process.execPath, sourceScriptArgs(script), { cwd: ROOT });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  // Lines must arrive while the child is still running, from the flush timer alone.
  const timer = setInterval(() => {
    if (stderr.split("\n").length > LINES) child.stdin.end();
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearInterval(timer);
  return { code, stderr, stdout };
}

function check(stderr: string): void {
  const lines = stderr
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { i: number; note: string });
  assert.equal(lines.length, LINES, "every line reached stderr");
  assert.deepEqual(
    lines.map((l) => l.i),
    Array.from({ length: LINES }, (_, i) => i),
    "in order",
  );
  assert.ok(!stderr.includes(SECRET), "the secret is scrubbed");
  assert.equal(lines[0].note, "[REDACTED]");
}

test("every line is out, in order, when the process exits straight after logging", async () => {
  const { code, stderr } = await run("process.exit(0);");
  assert.equal(code, 0);
  check(stderr);
});

test("pending lines reach stderr on their own while the process keeps running", async () => {
  // The child only exits once the parent has seen every line (it closes the child's stdin then).
  const { code, stderr } = await run(`process.stdin.resume(); process.stdin.on("end", () => process.exit(0));`);
  assert.equal(code, 0);
  check(stderr);
});

test("a line made later (a tool call's) keeps its place: before any line logged after it, at exit too", async () => {
  const script = `
import { createLogger, logLater } from "${sourceModule("src/logger.ts")}";
const log = createLogger("info");
logLater(() => log.info({ n: 1 }, "call ended"));
log.info({ n: 2 }, "logged after it");
logLater(() => log.info({ n: 3 }, "another call ended"));
setImmediate(() => {
  logLater(() => log.info({ n: 4 }, "a call ending as the process is forced to exit"));
  log.warn({ n: 5 }, "exiting");
  process.exit(1);
});
`;
  const child = spawn(process.execPath, sourceScriptArgs(script), { cwd: ROOT });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  assert.equal(await new Promise((resolve) => child.once("close", resolve)), 1);
  const order = stderr
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { n: number }).n);
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
});
