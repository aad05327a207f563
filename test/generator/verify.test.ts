// The generator's in-memory compile check (ts-morph) catches output that does not type-check.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { verifyCompiles } from "../../generator/verify.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

test("well-typed generated code passes, broken code is reported with file:line:col", () => {
  const good = new Map([
    ["ok.ts", 'import { relativeTime } from "../src/runtime/index.js";\nexport const t: string = relativeTime("now");\n'],
  ]);
  assert.deepEqual(verifyCompiles(ROOT, good), []);
  const bad = new Map([
    ["bad.ts", 'import { relativeTime } from "../src/runtime/index.js";\n\nexport const t: number = relativeTime("now");\n'],
  ]);
  const problems = verifyCompiles(ROOT, bad);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].file, "generated/bad.ts");
  assert.equal(problems[0].line, 3);
  assert.match(problems[0].message, /does not compile \(generator bug\): Type 'string' is not assignable to type 'number'/);
});
