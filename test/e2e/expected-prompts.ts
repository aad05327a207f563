// The prompts tests expect, derived from generated/ and the expected tools: a prompt is listed when
// every tool it uses is served; and valid arguments for any of them.
import { generatedPrompts } from "../../generated/index.js";
import type { PromptSpec } from "../../src/runtime/prompt.js";
import { DEFAULT_TOOL_NAMES } from "./expected-tools.js";

/** The generated prompts whose tools are all in `tools` (unprefixed names), sorted by name. */
export function promptsFor(tools: readonly string[]): PromptSpec[] {
  return generatedPrompts.filter((p) => p.tools.every((t) => tools.includes(t)));
}

/** What a server with no selection configured lists. */
export const DEFAULT_PROMPTS: readonly PromptSpec[] = promptsFor(DEFAULT_TOOL_NAMES);

/** Valid arguments for a prompt, as a client sends them, with the values the text must show. */
export function validArgs(spec: PromptSpec): { args: Record<string, string>; shown: string[] } {
  const args: Record<string, string> = {};
  const shown: string[] = [];
  for (const arg of spec.arguments) {
    if (arg.type === "datetime") {
      args[arg.name] = arg.after ? "2026-05-08 12:30:00Z" : "2026-05-01 00:00";
      shown.push(arg.after ? "2026-05-08T12:30:00Z" : "2026-05-01T00:00:00Z");
    } else if (arg.type === "integer") {
      const n = arg.name === "year" ? 2026 : (arg.max ?? 3);
      args[arg.name] = ` 0${n}`;
      shown.push(String(n));
    } else {
      args[arg.name] = "  alice@example.com ";
      shown.push("alice@example.com");
    }
  }
  return { args, shown };
}
