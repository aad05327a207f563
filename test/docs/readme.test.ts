import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { settingsMarkdown } from "../../src/settings-table.js";
import { readmeSection, ROOT } from "../e2e/harness.js";

test("the README's configuration table matches the settings the server reads", () => {
  const readme = readFileSync(`${ROOT}README.md`, "utf8");
  assert.ok(
    readme.includes(settingsMarkdown()),
    `README.md's table under "## Configuration" is out of date; replace it with:\n${settingsMarkdown()}`,
  );
});

test("every claim of the README's security model names test files that exist", () => {
  const claims = readmeSection("## Security model").split("\n- ").slice(1);
  assert.ok(claims.length >= 10, "the security model lists its claims as bullets");
  for (const claim of claims) {
    const cited = /\[(test\/[^\]]+)\]/.exec(claim);
    assert.ok(cited, `this claim names no test: ${claim.slice(0, 120)}`);
    for (const file of cited[1].split(/,\s*/)) {
      assert.ok(existsSync(`${ROOT}${file}`), `${file}, cited by the security model, does not exist`);
    }
  }
});

test("the README's tool table lists every tool the server ships, with its toolset and permissions", async () => {
  const { allTools } = await import("../../src/tools/index.js");
  const rows = new Map(
    [...readmeSection("## Tools").matchAll(/^\| (\w+) \| `(\w+)` \| .* \| ([^|]+) \|$/gm)].map((m) => [
      m[2]!,
      { toolset: m[1]!, permissions: m[3]!.trim() },
    ]),
  );
  for (const tool of allTools) {
    const row = rows.get(tool.name);
    assert.ok(row, `README's tool table has no row for ${tool.name}`);
    assert.equal(row.toolset, tool.toolset, `${tool.name}'s toolset`);
    assert.equal(row.permissions, tool.permissions.length ? tool.permissions.join(", ") : "none", `${tool.name}'s permissions`);
  }
  assert.deepEqual([...rows.keys()].sort(), allTools.map((t) => t.name).sort(), "no row for a tool the server does not ship");
});

test("the README's prompt table lists every prompt with its arguments", async () => {
  const { generatedPrompts } = await import("../../generated/index.js");
  const rows = [...readmeSection("## Prompts").matchAll(/^\| `([a-z0-9-]+)` \| ([^|]*) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]);
  assert.deepEqual(
    rows,
    generatedPrompts.map((p) => [p.name, p.arguments.map((a) => `\`${a.name}\``).join(", ")]),
    "README's prompt table (## Prompts) must list every prompt in prompts/, by name, with its arguments in order",
  );
});

test("docs/tools.md (written by npm run generate) has a section for every tool and prompt", async () => {
  const { allTools } = await import("../../src/tools/index.js");
  const { generatedPrompts } = await import("../../generated/prompts/index.js");
  const docs = readFileSync(new URL("../../docs/tools.md", import.meta.url), "utf8");
  const headings = [...docs.matchAll(/^### `([^`]+)` — /gm)].map((m) => m[1]);
  assert.deepEqual([...headings].sort(), [...allTools.map((t) => t.name), ...generatedPrompts.map((p) => p.name)].sort());
});
