// Alerts as they are before a change: the confirmation shows them (title, status, assignee) and the
// result echoes old -> new. Read one by one (Panther has no lookup of many alerts by ID), all at once.
import { alertState } from "../../generated/index.js";
import { shown } from "../confirm-text.js";
import { NotFoundError, PantherMcpError, PermissionDeniedError } from "../errors.js";
import type { HandlerContext } from "../runtime/tool.js";

export type AlertBefore = Awaited<ReturnType<typeof alertState>>["alert"];
export type Assignee = AlertBefore["assignee"];

/** What an echo holds for an old value the token could not read. */
export const UNKNOWN = "unknown";

export interface AlertsBefore {
  /** Every alert Panther knows, by ID (none when `unreadable`). */
  alerts: Map<string, AlertBefore>;
  /** The IDs Panther does not know. */
  missing: Set<string>;
  /** The token may not read alerts: nothing is known of them (only with `unreadableOk`). */
  unreadable: boolean;
}

/**
 * Reads `ids` before a change. Any failure but NOT_FOUND stops the call before anything is written,
 * except PERMISSION_DENIED when `unreadableOk`: a tool that needs only AlertModify then carries on
 * without knowing the old values (and says so in its confirmation).
 */
export async function readAlerts(ctx: HandlerContext, ids: readonly string[], unreadableOk = false): Promise<AlertsBefore> {
  const alerts = new Map<string, AlertBefore>();
  const missing = new Set<string>();
  try {
    await Promise.all(
      ids.map(async (alertId) => {
        try {
          alerts.set(alertId, (await alertState(ctx.panther, { alertId }, { signal: ctx.signal })).alert);
        } catch (error) {
          if (error instanceof NotFoundError) missing.add(alertId);
          else throw error;
        }
      }),
    );
  } catch (error) {
    if (unreadableOk && error instanceof PermissionDeniedError) return { alerts: new Map(), missing: new Set(), unreadable: true };
    if (error instanceof PantherMcpError) throw new PantherMcpError(error.code, `${error.message} Nothing was changed.`, error.retryable);
    throw error;
  }
  return { alerts, missing, unreadable: false };
}

/** NOT_FOUND naming the unknown IDs, for a tool that changes all of its alerts or none. */
export function unknownAlerts(missing: ReadonlySet<string>): NotFoundError {
  const ids = [...missing];
  const listed = ids.slice(0, 5).join(", ") + (ids.length > 5 ? ` and ${ids.length - 5} more` : "");
  return new NotFoundError(
    `no alert ${listed} in Panther; nothing was changed. Check the IDs with list_alerts, or leave the unknown ones out.`,
  );
}

/** An alert as a confirmation names it: its ID and (cleaned, short) title when known. */
export function alertLabel(id: string, alert: AlertBefore | undefined): string {
  return alert ? `${id} "${shown(alert.title, 60)}"` : id;
}

/** An assignee as a person reads it. */
export function assigneeLabel(assignee: Assignee | undefined): string {
  if (assignee === undefined) return UNKNOWN;
  return assignee ? shown(assignee.email || assignee.id, 80) : "unassigned";
}
