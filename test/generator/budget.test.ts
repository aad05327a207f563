// Token budgets checked by `npm run generate`: every tool of the real registry (generated and
// hand-written) keeps the one budget of 300, and a tool over it, or an unlisted argument its listing
// does not name, is reported at the tool's declaration.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkBudgets, budgetSummary, unnamedUnlisted } from "../../generator/budget.js";
import { allTools } from "../../src/tools/index.js";
import { PROJECT_ROOT } from "./golden-cases.js";

const tool = (name: string) => allTools.find((t) => t.name === name)!;

describe("tools/list token budgets", () => {
  test("every tool of the registry keeps its budget, and the summary gives the total", () => {
    const report = checkBudgets(PROJECT_ROOT, allTools);
    assert.deepEqual(report.problems, []);
    assert.equal(report.rows.length, allTools.length);
    assert.match(
      budgetSummary(report),
      new RegExp(`^tools/list: ${allTools.length} tools, ${report.total} tokens \\(o200k\\), [\\d.]+ a tool; largest \\w+ \\d+$`),
    );
  });

  test("a tool over the budget of 300 and an unlisted argument nobody names are reported at the declaration", () => {
    const alerts = tool("list_alerts");
    const detections = tool("list_detections");
    const report = checkBudgets(PROJECT_ROOT, [
      { ...alerts, description: `${alerts.description} ${"Padding words for the model. ".repeat(10)}` },
      { ...detections, description: "Detection summaries." },
    ]);
    const messages = report.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    assert.equal(messages.length, 4, messages.join("\n"));
    assert.match(
      messages[0]!,
      /^operations\/alerts\/list_alerts\.graphql:\d+: list_alerts costs \d+ tokens in tools\/list, over the budget of 300: .*unlisted/,
    );
    for (const [i, name] of ["created_by", "last_modified_by", "output_ids"].entries()) {
      assert.equal(
        messages[i + 1],
        `src/tools/detections.ts:${report.problems[i + 1]!.line}: list_detections: argument ${name} is unlisted but neither the tool's description nor a listed argument's names it`,
      );
    }
  });

  test("an unlisted argument counts as named only as a whole word", () => {
    const detections = tool("list_detections");
    assert.deepEqual(unnamedUnlisted(detections), []);
    assert.deepEqual(unnamedUnlisted({ ...detections, description: "Also: created_by_x, xlast_modified_by, output_ids." }), [
      "created_by",
      "last_modified_by",
    ]);
  });
});
