// Logging never blocks a call: lines go to stderr asynchronously, even when nobody reads stderr for a
// while (a full pipe), and every line is still out, scrubbed, when the process exits.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { test } from "node:test";
import { ROOT } from "../e2e/harness.js";

const LINES = 3000;
const SECRET = "tok-async-987654321";

// Logs ~600 KB (far more than a pipe holds), says "logged" on stdout, waits to be told to exit, exits.
const script = `
import { createLogger } from "./src/logger.ts";
const log = createLogger("info", ["${SECRET}"]);
for (let i = 0; i < ${LINES}; i++) log.info({ i, pad: "x".repeat(150), note: "${SECRET}" }, "line");
process.stdout.write("logged\\n");
process.stdin.once("data", () => process.exit(0));
`;

test("logging does not wait for stderr, and no line is lost at exit", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  // "close" comes after the exit and the end of every stdio stream.
  const closed = new Promise<number | null>((resolve) => child.once("close", resolve));
  // stderr is not read until the child has logged everything: a synchronous logger would block on
  // the full pipe and never get there.
  child.stderr.pause();
  const logged = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("logged")) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stderr.resume();
  if (!logged) child.kill("SIGKILL");
  else child.stdin.write("exit\n");
  const code = await closed;
  assert.ok(logged, "the child finished logging while nobody read its stderr");
  assert.equal(code, 0);
  const lines = stderr
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, LINES, "every line reached stderr before the exit");
  assert.deepEqual(
    lines.map((l) => l.i),
    Array.from({ length: LINES }, (_, i) => i),
    "in order",
  );
  assert.ok(!stderr.includes(SECRET), "the secret is scrubbed");
  assert.equal(lines[0].note, "[REDACTED]");
});
