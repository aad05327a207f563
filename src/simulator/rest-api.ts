// Panther's REST endpoints used by panther-mcp: alert comments, detections, users, roles and the calling token.
import { slicePage } from "./cursor.js";
import { deniedMessage, HttpError } from "./errors.js";
import type { DetectionKind, SimComment, SimDetection } from "./model.js";
import { SEVERITIES } from "./model.js";
import { REST_PERMISSIONS, type SimToken } from "./permissions.js";
import { roleRecord, tokenRecord, userRecord } from "./seed-users.js";
import type { SimState } from "./state.js";
import { handleLogSourceRest } from "./source-resolvers.js";

export interface RestResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type QueryParams = Record<string, string | string[]>;

const DETECTION_KINDS: readonly DetectionKind[] = ["rules", "policies", "scheduled-rules", "simple-rules"];

/** All values of a (possibly repeated) parameter. */
function all(q: QueryParams, name: string): string[] {
  const v = q[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function one(q: QueryParams, name: string): string | undefined {
  const values = all(q, name);
  if (values.length > 1) throw new HttpError(400, `parameter ${name} may be given only once`);
  return values[0];
}

function intParam(q: QueryParams, name: string, fallback: number, max: number): number {
  const raw = one(q, name);
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new HttpError(400, `${name} must be an integer between 1 and ${max}`);
  return n;
}

function page<T>(items: T[], q: QueryParams, limit: number): { results: T[]; next?: string } {
  const cursor = one(q, "cursor");
  const p = slicePage(items, cursor === "" ? undefined : cursor, limit);
  if ("error" in p) throw new HttpError(400, p.error);
  return p.nextCursor ? { results: p.items, next: p.nextCursor } : { results: p.items };
}

function commentRecord(state: SimState, c: SimComment) {
  return {
    id: c.id,
    alertId: c.alertId,
    body: c.body,
    format: c.format,
    createdAt: c.createdAt,
    createdBy: state.restActor(c.createdBy),
    updatedAt: c.updatedAt,
  };
}

function listComments(state: SimState, q: QueryParams) {
  const alertId = one(q, "alert-id");
  if (!alertId) throw new HttpError(400, "alert-id is required");
  const limit = intParam(q, "limit", 25, 50);
  if (!state.alerts.has(alertId)) throw new HttpError(404, `alert ${alertId} not found`);
  const comments = state.comments
    .filter((c) => c.alertId === alertId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return page(
    comments.map((c) => commentRecord(state, c)),
    q,
    limit,
  );
}

export function detectionRecord(state: SimState, d: SimDetection) {
  const { kind: _kind, createdBy, ...rest } = d;
  return { ...rest, createdBy: state.restActor(createdBy) };
}

function listDetections(state: SimState, kind: DetectionKind, q: QueryParams) {
  const limit = intParam(q, "limit", 100, 1000);
  const needle = one(q, "name-contains")?.toLowerCase();
  const stateFilter = one(q, "state");
  if (stateFilter !== undefined && stateFilter !== "enabled" && stateFilter !== "disabled")
    throw new HttpError(400, "state must be enabled or disabled");
  const severities = all(q, "severity");
  const bad = severities.find((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (bad) throw new HttpError(400, `unknown severity ${bad}`);
  const tags = all(q, "tag").map((t) => t.toLowerCase());
  const logTypes = all(q, "log-type");
  const resourceTypes = all(q, "resource-type");
  const found = state.detections
    .filter((d) => d.kind === kind)
    .filter((d) => !needle || d.displayName.toLowerCase().includes(needle) || d.id.toLowerCase().includes(needle))
    .filter((d) => stateFilter === undefined || d.enabled === (stateFilter === "enabled"))
    .filter((d) => severities.length === 0 || severities.includes(d.severity))
    .filter((d) => tags.length === 0 || d.tags.some((t) => tags.includes(t.toLowerCase())))
    .filter((d) => logTypes.length === 0 || (d.logTypes ?? []).some((t) => logTypes.includes(t)))
    .filter((d) => resourceTypes.length === 0 || (d.resourceTypes ?? []).some((t) => resourceTypes.includes(t)))
    .sort((a, b) => a.id.localeCompare(b.id));
  return page(
    found.map((d) => detectionRecord(state, d)),
    q,
    limit,
  );
}

const KIND_NOUN: Record<DetectionKind, string> = {
  rules: "rule",
  policies: "policy",
  "scheduled-rules": "scheduled rule",
  "simple-rules": "simple rule",
};

function getDetection(state: SimState, kind: DetectionKind, id: string) {
  const d = state.detections.find((x) => x.kind === kind && x.id === id);
  if (!d) throw new HttpError(404, `${KIND_NOUN[kind]} ${id} not found`);
  return detectionRecord(state, d);
}

function listUsers(state: SimState, q: QueryParams) {
  const limit = intParam(q, "limit", 60, 60);
  const users = [...state.users.values()].sort((a, b) => a.id.localeCompare(b.id));
  return page(users.map(userRecord), q, limit);
}

function getUser(state: SimState, id: string) {
  const user = state.users.get(id);
  if (!user) throw new HttpError(404, `user ${id} not found`);
  return userRecord(user);
}

function listRoles(state: SimState, q: QueryParams) {
  const exact = one(q, "name");
  const sortDir = one(q, "sort-dir") ?? "asc";
  if (sortDir !== "asc" && sortDir !== "desc") throw new HttpError(400, "sort-dir must be asc or desc");
  let roles = [...state.roles];
  if (exact !== undefined && exact !== "") {
    // An exact name wins over every other filter, as in Panther.
    roles = roles.filter((r) => r.name === exact);
  } else {
    const needle = one(q, "name-contains")?.toLowerCase();
    const ids = [...all(q, "id"), ...(one(q, "ids") ?? "").split(",")].map((s) => s.trim()).filter((s) => s !== "");
    roles = roles
      .filter((r) => !needle || r.name.toLowerCase().includes(needle))
      .filter((r) => ids.length === 0 || ids.includes(r.id))
      .sort((a, b) => a.name.localeCompare(b.name) * (sortDir === "desc" ? -1 : 1));
  }
  return { results: roles.map(roleRecord) };
}

function getRole(state: SimState, id: string) {
  const role = state.roles.find((r) => r.id === id);
  if (!role) throw new HttpError(404, `role ${id} not found`);
  return roleRecord(role);
}

/** Whether a decoded path is one the simulator serves. */
function knownRoute([first, second, ...more]: string[]): boolean {
  if (!first) return false;
  if (first === "alert-comments") return second === undefined;
  if (first === "users" || first === "roles") return more.length === 0;
  if (first === "api-tokens") return second === "self" && more.length === 0;
  return DETECTION_KINDS.includes(first as DetectionKind) && more.length === 0;
}

/** Routes one REST request. Throws HttpError for failures. */
export function handleRest(state: SimState, token: SimToken, method: string, path: string, q: QueryParams): RestResponse {
  const segments = path.split("/").filter((s) => s !== "");
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, "malformed URL path");
  }
  if (decoded[0] === "log-sources") return handleLogSourceRest(state, token, method, decoded);
  const [first, second] = decoded;
  if (!first || !knownRoute(decoded)) throw new HttpError(404, `no route for ${path}`);
  if (method !== "GET") throw new HttpError(405, `method ${method} not allowed on ${path}`, { Allow: "GET" });
  const needed = REST_PERMISSIONS[first];
  if (needed && !token.permissions.has(needed)) throw new HttpError(403, deniedMessage(needed));
  if (first === "alert-comments") return { status: 200, body: listComments(state, q) };
  if (first === "users") return { status: 200, body: second === undefined ? listUsers(state, q) : getUser(state, second) };
  if (first === "roles") return { status: 200, body: second === undefined ? listRoles(state, q) : getRole(state, second) };
  if (first === "api-tokens") return { status: 200, body: tokenRecord(token) };
  const kind = first as DetectionKind;
  return { status: 200, body: second === undefined ? listDetections(state, kind, q) : getDetection(state, kind, second) };
}
