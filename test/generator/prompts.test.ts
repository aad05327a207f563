// The generator's view of the tools prompts may use: operations' @tool names plus the declared list of
// hand-written tools, which must name exactly the tools registered in src/tools/index.ts.
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../generator/cli.js";
import { GenerateError } from "../../generator/diagnostics.js";
import { generate } from "../../generator/generate.js";
import { handWrittenToolsets } from "../../src/tools/index.js";
import { HAND_WRITTEN_TOOL_NAMES } from "../../src/tools/hand-written-names.js";
import { DIRECTIVES_FILE, GOLDEN_DIR, listTree, readCaseInput } from "./golden-cases.js";

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

test("the CLI reads prompts/ (every file in it) and reports their problems as file:line:col", async () => {
  const root = await mkdtemp(join(tmpdir(), "panther-prompts-cli-"));
  try {
    await cp(join(GOLDEN_DIR, "basic-query", "schema"), join(root, "schema"), { recursive: true });
    await cp(DIRECTIVES_FILE, join(root, "schema", "directives.graphql"));
    await cp(join(GOLDEN_DIR, "basic-query", "operations"), join(root, "operations"), { recursive: true });
    await mkdir(join(root, "prompts"));
    // query_data_lake is hand-written in this project: the CLI passes HAND_WRITTEN_TOOL_NAMES.
    await writeFile(
      join(root, "prompts", "look.md"),
      "---\ntitle: Look\ndescription: Look.\ntools: [get_alert, query_data_lake]\n---\nUse {{tool:get_alert}}, {{tool:query_data_lake}} and get_alert.\n",
    );
    await writeFile(join(root, "prompts", "README"), "notes\n");
    // The CLI's main in this process, as cli.test.ts runs it (which also runs the CLI as a process).
    let stderr = "";
    const code = await main([], root, (text) => (stderr += text));
    assert.equal(code, 1, stderr);
    assert.deepEqual(
      stderr.split("\n").filter((line) => /^prompts\//.test(line)),
      [
        "prompts/README:1:1: prompt files live at prompts/<prompt-name>.md",
        "prompts/look.md:6:54: tool get_alert named without a placeholder: write {{tool:get_alert}} so the tool prefix applies",
      ],
    );
    assert.deepEqual(await listTree(join(root, "generated")), [], "generated/ is not written");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
