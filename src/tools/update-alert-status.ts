// update_alert_status: set the status of up to 25 alerts. Hand-written (over the generated client) so
// that it can read each alert first: a change to RESOLVED or CLOSED is confirmed by the user, shown
// with each alert's old status, and every result echoes old -> new. Its name, arguments, description
// and limits are those the operation had as a generated tool.
import { z } from "zod";
import { updateAlertStatus } from "../../generated/index.js";
import { messageOf } from "../confirm-text.js";
import { notWritten } from "../confirm.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { alertLabel, readAlerts, UNKNOWN, unknownAlerts } from "./alert-state.js";
import { jsonSchemaOf } from "./json-schema.js";

const STATUSES = ["CLOSED", "OPEN", "RESOLVED", "TRIAGED"] as const;
/** The statuses that end an alert's triage: a change to one of them is confirmed first. */
const CLOSING = new Set<string>(["RESOLVED", "CLOSED"]);

const input = z.strictObject({
  alert_ids: z.array(z.string()).min(1).max(25).describe("IDs of the alerts to change."),
  status: z.enum(STATUSES).describe("The new status. CLOSED means false positive."),
});
type Args = z.output<typeof input>;

async function handler(args: Args, ctx: HandlerContext) {
  const { alerts, missing, unreadable } = await readAlerts(ctx, args.alert_ids, true);
  if (missing.size) throw unknownAlerts(missing);
  const oldStatus = (id: string) => alerts.get(id)?.status ?? UNKNOWN;
  const changes = args.alert_ids.map((id) => ({ alert_id: id, status: { old: oldStatus(id), new: args.status } }));

  if (CLOSING.has(args.status)) {
    const count = args.alert_ids.length === 1 ? "1 alert" : `${args.alert_ids.length} alerts`;
    const meaning = args.status === "CLOSED" ? " (closed as a false positive)" : "";
    const answer = await ctx.confirm({
      message: messageOf(
        `Set the status of ${count} in Panther to ${args.status}${meaning}:`,
        args.alert_ids.map((id) => `${alertLabel(id, alerts.get(id))}: ${oldStatus(id)} -> ${args.status}`),
        unreadable ? "(The current statuses are unknown: this API token may not read alerts.)" : undefined,
      ),
      changes,
    });
    if (answer !== "write") return notWritten(answer, changes);
  }

  const written = (await updateAlertStatus(ctx.panther, { alertIds: args.alert_ids, status: args.status }, { signal: ctx.signal }))
    .updateAlertStatusById;
  return {
    ...written,
    changes: written.alerts.map((a) => ({ alert_id: a.id, status: { old: oldStatus(a.id), new: a.status } })),
  };
}

export const updateAlertStatusTool: ToolDefinition<Args> = {
  name: "update_alert_status",
  title: "Update alert status",
  description: "Set the status of one or more alerts (OPEN, TRIAGED, RESOLVED, CLOSED).",
  toolset: "alerts",
  // Destructive (the spec's default) and idempotent.
  annotations: { idempotentHint: true },
  permissions: ["AlertModify"],
  inputSchema: input,
  get inputJsonSchema() {
    return jsonSchemaOf(input);
  },
  handler,
};
