// The operation documents in generated/ are printed for review: they must say exactly what the
// operation says (same AST), survive being embedded in a JS template literal, and change by one line
// when a field is added.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse, print } from "graphql";
import { stripProjectDirectives } from "../../generator/annotations.js";
import { jsTemplate } from "../../generator/names.js";
import { printForReview } from "../../generator/print.js";

const ROOT = new URL("../..", import.meta.url).pathname;

function graphqlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? graphqlFiles(join(dir, e.name)) : e.name.endsWith(".graphql") ? [join(dir, e.name)] : [],
  );
}

const OPERATIONS = [
  ...graphqlFiles(join(ROOT, "operations")),
  ...graphqlFiles(join(ROOT, "test/golden")).filter((f) => f.includes("/operations/")),
];

describe("documents printed for review", () => {
  test("every operation prints to the same document, one field per line", () => {
    assert.ok(OPERATIONS.length > 10);
    for (const file of OPERATIONS) {
      let doc;
      try {
        doc = stripProjectDirectives(parse(readFileSync(file, "utf8")));
      } catch {
        continue; // the golden error cases hold documents that do not parse on purpose
      }
      const printed = printForReview(doc);
      assert.equal(print(parse(printed)), print(doc), file);
      // Only a variable with a long default value may make a long line.
      for (const line of printed.split("\n")) assert.ok(line.length <= 100 || line.startsWith("  $"), `${file}: ${line}`);
    }
  });

  test("adding a field or an input field to an operation adds exactly one line", () => {
    const before = parse(`query Q($a: ID!, $b: Int) { alerts(input: { id: $a, size: $b }) { edges { node { id title } } } }`);
    const field = parse(`query Q($a: ID!, $b: Int) { alerts(input: { id: $a, size: $b }) { edges { node { id title severity } } } }`);
    const input = parse(
      `query Q($a: ID!, $b: Int, $c: String) { alerts(input: { id: $a, size: $b, cursor: $c }) { edges { node { id title } } } }`,
    );
    const lines = (d: ReturnType<typeof parse>) => printForReview(d).split("\n");
    const added = (a: string[], b: string[]) => b.filter((line) => !a.includes(line));
    assert.deepEqual(added(lines(before), lines(field)), ["        severity"]);
    assert.equal(lines(field).length, lines(before).length + 1);
    assert.deepEqual(added(lines(before), lines(input)), ["  $c: String", "    cursor: $c"]);
    assert.equal(lines(input).length, lines(before).length + 2);
  });

  test("any text survives a template literal unchanged", () => {
    for (const text of ["plain", "back`tick", "${process.exit(1)}", "\\${x}", "end \\", "\\\\`${`}", "a\u2028b\u2029c", "$", "{$}"]) {
      const evaluated = new Function(`return ${jsTemplate(text)};`)() as string;
      assert.equal(evaluated, `\n${text}\n`, JSON.stringify(text));
    }
  });
});
