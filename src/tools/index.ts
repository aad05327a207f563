import { generatedTools, generatedToolsets } from "../../generated/index.js";
import type { ToolDefinition } from "../runtime/tool.js";
import { queryDataLakeTool } from "./query-data-lake.js";

/** Hand-written (composite) tools. They go through the same registry and middleware as generated ones. */
export const handWrittenTools: readonly ToolDefinition[] = [queryDataLakeTool];

/** Every tool the server can offer, sorted by name. */
export const allTools: readonly ToolDefinition[] = [...generatedTools, ...handWrittenTools].sort((a, b) => a.name.localeCompare(b.name));

/** Toolset → tool names, generated and hand-written together. */
export function toolsets(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, tools] of Object.entries(generatedToolsets)) out[name] = [...tools];
  for (const tool of handWrittenTools) (out[tool.toolset] ??= []).push(tool.name);
  for (const list of Object.values(out)) list.sort();
  return out;
}
