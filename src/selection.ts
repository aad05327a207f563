import { ConfigError } from "./config-error.js";
import type { ToolDefinition, Toolset } from "./runtime/tool.js";

/** Which tools to serve; plain data, applied once at start. */
export interface ToolSelection {
  /** Toolset names, plus `all` and `default`. */
  toolsets: readonly string[];
  /** Single tools added on top of the toolsets. */
  include?: readonly string[];
  /** Tools left out; wins over everything. */
  exclude?: readonly string[];
  /** Leave out every tool that is not read-only (they are not registered at all). */
  readOnly?: boolean;
  /** Prefix for every served tool name. */
  prefix?: string;
  /** Where each list came from, for error messages (e.g. `--toolsets`); defaults to the env var names. */
  sources?: { toolsets?: string; include?: string; exclude?: string; readOnly?: string };
}

export interface SelectedTools {
  tools: ToolDefinition[];
  /** Toolsets with at least one served tool. */
  toolsets: string[];
  /** Things worth a log line, e.g. an included tool dropped by read-only mode. */
  notes: string[];
}

/**
 * Applies a selection to toolset modules. Precedence: toolsets, then include adds, then read-only
 * and exclude remove. Unknown names are configuration errors listing the valid choices.
 */
export function selectTools(available: readonly Toolset[], selection: ToolSelection, defaults: readonly string[]): SelectedTools {
  const problems: string[] = [];
  const notes: string[] = [];
  const from = {
    toolsets: selection.sources?.toolsets ?? "PANTHER_TOOLSETS",
    include: selection.sources?.include ?? "PANTHER_TOOLS",
    exclude: selection.sources?.exclude ?? "PANTHER_EXCLUDE_TOOLS",
    readOnly: selection.sources?.readOnly ?? "PANTHER_READ_ONLY",
  };
  const toolsetNames = available.map((t) => t.name);
  const toolNames = available.flatMap((t) => t.tools.map((tool) => tool.name)).sort();
  const chosen = new Set<string>();
  for (const name of selection.toolsets) {
    if (name === "all") toolsetNames.forEach((n) => chosen.add(n));
    else if (name === "default") defaults.forEach((n) => chosen.add(n));
    else if (toolsetNames.includes(name)) chosen.add(name);
    else problems.push(`${from.toolsets}: unknown toolset "${name}" (valid: all, default, ${toolsetNames.join(", ")})`);
  }
  const names = new Set(available.filter((t) => chosen.has(t.name)).flatMap((t) => t.tools.map((tool) => tool.name)));
  for (const name of selection.include ?? []) {
    if (toolNames.includes(name)) names.add(name);
    else problems.push(`${from.include}: unknown tool "${name}" (valid: ${toolNames.join(", ")})`);
  }
  for (const name of selection.exclude ?? []) {
    if (!toolNames.includes(name)) problems.push(`${from.exclude}: unknown tool "${name}" (valid: ${toolNames.join(", ")})`);
    names.delete(name);
  }
  if (problems.length) throw new ConfigError(problems);

  const prefix = selection.prefix ?? "";
  const tools: ToolDefinition[] = [];
  const served = new Set<string>();
  for (const toolset of available) {
    for (const tool of toolset.tools) {
      if (!names.has(tool.name)) continue;
      if (selection.readOnly && !tool.annotations.readOnlyHint) {
        if (selection.include?.includes(tool.name))
          notes.push(`${tool.name} is not registered: ${from.readOnly} is on and it changes data`);
        continue;
      }
      tools.push(prefix ? { ...tool, name: `${prefix}${tool.name}` } : tool);
      served.add(toolset.name);
    }
  }
  tools.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { tools, toolsets: [...served].sort(), notes };
}
