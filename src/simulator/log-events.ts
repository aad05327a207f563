// Generators of realistic log events for the log types the simulator knows. The same
// generators feed the data lake tables and the events attached to seeded alerts.
import type { JsonObject } from "./model.js";
import type { Rng } from "./prng.js";
import { formatLakeTime } from "./time.js";

export const ACCOUNT_ID = "123456789012";
export const REGIONS = ["us-east-1", "us-east-1", "us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
export const IAM_USERS = ["alice.nguyen", "ben.okafor", "carla.mendes", "deploy-bot", "terraform-ci", "dmitri.volkov"];
export const EXTERNAL_IPS = ["203.0.113.24", "198.51.100.7", "192.0.2.77", "185.220.101.4", "45.133.1.90", "91.240.118.12"];
export const OFFICE_IPS = ["34.201.17.5", "52.14.98.210", "18.117.3.44"];

function internalIp(rng: Rng): string {
  return `10.${rng.int(0, 3)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
}

/** Fields every Panther log row carries. */
function standardFields(rng: Rng, logType: string, at: Date, sourceLabel: string): JsonObject {
  return {
    p_event_time: formatLakeTime(at),
    p_parse_time: formatLakeTime(new Date(at.getTime() + rng.int(20, 240) * 1000)),
    p_log_type: logType,
    p_row_id: rng.hex(32),
    p_source_label: sourceLabel,
  };
}

const CLOUDTRAIL_ACTIONS: [string, string, boolean][] = [
  ["GetObject", "s3.amazonaws.com", true],
  ["PutObject", "s3.amazonaws.com", false],
  ["DescribeInstances", "ec2.amazonaws.com", true],
  ["AssumeRole", "sts.amazonaws.com", false],
  ["GetCallerIdentity", "sts.amazonaws.com", true],
  ["ListBuckets", "s3.amazonaws.com", true],
  ["ConsoleLogin", "signin.amazonaws.com", false],
  ["CreateAccessKey", "iam.amazonaws.com", false],
  ["PutBucketPolicy", "s3.amazonaws.com", false],
  ["AuthorizeSecurityGroupIngress", "ec2.amazonaws.com", false],
  ["RunInstances", "ec2.amazonaws.com", false],
  ["Decrypt", "kms.amazonaws.com", true],
  ["StopLogging", "cloudtrail.amazonaws.com", false],
];

const USER_AGENTS = [
  "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64",
  "Boto3/1.34.50 Python/3.12.2 Linux/5.10",
  "terraform-provider-aws/5.40.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 Safari/605.1.15",
  "console.amazonaws.com",
];

export interface CloudTrailOverrides {
  eventName?: string;
  eventSource?: string;
  identityType?: "Root" | "IAMUser" | "AssumedRole";
  userName?: string;
  sourceIPAddress?: string;
  errorCode?: string | null;
  mfaUsed?: boolean;
  requestParameters?: JsonObject;
  userAgent?: string;
}

export function cloudTrailEvent(rng: Rng, at: Date, o: CloudTrailOverrides = {}): JsonObject {
  const [name, source, readOnly] = o.eventName
    ? ([o.eventName, o.eventSource ?? "iam.amazonaws.com", false] as const)
    : rng.pick(CLOUDTRAIL_ACTIONS);
  const identityType = o.identityType ?? (rng.chance(0.55) ? "IAMUser" : "AssumedRole");
  const userName = identityType === "Root" ? null : (o.userName ?? rng.pick(IAM_USERS));
  const arn =
    identityType === "Root"
      ? `arn:aws:iam::${ACCOUNT_ID}:root`
      : identityType === "IAMUser"
        ? `arn:aws:iam::${ACCOUNT_ID}:user/${userName}`
        : `arn:aws:sts::${ACCOUNT_ID}:assumed-role/PlatformEngineer/${userName}`;
  const ip = o.sourceIPAddress ?? (rng.chance(0.8) ? rng.pick(OFFICE_IPS) : rng.pick(EXTERNAL_IPS));
  const errorCode =
    o.errorCode !== undefined ? o.errorCode : rng.chance(0.08) ? rng.pick(["AccessDenied", "UnauthorizedOperation", "NoSuchBucket"]) : null;
  const isLogin = name === "ConsoleLogin";
  return {
    ...standardFields(rng, "AWS.CloudTrail", at, "prod-cloudtrail"),
    eventTime: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventID: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
    eventName: name,
    eventSource: o.eventSource ?? source,
    eventType: isLogin ? "AwsConsoleSignIn" : "AwsApiCall",
    awsRegion: isLogin ? "us-east-1" : rng.pick(REGIONS),
    sourceIPAddress: ip,
    userAgent: o.userAgent ?? (isLogin ? USER_AGENTS[3]! : rng.pick(USER_AGENTS)),
    errorCode,
    readOnly,
    recipientAccountId: ACCOUNT_ID,
    userIdentity: {
      type: identityType,
      principalId: identityType === "Root" ? ACCOUNT_ID : `AIDA${rng.hex(16).toUpperCase()}`,
      arn,
      accountId: ACCOUNT_ID,
      userName,
    },
    requestParameters: o.requestParameters ?? null,
    additionalEventData: isLogin
      ? { MFAUsed: (o.mfaUsed ?? rng.chance(0.9)) ? "Yes" : "No", LoginTo: "https://console.aws.amazon.com/" }
      : null,
    p_any_ip_addresses: [ip],
  };
}

const OKTA_EVENTS: [string, string][] = [
  ["user.session.start", "User login to Okta"],
  ["user.session.start", "User login to Okta"],
  ["user.authentication.sso", "User single sign on to app"],
  ["user.authentication.auth_via_mfa", "Authentication of user via MFA"],
  ["user.session.end", "User logout from Okta"],
  ["user.mfa.factor.reset_all", "Reset all factors for user"],
  ["user.account.lock", "Max sign in attempts exceeded"],
  ["group.user_membership.add", "Add user to group membership"],
  ["user.account.update_password", "User update password for Okta"],
];

const PEOPLE = [
  ["00u1a2b3c4AliceN", "alice.nguyen@example.com", "Alice Nguyen"],
  ["00u1a2b3c4BenOk", "ben.okafor@example.com", "Ben Okafor"],
  ["00u1a2b3c4CarlaM", "carla.mendes@example.com", "Carla Mendes"],
  ["00u1a2b3c4DmitriV", "dmitri.volkov@example.com", "Dmitri Volkov"],
  ["00u1a2b3c4ErinW", "erin.walsh@example.com", "Erin Walsh"],
  ["00u1a2b3c4FrankL", "frank.li@example.com", "Frank Li"],
] as const;

const GEO = [
  ["San Francisco", "United States"],
  ["New York", "United States"],
  ["London", "United Kingdom"],
  ["Lagos", "Nigeria"],
  ["São Paulo", "Brazil"],
] as const;

export interface OktaOverrides {
  eventType?: string;
  displayMessage?: string;
  outcome?: "SUCCESS" | "FAILURE";
  reason?: string | null;
  personIndex?: number;
  ipAddress?: string;
  geoIndex?: number;
  severity?: string;
}

export function oktaEvent(rng: Rng, at: Date, o: OktaOverrides = {}): JsonObject {
  const [eventType, message] = o.eventType ? [o.eventType, o.displayMessage ?? o.eventType] : rng.pick(OKTA_EVENTS);
  const person = PEOPLE[o.personIndex ?? rng.int(0, PEOPLE.length - 1)]!;
  const failed = o.outcome ? o.outcome === "FAILURE" : rng.chance(0.1);
  const geo = GEO[o.geoIndex ?? (rng.chance(0.85) ? rng.int(0, 2) : rng.int(0, GEO.length - 1))]!;
  const ip = o.ipAddress ?? (rng.chance(0.8) ? rng.pick(OFFICE_IPS) : rng.pick(EXTERNAL_IPS));
  return {
    ...standardFields(rng, "Okta.SystemLog", at, "okta-prod"),
    uuid: `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
    published: at.toISOString(),
    eventType,
    displayMessage: message,
    severity: o.severity ?? (failed ? "WARN" : "INFO"),
    outcome: { result: failed ? "FAILURE" : "SUCCESS", reason: failed ? (o.reason ?? "INVALID_CREDENTIALS") : null },
    actor: { id: person[0], type: "User", alternateId: person[1], displayName: person[2] },
    client: {
      ipAddress: ip,
      userAgent: { rawUserAgent: USER_AGENTS[3]!, browser: "SAFARI", os: "Mac OS X" },
      geographicalContext: { city: geo[0], country: geo[1] },
    },
    p_any_ip_addresses: [ip],
  };
}

export interface VpcFlowOverrides {
  srcAddr?: string;
  dstAddr?: string;
  dstPort?: number;
  action?: "ACCEPT" | "REJECT";
  bytes?: number;
}

const COMMON_PORTS = [443, 443, 443, 80, 53, 22, 3306, 5432, 8080, 123];

export function vpcFlowEvent(rng: Rng, at: Date, o: VpcFlowOverrides = {}): JsonObject {
  const inbound = rng.chance(0.3);
  const src = o.srcAddr ?? (inbound ? rng.pick(EXTERNAL_IPS) : internalIp(rng));
  const dst =
    o.dstAddr ??
    (inbound ? internalIp(rng) : rng.chance(0.5) ? internalIp(rng) : rng.pick([...EXTERNAL_IPS, "151.101.1.69", "140.82.112.3"]));
  const packets = rng.int(1, 900);
  const startSec = Math.floor(at.getTime() / 1000);
  return {
    ...standardFields(rng, "AWS.VPCFlow", at, "prod-vpc-flow"),
    version: 2,
    account: ACCOUNT_ID,
    interfaceId: `eni-0${rng.hex(16)}`,
    srcAddr: src,
    dstAddr: dst,
    srcPort: rng.int(1024, 65535),
    dstPort: o.dstPort ?? rng.pick(COMMON_PORTS),
    protocol: rng.chance(0.9) ? 6 : 17,
    packets,
    bytes: o.bytes ?? packets * rng.int(60, 1500),
    start: startSec,
    end: startSec + rng.int(1, 60),
    action: o.action ?? (rng.chance(0.12) ? "REJECT" : "ACCEPT"),
    logStatus: "OK",
    p_any_ip_addresses: [src, dst],
  };
}

export function githubAuditEvent(rng: Rng, at: Date, action: string, repo: string): JsonObject {
  return {
    ...standardFields(rng, "GitHub.Audit", at, "github-acme"),
    action,
    actor: rng.pick(["alice-nguyen", "bokafor", "cmendes"]),
    org: "acme-corp",
    repo: `acme-corp/${repo}`,
    visibility: action === "repo.access" ? "public" : "private",
    created_at: at.getTime(),
  };
}

/** A cloud resource snapshot, as policies see it. */
export function resourceSnapshot(rng: Rng, resourceType: string, at: Date): JsonObject {
  const region = rng.pick(REGIONS);
  const name = rng.pick(["acme-prod-logs", "acme-backups", "acme-data-exports", "acme-web-assets"]);
  return {
    resourceType,
    resourceId: `arn:aws:s3:::${name}`,
    accountId: ACCOUNT_ID,
    region,
    name,
    lastModified: at.toISOString(),
    attributes: { encryption: null, versioning: rng.chance(0.5) ? "Enabled" : "Suspended", publicAccessBlock: false },
  };
}
