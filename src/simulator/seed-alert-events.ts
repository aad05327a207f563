// Events attached to seeded alerts, shaped to fit the detection that raised them.
import { cloudTrailEvent, githubAuditEvent, oktaEvent, resourceSnapshot, vpcFlowEvent, EXTERNAL_IPS } from "./log-events.js";
import type { JsonObject, SimDetection } from "./model.js";
import type { Rng } from "./prng.js";

const MIN = 60_000;

/** Events that make sense for a detection, `count` of them starting at `start`. */
export function eventsFor(rng: Rng, det: SimDetection | undefined, start: Date, count: number): JsonObject[] {
  const out: JsonObject[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start.getTime() + i * rng.int(1, 6) * MIN + rng.int(0, 59_000));
    out.push(eventFor(rng, det, at));
  }
  return out;
}

function eventFor(rng: Rng, det: SimDetection | undefined, at: Date): JsonObject {
  const id = det?.id ?? "";
  const attacker = rng.pick(EXTERNAL_IPS);
  switch (id) {
    case "AWS.CloudTrail.RootLogin":
      return cloudTrailEvent(rng, at, {
        eventName: "ConsoleLogin",
        eventSource: "signin.amazonaws.com",
        identityType: "Root",
        mfaUsed: false,
        sourceIPAddress: "185.220.101.4",
        errorCode: null,
      });
    case "AWS.S3.BucketMadePublic":
      return cloudTrailEvent(rng, at, {
        eventName: "PutBucketAcl",
        eventSource: "s3.amazonaws.com",
        errorCode: null,
        requestParameters: { bucketName: "acme-data-exports", grantee: "http://acs.amazonaws.com/groups/global/AllUsers" },
      });
    case "AWS.IAM.AccessKeyCreated":
      return cloudTrailEvent(rng, at, {
        eventName: "CreateAccessKey",
        eventSource: "iam.amazonaws.com",
        userName: "terraform-ci",
        errorCode: null,
        requestParameters: { userName: "deploy-bot" },
      });
    case "AWS.CloudTrail.Stopped":
      return cloudTrailEvent(rng, at, {
        eventName: "StopLogging",
        eventSource: "cloudtrail.amazonaws.com",
        errorCode: null,
        requestParameters: { name: "org-trail" },
      });
    case "AWS.EC2.SecurityGroupOpenToWorld":
      return cloudTrailEvent(rng, at, {
        eventName: "AuthorizeSecurityGroupIngress",
        eventSource: "ec2.amazonaws.com",
        errorCode: null,
        requestParameters: { groupId: `sg-0${rng.hex(12)}`, cidrIp: "0.0.0.0/0", fromPort: 22, toPort: 22 },
      });
    case "AWS.Console.BruteForce":
      return cloudTrailEvent(rng, at, {
        eventName: "ConsoleLogin",
        eventSource: "signin.amazonaws.com",
        identityType: "IAMUser",
        sourceIPAddress: attacker,
        errorCode: "Failed authentication",
      });
    case "Okta.MFA.FactorReset":
      return oktaEvent(rng, at, {
        eventType: "user.mfa.factor.reset_all",
        displayMessage: "Reset all factors for user",
        outcome: "SUCCESS",
      });
    case "Okta.AdminRoleAssigned":
      return oktaEvent(rng, at, { eventType: "user.account.privilege.grant", displayMessage: "Grant user privilege", outcome: "SUCCESS" });
    case "Okta.ImpossibleTravel":
      return oktaEvent(rng, at, {
        eventType: "user.session.start",
        displayMessage: "User login to Okta",
        outcome: "SUCCESS",
        geoIndex: 3,
        ipAddress: attacker,
      });
    case "Okta.BruteForce":
      return oktaEvent(rng, at, {
        eventType: "user.session.start",
        displayMessage: "User login to Okta",
        outcome: "FAILURE",
        ipAddress: attacker,
      });
    case "Okta.User.Suspended":
      return oktaEvent(rng, at, {
        eventType: "user.lifecycle.suspend",
        displayMessage: "Suspend Okta user",
        outcome: "SUCCESS",
        personIndex: 4,
      });
    case "Query.Okta.DormantAccountLogin":
      return oktaEvent(rng, at, {
        eventType: "user.session.start",
        displayMessage: "User login to Okta",
        outcome: "SUCCESS",
        personIndex: 5,
      });
    case "AWS.VPCFlow.SSHFromInternet":
      return vpcFlowEvent(rng, at, { srcAddr: attacker, dstPort: 22, action: "ACCEPT" });
    case "Query.VPCFlow.LargeOutbound":
      return vpcFlowEvent(rng, at, {
        srcAddr: "10.1.20.15",
        dstAddr: "45.133.1.90",
        dstPort: 443,
        action: "ACCEPT",
        bytes: rng.int(1_100_000_000, 3_000_000_000),
      });
    case "GitHub.Repo.MadePublic":
      return githubAuditEvent(rng, at, "repo.access", "payments-service");
    default:
      if (det?.resourceTypes) return resourceSnapshot(rng, det.resourceTypes[0]!, at);
      if (det?.logTypes?.[0] === "Okta.SystemLog") return oktaEvent(rng, at);
      if (det?.logTypes?.[0] === "AWS.VPCFlow") return vpcFlowEvent(rng, at);
      return cloudTrailEvent(rng, at);
  }
}
