// bulk_update_alerts: status, assignee and/or a comment on up to 25 alerts, reported per alert.
//
// The alerts are read first: Panther rejects a whole status or assignee batch when one ID is unknown (REST
// PATCH /alerts answers 404, GraphQL NOT_FOUND), so each batch write goes only to the alerts that exist;
// and the user confirms the change shown alert by alert (old -> new), which each result echoes. Every write
// is sent exactly once (the generated mutation clients never retry); a failed write is reported on each
// alert it covered, never resent.
import { z } from "zod";
import { addAlertComment, assignAlertsByEmail, assignAlertsById, updateAlertStatus } from "../../generated/index.js";
import { messageOf, shown } from "../confirm-text.js";
import { notWritten } from "../confirm.js";
import { PantherMcpError, PermissionDeniedError, UnauthenticatedError } from "../errors.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { alertLabel, assigneeLabel, readAlerts, type AlertBefore } from "./alert-state.js";
import { jsonSchemaOf } from "./json-schema.js";
import { assigneeEmail, ONE_ASSIGNEE_RULE } from "./update-alert-assignee.js";

const STATUSES = ["OPEN", "TRIAGED", "RESOLVED", "CLOSED"] as const;
const NOTHING_TO_DO_RULE = "give at least one of status, assignee_id, assignee_email or comment";

const input = z
  .strictObject({
    alert_ids: z
      .array(z.string().min(1))
      .min(1)
      .max(25)
      .refine((ids) => new Set(ids).size === ids.length, "must not repeat an ID")
      .describe("IDs of the alerts to change."),
    status: z.enum(STATUSES).optional().describe("New status. CLOSED means false positive."),
    assignee_id: z.string().min(1).optional().describe("User ID to assign."),
    assignee_email: assigneeEmail.optional().describe("Or the user's email."),
    comment: z.string().min(1).max(10_000).optional().describe("Plain-text comment to add to each alert."),
  })
  .refine((v) => [v.status, v.assignee_id, v.assignee_email, v.comment].some((x) => x !== undefined), {
    message: NOTHING_TO_DO_RULE,
    path: ["status"],
  })
  .refine((v) => v.assignee_id === undefined || v.assignee_email === undefined, {
    message: ONE_ASSIGNEE_RULE,
    path: ["assignee_email"],
  });

type Args = z.output<typeof input>;
/** unknown: the request went out but no answer says whether Panther applied it (timeout, cancel, 5xx, lost connection). */
type Outcome = "applied" | "failed" | "unknown" | "not_sent";
const UNKNOWN_OUTCOME = new Set(["TIMEOUT", "CANCELLED", "UPSTREAM_UNAVAILABLE"]);
type Field = "status" | "assignee" | "comment";

interface AlertResult {
  alert_id: string;
  status?: Outcome;
  assignee?: Outcome;
  comment?: Outcome;
  comment_id?: string;
  errors: string[];
}

/** `CODE: message` for a failure; anything that is not a Panther error is a bug, reported without details. */
function describe(error: unknown, ctx: HandlerContext): string {
  if (error instanceof PantherMcpError) return `${error.code}: ${error.message}`;
  ctx.warning("unexpected error in bulk_update_alerts", { error: (error as Error)?.message });
  return "INTERNAL: unexpected error; the server log has details";
}

type Change = { old: unknown; new: unknown };

/** What the call will do to one alert Panther knows, as data (the confirmation's `changes`). */
function plannedChange(args: Args, before: AlertBefore) {
  const wanted =
    args.assignee_email !== undefined ? { email: args.assignee_email } : args.assignee_id !== undefined ? { id: args.assignee_id } : null;
  return {
    alert_id: before.id,
    ...(args.status ? { status: { old: before.status, new: args.status } } : {}),
    ...(args.assignee_id !== undefined || args.assignee_email !== undefined ? { assignee: { old: before.assignee, new: wanted } } : {}),
    ...(args.comment !== undefined ? { add_comment: true } : {}),
  };
}

/** The confirmation a person reads: one line per alert, old -> new, and the comment once. */
function confirmationText(args: Args, known: readonly AlertBefore[], missing: ReadonlySet<string>): string {
  const assignee =
    args.assignee_email !== undefined ? args.assignee_email : args.assignee_id !== undefined ? `user ${args.assignee_id}` : undefined;
  const lines = known.map((a) => {
    const parts = [
      ...(args.status ? [`status ${a.status} -> ${args.status}`] : []),
      ...(assignee !== undefined ? [`assignee ${assigneeLabel(a.assignee)} -> ${shown(assignee, 80)}`] : []),
      ...(args.comment !== undefined ? ["add the comment"] : []),
    ];
    return `${alertLabel(a.id, a)}: ${parts.join("; ")}`;
  });
  const notes = [
    ...(args.comment !== undefined ? [`The comment: "${shown(args.comment, 300)}"`] : []),
    ...(missing.size ? [`Not in Panther, left alone: ${[...missing].map((id) => shown(id, 60)).join(", ")}`] : []),
  ];
  const count = known.length === 1 ? "1 alert" : `${known.length} alerts`;
  return messageOf(`Change ${count} in Panther:`, lines, notes.join("\n") || undefined);
}

async function handler(args: Args, ctx: HandlerContext) {
  const wantsAssignee = args.assignee_id !== undefined || args.assignee_email !== undefined;
  const fields: Field[] = [
    ...(args.status ? (["status"] as const) : []),
    ...(wantsAssignee ? (["assignee"] as const) : []),
    ...(args.comment !== undefined ? (["comment"] as const) : []),
  ];
  let firstError: unknown;
  const results = new Map<string, AlertResult>(args.alert_ids.map((id) => [id, { alert_id: id, errors: [] }]));
  const fail = (ids: readonly string[], field: Field, reason: string, outcome: Outcome = "failed") => {
    for (const id of ids) {
      const r = results.get(id)!;
      r[field] = outcome;
      r.errors.push(`${field}: ${reason}`);
    }
  };
  const apply = (ids: readonly string[], field: Field) => {
    for (const id of ids) results.get(id)![field] = "applied";
  };

  // Read first: the old values to show and echo, and the unknown IDs (a batch write would fail as a whole on one).
  const { alerts, missing } = await readAlerts(ctx, args.alert_ids);
  for (const id of missing) {
    const r = results.get(id)!;
    for (const field of fields) r[field] = "failed";
    r.errors.push(`NOT_FOUND: alert ${id} does not exist in Panther; nothing was changed on it`);
  }
  const known = args.alert_ids.filter((id) => !missing.has(id));
  const before = known.map((id) => alerts.get(id)!);

  if (known.length) {
    const planned = before.map((a) => plannedChange(args, a));
    const answer = await ctx.confirm({ message: confirmationText(args, before, missing), changes: planned });
    if (answer !== "write") return notWritten(answer, planned);
  }

  // Each write is sent once; after a cancel, the writes not yet sent are reported as not_sent.
  const write = async (ids: readonly string[], field: Field, send: () => Promise<unknown>) => {
    if (ids.length === 0) return;
    if (ctx.signal.aborted) return fail(ids, field, "CANCELLED: the call was cancelled before this was sent", "not_sent");
    try {
      await send();
      apply(ids, field);
    } catch (error) {
      firstError ??= error;
      if (error instanceof PantherMcpError && UNKNOWN_OUTCOME.has(error.code))
        fail(ids, field, `${describe(error, ctx)}; it may have been applied: check with get_alert before sending it again`, "unknown");
      else fail(ids, field, describe(error, ctx));
    }
  };
  const changed = new Map<string, { status?: Change; assignee?: Change }>(known.map((id) => [id, {}]));
  const options = { signal: ctx.signal };
  const { status, assignee_email: email, assignee_id: assigneeId, comment } = args;
  if (status)
    await write(known, "status", async () => {
      const out = await updateAlertStatus(ctx.panther, { alertIds: known, status }, options);
      for (const a of out.updateAlertStatusById.alerts) {
        const entry = changed.get(a.id);
        if (entry) entry.status = { old: alerts.get(a.id)!.status, new: a.status };
      }
    });
  const assigned = (written: { id: string; assignee: AlertBefore["assignee"] }[]) => {
    for (const a of written) {
      const entry = changed.get(a.id);
      if (entry) entry.assignee = { old: alerts.get(a.id)!.assignee, new: a.assignee };
    }
  };
  if (email !== undefined)
    await write(known, "assignee", async () =>
      assigned(
        (await assignAlertsByEmail(ctx.panther, { alertIds: known, assigneeEmail: email }, options)).updateAlertsAssigneeByEmail.alerts,
      ),
    );
  else if (assigneeId !== undefined)
    await write(known, "assignee", async () =>
      assigned((await assignAlertsById(ctx.panther, { alertIds: known, assigneeId }, options)).updateAlertsAssigneeById.alerts),
    );
  if (comment !== undefined) {
    for (const alertId of known) {
      await write([alertId], "comment", async () => {
        const added = await addAlertComment(ctx.panther, { alertId, comment }, options);
        results.get(alertId)!.comment_id = added.createAlertComment.comment.id;
      });
    }
  }

  // changes then errors last, so each line reads: what was asked, what happened, what changed, why not.
  const all = [...results.values()].map(({ errors, ...rest }) => {
    const applied = changed.get(rest.alert_id);
    return { ...rest, ...(applied && (applied.status || applied.assignee) ? { changes: applied } : {}), errors };
  });
  const count = (field: Field) => all.filter((r) => r[field] === "applied").length;
  // A token that may not write changed nothing: say so as the one error it is.
  const appliedAny = fields.some((field) => count(field) > 0);
  if (!appliedAny && (firstError instanceof PermissionDeniedError || firstError instanceof UnauthenticatedError)) throw firstError;
  const summary = {
    alerts: all.length,
    fully_applied: all.filter((r) => r.errors.length === 0).length,
    with_errors: all.filter((r) => r.errors.length > 0).length,
    not_found: missing.size,
    ...(args.status ? { status_applied: count("status") } : {}),
    ...(wantsAssignee ? { assignee_applied: count("assignee") } : {}),
    ...(args.comment !== undefined ? { comments_added: count("comment") } : {}),
  };
  return { results: all, summary };
}

/** The listed schema: zod's export, with the JSON Schema form of the refine on alert_ids (uniqueItems). */
function inputJsonSchema() {
  const json = jsonSchemaOf(input);
  const idsSchema = json.properties.alert_ids as Record<string, unknown>;
  return { ...json, properties: { ...json.properties, alert_ids: { ...idsSchema, uniqueItems: true } } };
}

export const bulkUpdateAlertsTool: ToolDefinition<Args> = {
  name: "bulk_update_alerts",
  title: "Bulk update alerts",
  description: "Set status, assignee and/or add a comment on up to 25 alerts; reports per alert what was applied or failed.",
  toolset: "alerts",
  // Destructive; not idempotent: a repeated call adds each comment again.
  annotations: {},
  permissions: ["AlertModify", "AlertRead"],
  inputSchema: input,
  get inputJsonSchema() {
    return inputJsonSchema();
  },
  handler,
};
