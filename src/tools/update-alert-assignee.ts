// update_alert_assignee: assign alerts by user ID or by email (models often know people by email), or
// unassign them. Panther has one mutation for each; this picks the one that fits the arguments. The user
// confirms first, shown each alert's current assignee; the result echoes old -> new.
import { z } from "zod";
import { assignAlertsByEmail, assignAlertsById } from "../../generated/index.js";
import { messageOf, shown } from "../confirm-text.js";
import { notWritten } from "../confirm.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { alertLabel, assigneeLabel, readAlerts, UNKNOWN, unknownAlerts } from "./alert-state.js";
import { jsonSchemaOf } from "./json-schema.js";

/** Shared with bulk_update_alerts: a plain address check; Panther says whether such a user exists. */
export const assigneeEmail = z
  .string()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, "must be an email address");

export const ONE_ASSIGNEE_RULE = "give at most one of assignee_id or assignee_email";

const input = z
  .strictObject({
    alert_ids: z.array(z.string()).min(1).max(25).describe("IDs of the alerts to change."),
    assignee_id: z.string().min(1).optional().describe("User ID to assign."),
    assignee_email: assigneeEmail.optional().describe("Or the user's email."),
  })
  .refine((v) => v.assignee_id === undefined || v.assignee_email === undefined, {
    message: ONE_ASSIGNEE_RULE,
    path: ["assignee_email"],
  });

type Args = z.output<typeof input>;

/** Who the alerts will be assigned to, as a person reads it. */
function target(args: Args): string {
  if (args.assignee_email !== undefined) return shown(args.assignee_email, 80);
  if (args.assignee_id !== undefined) return `user ${shown(args.assignee_id, 80)}`;
  return "unassigned";
}

async function handler(args: Args, ctx: HandlerContext) {
  const { alerts, missing, unreadable } = await readAlerts(ctx, args.alert_ids, true);
  if (missing.size) throw unknownAlerts(missing);
  const oldAssignee = (id: string) => (unreadable ? UNKNOWN : (alerts.get(id)?.assignee ?? null));
  const to = target(args);
  const count = args.alert_ids.length === 1 ? "1 alert" : `${args.alert_ids.length} alerts`;
  const wanted =
    args.assignee_email !== undefined ? { email: args.assignee_email } : args.assignee_id !== undefined ? { id: args.assignee_id } : null;
  const changes = args.alert_ids.map((id) => ({ alert_id: id, assignee: { old: oldAssignee(id), new: wanted } }));
  const answer = await ctx.confirm({
    message: messageOf(
      to === "unassigned" ? `Unassign ${count} in Panther:` : `Assign ${count} in Panther to ${to}:`,
      args.alert_ids.map(
        (id) => `${alertLabel(id, alerts.get(id))}: ${assigneeLabel(unreadable ? undefined : alerts.get(id)?.assignee)} -> ${to}`,
      ),
      unreadable ? "(The current assignees are unknown: this API token may not read alerts.)" : undefined,
    ),
    changes,
  });
  if (answer !== "write") return notWritten(answer, changes);

  const options = { signal: ctx.signal };
  const written =
    args.assignee_email !== undefined
      ? (await assignAlertsByEmail(ctx.panther, { alertIds: args.alert_ids, assigneeEmail: args.assignee_email }, options))
          .updateAlertsAssigneeByEmail
      : (await assignAlertsById(ctx.panther, { alertIds: args.alert_ids, assigneeId: args.assignee_id }, options)).updateAlertsAssigneeById;
  return {
    ...written,
    changes: written.alerts.map((a) => ({ alert_id: a.id, assignee: { old: oldAssignee(a.id), new: a.assignee } })),
  };
}

export const updateAlertAssigneeTool: ToolDefinition<Args> = {
  name: "update_alert_assignee",
  title: "Update alert assignee",
  description: "Assign alerts to a user by assignee_id or assignee_email (at most one); give neither to unassign.",
  toolset: "alerts",
  annotations: { idempotentHint: true },
  permissions: ["AlertModify"],
  inputSchema: input,
  get inputJsonSchema() {
    return jsonSchemaOf(input);
  },
  handler,
};
