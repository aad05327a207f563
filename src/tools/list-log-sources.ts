import { z } from "zod";
import { logSourcesPage } from "../../generated/sources/log_sources_page.js";
import type { LogSourcesPageQuery } from "../../generated/types.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { jsonSchemaOf } from "./json-schema.js";
import { collect, decodeResume } from "./upstream-pages.js";

/** Panther pages read in one call at most: a sparse filter returns what it found and a cursor to go on. */
export const MAX_SOURCE_PAGES = 5;

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
  const start = decodeResume(args.cursor, "list_log_sources");
  const logTypes = args.log_types ? new Set(args.log_types) : undefined;
  const kind = args.integration_type?.toLowerCase();
  const keep = (s: Source) =>
    (args.is_healthy === undefined || s.isHealthy === args.is_healthy) &&
    (kind === undefined || s.integrationType.toLowerCase() === kind) &&
    (logTypes === undefined || s.logTypes.some((t) => logTypes.has(t)));
  const fetch = async (cursor: string | null) => {
    const { sources } = await logSourcesPage(ctx.panther, { cursor }, { signal: ctx.signal });
    return { items: sources.edges.map((e) => e.node), next: sources.pageInfo.hasNextPage ? sources.pageInfo.endCursor : null };
  };
  return collect(fetch, start, keep, args.page_size, MAX_SOURCE_PAGES);
}

export const listLogSourcesTool: ToolDefinition<Args> = {
  name: "list_log_sources",
  title: "List log sources",
  description: "Log sources with health and log types; filters span all pages.",
  toolset: "sources",
  annotations: { readOnlyHint: true },
  permissions: ["LogSourceRead"],
  inputSchema: input,
  inputJsonSchema: jsonSchemaOf(input),
  handler,
};
