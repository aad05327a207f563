// Panther's REST endpoints used by panther-mcp: alert comments and detections.
import { slicePage } from "./cursor.js";
import { deniedMessage, HttpError } from "./errors.js";
import type { DetectionKind, SimComment, SimDetection } from "./model.js";
import { SEVERITIES } from "./model.js";
import { REST_PERMISSIONS, type SimToken } from "./permissions.js";
import type { SimState } from "./state.js";

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

/** Routes one REST request. Throws HttpError for failures. */
export function handleRest(state: SimState, token: SimToken, method: string, path: string, q: QueryParams): RestResponse {
  const segments = path.split("/").filter((s) => s !== "");
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    throw new HttpError(400, "malformed URL path");
  }
  const [first, second, ...more] = decoded;
  const known = first === "alert-comments" ? second === undefined : DETECTION_KINDS.includes(first as DetectionKind) && more.length === 0;
  if (!first || !known) throw new HttpError(404, `no route for ${path}`);
  if (method !== "GET") throw new HttpError(405, `method ${method} not allowed on ${path}`, { Allow: "GET" });
  const needed = REST_PERMISSIONS[first];
  if (needed && !token.permissions.has(needed)) throw new HttpError(403, deniedMessage(needed));
  if (first === "alert-comments") return { status: 200, body: listComments(state, q) };
  const kind = first as DetectionKind;
  return { status: 200, body: second === undefined ? listDetections(state, kind, q) : getDetection(state, kind, second) };
}
