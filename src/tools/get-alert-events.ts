// get_alert_events: one page of an alert's matched events. Events can be large, so a page that would not
// fit in one result is cut to the events that fit, and next_cursor points at the first one left out.
import { z } from "zod";
import { alertEventsPage, alertEventsPageUntrusted } from "../../generated/index.js";
import { CUT_MARKER_SHAPE, MAX_RESULT_CHARS } from "../result-cap.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { cursorAfterKept, packRows } from "./data-lake-rows.js";
import { jsonSchemaOf } from "./json-schema.js";

/** Characters of event JSON one page may carry: the result cap less room for the other fields. */
const MAX_EVENT_CHARS = MAX_RESULT_CHARS - 2_000;

const input = z.strictObject({
  alert_id: z.string().min(1).describe("The alert ID."),
  limit: z.number().int().min(1).max(50).default(10).describe("Events per page."),
  cursor: z.string().min(1).optional().describe("next_cursor of the previous page."),
});

type Args = z.output<typeof input>;

async function page(ctx: HandlerContext, alertId: string, pageSize: number, cursor: string | undefined) {
  const { alert } = await alertEventsPage(ctx.panther, { alertId, pageSize, cursor }, { signal: ctx.signal });
  return alert.events ?? { edges: [], pageInfo: { endCursor: null, hasNextPage: false } };
}

async function handler(args: Args, ctx: HandlerContext) {
  const events = await page(ctx, args.alert_id, args.limit, args.cursor);
  const all = events.edges.map((e) => e.node);
  const { rows, cutValues } = packRows(all, MAX_EVENT_CHARS);
  let nextCursor = events.pageInfo.hasNextPage ? events.pageInfo.endCursor : null;
  const reasons: string[] = [];
  if (cutValues > 0) reasons.push(`${cutValues} value(s) of the first event were too long and end with "${CUT_MARKER_SHAPE}"`);
  if (rows.length < all.length) {
    nextCursor = await cursorAfterKept(
      rows.length,
      (pageSize) => page(ctx, args.alert_id, pageSize, args.cursor),
      `the events of alert ${args.alert_id}`,
    );
    reasons.push(`this page stops after ${rows.length} of ${all.length} events to fit one result; next_cursor continues from there`);
  }
  return {
    alert_id: args.alert_id,
    items: rows,
    next_cursor: nextCursor,
    has_next_page: nextCursor !== null,
    ...(reasons.length ? { truncated: true, truncation_reason: `${reasons.join("; ")}.` } : {}),
  };
}

export const getAlertEventsTool: ToolDefinition<Args> = {
  name: "get_alert_events",
  title: "Get alert events",
  description: "The events that matched an alert.",
  toolset: "alerts",
  annotations: { readOnlyHint: true },
  permissions: ["AlertRead"],
  // Each item is a raw event: what the schema marks untrusted of events.edges.node (all of it, keys included).
  untrusted: { items: alertEventsPageUntrusted.alert.events.edges.node },
  inputSchema: input,
  get inputJsonSchema() {
    return jsonSchemaOf(input);
  },
  handler,
};
