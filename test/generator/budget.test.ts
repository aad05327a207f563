// Token budgets checked by `npm run generate`: the real registry keeps them, and each way a tool can
// break its budget is reported at the tool's declaration with the figure.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkBudgets, budgetSummary } from "../../generator/budget.js";
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

  test("over budget, a needless budget and a loose one are reported at the declaration", () => {
    const alerts = tool("list_alerts");
    const detections = tool("list_detections");
    const report = checkBudgets(PROJECT_ROOT, [
      { ...alerts, tokenBudget: undefined },
      { ...detections, tokenBudget: { tokens: 2000, why: "test" } },
      { ...tool("get_alert"), tokenBudget: { tokens: 400, why: "test" } },
    ]);
    const messages = report.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    assert.equal(messages.length, 3, messages.join("\n"));
    assert.match(
      messages[0]!,
      /^operations\/alerts\/list_alerts\.graphql:\d+: list_alerts costs \d+ tokens in tools\/list, over its budget of 300: .*declare tokenBudget with a reason$/,
    );
    assert.match(
      messages[1]!,
      /^src\/tools\/detections\.ts:\d+: list_detections costs \d+ tokens: lower its tokenBudget \(2000\) to keep the gain$/,
    );
    assert.match(
      messages[2]!,
      /^operations\/alerts\/get_alert\.graphql:\d+: get_alert costs \d+ tokens, within the default 300: remove its tokenBudget$/,
    );
  });
});
