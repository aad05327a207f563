// update_alert_assignee: assign alerts by user ID or by email (models often know people by email), or
// unassign them. Panther has one mutation for each; this picks the one that fits the arguments.
import { z } from "zod";
import { assignAlertsByEmail, assignAlertsById } from "../../generated/index.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
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

async function handler(args: Args, ctx: HandlerContext) {
  if (args.assignee_email !== undefined) {
    const data = await assignAlertsByEmail(
      ctx.panther,
      { alertIds: args.alert_ids, assigneeEmail: args.assignee_email },
      { signal: ctx.signal },
    );
    return data.updateAlertsAssigneeByEmail;
  }
  const data = await assignAlertsById(ctx.panther, { alertIds: args.alert_ids, assigneeId: args.assignee_id }, { signal: ctx.signal });
  return data.updateAlertsAssigneeById;
}

export const updateAlertAssigneeTool: ToolDefinition<Args> = {
  name: "update_alert_assignee",
  title: "Update alert assignee",
  description: "Assign alerts to a user by assignee_id or assignee_email (at most one); give neither to unassign.",
  toolset: "alerts",
  annotations: { idempotentHint: true },
  permissions: ["AlertModify"],
  inputSchema: input,
  inputJsonSchema: jsonSchemaOf(input),
  handler,
};
