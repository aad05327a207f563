// docs/tools.md: every tool and prompt as a reader of the project (or a reviewer of a PR) wants them —
// by toolset, with the arguments, permissions, read or write, and what each costs in tools/list.
// Written by the CLI shell from the registry and the generated prompts, like generated/catalog.ts;
// `npm run generate -- --check` fails when it is out of date.
import { enforcedJsonSchema } from "../src/runtime/json-schema.js";
import { effectiveHints, type ToolDefinition } from "../src/runtime/tool.js";
import type { PromptSpec } from "../src/runtime/prompt.js";
import type { BudgetReport } from "./budget.js";

import { README_FILE } from "./paths.js";

type Schema = Record<string, unknown>;

/** A table cell: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

function typeOf(schema: Schema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(code).join(", ")}`;
  if (schema.type === "array") return `list of ${typeOf((schema.items ?? {}) as Schema)}`;
  const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
  return `${String(schema.type ?? "any")}${format}`;
}

function constraintsOf(schema: Schema): string {
  const out: string[] = [];
  const range = (low: unknown, high: unknown, unit: string) => {
    const of = (n: unknown) => (unit && n === 1 ? `${n}${unit.slice(0, -1)}` : `${n}${unit}`);
    if (low !== undefined && high !== undefined) out.push(`${low}–${of(high)}`);
    else if (low !== undefined) out.push(`at least ${of(low)}`);
    else if (high !== undefined) out.push(`at most ${of(high)}`);
  };
  range(schema.minimum, schema.maximum, "");
  range(schema.minLength, schema.maxLength, " characters");
  range(schema.minItems, schema.maxItems, " items");
  if (schema.uniqueItems) out.push("no repeats");
  if (typeof schema.pattern === "string") out.push(`matches ${code(schema.pattern)}`);
  return out.join("; ");
}

function kindOf(tool: ToolDefinition): string {
  const hints = effectiveHints(tool.annotations);
  if (hints.readOnlyHint) return "reads";
  return `writes (${hints.destructiveHint ? "destructive" : "not destructive"}, ${hints.idempotentHint ? "idempotent" : "not idempotent"})`;
}

function toolSection(tool: ToolDefinition, tokens: number): string {
  // The reader gets every enforced limit, also those the listing leaves out.
  const schema = enforcedJsonSchema(tool);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const lines = [
    `### \`${tool.name}\` — ${tool.title}`,
    "",
    tool.description,
    "",
    `${kindOf(tool)} · needs ${tool.permissions.length ? tool.permissions.join(", ") : "no permission"} · ${tokens} tokens in tools/list`,
    "",
  ];
  const args = Object.entries(schema.properties) as [string, Schema][];
  if (!args.length) return [...lines, "No arguments.", ""].join("\n");
  lines.push("| argument | type | default | constraints | description |", "|---|---|---|---|---|");
  for (const [name, arg] of args) {
    const shown = `\`${name}\`${required.has(name) ? " (required)" : ""}`;
    const fallback = arg.default === undefined ? "" : code(arg.default);
    lines.push(
      `| ${shown} | ${cell(typeOf(arg))} | ${cell(fallback)} | ${cell(constraintsOf(arg))} | ${cell(String(arg.description ?? ""))} |`,
    );
  }
  return [...lines, ""].join("\n");
}

function promptSection(prompt: PromptSpec): string {
  const lines = [
    `### \`${prompt.name}\` — ${prompt.title}`,
    "",
    prompt.description,
    "",
    `uses ${prompt.tools.map((t) => `\`${t}\``).join(", ")}`,
    "",
  ];
  lines.push("| argument | type | required | description |", "|---|---|---|---|");
  for (const arg of prompt.arguments) {
    lines.push(
      `| \`${arg.name}\` | ${arg.type} | ${arg.required ? "yes" : `no (default ${code(arg.default ?? "")})`} | ${cell(arg.description)} |`,
    );
  }
  return [...lines, ""].join("\n");
}

export function renderToolDocs(tools: readonly ToolDefinition[], prompts: readonly PromptSpec[], budgets: BudgetReport): string {
  const tokens = new Map(budgets.rows.map((r) => [r.name, r.tokens]));
  const toolsets = [...new Set(tools.map((t) => t.toolset))];
  const average = tools.length ? (budgets.total / tools.length).toFixed(1) : "0";
  const out = [
    "# Tools and prompts",
    "",
    "Written by `npm run generate` from the tool registry (`operations/` and `src/tools/`) and `prompts/`;",
    "do not edit. Token figures are o200k tokens of each tool's entry in tools/list, exactly as sent.",
    "",
    `${tools.length} tools in ${toolsets.length} toolsets, ${budgets.total} tokens in tools/list (${average} a tool); ${prompts.length} prompts.`,
    "",
  ];
  for (const toolset of toolsets) {
    out.push(`## ${toolset}`, "");
    for (const tool of tools.filter((t) => t.toolset === toolset)) out.push(toolSection(tool, tokens.get(tool.name) ?? 0));
  }
  if (prompts.length) {
    out.push("## Prompts", "");
    for (const prompt of prompts) out.push(promptSection(prompt));
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** README.md's tool and prompt tables, between these markers, are written from the same source. */
const MARKERS = {
  tools: ["<!-- tools:start (written by npm run generate) -->", "<!-- tools:end -->"],
  prompts: ["<!-- prompts:start (written by npm run generate) -->", "<!-- prompts:end -->"],
} as const;

function readmeToolTable(tools: readonly ToolDefinition[]): string {
  const rows = tools.map((t) => {
    const kind = effectiveHints(t.annotations).readOnlyHint ? "reads" : "writes";
    return `| ${t.toolset} | \`${t.name}\` | ${cell(t.description)} | ${kind} | ${t.permissions.length ? t.permissions.join(", ") : "none"} |`;
  });
  return ["| toolset | tool | what it does | read/write | Panther permission |", "|---|---|---|---|---|", ...rows].join("\n");
}

function readmePromptTable(prompts: readonly PromptSpec[]): string {
  const rows = prompts.map((p) => `| \`${p.name}\` | ${p.arguments.map((a) => `\`${a.name}\``).join(", ")} | ${cell(p.description)} |`);
  return ["| prompt | arguments | what it asks for |", "|---|---|---|", ...rows].join("\n");
}

/** README.md with its generated tables replaced; throws when a marker is missing. */
export function renderReadme(readme: string, tools: readonly ToolDefinition[], prompts: readonly PromptSpec[]): string {
  let out = readme;
  for (const [key, table] of [
    ["tools", readmeToolTable(tools)],
    ["prompts", readmePromptTable(prompts)],
  ] as const) {
    const [start, end] = MARKERS[key];
    const from = out.indexOf(start);
    const to = out.indexOf(end, from);
    if (from < 0 || to < 0) throw new Error(`${README_FILE} has no ${start} … ${end} block for the ${key} table`);
    out = `${out.slice(0, from + start.length)}\n${table}\n${out.slice(to)}`;
  }
  return out;
}
