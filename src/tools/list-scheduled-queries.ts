// list_scheduled_queries: Panther's /queries has no name filter, so name_contains is ours, applied
// across pages; the cursor keeps our place inside a Panther page.
import { z } from "zod";
import { listSavedQueries } from "../../generated/data_lake/list_saved_queries.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { jsonSchemaOf } from "./json-schema.js";
import { Budget, collect, decodeCursor, encodeCursor, fingerprint, type RestPage } from "./rest-paging.js";

const input = z.strictObject({
  name_contains: z.string().min(1).optional().describe("Name contains this text (any case)."),
  limit: z.number().int().min(1).max(1000).default(100).describe("Most queries per page."),
  cursor: z.string().min(1).optional().describe("next_cursor of the previous page, with the same name_contains."),
});
type Args = z.output<typeof input>;
type SavedQuery = Record<string, unknown> & { name?: string | null };

async function handler(args: Args, ctx: HandlerContext) {
  const q = fingerprint({ name_contains: args.name_contains ?? null });
  const start = args.cursor
    ? decodeCursor(args.cursor, q, ["queries"], "list_scheduled_queries").queries
    : { c: null, s: 0, n: args.limit };
  if (!start) return { items: [], next_cursor: null, has_next_page: false };
  const needle = args.name_contains?.toLowerCase();
  const got = await collect<SavedQuery, SavedQuery>({
    start,
    want: args.limit,
    pageSize: args.limit,
    fetch: async (cursor, limit) =>
      (await listSavedQueries(ctx.panther, { cursor, limit }, { signal: ctx.signal })).savedQueries as RestPage<SavedQuery>,
    keep: (item) => (needle && !(item.name ?? "").toLowerCase().includes(needle) ? undefined : item),
    budget: new Budget(),
  });
  return {
    items: got.items,
    next_cursor: got.next ? encodeCursor(q, { queries: got.next }) : null,
    has_next_page: got.next !== null,
  };
}

export const listScheduledQueriesTool: ToolDefinition<Args> = {
  name: "list_scheduled_queries",
  title: "List scheduled queries",
  description: "List saved and scheduled data-lake queries with their schedules, without SQL (get_scheduled_query has it).",
  toolset: "data_lake",
  annotations: { readOnlyHint: true },
  permissions: ["DataAnalyticsRead"],
  inputSchema: input,
  inputJsonSchema: jsonSchemaOf(input),
  handler,
};
