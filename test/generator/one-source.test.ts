// Each generated tool states its input once: the zod schema, from which the listed JSON Schema is
// derived (toolJsonSchema), and each default in one place. Checked on generated/ and on every golden
// case's expected output, since a reviewer reads both in a PR.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { listFiles } from "../../generator/inputs.js";
import { GOLDEN_DIR, PROJECT_ROOT } from "./golden-cases.js";

/** Every generated tool module: path and text. */
async function toolFiles(): Promise<{ path: string; text: string }[]> {
  const files = [...(await listFiles(join(PROJECT_ROOT, "generated"))), ...(await listFiles(GOLDEN_DIR))];
  const out: { path: string; text: string }[] = [];
  for (const file of files.filter((f) => f.endsWith(".ts") && (f.includes("/generated/") || f.includes("/expected/")))) {
    const text = await readFile(file, "utf8");
    if (/Tool: ToolDefinition</.test(text)) out.push({ path: file.slice(PROJECT_ROOT.length), text });
  }
  return out;
}

/** The zod block of a tool module (`export const <stem>Input = z.strictObject({ ... });`). */
function inputBlock(text: string): string {
  const start = text.indexOf("Input = z.strictObject({");
  return text.slice(start, text.indexOf("\n});\n", start));
}

test("a generated tool lists the JSON Schema derived from its zod schema, and writes none by hand", async () => {
  const tools = await toolFiles();
  assert.ok(tools.length >= 18, `only ${tools.length} tool modules found`);
  for (const { path, text } of tools) {
    const stem = /export const (\w+)Input = /.exec(text)?.[1];
    assert.ok(stem, `${path}: no input schema`);
    assert.ok(
      text.includes(`get inputJsonSchema() {\n    return toolJsonSchema(${stem}Input);\n  },`),
      `${path}: inputJsonSchema is not derived from ${stem}Input`,
    );
    assert.doesNotMatch(text, /inputJsonSchema: \{/, `${path}: a JSON Schema written out`);
  }
});

test("a default a tool's zod schema applies is not applied again by its call", async () => {
  let defaults = 0;
  for (const { path, text } of await toolFiles()) {
    // Top-level arguments with a default: `  name: ... .default(...)` or `.prefault(...)` in the zod block.
    const lines = inputBlock(text).split("\n");
    const starts = lines.map((line, i) => ({ line, i })).filter(({ line }) => /^ {2}"?[\w$]+"?: /.test(line));
    for (const [k, { line, i }] of starts.entries()) {
      const arg = /^ {2}"?([\w$]+)"?: /.exec(line)![1];
      const source = lines.slice(i, starts[k + 1]?.i ?? lines.length).join("\n");
      if (!/\.(default|prefault)\(/.test(source)) continue;
      defaults++;
      // The handler passes the argument on as the operation variable it fills.
      const variable = new RegExp(`"?([\\w$]+)"?: args\\["${arg}"\\]`).exec(text)?.[1];
      assert.ok(variable, `${path}: ${arg} is not passed on`);
      assert.doesNotMatch(text, new RegExp(`variables\\["${variable}"\\] \\?\\?`), `${path}: ${variable}'s default is applied twice`);
      assert.doesNotMatch(text, new RegExp(`args\\["${arg}"\\] \\?\\?`), `${path}: ${arg}'s default is applied twice`);
    }
  }
  assert.ok(defaults >= 10, `only ${defaults} defaulted arguments found: is the check still reading the files?`);
});
