// The documents npm run generate writes from the registry: docs/tools.md and the README's tables. The
// files in the repository are what the generator writes (generate --check); here, what it writes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { checkBudgets } from "../../generator/budget.js";
import { renderReadme, renderToolDocs } from "../../generator/docs.js";
import { generatedPrompts } from "../../generated/prompts/index.js";
import { builtinToolsets } from "../../src/tools/index.js";
import { PROJECT_ROOT } from "./golden-cases.js";

const tools = builtinToolsets.flatMap((t) => t.tools);
const readme = readFileSync(`${PROJECT_ROOT}README.md`, "utf8");

describe("generated documents", () => {
  test("the repository's README and docs/tools.md are exactly what generate writes", () => {
    assert.equal(renderReadme(readme, tools, generatedPrompts), readme);
    const docs = renderToolDocs(tools, generatedPrompts, checkBudgets(PROJECT_ROOT, tools));
    assert.equal(docs, readFileSync(`${PROJECT_ROOT}docs/tools.md`, "utf8"));
  });

  test("the README's tables are replaced between their markers only, with a row per tool and prompt", () => {
    const stale = readme.replace(/(<!-- tools:start[^>]*-->)[\s\S]*?(<!-- tools:end -->)/, "$1\nold\n$2");
    const written = renderReadme(`intro\n${stale}\noutro`, tools, generatedPrompts);
    assert.ok(written.startsWith("intro\n") && written.endsWith("\noutro"));
    assert.ok(!written.includes("\nold\n"));
    for (const tool of tools) {
      const perms = tool.permissions.length ? tool.permissions.join(", ") : "none";
      assert.match(written, new RegExp(`^\\| ${tool.toolset} \\| \`${tool.name}\` \\| .* \\| (reads|writes) \\| ${perms} \\|$`, "m"));
    }
    for (const prompt of generatedPrompts) assert.match(written, new RegExp(`^\\| \`${prompt.name}\` \\| `, "m"));
    assert.throws(() => renderReadme("no markers here", tools, generatedPrompts), /README\.md has no <!-- tools:start/);
  });

  test("docs/tools.md has a section per tool and prompt, with each argument's constraints", () => {
    const docs = renderToolDocs(tools, generatedPrompts, checkBudgets(PROJECT_ROOT, tools));
    const headings = [...docs.matchAll(/^### `([^`]+)` — /gm)].map((m) => m[1]);
    assert.deepEqual(headings.sort(), [...tools.map((t) => t.name), ...generatedPrompts.map((p) => p.name)].sort());
    assert.match(docs, /^\| `page_size` \| integer \| `25` \| 1–50 \| Per page\. \|$/m);
    // An unlisted argument is documented like the others, with the limits the server enforces.
    assert.match(docs, /^\| `event_count_max` \| integer \| {2}\| 0–2147483647 \| At most this many events\. \|$/m);
    assert.match(docs, /^\| `alert_id` \(required\) \| string \| {2}\| at least 1 character \| The alert ID\. \|$/m);
    assert.match(docs, /writes \(destructive, idempotent\) · needs RuleModify, PolicyModify/);
  });
});
