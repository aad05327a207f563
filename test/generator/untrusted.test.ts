// The project's schema classifies all of its free text, not only what today's operations select: a new
// operation over any field of schema/ then gets its untrusted plan without touching the schema.
// (The generator's own checks and plans are golden cases: untrusted-plans, error-untrusted-*.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { isInterfaceType, isObjectType } from "graphql";
import type { Diagnostic } from "../../generator/diagnostics.js";
import { readInputs } from "../../generator/inputs.js";
import { loadSchema } from "../../generator/load.js";
import { checkTrustMarks, classify, isFreeText } from "../../generator/untrusted.js";
import { PROJECT_ROOT } from "./golden-cases.js";

test("every free-text field of schema/ is marked @untrusted or @trusted, without mistakes", async () => {
  const problems: Diagnostic[] = [];
  const loaded = loadSchema((await readInputs(PROJECT_ROOT)).schema, problems);
  assert.ok(loaded, problems.map((p) => p.message).join("\n"));
  checkTrustMarks(loaded.schema, problems);
  assert.deepEqual(problems, []);
  const unmarked: string[] = [];
  for (const type of Object.values(loaded.schema.getTypeMap())) {
    if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (isFreeText(field.type) && !classify(type, field.name)) unmarked.push(`${type.name}.${field.name}`);
    }
  }
  assert.deepEqual(unmarked, [], "free text with no mark in schema/");
});
