// The generator's view of the tools prompts may use: operations' @tool names plus the declared list of
// hand-written tools, which must name exactly the tools registered in src/tools/index.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GenerateError } from "../../generator/diagnostics.js";
import { generate } from "../../generator/generate.js";
import { handWrittenToolsets } from "../../src/tools/index.js";
import { HAND_WRITTEN_TOOL_NAMES } from "../../src/tools/hand-written-names.js";
import { readCaseInput } from "./golden-cases.js";

test("HAND_WRITTEN_TOOL_NAMES lists exactly the hand-written tools", () => {
  const registered = handWrittenToolsets.flatMap((t) => t.tools.map((tool) => tool.name)).sort();
  assert.deepEqual(
    [...HAND_WRITTEN_TOOL_NAMES].sort(),
    registered,
    "add every tool of handWrittenToolsets (src/tools/index.ts) to src/tools/hand-written-names.ts, and only those",
  );
});

test("a prompt may use a hand-written tool only when it is declared", async () => {
  const input = await readCaseInput("prompts");
  await generate(input);
  await assert.rejects(generate({ ...input, handWrittenTools: [] }), (error: unknown) => {
    assert.ok(error instanceof GenerateError);
    assert.deepEqual(
      error.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message.split(" (")[0]}`),
      [
        "prompts/triage-alerts.md:24: unknown tool run_query",
        "prompts/triage-alerts.md:28: {{tool:run_query}}: run_query is not in tools: and is no known tool",
      ],
    );
    return true;
  });
});

test("a toolset folder named prompts is refused: generated/prompts/ holds the prompts", async () => {
  const input = await readCaseInput("prompts");
  const operations = input.operations.map((f) => ({ ...f, path: f.path.replace("operations/alerts/", "operations/prompts/") }));
  await assert.rejects(generate({ ...input, operations }), /toolset folder "prompts" is reserved/);
});
