// GraphQL resolvers for alerts and alert comments.
import type { GraphQLError } from "graphql";
import { pageInfoOf, slicePage } from "./cursor.js";
import { badInput, notFound } from "./errors.js";
import type { AlertStatus, AlertType, SimAlert, SimComment, SimDetection } from "./model.js";
import type { SimToken } from "./permissions.js";
import type { SimState } from "./state.js";

export interface GqlContext {
  state: SimState;
  token: SimToken;
}

const DETECTION_TYPE: Record<SimDetection["kind"], string> = {
  rules: "RULE",
  "simple-rules": "RULE",
  policies: "POLICY",
  "scheduled-rules": "SCHEDULED_RULE",
};

const LISTING_TYPES: Record<string, AlertType[]> = {
  ALERT: ["RULE", "POLICY", "SCHEDULED_RULE"],
  DETECTION_ERROR: ["RULE_ERROR", "SCHEDULED_RULE_ERROR"],
  SYSTEM_ERROR: ["SYSTEM_ERROR"],
};

function pageSizeOf(value: unknown, fallback: number, max: number): number {
  const size = value === null || value === undefined ? fallback : Number(value);
  if (!Number.isInteger(size) || size < 1 || size > max) throw badInput(`pageSize must be between 1 and ${max}`);
  return size;
}

function pageOrThrow<T>(all: readonly T[], cursor: unknown, size: number) {
  const page = slicePage(all, typeof cursor === "string" ? cursor : null, size);
  if ("error" in page) throw badInput(page.error);
  return page;
}

function detectionObject(state: SimState, d: SimDetection) {
  return {
    __typename: "Detection",
    id: d.id,
    name: d.displayName,
    type: DETECTION_TYPE[d.kind],
    description: d.description,
    createdAt: d.createdAt,
    createdBy: () => state.actorObject(d.createdBy),
    updatedAt: d.lastModified,
    updatedBy: null,
  };
}

/** The GraphQL view of an alert; nested fields are functions so they read the current state. */
export function alertNode(state: SimState, a: SimAlert) {
  return {
    __typename: "Alert",
    ...a,
    assignee: () => (a.assigneeId ? (state.users.get(a.assigneeId) ?? null) : null),
    updatedBy: () => state.actorObject(a.updatedBy),
    origin: () => {
      const o = a.origin;
      if (o.kind === "system") return { __typename: "SystemError", type: o.type, relatedComponent: o.relatedComponent };
      const d = o.kind === "detection" ? state.detection(o.detectionId) : undefined;
      return d ? detectionObject(state, d) : { __typename: "DeletedDetection", id: o.detectionId };
    },
    events: (args: { input?: { cursor?: string | null; pageSize?: number | null } | null }) => {
      const size = pageSizeOf(args.input?.pageSize, 25, 50);
      const page = pageOrThrow(a.events, args.input?.cursor, size);
      return { edges: page.items.map((node) => ({ node })), pageInfo: pageInfoOf(page, args.input?.cursor as string | undefined) };
    },
  };
}

function parseTime(name: string, value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const t = Date.parse(String(value));
  if (Number.isNaN(t)) throw badInput(`${name} is not a valid DateTime: ${String(value)}`);
  return t;
}

type AlertsInput = Record<string, unknown>;

const list = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length > 0 ? (v as string[]) : undefined);

export function listAlerts(state: SimState, input: AlertsInput) {
  const after = parseTime("createdAtAfter", input.createdAtAfter);
  const before = parseTime("createdAtBefore", input.createdAtBefore);
  const detectionId = typeof input.detectionId === "string" && input.detectionId !== "" ? input.detectionId : undefined;
  if (!detectionId && (after === undefined || before === undefined)) {
    throw badInput("either detectionId or both createdAtAfter and createdAtBefore must be provided");
  }
  const size = pageSizeOf(input.pageSize, 25, 50);
  const types = LISTING_TYPES[String(input.type ?? "ALERT")] ?? LISTING_TYPES.ALERT!;
  const subtypes = list(input.subtypes);
  const severities = list(input.severities);
  const statuses = list(input.statuses);
  const assignees = list(input.assigneeIds);
  const logTypes = list(input.logTypes);
  const resourceTypes = list(input.resourceTypes);
  const logSources = list(input.logSources);
  const needle = typeof input.nameContains === "string" ? input.nameContains.toLowerCase() : undefined;
  const min = typeof input.eventCountMin === "number" ? input.eventCountMin : undefined;
  const max = typeof input.eventCountMax === "number" ? input.eventCountMax : undefined;

  const matches = [...state.alerts.values()].filter((a) => {
    const created = Date.parse(a.createdAt);
    if (after !== undefined && created < after) return false;
    if (before !== undefined && created >= before) return false;
    if (!types.includes(a.type) || (subtypes && !subtypes.includes(a.type))) return false;
    if (detectionId && (a.origin.kind === "system" || a.origin.detectionId !== detectionId)) return false;
    if (severities && !severities.includes(a.severity)) return false;
    if (statuses && !statuses.includes(a.status)) return false;
    if (assignees && !(a.assigneeId && assignees.includes(a.assigneeId))) return false;
    if (needle && !a.title.toLowerCase().includes(needle)) return false;
    if (logTypes && !a.logTypes.some((t) => logTypes.includes(t))) return false;
    if (resourceTypes && !a.resourceTypes.some((t) => resourceTypes.includes(t))) return false;
    if (logSources && !a.logSources.some((t) => logSources.includes(t))) return false;
    if (min !== undefined && a.eventCount < min) return false;
    if (max !== undefined && a.eventCount > max) return false;
    return true;
  });
  const dir = input.sortDir === "ascending" ? 1 : -1;
  matches.sort((x, y) => dir * (Date.parse(x.createdAt) - Date.parse(y.createdAt) || x.id.localeCompare(y.id)));
  const page = pageOrThrow(matches, input.cursor, size);
  return {
    edges: page.items.map((a) => ({ node: alertNode(state, a) })),
    pageInfo: pageInfoOf(page, input.cursor as string | undefined),
  };
}

export function getAlert(state: SimState, id: string) {
  const a = state.alerts.get(id);
  if (!a) throw notFound(`alert ${id} not found`);
  return alertNode(state, a);
}

/** Looks up every id first, so a bad id changes nothing. */
function alertsByIds(state: SimState, ids: unknown): SimAlert[] {
  if (!Array.isArray(ids)) throw badInput("ids must be a list");
  const missing: GraphQLError[] = [];
  const found = (ids as string[]).map((id) => {
    const a = state.alerts.get(id);
    if (!a) missing.push(notFound(`alert ${id} not found`));
    return a;
  });
  if (missing.length) throw missing[0]!;
  return found as SimAlert[];
}

function touch(ctx: GqlContext, a: SimAlert): void {
  a.updatedAt = ctx.state.clock.nowIso();
  a.updatedBy = { kind: "token", id: ctx.token.id };
}

export function updateStatus(ctx: GqlContext, input: { ids: string[]; status: AlertStatus }) {
  const alerts = alertsByIds(ctx.state, input.ids);
  for (const a of alerts) {
    a.status = input.status;
    touch(ctx, a);
  }
  return { alerts: alerts.map((a) => alertNode(ctx.state, a)) };
}

export function updateAssignee(ctx: GqlContext, input: { ids: string[]; assigneeId?: string | null }) {
  const assignee = input.assigneeId ?? null;
  if (assignee !== null && !ctx.state.users.has(assignee)) throw badInput(`user ${assignee} not found`);
  const alerts = alertsByIds(ctx.state, input.ids);
  for (const a of alerts) {
    a.assigneeId = assignee;
    touch(ctx, a);
  }
  return { alerts: alerts.map((a) => alertNode(ctx.state, a)) };
}

/** Panther matches the email of an existing user; no email unassigns. */
export function updateAssigneeByEmail(ctx: GqlContext, input: { ids: string[]; assigneeEmail?: string | null }) {
  const email = input.assigneeEmail ?? null;
  let assigneeId: string | null = null;
  if (email !== null) {
    const user = [...ctx.state.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase());
    if (!user) throw badInput(`user with email ${email} not found`);
    assigneeId = user.id;
  }
  return updateAssignee(ctx, { ids: input.ids, assigneeId });
}

export function commentObject(state: SimState, c: SimComment) {
  return {
    __typename: "Comment",
    ...c,
    createdBy: () => state.actorObject(c.createdBy),
    entity: () => getAlert(state, c.alertId),
  };
}

export function createComment(ctx: GqlContext, input: { alertId: string; body: string; format?: string | null }) {
  const alert = ctx.state.alerts.get(input.alertId);
  if (!alert) throw notFound(`alert ${input.alertId} not found`);
  if (input.body.trim() === "") throw badInput("comment body must not be empty");
  if (input.body.length > 10_000) throw badInput("comment body must be at most 10000 characters");
  const now = ctx.state.clock.nowIso();
  const comment: SimComment = {
    id: ctx.state.nextCommentId(),
    alertId: alert.id,
    body: input.body,
    format: input.format === "HTML" ? "HTML" : "PLAIN_TEXT",
    createdAt: now,
    updatedAt: now,
    createdBy: { kind: "token", id: ctx.token.id },
  };
  ctx.state.comments.push(comment);
  touch(ctx, alert);
  return { comment: commentObject(ctx.state, comment) };
}
