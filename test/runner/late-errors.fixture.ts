// Run by runner.test.ts through test/run.ts, never as part of the suite (the runner takes only files named
// *.test.ts). Errors that nobody catches, thrown after a test's body has moved on, must fail that test.
import { test } from "node:test";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a late throw fails its test", async () => {
  setTimeout(() => {
    throw new Error("thrown by a timer");
  }, 10);
  await wait(1000);
});

test("an unhandled rejection fails its test", async () => {
  void Promise.reject(new Error("rejected, never awaited"));
  await wait(1000);
});

test("a test left waiting forever by a late throw still ends, failed", async () => {
  setTimeout(() => {
    throw new Error("thrown while the test waits forever");
  }, 10);
  await new Promise(() => {});
});

// The compiled text of these lines differs from the source before the error is made (a type assertion
// is dropped), so only a place mapped back to the source names the right column.
test("a failure names the TypeScript line", () => {
  if (!({} as Record<string, number>).x) throw new Error("placed in the source");
});

test("what a test prints names the TypeScript line too", () => {
  process.stderr.write(`${(new Error("printed by a test") as Error).stack}\n`);
});

test("a test after them passes", async (t) => {
  await t.test("with a subtest", async () => {
    await wait(10);
  });
});
