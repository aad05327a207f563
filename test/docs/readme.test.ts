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

// The README's tool and prompt tables and docs/tools.md are written by npm run generate from the registry;
// `generate --check` (run beside the tests by npm test) fails when they differ (test/generator/docs.test.ts).
