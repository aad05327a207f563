// list_scheduled_queries: Panther's /queries has no name filter, so name_contains is ours, applied
// across pages; the cursor keeps our place inside a Panther page.
import { z } from "zod";
import { listSavedQueries } from "../../generated/index.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { jsonSchemaOf } from "./json-schema.js";
import { pageOf, restPage } from "./paging.js";

const input = z.strictObject({
  name_contains: z.string().min(1).optional().describe("Name contains this text (any case)."),
  limit: z.number().int().min(1).max(1000).default(100).describe("Most queries per page."),
  cursor: z.string().min(1).optional().describe("next_cursor of the previous page, with the same name_contains."),
});
type Args = z.output<typeof input>;

async function handler(args: Args, ctx: HandlerContext) {
  const needle = args.name_contains?.toLowerCase();
  return pageOf({
    listing: { tool: "list_scheduled_queries", args: { name_contains: args.name_contains ?? null } },
    cursor: args.cursor,
    want: args.limit,
    pageSize: args.limit,
    fetch: async (cursor, limit) => restPage((await listSavedQueries(ctx.panther, { cursor, limit }, { signal: ctx.signal })).savedQueries),
    keep: (item) => (needle && !(item.name ?? "").toLowerCase().includes(needle) ? undefined : item),
  });
}

export const listScheduledQueriesTool: ToolDefinition<Args> = {
  name: "list_scheduled_queries",
  title: "List scheduled queries",
  description: "Saved and scheduled data-lake queries with schedules, without SQL (see get_scheduled_query).",
  toolset: "data_lake",
  annotations: { readOnlyHint: true },
  permissions: ["DataAnalyticsRead"],
  inputSchema: input,
  get inputJsonSchema() {
    return jsonSchemaOf(input);
  },
  handler,
};
