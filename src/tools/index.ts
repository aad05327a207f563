import { generatedToolsets } from "../../generated/index.js";
import type { ToolDefinition, Toolset } from "../runtime/tool.js";
export { DEFAULT_TOOLSETS } from "./defaults.js";
import { alertEventStatsTool } from "./alert-event-stats.js";
import { getAiAlertTriageSummaryTool, startAiAlertTriageTool } from "./ai-triage.js";
import { disableDetectionTool, getDetectionTool, listDetectionsTool } from "./detections.js";
import { bulkUpdateAlertsTool } from "./bulk-update-alerts.js";
import { getAlertEventsTool } from "./get-alert-events.js";
import { getPermissionsTool } from "./get-permissions.js";
import { listScheduledQueriesTool } from "./list-scheduled-queries.js";
import { listLogSourcesTool } from "./list-log-sources.js";
import { getLogTypeSchemaDetailsTool, listLogTypeSchemasTool } from "./log-type-schemas.js";
import { getBytesProcessedMetricsTool, getRuleAlertMetricsTool, getSeverityAlertMetricsTool } from "./metrics.js";
import { queryDataLakeTool } from "./query-data-lake.js";
import { updateAlertAssigneeTool } from "./update-alert-assignee.js";
import { updateAlertStatusTool } from "./update-alert-status.js";

/** Hand-written (composite) tools, one entry per toolset. */
export const handWrittenToolsets: readonly Toolset[] = [
  {
    name: "alerts",
    tools: [
      alertEventStatsTool,
      bulkUpdateAlertsTool,
      getAiAlertTriageSummaryTool,
      getAlertEventsTool,
      startAiAlertTriageTool,
      updateAlertAssigneeTool,
      updateAlertStatusTool,
    ],
  },
  { name: "data_lake", tools: [listScheduledQueriesTool, queryDataLakeTool] },
  { name: "detections", tools: [disableDetectionTool, getDetectionTool, listDetectionsTool] },
  { name: "metrics", tools: [getBytesProcessedMetricsTool, getRuleAlertMetricsTool, getSeverityAlertMetricsTool] },
  { name: "sources", tools: [getLogTypeSchemaDetailsTool, listLogSourcesTool, listLogTypeSchemasTool] },
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

/** Every tool the server can offer, sorted by name. */
export const allTools: readonly ToolDefinition[] = builtinToolsets.flatMap((t) => t.tools).sort((a, b) => (a.name < b.name ? -1 : 1));
