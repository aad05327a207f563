import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { settingsMarkdown } from "../../src/settings-table.js";
import { ROOT } from "../e2e/harness.js";

test("the README's configuration table matches the settings the server reads", () => {
  const readme = readFileSync(`${ROOT}README.md`, "utf8");
  assert.ok(
    readme.includes(settingsMarkdown()),
    `README.md's table under "## Configuration" is out of date; replace it with:\n${settingsMarkdown()}`,
  );
});
