// The tools as the server lists them, from generated/catalog.ts: start-up reads the listing only, and a
// tool's code (its module, zod schema and the generated client under it) loads on the first call of any
// tool. `npm run generate` writes the catalog from the registry in index.ts, and fails CI when they differ.
import { toolCatalog } from "../../generated/catalog.js";
import type { ToolDefinition, ToolListing, Toolset } from "../runtime/tool.js";

let registry: Promise<Map<string, ToolDefinition>> | undefined;

/** Every tool's code, loaded once on the first call. */
function loadRegistry(): Promise<Map<string, ToolDefinition>> {
  registry ??= import("./index.js").then(({ allTools }) => new Map(allTools.map((t) => [t.name, t])));
  return registry;
}

/** A tool from its listing; `ready()` loads its code, which inputSchema and handler then use, and resolves to it. */
function lazyTool(listing: ToolListing): ToolDefinition {
  let code: ToolDefinition | undefined;
  const loaded = (): ToolDefinition => {
    if (!code) throw new Error(`${listing.name} was called before its code was loaded (call ready() first)`);
    return code;
  };
  return {
    ...listing,
    async ready() {
      code ??= (await loadRegistry()).get(listing.name);
      if (!code) throw new Error(`${listing.name} is in generated/catalog.ts but not in the registry: run npm run generate`);
      return code;
    },
    inputSchema: { safeParse: (data) => loaded().inputSchema.safeParse(data) },
    handler: (args, ctx) => loaded().handler(args, ctx),
  };
}

/** Every toolset this server ships, listed from the catalog; sorted like builtinToolsets. */
export const catalogToolsets: readonly Toolset[] = [...new Set(toolCatalog.map((t) => t.toolset))]
  .sort()
  .map((name) => ({ name, tools: toolCatalog.filter((t) => t.toolset === name).map(lazyTool) }));

/** Every tool's listing, by toolset then name. */
export const catalogTools: readonly ToolListing[] = toolCatalog;
