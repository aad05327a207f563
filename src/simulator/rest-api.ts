// Panther's REST endpoints used by panther-mcp: alert comments, users, roles and the calling token here;
// detections, data models, global helpers and saved queries in rest-detections.ts.
import { deniedMessage, HttpError } from "./errors.js";
import { all, intParam, one, restPage as page, type QueryParams } from "./query-params.js";
import type { SimComment } from "./model.js";
import { REST_PERMISSIONS, type SimToken } from "./permissions.js";
import { handleDetectionsRest, servesPath } from "./rest-detections.js";
import { roleRecord, tokenRecord, userRecord } from "./seed-users.js";
import type { SimState } from "./state.js";
import { handleLogSourceRest } from "./source-resolvers.js";

export interface RestResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
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
  return servesPath([first, second, ...more]);
}

/** Routes one REST request. Throws HttpError for failures. */
export function handleRest(state: SimState, token: SimToken, method: string, path: string, q: QueryParams, body?: unknown): RestResponse {
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
  if (servesPath(decoded)) return handleDetectionsRest(state, token, method, decoded, q, body);
  if (method !== "GET") throw new HttpError(405, `method ${method} not allowed on ${path}`, { Allow: "GET" });
  const needed = REST_PERMISSIONS[first];
  if (needed && !token.permissions.has(needed)) throw new HttpError(403, deniedMessage(needed));
  if (first === "alert-comments") return { status: 200, body: listComments(state, q) };
  if (first === "users") return { status: 200, body: second === undefined ? listUsers(state, q) : getUser(state, second) };
  if (first === "roles") return { status: 200, body: second === undefined ? listRoles(state, q) : getRole(state, second) };
  if (first === "api-tokens") return { status: 200, body: tokenRecord(token) };
  throw new HttpError(404, `no route for ${path}`);
}
