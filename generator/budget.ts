// Token budgets of tools/list, checked by `npm run generate` (and --check): every tool's entry, exactly
// as the server sends it, measured with the o200k tokenizer. A tool may cost DEFAULT_TOKEN_BUDGET tokens
// unless it declares more with a reason (@tool tokenBudget/tokenBudgetReason, or tokenBudget on a
// hand-written tool); a declared budget must be needed and tight, so a gain is kept.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_TOKEN_BUDGET, toolListEntry, type ToolDefinition } from "../src/runtime/tool.js";
import type { Diagnostic } from "./diagnostics.js";
import { countTokens } from "./tokens.js";

/** A declared budget may exceed what the tool costs by less than this. */
export const BUDGET_SLACK = 20;

export interface BudgetReport {
  rows: { name: string; tokens: number; budget: number }[];
  total: number;
  problems: Diagnostic[];
}

/** Where a tool is declared: its operation's @tool, or the `name:` line of a hand-written tool. */
function declarationOf(root: string, tool: ToolDefinition): Omit<Diagnostic, "message"> {
  const operation = `operations/${tool.toolset}/${tool.name}.graphql`;
  const at = (file: string, pattern: RegExp) => {
    try {
      const lines = readFileSync(join(root, file), "utf8").split("\n");
      const line = lines.findIndex((l) => pattern.test(l));
      return line >= 0 ? { file, line: line + 1, column: lines[line]!.search(pattern) + 1 } : undefined;
    } catch {
      return undefined;
    }
  };
  const found =
    at(operation, /@tool\b/) ??
    readdirSync(join(root, "src", "tools"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => at(`src/tools/${f}`, new RegExp(`name: "${tool.name}"`)))
      .find(Boolean);
  // A hand-written tool whose name is not written out as `name: "..."`: somewhere under src/tools/.
  return found ?? { file: "src/tools/", line: 0, column: 0 };
}

/** Each tool's tools/list entry, as the server writes it: the text whose tokens count. */
export function listEntryTexts(tools: readonly ToolDefinition[]): string[] {
  return tools.map((tool) => JSON.stringify(toolListEntry(tool)));
}

/** `counts`, when given, are the token counts of listEntryTexts(tools) (counted elsewhere, e.g. on a worker). */
export function checkBudgets(root: string, tools: readonly ToolDefinition[], counts?: readonly number[]): BudgetReport {
  const problems: Diagnostic[] = [];
  const texts = counts ? undefined : listEntryTexts(tools);
  const rows = tools.map((tool, i) => {
    const tokens = counts ? counts[i] : countTokens(texts![i]);
    const budget = tool.tokenBudget?.tokens ?? DEFAULT_TOKEN_BUDGET;
    const where = () => declarationOf(root, tool);
    if (tokens > budget) {
      problems.push({
        ...where(),
        message: `${tool.name} costs ${tokens} tokens in tools/list, over its budget of ${budget}: shorten its descriptions or arguments${tool.tokenBudget ? "" : ", or declare tokenBudget with a reason"}`,
      });
    } else if (tool.tokenBudget && tokens <= DEFAULT_TOKEN_BUDGET) {
      problems.push({
        ...where(),
        message: `${tool.name} costs ${tokens} tokens, within the default ${DEFAULT_TOKEN_BUDGET}: remove its tokenBudget`,
      });
    } else if (tool.tokenBudget && budget - tokens >= BUDGET_SLACK) {
      problems.push({ ...where(), message: `${tool.name} costs ${tokens} tokens: lower its tokenBudget (${budget}) to keep the gain` });
    }
    return { name: tool.name, tokens, budget };
  });
  return { rows, total: rows.reduce((sum, r) => sum + r.tokens, 0), problems };
}

/** One line for after every generate. */
export function budgetSummary(report: BudgetReport): string {
  const largest = [...report.rows].sort((a, b) => b.tokens - a.tokens)[0];
  const average = report.rows.length ? (report.total / report.rows.length).toFixed(1) : "0";
  return `tools/list: ${report.rows.length} tools, ${report.total} tokens (o200k), ${average} a tool${largest ? `; largest ${largest.name} ${largest.tokens}` : ""}`;
}
