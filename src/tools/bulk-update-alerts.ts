// bulk_update_alerts: status, assignee and/or a comment on up to 25 alerts, reported per alert.
//
// Panther rejects a whole status or assignee batch when one ID is unknown (REST PATCH /alerts answers 404,
// GraphQL NOT_FOUND), so the IDs are looked up first and each batch write goes only to the alerts that
// exist. Every write is sent exactly once (the generated mutation clients never retry); a failed write is
// reported on each alert it covered, never resent.
import { z } from "zod";
import { addAlertComment, alertExists, assignAlertsByEmail, assignAlertsById, updateAlertStatus } from "../../generated/index.js";
import { NotFoundError, PantherMcpError, PermissionDeniedError, UnauthenticatedError } from "../errors.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
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

/** The IDs Panther does not know. Any other failure stops the call before anything is written. */
async function unknownIds(ctx: HandlerContext, ids: readonly string[]): Promise<Set<string>> {
  const missing = new Set<string>();
  await Promise.all(
    ids.map(async (alertId) => {
      try {
        await alertExists(ctx.panther, { alertId }, { signal: ctx.signal });
      } catch (error) {
        if (error instanceof NotFoundError) missing.add(alertId);
        else if (error instanceof PantherMcpError)
          throw new PantherMcpError(error.code, `${error.message} Nothing was changed.`, error.retryable);
        else throw error;
      }
    }),
  );
  return missing;
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

  // Batch writes would fail as a whole on one unknown ID: find those first (comments fail one by one anyway).
  const missing = args.status || wantsAssignee ? await unknownIds(ctx, args.alert_ids) : new Set<string>();
  for (const id of missing) {
    const r = results.get(id)!;
    for (const field of fields) r[field] = "failed";
    r.errors.push(`NOT_FOUND: alert ${id} does not exist in Panther; nothing was changed on it`);
  }
  const known = args.alert_ids.filter((id) => !missing.has(id));

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
  const options = { signal: ctx.signal };
  const { status, assignee_email: email, assignee_id: assigneeId, comment } = args;
  if (status) await write(known, "status", () => updateAlertStatus(ctx.panther, { alertIds: known, status }, options));
  if (email !== undefined)
    await write(known, "assignee", () => assignAlertsByEmail(ctx.panther, { alertIds: known, assigneeEmail: email }, options));
  else if (assigneeId !== undefined)
    await write(known, "assignee", () => assignAlertsById(ctx.panther, { alertIds: known, assigneeId }, options));
  if (comment !== undefined) {
    for (const alertId of known) {
      await write([alertId], "comment", async () => {
        const added = await addAlertComment(ctx.panther, { alertId, comment }, options);
        results.get(alertId)!.comment_id = added.createAlertComment.comment.id;
      });
    }
  }

  // errors last, so each line reads: what was asked, what happened, why not.
  const all = [...results.values()].map(({ errors, ...rest }) => ({ ...rest, errors }));
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

const json = jsonSchemaOf(input);
const idsSchema = json.properties.alert_ids as Record<string, unknown>;

export const bulkUpdateAlertsTool: ToolDefinition<Args> = {
  name: "bulk_update_alerts",
  title: "Bulk update alerts",
  description:
    "Set status, assignee (assignee_id or assignee_email) and/or add a comment on up to 25 alerts; reports per alert what was applied or failed.",
  toolset: "alerts",
  // Destructive; not idempotent: a repeated call adds each comment again.
  annotations: {},
  permissions: ["AlertModify", "AlertRead"],
  inputSchema: input,
  // The zod refine on alert_ids has a JSON Schema form: uniqueItems.
  inputJsonSchema: { ...json, properties: { ...json.properties, alert_ids: { ...idsSchema, uniqueItems: true } } },
  handler,
};
