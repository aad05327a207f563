// Seeded alerts: nine hand-written ones with stable ids (see seed.ts), a generated tail, and the alerts
// that carry injection payloads (seed-attacks.ts), last so that they change nothing drawn before them.
import type { AlertStatus, AlertType, JsonObject, Severity, SimAlert, SimDelivery, SimDetection, SimOrigin } from "./model.js";
import { SEVERITIES } from "./model.js";
import type { Rng } from "./prng.js";
import { eventsFor } from "./seed-alert-events.js";
import { attackAlertSpecs } from "./seed-attacks.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

function deliveries(rng: Rng, severity: Severity, at: Date, failing = false): SimDelivery[] {
  const out: SimDelivery[] = [
    {
      outputId: "out-slack-secops",
      label: "Slack #secops-alerts",
      dispatchedAt: new Date(at.getTime() + rng.int(2, 20) * 1000).toISOString(),
      message: failing ? "channel_not_found" : "ok",
      statusCode: failing ? 404 : 200,
      success: !failing,
      url: `https://acme.slack.com/archives/C04SECOPS/p${at.getTime()}`,
    },
  ];
  if (severity === "CRITICAL" || severity === "HIGH") {
    const ok = !failing && rng.chance(0.9);
    out.push({
      outputId: "out-pagerduty",
      label: "PagerDuty Security On-call",
      dispatchedAt: new Date(at.getTime() + rng.int(2, 20) * 1000).toISOString(),
      message: ok ? "Event processed" : "rate limit exceeded",
      statusCode: ok ? 202 : 429,
      success: ok,
      url: `https://acme.pagerduty.com/incidents/Q${rng.hex(12).toUpperCase()}`,
    });
  }
  return out;
}

export interface Spec {
  detection?: SimDetection;
  origin: SimOrigin;
  type: AlertType;
  title: string;
  description: string;
  severity: Severity;
  status: AlertStatus;
  createdAt: Date;
  assigneeId: string | null;
  eventCount: number;
  failingDelivery?: boolean;
  /** The alert's events, when not the detection's usual ones (eventCount is then ignored). */
  events?: (rng: Rng, firstAt: Date) => JsonObject[];
}

function build(rng: Rng, id: string, s: Spec, now: Date): SimAlert {
  const det = s.detection;
  const firstAt = new Date(s.createdAt.getTime() - rng.int(1, 4) * MIN);
  const events = s.events ? s.events(rng, firstAt) : eventsFor(rng, det, firstAt, s.eventCount);
  const lastTime = events.length ? events[events.length - 1]!.p_event_time : undefined;
  const lastEvent = typeof lastTime === "string" ? Date.parse(lastTime.replace(" ", "T") + "Z") : s.createdAt.getTime();
  const touched = s.status !== "OPEN" || s.assigneeId !== null;
  const updatedAt = touched ? new Date(Math.min(now.getTime() - MIN, s.createdAt.getTime() + rng.int(5, 240) * MIN)) : null;
  return {
    id,
    title: s.title,
    description: s.description,
    reference: det?.reference ?? "https://docs.panther.com/system-health",
    runbook: det?.runbook ?? "Open System Health in the Panther console and follow the remediation steps for the component.",
    severity: s.severity,
    status: s.status,
    type: s.type,
    createdAt: s.createdAt.toISOString(),
    firstEventOccurredAt: events.length ? firstAt.toISOString() : null,
    lastReceivedEventAt: new Date(Math.min(now.getTime(), Math.max(lastEvent, s.createdAt.getTime()) + 30_000)).toISOString(),
    updatedAt: updatedAt?.toISOString() ?? null,
    updatedBy: updatedAt ? { kind: "user", id: s.assigneeId ?? "user-001" } : null,
    assigneeId: s.assigneeId,
    origin: s.origin,
    deliveries: deliveries(rng, s.severity, s.createdAt, s.failingDelivery),
    events,
    eventCount: events.length,
    logTypes: det?.logTypes ?? [],
    resourceTypes: det?.resourceTypes ?? [],
    logSources: events.length && det?.logTypes ? [`src-${String(events[0]!.p_source_label)}`] : [],
  };
}

const ALERT_TYPE_OF: Record<string, AlertType> = {
  rules: "RULE",
  "simple-rules": "RULE",
  policies: "POLICY",
  "scheduled-rules": "SCHEDULED_RULE",
};

export function seedAlerts(rng: Rng, now: Date, detections: SimDetection[]): SimAlert[] {
  const det = (id: string) => detections.find((d) => d.id === id)!;
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const fromDetection = (d: SimDetection, extra: Partial<Spec> & Pick<Spec, "status" | "createdAt">): Spec => ({
    detection: d,
    origin: { kind: "detection", detectionId: d.id },
    type: ALERT_TYPE_OF[d.kind]!,
    title: d.displayName,
    description: d.description,
    severity: d.severity,
    assigneeId: null,
    eventCount: rng.int(1, 4),
    ...extra,
  });
  const system = (title: string, type: string, component: string, severity: Severity, status: AlertStatus, createdAt: Date): Spec => ({
    origin: { kind: "system", type, relatedComponent: component },
    type: "SYSTEM_ERROR",
    title,
    description: `Panther detected a problem with a ${component.toLowerCase().replace(/_/g, " ")}: ${type}.`,
    severity,
    status,
    createdAt,
    assigneeId: null,
    eventCount: 0,
  });

  const fixed: Spec[] = [
    fromDetection(det("AWS.CloudTrail.RootLogin"), { status: "OPEN", createdAt: ago(2 * HOUR), eventCount: 3 }),
    fromDetection(det("AWS.S3.BucketMadePublic"), {
      status: "TRIAGED",
      createdAt: ago(5 * HOUR),
      assigneeId: "user-002",
      title: "S3 bucket made public: acme-data-exports",
    }),
    fromDetection(det("AWS.S3.Bucket.EncryptionEnabled"), {
      status: "RESOLVED",
      createdAt: ago(3 * DAY),
      assigneeId: "user-003",
      title: "S3 bucket encryption disabled: acme-backups",
    }),
    fromDetection(det("Query.Okta.DormantAccountLogin"), {
      status: "CLOSED",
      createdAt: ago(6 * DAY),
      title: "Login to a dormant Okta account: frank.li@example.com",
    }),
    {
      origin: { kind: "deleted", detectionId: "AWS.GuardDuty.LegacyFinding" },
      type: "RULE",
      title: "GuardDuty finding: UnauthorizedAccess:EC2/SSHBruteForce",
      description: "GuardDuty reported SSH brute force against an EC2 instance.",
      severity: "HIGH",
      status: "OPEN",
      createdAt: ago(12 * DAY),
      assigneeId: null,
      eventCount: 0,
    },
    system("Log source prod-vpc-flow has not sent data in 24 hours", "SOURCE_NO_DATA", "LOG_SOURCE", "HIGH", "OPEN", ago(26 * HOUR)),
    {
      ...system("Alert delivery to Slack #secops-alerts failed", "ALERT_DELIVERY", "DESTINATION", "MEDIUM", "RESOLVED", ago(9 * DAY)),
      failingDelivery: true,
    },
    fromDetection(det("Okta.User.Suspended"), {
      status: "OPEN",
      createdAt: ago(27 * HOUR),
      title: "Okta user suspended: erin.walsh@example.com",
    }),
    {
      ...fromDetection(det("Okta.ImpossibleTravel"), { status: "OPEN", createdAt: ago(4 * DAY + 3 * HOUR), eventCount: 1 }),
      type: "RULE_ERROR",
      title: "Rule error in Okta.ImpossibleTravel: KeyError 'geographicalContext'",
      description: "The rule raised an exception while processing an event.",
    },
  ];

  const pool = detections.filter((d) => d.enabled);
  const statuses: AlertStatus[] = ["OPEN", "OPEN", "OPEN", "OPEN", "TRIAGED", "TRIAGED", "RESOLVED", "RESOLVED", "RESOLVED", "CLOSED"];
  const generated: Spec[] = [];
  for (let i = 0; i < 51; i++) {
    const d = rng.pick(pool);
    let severity = d.severity;
    if (rng.chance(0.15)) severity = SEVERITIES[Math.min(4, Math.max(0, SEVERITIES.indexOf(severity) + rng.pick([-1, 1])))]!;
    generated.push(
      fromDetection(d, {
        severity,
        status: rng.pick(statuses),
        createdAt: ago(rng.int(30, 30 * 24 * 60 - 30) * MIN + rng.int(0, 59_999)),
        assigneeId: rng.chance(0.45) ? rng.pick(["user-001", "user-002", "user-003"]) : null,
      }),
    );
  }
  const attacks = attackAlertSpecs(det, ago);
  return [...fixed, ...generated, ...attacks].map((s, i) => build(rng, `alert-${String(i + 1).padStart(4, "0")}`, s, now));
}
