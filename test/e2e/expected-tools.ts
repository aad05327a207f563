// The tool names tests expect, derived from generated/ and the hand-written toolsets, so adding a tool
// (an operation file, a hand-written module) does not mean editing a list in every test.
import { generatedToolsets } from "../../generated/index.js";
import { DEFAULT_TOOLSETS, handWrittenToolsets, mergeToolsets } from "../../src/tools/index.js";

const toolsets = mergeToolsets(generatedToolsets, handWrittenToolsets);

/** Sorted tool names of the named toolsets ("all": every toolset). */
export function toolNamesOf(...names: string[]): string[] {
  const all = names.includes("all");
  return toolsets
    .filter((t) => all || names.includes(t.name))
    .flatMap((t) => t.tools.map((tool) => tool.name))
    .sort();
}

/** What a server with no selection configured lists. */
export const DEFAULT_TOOL_NAMES: readonly string[] = toolNamesOf(...DEFAULT_TOOLSETS);

/** Every tool the server ships. */
export const ALL_TOOL_NAMES: readonly string[] = toolNamesOf("all");

/** Every toolset name, sorted. */
export const TOOLSET_NAMES: readonly string[] = toolsets.map((t) => t.name);
