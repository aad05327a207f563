// Seeded log sources, HTTP source settings and log-type schemas. Deterministic for a clock anchor.
//
// Stable facts tests may rely on:
//   60 sources, served 10 per page (SOURCES_PAGE_SIZE) in this order.
//   src-prod-cloudtrail (aws-s3), src-okta-prod (log-pulling), src-prod-vpc-flow (aws-s3),
//   src-github-acme (log-pulling): the sources the seeded alerts name; all healthy.
//   Exactly two aws-sqs sources: the 6th and the 59th (first and last page).
//   Every 9th generated source (i % 9 === 4) is unhealthy: its last event is days old.
//   http-ingest sources have HTTP settings (REST /log-sources/http/{id}) whose auth method cycles
//   Bearer, Basic, HMAC, SharedSecret, None; every secret value starts with "simsecret-".
//   Schemas: AWS.CloudTrail and AWS.CloudTrailDigest (so `contains` finds both), Custom.Firewall and
//   Custom.FirewallV2, an archived AWS.Legacy.ELB, and the managed Panther log types.
import type { ActorRef } from "./model.js";
import { rngFor } from "./prng.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;

/** Sources per page of the GraphQL `sources` listing. */
export const SOURCES_PAGE_SIZE = 10;

export type HttpAuthMethod = "SharedSecret" | "HMAC" | "Bearer" | "Basic" | "None";

/** The REST settings of an http-ingest source (HttpSourceAPI.HTTPSource, less the shared fields). */
export interface SimHttpSettings {
  authMethod: HttpAuthMethod;
  authHeaderKey?: string;
  authHmacAlg?: string;
  authUsername?: string;
  authBearerToken?: string;
  authPassword?: string;
  authSecretValue?: string;
  logStreamType: string;
}

export interface SimS3Settings {
  awsAccountId: string;
  kmsKey: string | null;
  logProcessingRole: string;
  logStreamType: string;
  logStreamTypeOptions: { jsonArrayEnvelopeField: string | null } | null;
  managedBucketNotifications: boolean;
  s3Bucket: string;
  s3Prefix: string | null;
  s3PrefixLogTypes: { prefix: string; logTypes: string[]; excludedPrefixes: string[] }[];
  stackName: string;
}

export interface SimLogSource {
  integrationId: string;
  integrationLabel: string;
  integrationType: string;
  isEditable: boolean;
  isHealthy: boolean;
  createdAtTime: string;
  createdBy: ActorRef | null;
  lastEventProcessedAtTime: string | null;
  lastEventReceivedAtTime: string | null;
  lastModified: string;
  logTypes: string[];
  /** Bytes ingested per hour for each log type, from createdAtTime to lastEventReceivedAtTime. */
  bytesPerHour: Record<string, number>;
  s3?: SimS3Settings;
  http?: SimHttpSettings;
}

export interface SimSchema {
  name: string;
  description: string | null;
  spec: string;
  discoveredSpec: string;
  version: number;
  revision: number;
  isArchived: boolean;
  isManaged: boolean;
  isFieldDiscoveryEnabled: boolean;
  referenceURL: string | null;
  createdAt: string;
  updatedAt: string | null;
}

export interface SourceSeed {
  logSources: SimLogSource[];
  schemas: SimSchema[];
}

const LOG_TYPES_BY_KIND: Record<string, string[][]> = {
  "aws-s3": [["AWS.CloudTrail"], ["AWS.VPCFlow"], ["AWS.S3ServerAccess"], ["AWS.ALB", "AWS.S3ServerAccess"], ["AWS.GuardDuty"]],
  "log-pulling": [
    ["Okta.SystemLog"],
    ["GitHub.Audit"],
    ["GSuite.Reports"],
    ["Slack.AuditLogs"],
    ["OnePassword.SignInAttempt"],
    ["Zoom.Activity"],
  ],
  "http-ingest": [["Custom.Firewall"], ["Crowdstrike.FDREvent"], ["Custom.FirewallV2"], ["Zscaler.ZIA.WebLog"]],
  "aws-cloudwatch-logs": [["AWS.CloudTrail"], ["AWS.VPCFlow"]],
  "aws-sqs": [["Custom.Firewall"], ["Crowdstrike.FDREvent"]],
};

/** Kinds of the generated sources, in turn (aws-sqs is placed by hand). */
const KIND_CYCLE = ["aws-s3", "log-pulling", "http-ingest", "aws-s3", "aws-cloudwatch-logs", "log-pulling"];
const AUTH_CYCLE: HttpAuthMethod[] = ["Bearer", "Basic", "HMAC", "SharedSecret", "None"];
const ACCOUNTS = ["123456789012", "210987654321", "555566667777"];

function httpSettings(method: HttpAuthMethod, secret: () => string): SimHttpSettings {
  const base = { authMethod: method, logStreamType: "JSON" };
  switch (method) {
    case "Bearer":
      return { ...base, authBearerToken: secret() };
    case "Basic":
      return { ...base, authUsername: "ingest-sender", authPassword: secret() };
    case "HMAC":
      return { ...base, authHeaderKey: "X-Signature-256", authHmacAlg: "sha256", authSecretValue: secret() };
    case "SharedSecret":
      return { ...base, authHeaderKey: "X-Shared-Secret", authSecretValue: secret() };
    default:
      return base;
  }
}

function seedLogSources(now: Date): SimLogSource[] {
  const rng = rngFor("log-sources");
  const at = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const fixed: [string, string, string, string[]][] = [
    ["src-prod-cloudtrail", "prod-cloudtrail", "aws-s3", ["AWS.CloudTrail"]],
    ["src-okta-prod", "okta-prod", "log-pulling", ["Okta.SystemLog"]],
    ["src-prod-vpc-flow", "prod-vpc-flow", "aws-s3", ["AWS.VPCFlow"]],
    ["src-github-acme", "github-acme", "log-pulling", ["GitHub.Audit"]],
  ];
  const plan: { id: string; label: string; kind: string; logTypes: string[]; healthy: boolean }[] = fixed.map(
    ([id, label, kind, logTypes]) => ({ id, label, kind, logTypes, healthy: true }),
  );
  for (let i = 0; i < 56; i++) {
    const kind = i === 1 || i === 54 ? "aws-sqs" : KIND_CYCLE[i % KIND_CYCLE.length]!;
    const choices = LOG_TYPES_BY_KIND[kind]!;
    const logTypes = choices[i % choices.length]!;
    const n = String(i + 1).padStart(2, "0");
    const label = `${kind.replace(/^aws-/, "")}-${logTypes[0]!.toLowerCase().replace(/\./g, "-")}-${n}`;
    const id = `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
    plan.push({ id, label, kind, logTypes, healthy: i % 9 !== 4 });
  }
  let httpCount = 0;
  return plan.map((p, i): SimLogSource => {
    const createdDaysAgo = 20 + ((i * 37) % 380);
    const received = p.healthy ? rng.int(1, 30) * MIN : (2 + (i % 5)) * DAY;
    const bytesPerHour = Object.fromEntries(p.logTypes.map((t) => [t, rng.int(20, 4000) * 1000]));
    const source: SimLogSource = {
      integrationId: p.id,
      integrationLabel: p.label,
      integrationType: p.kind,
      isEditable: i % 11 !== 7,
      isHealthy: p.healthy,
      createdAtTime: at(createdDaysAgo * DAY),
      createdBy: i % 4 === 3 ? { kind: "token", id: "token-001" } : { kind: "user", id: i % 2 === 0 ? "user-001" : "user-002" },
      lastEventProcessedAtTime: at(Math.max(0, received - MIN)),
      lastEventReceivedAtTime: at(received),
      lastModified: at(Math.min(createdDaysAgo, 3 + (i % 17)) * DAY),
      logTypes: p.logTypes,
      bytesPerHour,
    };
    if (p.kind === "aws-s3") {
      const bucket = `acme-${p.label}-logs`;
      source.s3 = {
        awsAccountId: ACCOUNTS[i % ACCOUNTS.length]!,
        kmsKey: i % 2 === 0 ? `arn:aws:kms:us-east-1:${ACCOUNTS[i % ACCOUNTS.length]}:key/${rng.hex(8)}-${rng.hex(4)}` : null,
        logProcessingRole: `arn:aws:iam::${ACCOUNTS[i % ACCOUNTS.length]}:role/PantherLogProcessingRole-${p.label}`,
        logStreamType: p.logTypes[0] === "AWS.CloudTrail" ? "JsonArray" : "Auto",
        logStreamTypeOptions: p.logTypes[0] === "AWS.CloudTrail" ? { jsonArrayEnvelopeField: "Records" } : null,
        managedBucketNotifications: i % 3 !== 0,
        s3Bucket: bucket,
        s3Prefix: i % 2 === 0 ? "AWSLogs/" : null,
        s3PrefixLogTypes: p.logTypes.map((t, k) => ({ prefix: k === 0 ? "" : `${t.toLowerCase()}/`, logTypes: [t], excludedPrefixes: [] })),
        stackName: `panther-log-source-${p.label}`,
      };
    }
    if (p.kind === "http-ingest") {
      source.http = httpSettings(AUTH_CYCLE[httpCount % AUTH_CYCLE.length]!, () => `simsecret-${rng.hex(32)}`);
      httpCount += 1;
    }
    return source;
  });
}

const SCHEMA_DEFS: [name: string, description: string, fields: string[], flags?: { custom?: boolean; archived?: boolean }][] = [
  ["AWS.ALB", "Application Load Balancer access logs.", ["type", "timestamp", "elb", "clientIp", "targetIp", "requestUrl"]],
  [
    "AWS.CloudTrail",
    "AWS API activity recorded by CloudTrail.",
    ["eventName", "eventSource", "eventTime", "sourceIPAddress", "userIdentity"],
  ],
  ["AWS.CloudTrailDigest", "CloudTrail digest files that prove log integrity.", ["awsAccountId", "digestStartTime", "digestEndTime"]],
  ["AWS.GuardDuty", "GuardDuty findings.", ["id", "type", "severity", "accountId", "resource"]],
  ["AWS.Legacy.ELB", "Classic load balancer logs (retired).", ["timestamp", "elb", "clientPort"], { archived: true }],
  ["AWS.S3ServerAccess", "S3 server access logs.", ["bucket", "time", "remoteIp", "operation", "key"]],
  ["AWS.VPCFlow", "VPC flow logs.", ["srcAddr", "dstAddr", "srcPort", "dstPort", "action", "bytes"]],
  ["Crowdstrike.FDREvent", "Falcon Data Replicator events.", ["aid", "event_simpleName", "timestamp", "ComputerName"]],
  ["Custom.Firewall", "Our perimeter firewall, sent over HTTP.", ["ts", "src_ip", "dst_ip", "action", "rule"], { custom: true }],
  ["Custom.FirewallV2", "Version 2 of the firewall log format.", ["ts", "src_ip", "dst_ip", "action", "rule_id", "zone"], { custom: true }],
  ["Custom.PayrollAudit", "Payroll application audit trail.", ["ts", "actor", "action", "employee_id"], { custom: true }],
  ["GitHub.Audit", "GitHub organization audit log.", ["action", "actor", "created_at", "org", "repo"]],
  ["GSuite.Reports", "Google Workspace activity reports.", ["id", "actor", "events", "ipAddress"]],
  ["Okta.SystemLog", "Okta system log events.", ["uuid", "published", "eventType", "actor", "client", "outcome"]],
  ["OnePassword.SignInAttempt", "1Password sign-in attempts.", ["uuid", "session_uuid", "timestamp", "category", "client"]],
  ["Slack.AuditLogs", "Slack Enterprise audit logs.", ["id", "date_create", "action", "actor", "entity"]],
  ["Zoom.Activity", "Zoom sign-in and sign-out activity.", ["email", "time", "type", "ip_address"]],
  ["Zscaler.ZIA.WebLog", "Zscaler Internet Access web logs.", ["datetime", "user", "url", "action", "clientip"]],
];

function seedSchemas(now: Date): SimSchema[] {
  const rng = rngFor("log-schemas");
  return SCHEMA_DEFS.map(([name, description, fields, flags], i) => {
    const custom = flags?.custom ?? false;
    const spec = ["version: 0", `schema: ${name}`, "fields:", ...fields.flatMap((f) => [`  - name: ${f}`, "    type: string"])].join("\n");
    const revision = rng.int(1, 9);
    return {
      name,
      description,
      spec,
      discoveredSpec: custom ? spec + "\n  - name: extra_field\n    type: string" : "",
      version: custom ? revision : 0,
      revision,
      isArchived: flags?.archived ?? false,
      isManaged: !custom,
      isFieldDiscoveryEnabled: custom,
      referenceURL: custom ? null : `https://docs.panther.com/data-onboarding/supported-logs#${name.toLowerCase().replace(/\./g, "-")}`,
      createdAt: new Date(now.getTime() - (600 - i * 20) * DAY).toISOString(),
      updatedAt: new Date(now.getTime() - (30 - i) * DAY - i * HOUR).toISOString(),
    };
  });
}

/** The sources and schemas of a simulator whose clock starts at `now`. */
export function seedSources(now: Date): SourceSeed {
  return { logSources: seedLogSources(now), schemas: seedSchemas(now) };
}

/** Every secret value an HTTP source's settings hold (for tests that prove none leaks). */
export function httpSecrets(seed: SourceSeed): string[] {
  return seed.logSources.flatMap((s) =>
    s.http ? [s.http.authBearerToken, s.http.authPassword, s.http.authSecretValue].filter((v): v is string => Boolean(v)) : [],
  );
}
