// The prompts tests expect, derived from generated/ and the expected tools: a prompt is listed when
// every tool it uses is served.
import { generatedPrompts } from "../../generated/index.js";
import type { PromptSpec } from "../../src/runtime/prompt.js";
import { DEFAULT_TOOL_NAMES } from "./expected-tools.js";

/** The generated prompts whose tools are all in `tools` (unprefixed names), sorted by name. */
export function promptsFor(tools: readonly string[]): PromptSpec[] {
  return generatedPrompts.filter((p) => p.tools.every((t) => tools.includes(t)));
}

/** What a server with no selection configured lists. */
export const DEFAULT_PROMPTS: readonly PromptSpec[] = promptsFor(DEFAULT_TOOL_NAMES);
