// The tool surface a client sees (names, titles, descriptions, schemas, annotations) is a reviewed
// contract: it is committed in test/snapshots/tools.json and any change shows in the diff.
// UPDATE_SNAPSHOTS=1 rewrites it (npm run test:snapshots:update).
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { connect, ROOT, startSimulatorForTests } from "./harness.js";

const FILE = `${ROOT}test/snapshots/tools.json`;

test("tools/list matches the committed snapshot", async () => {
  const sim = await startSimulatorForTests();
  const s = await connect(sim);
  try {
    const { tools } = await s.client.listTools();
    const actual = `${JSON.stringify(
      [...tools].sort((a, b) => a.name.localeCompare(b.name)),
      null,
      2,
    )}\n`;
    if (process.env.UPDATE_SNAPSHOTS === "1") writeFileSync(FILE, actual);
    const expected = readFileSync(FILE, "utf8");
    assert.equal(actual, expected, "the tool surface changed: run npm run test:snapshots:update and review test/snapshots/tools.json");
  } finally {
    await s.close();
    await sim.close();
  }
});
