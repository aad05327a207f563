// Shapes of the simulator's in-memory records. These are storage shapes, not API
// shapes: graphql-api.ts and rest-api.ts turn them into what Panther would return.
import type { RuleAssets } from "./seed-rule-assets.js";
import type { SourceSeed } from "./seed-sources.js";

export type Severity = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFO";
export type AlertStatus = "OPEN" | "TRIAGED" | "RESOLVED" | "CLOSED";
export type AlertType = "RULE" | "POLICY" | "SCHEDULED_RULE" | "RULE_ERROR" | "SCHEDULED_RULE_ERROR" | "SYSTEM_ERROR";
/** REST path segment of a detection kind. */
export type DetectionKind = "rules" | "policies" | "scheduled-rules" | "simple-rules";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const SEVERITIES: readonly Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"];
export const ALERT_STATUSES: readonly AlertStatus[] = ["OPEN", "TRIAGED", "RESOLVED", "CLOSED"];

export interface SimRole {
  id: string;
  name: string;
  permissions: string[];
  createdAt: string;
}

export interface SimUser {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  role: SimRole;
  enabled: boolean;
  status: string;
  createdAt: string;
  lastLoggedInAt: string | null;
}

/** Who did something: a seeded user or an API token of this simulator. */
export type ActorRef = { kind: "user"; id: string } | { kind: "token"; id: string };

export interface SimUnitTest {
  name: string;
  expectedResult: boolean;
  /** The test event as JSON text. */
  resource: string;
  mocks?: Record<string, string>[];
}

export interface SimDetection {
  kind: DetectionKind;
  id: string;
  displayName: string;
  description: string;
  enabled: boolean;
  severity: Severity;
  logTypes?: string[];
  resourceTypes?: string[];
  scheduledQueries?: string[];
  tags: string[];
  runbook: string;
  reference: string;
  body: string;
  tests: SimUnitTest[];
  dedupPeriodMinutes: number;
  threshold: number;
  managed: boolean;
  outputIDs: string[];
  reports: Record<string, string[]>;
  summaryAttributes: string[];
  createdAt: string;
  lastModified: string;
  createdBy: ActorRef;
  lastModifiedBy?: ActorRef;
  /** Simple rules: the YAML parts (their logic is `detection`, not `body`). */
  detection?: string;
  alertTitle?: string;
  groupBy?: string;
  dynamicSeverities?: string;
  alertContext?: string;
  inlineFilters?: string;
  /** Policies: resource ID patterns ignored, and the compliance status of the resources checked. */
  suppressions?: string[];
  complianceStatus?: "PASS" | "FAIL" | "ERROR";
}

export type SimOrigin =
  | { kind: "detection"; detectionId: string }
  | { kind: "deleted"; detectionId: string }
  | { kind: "system"; type: string; relatedComponent: string };

export interface SimDelivery {
  outputId: string;
  label: string;
  dispatchedAt: string;
  message: string;
  statusCode: number;
  success: boolean;
  url: string;
}

export interface SimAlert {
  id: string;
  title: string;
  description: string;
  reference: string;
  runbook: string;
  severity: Severity;
  status: AlertStatus;
  type: AlertType;
  createdAt: string;
  firstEventOccurredAt: string | null;
  lastReceivedEventAt: string;
  updatedAt: string | null;
  updatedBy: ActorRef | null;
  assigneeId: string | null;
  origin: SimOrigin;
  deliveries: SimDelivery[];
  events: JsonObject[];
  eventCount: number;
  logTypes: string[];
  resourceTypes: string[];
  logSources: string[];
}

export interface SimComment {
  id: string;
  alertId: string;
  body: string;
  format: "PLAIN_TEXT" | "HTML";
  createdAt: string;
  updatedAt: string;
  createdBy: ActorRef;
}

export interface SeedData {
  roles: SimRole[];
  users: SimUser[];
  detections: SimDetection[];
  alerts: SimAlert[];
  comments: SimComment[];
  ruleAssets: RuleAssets;
  sources: SourceSeed;
}
