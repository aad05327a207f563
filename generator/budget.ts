// Token budgets of tools/list, checked by `npm run generate` (and --check): every tool's entry, exactly
// as the server sends it, measured with the o200k tokenizer. Every tool, generated or hand-written, costs
// at most DEFAULT_TOKEN_BUDGET tokens: there is no exception to declare. A tool with more filters than
// fit lists the common ones and leaves the rest unlisted (@arg unlisted, or the `unlisted` registry),
// named in its description; this check also makes sure each unlisted argument is named.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { enforcedJsonSchema, namesArgument } from "../src/runtime/json-schema.js";
import { DEFAULT_TOKEN_BUDGET, describedWithPermissions, toolListEntry, type ToolDefinition } from "../src/runtime/tool.js";
import type { Diagnostic } from "./diagnostics.js";
import { countTokens } from "./tokens.js";

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

/**
 * Arguments the tool takes but does not list that the listing's text (the tool's description and the
 * listed arguments' descriptions) does not name as a whole word: a model would never learn of them.
 */
export function unnamedUnlisted(tool: ToolDefinition): string[] {
  const listed = tool.inputJsonSchema.properties as Record<string, { description?: string }>;
  const text = [describedWithPermissions(tool), ...Object.values(listed).map((p) => p.description ?? "")].join("\n");
  return Object.keys(enforcedJsonSchema(tool).properties)
    .filter((name) => !(name in listed))
    .filter((name) => !namesArgument(text, name));
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
    const where = () => declarationOf(root, tool);
    if (tokens > DEFAULT_TOKEN_BUDGET) {
      problems.push({
        ...where(),
        message: `${tool.name} costs ${tokens} tokens in tools/list, over the budget of ${DEFAULT_TOKEN_BUDGET}: shorten its descriptions, or leave rarely used optional arguments unlisted (named in its description)`,
      });
    }
    for (const name of unnamedUnlisted(tool)) {
      problems.push({
        ...where(),
        message: `${tool.name}: argument ${name} is unlisted but neither the tool's description nor a listed argument's names it`,
      });
    }
    return { name: tool.name, tokens, budget: DEFAULT_TOKEN_BUDGET };
  });
  return { rows, total: rows.reduce((sum, r) => sum + r.tokens, 0), problems };
}

/** One line for after every generate. */
export function budgetSummary(report: BudgetReport): string {
  const largest = [...report.rows].sort((a, b) => b.tokens - a.tokens)[0];
  const average = report.rows.length ? (report.total / report.rows.length).toFixed(1) : "0";
  return `tools/list: ${report.rows.length} tools, ${report.total} tokens (o200k), ${average} a tool${largest ? `; largest ${largest.name} ${largest.tokens}` : ""}`;
}
