// Deterministic seed data. Everything is derived from a fixed PRNG and the clock
// anchor `now`, so two simulators started with the same `now` hold identical data.
//
// Stable ids tests may rely on:
//   alert-0001  RULE, CRITICAL, OPEN, unassigned, 2h old, origin Detection AWS.CloudTrail.RootLogin,
//               3 events, 2 comments (comment-0001, comment-0002)
//   alert-0002  RULE, HIGH, TRIAGED, assigned to user-002, 5h old, origin AWS.S3.BucketMadePublic, 1 comment
//   alert-0003  POLICY, MEDIUM, RESOLVED, assigned to user-003, 3d old, origin AWS.S3.Bucket.EncryptionEnabled
//   alert-0004  SCHEDULED_RULE, LOW, CLOSED, 6d old, origin Query.Okta.DormantAccountLogin
//   alert-0005  RULE, HIGH, OPEN, 12d old, origin DeletedDetection AWS.GuardDuty.LegacyFinding
//   alert-0006  SYSTEM_ERROR, HIGH, OPEN, 26h old (SOURCE_NO_DATA / LOG_SOURCE)
//   alert-0007  SYSTEM_ERROR, MEDIUM, RESOLVED, 9d old (ALERT_DELIVERY / DESTINATION)
//   alert-0008  RULE, INFO, OPEN, 27h old, origin simple rule Okta.User.Suspended
//   alert-0009  RULE_ERROR, HIGH, OPEN, origin Okta.ImpossibleTravel
//   alert-0010 .. alert-0060  generated RULE/POLICY/SCHEDULED_RULE alerts over the last 30 days
//   alert-0061, alert-0062  alerts whose title, events, context and (0061) last comment carry injection
//               payloads; attacks.ts lists every payload and where it is planted (also a log source's
//               label, a cloud resource, Custom.Firewall's discovered fields, a unit test of
//               AWS.IAM.AccessKeyCreated)
//   users       user-001 Alice Nguyen (Admin), user-002 Ben Okafor (Analyst), user-003 Carla Mendes
//               (Analyst), user-004 Dmitri Volkov (Read Only, never logged in), user-005 Erin Walsh (disabled)
//   detections  rules: AWS.CloudTrail.RootLogin, AWS.S3.BucketMadePublic, ... (12, AWS.VPCFlow.TorExitNode disabled)
//               policies: AWS.S3.Bucket.EncryptionEnabled, AWS.IAM.RootAccessKeys, AWS.EC2.Volume.Encrypted,
//               AWS.IAM.PasswordPolicy.Strong (disabled); scheduled-rules: Query.CloudTrail.UnusedRegion,
//               Query.Okta.DormantAccountLogin, Query.VPCFlow.LargeOutbound; simple-rules:
//               GitHub.Repo.MadePublic, Okta.User.Suspended
import type { SeedData, SimAlert, SimComment, SimRole, SimUser } from "./model.js";
import { ALL_PERMISSIONS } from "./permissions.js";
import { rngFor } from "./prng.js";
import { seedAlerts } from "./seed-alerts.js";
import { attackComments, withAttackFields, withAttackLabel, withAttackTest } from "./seed-attacks.js";
import { seedDetections } from "./seed-detections.js";
import { seedRuleAssets } from "./seed-rule-assets.js";
import { seedSources } from "./seed-sources.js";

export { seedDetections } from "./seed-detections.js";

const DAY = 86_400_000;
const MIN = 60_000;

export const STABLE_IDS = {
  openCriticalAlert: "alert-0001",
  triagedAssignedAlert: "alert-0002",
  policyAlert: "alert-0003",
  scheduledRuleAlert: "alert-0004",
  deletedDetectionAlert: "alert-0005",
  systemErrorAlert: "alert-0006",
  adminUser: "user-001",
  analystUser: "user-002",
  rule: "AWS.CloudTrail.RootLogin",
  policy: "AWS.S3.Bucket.EncryptionEnabled",
  scheduledRule: "Query.CloudTrail.UnusedRegion",
  simpleRule: "GitHub.Repo.MadePublic",
} as const;

function seedRoles(now: Date): SimRole[] {
  const at = new Date(now.getTime() - 500 * DAY).toISOString();
  return [
    { id: "role-admin", name: "Admin", permissions: [...ALL_PERMISSIONS], createdAt: at },
    {
      id: "role-analyst",
      name: "Analyst",
      permissions: [
        "AlertRead",
        "AlertModify",
        "DataAnalyticsRead",
        "DataAnalyticsModify",
        "RuleRead",
        "PolicyRead",
        "ResourceRead",
        "LogSourceRead",
        "SummaryRead",
        "UserRead",
      ],
      createdAt: at,
    },
    {
      id: "role-read-only",
      name: "Analyst Read Only",
      permissions: ["AlertRead", "DataAnalyticsRead", "RuleRead", "PolicyRead", "SummaryRead"],
      createdAt: at,
    },
  ];
}

function seedUsers(now: Date, roles: SimRole[]): SimUser[] {
  const role = (id: string) => roles.find((r) => r.id === id)!;
  const rows: [string, string, string, string, boolean, number | null][] = [
    ["Alice", "Nguyen", "role-admin", "CONFIRMED", true, 1],
    ["Ben", "Okafor", "role-analyst", "CONFIRMED", true, 3],
    ["Carla", "Mendes", "role-analyst", "CONFIRMED", true, 26],
    ["Dmitri", "Volkov", "role-read-only", "FORCE_CHANGE_PASSWORD", true, null],
    ["Erin", "Walsh", "role-analyst", "CONFIRMED", false, 200],
  ];
  return rows.map(([givenName, familyName, roleId, status, enabled, loginHoursAgo], i) => ({
    id: `user-${String(i + 1).padStart(3, "0")}`,
    email: `${givenName.toLowerCase()}.${familyName.toLowerCase()}@example.com`,
    givenName,
    familyName,
    role: role(roleId),
    enabled,
    status,
    createdAt: new Date(now.getTime() - (480 - i * 40) * DAY).toISOString(),
    lastLoggedInAt: loginHoursAgo === null ? null : new Date(now.getTime() - loginHoursAgo * 3_600_000).toISOString(),
  }));
}

const COMMENT_TEXT = [
  "Looking into this now.",
  "Source IP belongs to a Tor exit node. Escalating to incident response.",
  "Confirmed with the account owner; this was a planned change during the maintenance window.",
  "Rotated the affected credentials and opened INC-2231.",
  "Same pattern as last week's alert. Tuning the rule to exclude the CI role.",
  "False positive: the bucket only hosts public website assets.",
  "Waiting for the cloud team to confirm.",
  "<p>Timeline added to the <b>incident doc</b>.</p>",
];

function seedComments(alerts: SimAlert[], now: Date): SimComment[] {
  const rng = rngFor("comments");
  const plan: [string, number][] = [
    ["alert-0001", 2],
    ["alert-0002", 1],
    ["alert-0003", 3],
    ["alert-0005", 1],
  ];
  const others = alerts.filter((a) => a.status !== "OPEN" && a.type !== "SYSTEM_ERROR" && !plan.some(([id]) => id === a.id));
  for (const a of others.slice(0, 8)) plan.push([a.id, rng.int(1, 3)]);
  const out: SimComment[] = [];
  for (const [alertId, count] of plan) {
    const alert = alerts.find((a) => a.id === alertId)!;
    let at = Date.parse(alert.createdAt);
    for (let i = 0; i < count; i++) {
      at = Math.min(now.getTime() - MIN, at + rng.int(3, 90) * MIN);
      const body =
        alertId === "alert-0001" && i === 0 ? COMMENT_TEXT[0]! : alertId === "alert-0001" ? COMMENT_TEXT[1]! : rng.pick(COMMENT_TEXT);
      out.push({
        id: `comment-${String(out.length + 1).padStart(4, "0")}`,
        alertId,
        body,
        format: body.startsWith("<p>") ? "HTML" : "PLAIN_TEXT",
        createdAt: new Date(at).toISOString(),
        updatedAt: new Date(at).toISOString(),
        createdBy: { kind: "user", id: rng.pick(["user-001", "user-002", "user-003"]) },
      });
    }
  }
  return out;
}

/** Builds a fresh copy of the seed data for the clock anchor `now`. */
export function seed(now: Date): SeedData {
  const roles = seedRoles(now);
  const users = seedUsers(now, roles);
  const detections = withAttackTest(seedDetections(now));
  const alerts = seedAlerts(rngFor("alerts"), now, detections);
  const seeded = seedComments(alerts, now);
  const comments = [...seeded, ...attackComments(alerts, seeded, now)];
  const sources = seedSources(now);
  return {
    roles,
    users,
    detections,
    alerts,
    comments,
    ruleAssets: seedRuleAssets(now),
    sources: { logSources: withAttackLabel(sources.logSources), schemas: withAttackFields(sources.schemas) },
  };
}
