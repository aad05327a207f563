import { z } from "zod";
import { logSourcesPage, logSourcesPageUntrusted, type LogSourcesPageQuery } from "../../generated/index.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { jsonSchemaOf } from "./json-schema.js";
import { connectionPage, pageOf } from "./paging.js";

type Source = LogSourcesPageQuery["sources"]["edges"][number]["node"];

const input = z.strictObject({
  log_types: z.array(z.string().min(1)).min(1).optional().describe("Any of these log types."),
  is_healthy: z.boolean().optional().describe("Healthy or not; default both."),
  integration_type: z.string().min(1).optional().describe("Kind, e.g. aws-s3, http-ingest, log-pulling."),
  page_size: z.number().int().min(1).max(50).default(25).describe("Sources per page."),
  cursor: z.string().min(1).optional().describe("next_cursor of the previous page."),
});
type Args = z.output<typeof input>;

async function handler(args: Args, ctx: HandlerContext) {
  const logTypes = args.log_types ? new Set(args.log_types) : undefined;
  const kind = args.integration_type?.toLowerCase();
  const matches = (s: Source) =>
    (args.is_healthy === undefined || s.isHealthy === args.is_healthy) &&
    (kind === undefined || s.integrationType.toLowerCase() === kind) &&
    (logTypes === undefined || s.logTypes.some((t) => logTypes.has(t)));
  const { cursor, page_size, ...filters } = args;
  // Panther picks its page size; a sparse filter returns what MAX_FETCHES pages held and a cursor to go on.
  return pageOf({
    listing: { tool: "list_log_sources", args: filters },
    cursor,
    want: page_size,
    fetch: async (c) => connectionPage((await logSourcesPage(ctx.panther, { cursor: c }, { signal: ctx.signal })).sources),
    keep: (s: Source) => (matches(s) ? s : undefined),
  });
}

export const listLogSourcesTool: ToolDefinition<Args> = {
  name: "list_log_sources",
  title: "List log sources",
  description: "Log sources with health and log types; filters span all pages.",
  toolset: "sources",
  annotations: { readOnlyHint: true },
  permissions: ["LogSourceRead"],
  // Each item is a source as Panther lists it: what the schema marks untrusted of it (its name).
  untrusted: { items: logSourcesPageUntrusted.sources.edges.node },
  inputSchema: input,
  get inputJsonSchema() {
    return jsonSchemaOf(input);
  },
  handler,
};
