// The prompts a server offers: the generated ones (prompts/*.md) whose tools are all served, named and
// worded with the configured tool prefix.
import { checkPromptArguments, renderPromptText, type PromptSpec } from "./runtime/prompt.js";
import type { PromptDefinition } from "./server.js";

/**
 * Prompts for the served tools: a prompt is offered only when every tool it uses is served (`served`
 * holds unprefixed names); its name and the tool names in its text carry `prefix`.
 */
export function servedPrompts(specs: readonly PromptSpec[], served: ReadonlySet<string>, prefix = ""): PromptDefinition[] {
  return specs.filter((spec) => spec.tools.every((tool) => served.has(tool))).map((spec) => promptDefinition(spec, prefix));
}

function promptDefinition(spec: PromptSpec, prefix: string): PromptDefinition {
  const values = (args: Record<string, string>) => {
    const { values, problems } = checkPromptArguments(spec, args);
    if (problems.length) throw new Error(problems.join("; "));
    return values;
  };
  return {
    name: `${prefix}${spec.name}`,
    title: spec.title,
    description: spec.description,
    arguments: spec.arguments.map(({ name, description, required }) => ({ name, description, required })),
    check: (args) => checkPromptArguments(spec, args).problems,
    render: (args) => [
      { role: "user", content: { type: "text", text: renderPromptText(spec, values(args), (tool) => `${prefix}${tool}`) } },
    ],
  };
}
