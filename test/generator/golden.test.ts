// Golden tests of the generator core: each folder under test/golden/ is run through generate() and
// compared with its expected/ files or expected-error.txt. UPDATE_GOLDEN=1 rewrites the expectations.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { InputFile } from "../../generator/load.js";
import { listCases, readCaseInput, readExpectation, runGenerator, writeExpectation, type Expectation } from "./golden-cases.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const HINT = "if the change is intended, run npm run test:golden:update and review the diff";

/** The outcome as one ordered list, so "byte-identical" also covers the order of the files. */
function flatten(result: Expectation): string[] {
  if (result.kind === "error") return ["<error>", result.text];
  return [...result.files].flatMap(([path, content]) => [path, content]);
}

/** A fixed-seed Fisher-Yates shuffle, so a failure can be reproduced. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const cases = await listCases();
/** Each case's first run, kept for the determinism test to compare its next runs with. */
const firstRuns = new Map<string, Promise<Expectation>>();
const firstRun = (name: string) => {
  if (!firstRuns.has(name)) firstRuns.set(name, readCaseInput(name).then(runGenerator));
  return firstRuns.get(name)!;
};

test("there are golden cases", () => {
  assert.ok(cases.length >= 10, `found only ${cases.length} cases under test/golden/`);
});

for (const name of cases) {
  describe(name, () => {
    test("output matches the expectation", async () => {
      const actual = await firstRun(name);
      if (UPDATE) {
        await writeExpectation(name, actual);
        return;
      }
      const expected = await readExpectation(name);
      if (expected.kind === "files" && expected.files.size === 0) {
        assert.fail(`${name} has neither expected/ nor expected-error.txt; run npm run test:golden:update`);
      }
      if (actual.kind !== expected.kind) {
        const got = actual.kind === "error" ? `errors:\n${actual.text}` : `files: ${[...actual.files.keys()].join(", ")}`;
        assert.fail(`${name}: expected ${expected.kind === "error" ? "errors" : "files"}, got ${got}\n${HINT}`);
      }
      if (actual.kind === "error" && expected.kind === "error") {
        assert.equal(actual.text, expected.text, `${name}: diagnostics differ; ${HINT}`);
        return;
      }
      if (actual.kind === "files" && expected.kind === "files") {
        assert.deepEqual([...actual.files.keys()], [...expected.files.keys()], `${name}: the set of generated files differs; ${HINT}`);
        for (const [path, content] of actual.files) {
          assert.equal(content, expected.files.get(path), `${name}: generated ${path} differs; ${HINT}`);
        }
      }
    });

    test("output is deterministic and independent of input order", async () => {
      const input = await readCaseInput(name);
      const first = flatten(await firstRun(name));
      assert.deepEqual(flatten(await runGenerator(input)), first, "a second run differs");
      const reorder = (files: InputFile[], seed: number) => (seed === 0 ? [...files].reverse() : shuffled(files, seed));
      for (const seed of [0, 7, 42]) {
        const moved = {
          ...input,
          schema: reorder(input.schema, seed),
          operations: reorder(input.operations, seed + 1),
          prompts: reorder(input.prompts ?? [], seed + 2),
        };
        assert.deepEqual(flatten(await runGenerator(moved)), first, `input order (seed ${seed}) changed the output`);
      }
    });
  });
}
