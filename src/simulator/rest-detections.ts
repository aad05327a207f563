// Panther's REST endpoints for detections (one per kind), data models, global helpers and saved
// queries. Each kind answers with its own OpenAPI shape: no body on simple rules (their logic is
// YAML), no runbook or threshold on policies, no log types on scheduled rules.
import { deniedMessage, HttpError } from "./errors.js";
import { all, intParam, one, restPage, type QueryParams } from "./query-params.js";
import type { DetectionKind, Severity, SimDetection, SimUnitTest } from "./model.js";
import { SEVERITIES } from "./model.js";
import type { Permission, SimToken } from "./permissions.js";
import type { SimState } from "./state.js";

export interface RestAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const DETECTION_KINDS: readonly DetectionKind[] = ["rules", "policies", "scheduled-rules", "simple-rules"];
const ASSETS = ["data-models", "globals", "queries"] as const;

const READ: Record<string, Permission> = {
  rules: "RuleRead",
  "scheduled-rules": "RuleRead",
  "simple-rules": "RuleRead",
  policies: "PolicyRead",
  "data-models": "RuleRead",
  globals: "RuleRead",
  queries: "DataAnalyticsRead",
};
const MODIFY: Record<DetectionKind, Permission> = {
  rules: "RuleModify",
  "scheduled-rules": "RuleModify",
  "simple-rules": "RuleModify",
  policies: "PolicyModify",
};

const NOUN: Record<string, string> = {
  rules: "rule",
  policies: "policy",
  "scheduled-rules": "scheduled rule",
  "simple-rules": "simple rule",
  "data-models": "data model",
  globals: "global",
  queries: "query",
};

/** Query parameters each list endpoint takes (OpenAPI); anything else is refused. */
const COMMON = ["cursor", "limit", "name-contains", "state", "severity", "tag", "created-by", "last-modified-by"];
const LIST_PARAMS: Record<string, readonly string[]> = {
  rules: [...COMMON, "log-type"],
  "simple-rules": [...COMMON, "log-type", "include-python"],
  "scheduled-rules": [...COMMON, "scheduled-query"],
  policies: [...COMMON, "resource-type", "compliance-status"],
  "data-models": ["cursor", "limit"],
  globals: ["cursor", "limit", "name-contains", "created-by", "last-modified-by"],
  queries: ["cursor", "limit"],
};

/** Whether this module serves a decoded path. */
export function servesPath([first, , ...more]: string[]): boolean {
  if (!first || more.length) return false;
  return (DETECTION_KINDS as readonly string[]).includes(first) || (ASSETS as readonly string[]).includes(first);
}

function oneOf(q: QueryParams, name: string, allowed: readonly string[]): string | undefined {
  const v = one(q, name);
  if (v !== undefined && v !== "" && !allowed.includes(v)) throw new HttpError(400, `${name} must be one of ${allowed.join(", ")}`);
  return v === "" ? undefined : v;
}

function boolParam(q: QueryParams, name: string, fallback: boolean): boolean {
  const v = oneOf(q, name, ["true", "false"]);
  return v === undefined ? fallback : v === "true";
}

function checkParams(q: QueryParams, allowed: readonly string[]): void {
  const unknown = Object.keys(q).find((k) => !allowed.includes(k));
  if (unknown) throw new HttpError(400, `unknown parameter ${unknown} (this endpoint takes ${allowed.join(", ")})`);
}

function page<T>(items: T[], q: QueryParams): { results: T[]; next?: string } {
  return restPage(items, q, intParam(q, "limit", 100, 1000));
}

function unitTests(tests: SimUnitTest[]) {
  return tests.map((t) => ({
    name: t.name,
    expectedResult: t.expectedResult,
    resource: t.resource,
    ...(t.mocks ? { mocks: t.mocks } : {}),
  }));
}

/** A detection in the shape its kind's endpoint returns (RuleAPI.Rule, PolicyAPI.Policy, ...). */
export function detectionShape(state: SimState, d: SimDetection, includePython = false): Record<string, unknown> {
  const common = {
    id: d.id,
    displayName: d.displayName,
    description: d.description,
    enabled: d.enabled,
    severity: d.severity,
    tags: d.tags,
    managed: d.managed,
    outputIDs: d.outputIDs,
    reports: d.reports,
    tests: unitTests(d.tests),
    createdAt: d.createdAt,
    createdBy: state.restActor(d.createdBy),
    lastModified: d.lastModified,
  };
  const alerting = {
    runbook: d.runbook,
    dedupPeriodMinutes: d.dedupPeriodMinutes,
    threshold: d.threshold,
    summaryAttributes: d.summaryAttributes,
  };
  const filters = d.inlineFilters ? { inlineFilters: d.inlineFilters } : {};
  switch (d.kind) {
    case "rules":
      return { ...common, ...alerting, ...filters, logTypes: d.logTypes ?? [], body: d.body };
    case "scheduled-rules":
      return { ...common, ...alerting, scheduledQueries: d.scheduledQueries ?? [], body: d.body };
    case "simple-rules": {
      const yaml = Object.fromEntries(
        (["detection", "alertTitle", "groupBy", "dynamicSeverities", "alertContext"] as const)
          .filter((k) => d[k] !== undefined)
          .map((k) => [k, d[k]]),
      );
      return { ...common, ...alerting, ...filters, logTypes: d.logTypes ?? [], ...yaml, ...(includePython ? { pythonBody: d.body } : {}) };
    }
    case "policies":
      return { ...common, resourceTypes: d.resourceTypes ?? [], suppressions: d.suppressions ?? [], body: d.body };
  }
}

function listDetections(state: SimState, kind: DetectionKind, q: QueryParams) {
  checkParams(q, LIST_PARAMS[kind]!);
  const needle = one(q, "name-contains")?.toLowerCase();
  const stateFilter = oneOf(q, "state", ["enabled", "disabled"]);
  const severities = all(q, "severity");
  const bad = severities.find((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (bad) throw new HttpError(400, `severity: unknown value ${bad} (one of ${SEVERITIES.join(", ")})`);
  const tags = all(q, "tag").map((t) => t.toLowerCase());
  const logTypes = all(q, "log-type");
  const resourceTypes = all(q, "resource-type");
  const queries = all(q, "scheduled-query");
  const compliance = oneOf(q, "compliance-status", ["PASS", "FAIL", "ERROR"]);
  const createdBy = one(q, "created-by");
  const modifiedBy = one(q, "last-modified-by");
  const includePython = boolParam(q, "include-python", false);
  const found = state.detections
    .filter((d) => d.kind === kind)
    .filter((d) => !needle || d.displayName.toLowerCase().includes(needle) || d.id.toLowerCase().includes(needle))
    .filter((d) => stateFilter === undefined || d.enabled === (stateFilter === "enabled"))
    .filter((d) => severities.length === 0 || severities.includes(d.severity))
    .filter((d) => tags.length === 0 || d.tags.some((t) => tags.includes(t.toLowerCase())))
    .filter((d) => logTypes.length === 0 || (d.logTypes ?? []).some((t) => logTypes.includes(t)))
    .filter((d) => resourceTypes.length === 0 || (d.resourceTypes ?? []).some((t) => resourceTypes.includes(t)))
    .filter((d) => queries.length === 0 || (d.scheduledQueries ?? []).some((t) => queries.includes(t)))
    .filter((d) => compliance === undefined || d.complianceStatus === compliance)
    .filter((d) => !createdBy || d.createdBy.id === createdBy)
    .filter((d) => !modifiedBy || (d.lastModifiedBy ?? d.createdBy).id === modifiedBy)
    .sort((a, b) => a.id.localeCompare(b.id));
  return page(
    found.map((d) => detectionShape(state, d, includePython)),
    q,
  );
}

function findDetection(state: SimState, kind: DetectionKind, id: string): SimDetection {
  const d = state.detections.find((x) => x.kind === kind && x.id === id);
  if (!d) throw new HttpError(404, `${NOUN[kind]} ${id} not found`);
  return d;
}

// ---- PUT: create or replace a detection (ModifyRule, ModifyPolicy, ...)

type Body = Record<string, unknown>;

function field<T>(body: Body, name: string, check: (v: unknown) => v is T, what: string): T | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (!check(v)) throw new HttpError(400, `${name} must be ${what}`);
  return v;
}
const isString = (v: unknown): v is string => typeof v === "string";
const isBool = (v: unknown): v is boolean => typeof v === "boolean";
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isSeverity = (v: unknown): v is Severity => (SEVERITIES as readonly unknown[]).includes(v);
const isReports = (v: unknown): v is Record<string, string[]> =>
  Boolean(v) && typeof v === "object" && !Array.isArray(v) && Object.values(v as object).every(isStrings);
const isTests = (v: unknown): v is SimUnitTest[] =>
  Array.isArray(v) &&
  v.every(
    (t) =>
      t &&
      typeof t === "object" &&
      isString(t.name) &&
      isString(t.resource) &&
      isBool(t.expectedResult) &&
      (t.mocks === undefined || Array.isArray(t.mocks)),
  );

function putDetection(state: SimState, token: SimToken, kind: DetectionKind, id: string, q: QueryParams, raw: unknown): RestAnswer {
  checkParams(q, ["run-tests-first", "run-tests-only"]);
  boolParam(q, "run-tests-first", true);
  const testsOnly = boolParam(q, "run-tests-only", false);
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new HttpError(400, "request body must be a JSON object");
  const body = raw as Body;
  const logicField = kind === "simple-rules" ? "detection" : "body";
  for (const required of ["id", logicField, "severity"]) {
    if (body[required] === undefined || body[required] === null || body[required] === "")
      throw new HttpError(400, `${required} is required`);
  }
  if (body.id !== id) throw new HttpError(400, `id in the body (${String(body.id)}) does not match the path (${id})`);
  const severity = field(body, "severity", isSeverity, `one of ${SEVERITIES.join(", ")}`)!;
  const logic = field(body, logicField, isString, "a string")!;
  const now = state.clock.nowIso();
  const actor = { kind: "token" as const, id: token.id };
  const existing = state.detections.find((x) => x.kind === kind && x.id === id);
  const next: SimDetection = existing
    ? { ...existing }
    : {
        kind,
        id,
        displayName: id,
        description: "",
        enabled: true,
        severity,
        tags: [],
        runbook: "",
        reference: "",
        body: "",
        tests: [],
        dedupPeriodMinutes: 60,
        threshold: 1,
        managed: false,
        outputIDs: [],
        reports: {},
        summaryAttributes: [],
        createdAt: now,
        lastModified: now,
        createdBy: actor,
      };
  next.severity = severity;
  if (kind === "simple-rules") next.detection = logic;
  else next.body = logic;
  const set = <K extends keyof SimDetection>(key: K, value: SimDetection[K] | undefined) => {
    if (value !== undefined) next[key] = value;
  };
  set("displayName", field(body, "displayName", isString, "a string"));
  set("description", field(body, "description", isString, "a string"));
  set("enabled", field(body, "enabled", isBool, "a boolean"));
  set("tags", field(body, "tags", isStrings, "a list of strings"));
  set("outputIDs", field(body, "outputIDs", isStrings, "a list of strings"));
  set("reports", field(body, "reports", isReports, "an object of string lists"));
  set("tests", field(body, "tests", isTests, "a list of unit tests (name, resource, expectedResult)"));
  if (kind === "policies") {
    set("resourceTypes", field(body, "resourceTypes", isStrings, "a list of strings"));
    set("suppressions", field(body, "suppressions", isStrings, "a list of strings"));
  } else {
    set("runbook", field(body, "runbook", isString, "a string"));
    set("dedupPeriodMinutes", field(body, "dedupPeriodMinutes", isPositiveInt, "an integer of at least 1"));
    set("threshold", field(body, "threshold", isPositiveInt, "an integer of at least 1"));
    set("summaryAttributes", field(body, "summaryAttributes", isStrings, "a list of strings"));
    if (kind === "scheduled-rules") set("scheduledQueries", field(body, "scheduledQueries", isStrings, "a list of strings"));
    else {
      set("logTypes", field(body, "logTypes", isStrings, "a list of strings"));
      set("inlineFilters", field(body, "inlineFilters", isString, "a string"));
    }
    if (kind === "simple-rules") {
      for (const k of ["alertTitle", "groupBy", "dynamicSeverities", "alertContext"] as const) set(k, field(body, k, isString, "a string"));
    }
  }
  if (testsOnly) return { status: 204, body: null };
  next.lastModified = now;
  next.lastModifiedBy = actor;
  if (existing) state.detections[state.detections.indexOf(existing)] = next;
  else state.detections.push(next);
  return { status: existing ? 200 : 201, body: detectionShape(state, next) };
}

// ---- data models, globals, saved queries

function listAssets(state: SimState, which: (typeof ASSETS)[number], q: QueryParams) {
  checkParams(q, LIST_PARAMS[which]!);
  const { dataModels, globals, savedQueries } = state.ruleAssets;
  if (which === "data-models")
    return page(
      [...dataModels].sort((a, b) => a.id.localeCompare(b.id)),
      q,
    );
  if (which === "queries")
    return page(
      [...savedQueries].sort((a, b) => a.name.localeCompare(b.name)),
      q,
    );
  const needle = one(q, "name-contains")?.toLowerCase();
  const createdBy = one(q, "created-by");
  const modifiedBy = one(q, "last-modified-by");
  const found = globals
    .filter((g) => !needle || g.id.toLowerCase().includes(needle))
    .filter((g) => !createdBy || g.createdBy === createdBy)
    .filter((g) => !modifiedBy || g.lastModifiedBy === modifiedBy)
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(({ createdBy: _c, lastModifiedBy: _m, ...g }) => g);
  return page(found, q);
}

function getAsset(state: SimState, which: (typeof ASSETS)[number], id: string) {
  const { dataModels, globals, savedQueries } = state.ruleAssets;
  const found =
    which === "data-models"
      ? dataModels.find((x) => x.id === id)
      : which === "globals"
        ? globals.find((x) => x.id === id)
        : savedQueries.find((x) => x.id === id);
  if (!found) {
    if (which === "queries" && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new HttpError(400, `id must be a UUID`);
    }
    throw new HttpError(404, `${NOUN[which]} ${id} not found`);
  }
  if (which !== "globals") return found;
  const { createdBy: _c, lastModifiedBy: _m, ...g } = found as (typeof globals)[number];
  return g;
}

/** Serves one request on a path servesPath accepted. Throws HttpError for failures. */
export function handleDetectionsRest(
  state: SimState,
  token: SimToken,
  method: string,
  [first, second]: string[],
  q: QueryParams,
  body: unknown,
): RestAnswer {
  const kind = (DETECTION_KINDS as readonly string[]).includes(first!) ? (first as DetectionKind) : undefined;
  const allowed = kind && second !== undefined ? ["GET", "PUT"] : ["GET"];
  if (!allowed.includes(method)) throw new HttpError(405, `method ${method} not allowed on this path`, { Allow: allowed.join(", ") });
  const needed = method === "PUT" && kind ? MODIFY[kind] : READ[first!]!;
  if (!token.permissions.has(needed)) throw new HttpError(403, deniedMessage(needed));
  if (kind) {
    if (method === "PUT") return putDetection(state, token, kind, second!, q, body);
    if (second === undefined) return { status: 200, body: listDetections(state, kind, q) };
    checkParams(q, kind === "simple-rules" ? ["include-python"] : []);
    const includePython = kind === "simple-rules" && boolParam(q, "include-python", false);
    return { status: 200, body: detectionShape(state, findDetection(state, kind, second), includePython) };
  }
  const which = first as (typeof ASSETS)[number];
  if (second === undefined) return { status: 200, body: listAssets(state, which, q) };
  checkParams(q, []);
  return { status: 200, body: getAsset(state, which, second) };
}
