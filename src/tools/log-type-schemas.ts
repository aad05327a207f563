import { z } from "zod";
import {
  logTypeSchemaDetailsPage,
  logTypeSchemaDetailsPageUntrusted,
  logTypeSchemasPage,
  type LogTypeSchemaDetailsPageQuery,
} from "../../generated/index.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { jsonSchemaOf } from "./json-schema.js";
import { collect, connectionPage, pageOf } from "./paging.js";

const listInput = z.strictObject({
  contains: z.string().min(1).optional().describe("Name or a field name contains this."),
  is_archived: z.boolean().optional().describe("Archived or not; default both."),
  is_in_use: z.boolean().optional().describe("Used by a source or not; default both."),
  is_managed: z.boolean().optional().describe("Pack-managed or custom; default both."),
  page_size: z.number().int().min(1).max(100).default(50).describe("Schemas per page."),
  cursor: z.string().min(1).optional().describe("next_cursor of the previous page."),
});
type ListArgs = z.output<typeof listInput>;

async function listHandler(args: ListArgs, ctx: HandlerContext) {
  const filters = { contains: args.contains, isArchived: args.is_archived, isInUse: args.is_in_use, isManaged: args.is_managed };
  // Panther filters and picks its page size (today every schema is on one page); we re-page to page_size.
  return pageOf({
    listing: { tool: "list_log_type_schemas", args: filters },
    cursor: args.cursor,
    want: args.page_size,
    fetch: async (cursor) =>
      connectionPage((await logTypeSchemasPage(ctx.panther, { input: { ...filters, cursor } }, { signal: ctx.signal })).schemas),
    keep: (s) => s,
  });
}

export const listLogTypeSchemasTool: ToolDefinition<ListArgs> = {
  name: "list_log_type_schemas",
  title: "List log type schemas",
  description: "Log type schemas, without specs.",
  toolset: "sources",
  annotations: { readOnlyHint: true },
  permissions: ["LogSourceRead"],
  inputSchema: listInput,
  get inputJsonSchema() {
    return jsonSchemaOf(listInput);
  },
  handler: listHandler,
};

type SchemaDetail = LogTypeSchemaDetailsPageQuery["schemas"]["edges"][number]["node"];

const detailsInput = z.strictObject({
  schema_names: z.array(z.string().min(1)).min(1).max(5).describe("Exact log type names, e.g. AWS.CloudTrail."),
});
type DetailsArgs = z.output<typeof detailsInput>;

/** The schema named exactly `name`: Panther's `contains` also returns names that merely contain it. */
async function exactSchema(ctx: HandlerContext, name: string): Promise<SchemaDetail | undefined> {
  const found = await collect({
    start: { c: null, s: 0, n: null },
    want: 1,
    fetch: async (cursor) =>
      connectionPage((await logTypeSchemaDetailsPage(ctx.panther, { contains: name, cursor }, { signal: ctx.signal })).schemas),
    keep: (s: SchemaDetail) => (s.name === name ? s : undefined),
  });
  return found.items[0];
}

async function detailsHandler(args: DetailsArgs, ctx: HandlerContext) {
  const names = [...new Set(args.schema_names)];
  const found = await Promise.all(names.map((name) => exactSchema(ctx, name)));
  return {
    schemas: found.filter((s): s is SchemaDetail => s !== undefined),
    not_found: names.filter((_, i) => found[i] === undefined),
  };
}

export const getLogTypeSchemaDetailsTool: ToolDefinition<DetailsArgs> = {
  name: "get_log_type_schema_details",
  title: "Get log type schema details",
  description: "Full specs of up to 5 log type schemas by exact name; lists the names not found.",
  toolset: "sources",
  annotations: { readOnlyHint: true },
  permissions: ["LogSourceRead"],
  // Fields Panther discovered in incoming logs (log_type_schema_details_page.graphql discoveredSpec):
  // their names come from the data.
  untrusted: { schemas: logTypeSchemaDetailsPageUntrusted.schemas.edges.node },
  inputSchema: detailsInput,
  get inputJsonSchema() {
    return jsonSchemaOf(detailsInput);
  },
  handler: detailsHandler,
};
