import { generatedToolsets } from "../../generated/index.js";
import type { ToolDefinition, Toolset } from "../runtime/tool.js";
import { alertEventStatsTool } from "./alert-event-stats.js";
import { getPermissionsTool } from "./get-permissions.js";
import { queryDataLakeTool } from "./query-data-lake.js";

/** Hand-written (composite) tools, as toolset modules of their own. */
export const handWrittenToolsets: readonly Toolset[] = [
  { name: "alerts", tools: [alertEventStatsTool] },
  { name: "data_lake", tools: [queryDataLakeTool] },
  { name: "users", tools: [getPermissionsTool] },
];

/** Joins toolset modules that share a name (e.g. generated and hand-written data_lake tools); sorted. */
export function mergeToolsets(...groups: (readonly Toolset[])[]): Toolset[] {
  const byName = new Map<string, ToolDefinition[]>();
  for (const toolset of groups.flat()) byName.set(toolset.name, [...(byName.get(toolset.name) ?? []), ...toolset.tools]);
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, tools]) => ({ name, tools: [...tools].sort((a, b) => (a.name < b.name ? -1 : 1)) }));
}

/** Every toolset this server ships. */
export const builtinToolsets: readonly Toolset[] = mergeToolsets(generatedToolsets, handWrittenToolsets);

/** Toolsets enabled when nothing is configured (PANTHER_TOOLSETS=default). */
export const DEFAULT_TOOLSETS: readonly string[] = ["alerts", "data_lake", "detections", "users"];

/** Every tool the server can offer, sorted by name. */
export const allTools: readonly ToolDefinition[] = builtinToolsets.flatMap((t) => t.tools).sort((a, b) => (a.name < b.name ? -1 : 1));
