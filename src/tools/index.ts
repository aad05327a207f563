import { generatedToolsets } from "../../generated/index.js";
import type { ToolDefinition, Toolset } from "../runtime/tool.js";
import { getAiAlertTriageSummaryTool, startAiAlertTriageTool } from "./ai-triage.js";
import { disableDetectionTool, getDetectionTool, listDetectionsTool } from "./detections.js";
import { getPermissionsTool } from "./get-permissions.js";
import { listScheduledQueriesTool } from "./list-scheduled-queries.js";
import { listLogSourcesTool } from "./list-log-sources.js";
import { getLogTypeSchemaDetailsTool, listLogTypeSchemasTool } from "./log-type-schemas.js";
import { getBytesProcessedMetricsTool, getRuleAlertMetricsTool, getSeverityAlertMetricsTool } from "./metrics.js";
import { queryDataLakeTool } from "./query-data-lake.js";

/** Hand-written (composite) tools, as toolset modules of their own. */
export const handWrittenToolsets: readonly Toolset[] = [
  { name: "data_lake", tools: [queryDataLakeTool] },
  { name: "data_lake", tools: [listScheduledQueriesTool] },
  { name: "detections", tools: [listDetectionsTool, getDetectionTool, disableDetectionTool] },
  { name: "users", tools: [getPermissionsTool] },
  { name: "alerts", tools: [startAiAlertTriageTool, getAiAlertTriageSummaryTool] },
  { name: "sources", tools: [listLogSourcesTool, listLogTypeSchemasTool, getLogTypeSchemaDetailsTool] },
  { name: "metrics", tools: [getSeverityAlertMetricsTool, getRuleAlertMetricsTool, getBytesProcessedMetricsTool] },
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
export const DEFAULT_TOOLSETS: readonly string[] = ["alerts", "data_lake", "detections", "users", "sources", "metrics"];

/** Every tool the server can offer, sorted by name. */
export const allTools: readonly ToolDefinition[] = builtinToolsets.flatMap((t) => t.tools).sort((a, b) => (a.name < b.name ? -1 : 1));
