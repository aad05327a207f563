// The seeded detection catalogue: 12 rules, 4 policies, 3 scheduled rules, 2 simple rules.
import type { DetectionKind, Severity, SimDetection, SimUnitTest } from "./model.js";

interface Def {
  kind: DetectionKind;
  id: string;
  name: string;
  severity: Severity;
  types: string[];
  tags: string[];
  description: string;
  /** Python (or YAML for simple rules) condition. */
  logic: string;
  tests: [string, boolean, object][];
  enabled?: boolean;
  threshold?: number;
  dedup?: number;
  queries?: string[];
  mitre?: string[];
}

const DEFS: Def[] = [
  { kind: "rules", id: "AWS.CloudTrail.RootLogin", name: "Root account login without MFA", severity: "CRITICAL", types: ["AWS.CloudTrail"], tags: ["AWS", "Identity & Access Management", "Initial Access"], mitre: ["TA0001:T1078.004"],
    description: "The AWS root user signed in to the console without multi-factor authentication.",
    logic: `return (\n        event.get("eventName") == "ConsoleLogin"\n        and deep_get(event, "userIdentity", "type") == "Root"\n        and deep_get(event, "additionalEventData", "MFAUsed") != "Yes"\n    )`,
    tests: [["Root login without MFA", true, { eventName: "ConsoleLogin", userIdentity: { type: "Root" }, additionalEventData: { MFAUsed: "No" } }], ["IAM user login", false, { eventName: "ConsoleLogin", userIdentity: { type: "IAMUser" }, additionalEventData: { MFAUsed: "Yes" } }]] },
  { kind: "rules", id: "AWS.S3.BucketMadePublic", name: "S3 bucket made public", severity: "HIGH", types: ["AWS.CloudTrail"], tags: ["AWS", "Exfiltration", "S3"], mitre: ["TA0010:T1537"],
    description: "A bucket policy or ACL change granted access to everyone.",
    logic: `if event.get("eventName") not in ("PutBucketPolicy", "PutBucketAcl"):\n        return False\n    return "AllUsers" in str(event.get("requestParameters"))`,
    tests: [["Public ACL", true, { eventName: "PutBucketAcl", requestParameters: { grantee: "AllUsers" } }]] },
  { kind: "rules", id: "AWS.IAM.AccessKeyCreated", name: "IAM access key created for another user", severity: "MEDIUM", types: ["AWS.CloudTrail"], tags: ["AWS", "Persistence"], mitre: ["TA0003:T1098.001"],
    description: "A principal created an access key for a different IAM user.",
    logic: `if event.get("eventName") != "CreateAccessKey":\n        return False\n    return deep_get(event, "userIdentity", "userName") != deep_get(event, "requestParameters", "userName")`,
    tests: [["Key for someone else", true, { eventName: "CreateAccessKey", userIdentity: { userName: "alice" }, requestParameters: { userName: "bob" } }], ["Own key", false, { eventName: "CreateAccessKey", userIdentity: { userName: "bob" }, requestParameters: { userName: "bob" } }]] },
  { kind: "rules", id: "AWS.CloudTrail.Stopped", name: "CloudTrail logging stopped", severity: "HIGH", types: ["AWS.CloudTrail"], tags: ["AWS", "Defense Evasion"], mitre: ["TA0005:T1562.008"],
    description: "A trail was stopped or deleted, which blinds audit logging.",
    logic: `return event.get("eventName") in ("StopLogging", "DeleteTrail") and not event.get("errorCode")`,
    tests: [["StopLogging", true, { eventName: "StopLogging" }]] },
  { kind: "rules", id: "AWS.EC2.SecurityGroupOpenToWorld", name: "Security group opened to 0.0.0.0/0", severity: "MEDIUM", types: ["AWS.CloudTrail"], tags: ["AWS", "Network"], dedup: 180,
    description: "An ingress rule was added that allows traffic from any address.",
    logic: `return event.get("eventName") == "AuthorizeSecurityGroupIngress" and "0.0.0.0/0" in str(event.get("requestParameters"))`,
    tests: [["Open SSH", true, { eventName: "AuthorizeSecurityGroupIngress", requestParameters: { cidrIp: "0.0.0.0/0", fromPort: 22 } }]] },
  { kind: "rules", id: "AWS.Console.BruteForce", name: "AWS console login brute force", severity: "MEDIUM", types: ["AWS.CloudTrail"], tags: ["AWS", "Credential Access"], threshold: 5, dedup: 60, mitre: ["TA0006:T1110"],
    description: "Five or more failed console logins from one address within an hour.",
    logic: `return event.get("eventName") == "ConsoleLogin" and deep_get(event, "responseElements", "ConsoleLogin") == "Failure"`,
    tests: [["Failed login", true, { eventName: "ConsoleLogin", responseElements: { ConsoleLogin: "Failure" } }]] },
  { kind: "rules", id: "Okta.MFA.FactorReset", name: "Okta MFA factors reset", severity: "MEDIUM", types: ["Okta.SystemLog"], tags: ["Okta", "Identity & Access Management"],
    description: "All MFA factors of a user were reset.",
    logic: `return event.get("eventType") == "user.mfa.factor.reset_all"`,
    tests: [["Reset all", true, { eventType: "user.mfa.factor.reset_all" }], ["Login", false, { eventType: "user.session.start" }]] },
  { kind: "rules", id: "Okta.AdminRoleAssigned", name: "Okta admin role assigned", severity: "HIGH", types: ["Okta.SystemLog"], tags: ["Okta", "Privilege Escalation"], mitre: ["TA0004:T1098"],
    description: "A user was granted an Okta administrator role.",
    logic: `return event.get("eventType") == "user.account.privilege.grant" and deep_get(event, "outcome", "result") == "SUCCESS"`,
    tests: [["Grant", true, { eventType: "user.account.privilege.grant", outcome: { result: "SUCCESS" } }]] },
  { kind: "rules", id: "Okta.ImpossibleTravel", name: "Impossible travel between Okta logins", severity: "HIGH", types: ["Okta.SystemLog"], tags: ["Okta", "Initial Access"], dedup: 360,
    description: "Two logins by one user from places too far apart for the time between them.",
    logic: `if event.get("eventType") != "user.session.start":\n        return False\n    return travel_speed_kmh(event) > 900`,
    tests: [["Fast travel", true, { eventType: "user.session.start", client: { geographicalContext: { country: "Nigeria" } } }]] },
  { kind: "rules", id: "Okta.BruteForce", name: "Okta brute force login attempts", severity: "MEDIUM", types: ["Okta.SystemLog"], tags: ["Okta", "Credential Access"], threshold: 10, dedup: 60,
    description: "Many failed Okta logins for one user within an hour.",
    logic: `return event.get("eventType") == "user.session.start" and deep_get(event, "outcome", "result") == "FAILURE"`,
    tests: [["Failure", true, { eventType: "user.session.start", outcome: { result: "FAILURE" } }]] },
  { kind: "rules", id: "AWS.VPCFlow.SSHFromInternet", name: "Inbound SSH from the internet", severity: "LOW", types: ["AWS.VPCFlow"], tags: ["AWS", "Network", "Lateral Movement"],
    description: "Accepted traffic to port 22 from a public address.",
    logic: `return event.get("dstPort") == 22 and event.get("action") == "ACCEPT" and not is_private(event.get("srcAddr"))`,
    tests: [["Public SSH", true, { dstPort: 22, action: "ACCEPT", srcAddr: "203.0.113.24" }], ["Internal SSH", false, { dstPort: 22, action: "ACCEPT", srcAddr: "10.0.0.5" }]] },
  { kind: "rules", id: "AWS.VPCFlow.TorExitNode", name: "Traffic to a Tor exit node", severity: "INFO", types: ["AWS.VPCFlow"], tags: ["AWS", "Network", "Command and Control"], enabled: false,
    description: "Traffic to or from a known Tor exit node.",
    logic: `return event.get("dstAddr") in TOR_EXIT_NODES or event.get("srcAddr") in TOR_EXIT_NODES`,
    tests: [["Tor exit", true, { srcAddr: "185.220.101.4" }]] },
  { kind: "policies", id: "AWS.S3.Bucket.EncryptionEnabled", name: "S3 bucket encryption disabled", severity: "MEDIUM", types: ["AWS.S3.Bucket"], tags: ["AWS", "Encryption", "CIS"],
    description: "S3 buckets must have default server-side encryption.",
    logic: `return resource.get("EncryptionRules") is not None`,
    tests: [["Encrypted", true, { EncryptionRules: [{ SSEAlgorithm: "aws:kms" }] }], ["Plain", false, { EncryptionRules: null }]] },
  { kind: "policies", id: "AWS.IAM.RootAccessKeys", name: "Root account has access keys", severity: "CRITICAL", types: ["AWS.IAM.RootUser"], tags: ["AWS", "Identity & Access Management", "CIS"],
    description: "The root user must not have active access keys.",
    logic: `return not resource.get("AccessKey1Active") and not resource.get("AccessKey2Active")`,
    tests: [["No keys", true, { AccessKey1Active: false, AccessKey2Active: false }]] },
  { kind: "policies", id: "AWS.EC2.Volume.Encrypted", name: "EBS volume not encrypted", severity: "LOW", types: ["AWS.EC2.Volume"], tags: ["AWS", "Encryption"],
    description: "EBS volumes should be encrypted at rest.",
    logic: `return bool(resource.get("Encrypted"))`,
    tests: [["Encrypted", true, { Encrypted: true }], ["Plain", false, { Encrypted: false }]] },
  { kind: "policies", id: "AWS.IAM.PasswordPolicy.Strong", name: "Weak IAM password policy", severity: "INFO", types: ["AWS.PasswordPolicy"], tags: ["AWS", "CIS"], enabled: false,
    description: "The account password policy should require at least 14 characters.",
    logic: `return resource.get("MinimumPasswordLength", 0) >= 14`,
    tests: [["Strong", true, { MinimumPasswordLength: 16 }]] },
  { kind: "scheduled-rules", id: "Query.CloudTrail.UnusedRegion", name: "Activity in an unused AWS region", severity: "MEDIUM", types: ["AWS.CloudTrail"], tags: ["AWS", "Defense Evasion"], queries: ["CloudTrail Activity In Unused Regions"],
    description: "API calls in regions the company does not operate in.",
    logic: `return event.get("awsRegion") not in APPROVED_REGIONS`,
    tests: [["Sydney", true, { awsRegion: "ap-southeast-2" }], ["Virginia", false, { awsRegion: "us-east-1" }]] },
  { kind: "scheduled-rules", id: "Query.Okta.DormantAccountLogin", name: "Login to a dormant Okta account", severity: "LOW", types: ["Okta.SystemLog"], tags: ["Okta", "Initial Access"], queries: ["Okta Dormant Accounts"],
    description: "A login by an account that had been idle for more than 90 days.",
    logic: `return True`,
    tests: [["Any row", true, { actor: { alternateId: "frank.li@example.com" } }]] },
  { kind: "scheduled-rules", id: "Query.VPCFlow.LargeOutbound", name: "Large outbound transfer", severity: "HIGH", types: ["AWS.VPCFlow"], tags: ["AWS", "Exfiltration"], queries: ["VPC Flow Large Egress"],
    description: "A host sent more than 1 GB to one external address within an hour.",
    logic: `return event.get("total_bytes", 0) > 1_000_000_000`,
    tests: [["Big", true, { total_bytes: 2_500_000_000 }]] },
  { kind: "simple-rules", id: "GitHub.Repo.MadePublic", name: "GitHub repository made public", severity: "HIGH", types: ["GitHub.Audit"], tags: ["GitHub", "Exfiltration"],
    description: "A private repository in the organisation was made public.",
    logic: `Detection:\n  - KeyPath: action\n    Condition: Equals\n    Value: repo.access\n  - KeyPath: visibility\n    Condition: Equals\n    Value: public`,
    tests: [["Made public", true, { action: "repo.access", visibility: "public" }]] },
  { kind: "simple-rules", id: "Okta.User.Suspended", name: "Okta user suspended", severity: "INFO", types: ["Okta.SystemLog"], tags: ["Okta"],
    description: "An Okta user account was suspended.",
    logic: `Detection:\n  - KeyPath: eventType\n    Condition: Equals\n    Value: user.lifecycle.suspend`,
    tests: [["Suspend", true, { eventType: "user.lifecycle.suspend" }]] },
];

function bodyOf(d: Def): string {
  if (d.kind === "simple-rules") return d.logic + "\n";
  const arg = d.kind === "policies" ? "resource" : "event";
  const helpers = d.logic.includes("deep_get") ? "from panther_base_helpers import deep_get\n\n\n" : "";
  const title =
    d.kind === "policies"
      ? ""
      : `\n\ndef title(event):\n    return f"${d.name}: {event.get('p_source_label', 'unknown source')}"\n`;
  return `${helpers}def ${d.kind === "policies" ? "policy" : "rule"}(${arg}):\n    ${d.logic}\n${title}`;
}

function tests(d: Def): SimUnitTest[] {
  return d.tests.map(([name, expectedResult, resource]) => ({ name, expectedResult, resource: JSON.stringify(resource, null, 2) }));
}

const DAY = 86_400_000;

export function seedDetections(now: Date): SimDetection[] {
  return DEFS.map((d, i) => {
    const created = new Date(now.getTime() - (400 - i * 13) * DAY);
    const modified = new Date(now.getTime() - (45 - i * 2) * DAY);
    const isPolicy = d.kind === "policies";
    return {
      kind: d.kind,
      id: d.id,
      displayName: d.name,
      description: d.description,
      enabled: d.enabled ?? true,
      severity: d.severity,
      ...(isPolicy ? { resourceTypes: d.types } : { logTypes: d.types }),
      ...(d.queries ? { scheduledQueries: d.queries } : {}),
      tags: d.tags,
      runbook: `Check who performed the action and whether it was planned. Escalate to #secops-oncall if the actor cannot confirm it. (${d.id})`,
      reference: `https://wiki.example.com/security/detections/${d.id}`,
      body: bodyOf(d),
      tests: tests(d),
      dedupPeriodMinutes: d.dedup ?? 60,
      threshold: d.threshold ?? 1,
      managed: i % 3 === 0,
      outputIDs: d.severity === "CRITICAL" || d.severity === "HIGH" ? ["out-slack-secops", "out-pagerduty"] : ["out-slack-secops"],
      reports: d.mitre ? { MITRE: d.mitre } : {},
      summaryAttributes: isPolicy ? ["resourceId", "region"] : ["p_any_ip_addresses", "p_source_label"],
      createdAt: created.toISOString(),
      lastModified: modified.toISOString(),
      createdBy: { kind: "user", id: i % 2 === 0 ? "user-001" : "user-002" },
    };
  });
}
