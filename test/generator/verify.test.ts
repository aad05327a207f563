// The generator's in-memory compile check (one TypeScript program) catches output that does not type-check.
// The first check is verifyCompiles as such; the others share one checker (what verifyCompiles makes
// each time and the generator's worker keeps), which parses the runtime and the libraries once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createTypeChecker, verifyCompiles } from "../../generator/verify.js";
import type { GeneratedFiles } from "../../generator/generate.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let shared: ReturnType<typeof createTypeChecker> | undefined;
/** The problems of `files`, from the shared checker. */
const check = (files: GeneratedFiles) => (shared ??= createTypeChecker(ROOT)).check(files);

test("well-typed generated code passes, broken code is reported with file:line:col", () => {
  const good = new Map([
    ["ok.ts", 'import { relativeTime } from "../src/runtime/index.js";\nexport const t: string = relativeTime("now");\n'],
  ]);
  assert.deepEqual(verifyCompiles(ROOT, good), []);
  const bad = new Map([
    ["bad.ts", 'import { relativeTime } from "../src/runtime/index.js";\n\nexport const t: number = relativeTime("now");\n'],
  ]);
  const problems = check(bad);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].file, "generated/bad.ts");
  assert.equal(problems[0].line, 3);
  assert.match(problems[0].message, /does not compile \(generator bug\): Type 'string' is not assignable to type 'number'/);
});

test("a tool whose argument schema does not give the handler's argument type is reported", () => {
  const tool = (zod: string) =>
    new Map([
      [
        "t.ts",
        [
          'import { z } from "zod";',
          'import type { ToolDefinition } from "../src/runtime/index.js";',
          `const input = z.strictObject({ n: ${zod} });`,
          "export const tool: ToolDefinition<{ n: number }> = {",
          '  name: "t", title: "T", description: "T.", toolset: "x", annotations: {}, permissions: [],',
          '  inputSchema: input, inputJsonSchema: { type: "object", properties: {} },',
          "  async handler(args) { return args.n + 1; },",
          "};",
          "",
        ].join("\n"),
      ],
    ]);
  assert.deepEqual(check(tool("z.number()")), []);
  const problems = check(tool("z.string()"));
  assert.ok(problems.length > 0, "a string schema for a number argument must not compile");
  assert.ok(problems.every((p) => p.file === "generated/t.ts"));
});

test("generated files come from memory only: a module missing from the set is an error even if generated/ has it", () => {
  const problems = check(new Map([["x.ts", 'export { generatedToolsets } from "./index.js";\n']]));
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /Cannot find module '\.\/index\.js'/);
});
