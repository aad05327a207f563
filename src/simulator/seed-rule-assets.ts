// Seeded data models, global helpers and saved queries (REST /data-models, /globals, /queries).
// Dates are placed relative to the clock anchor; query IDs are fixed UUIDs, so tests may name them.

export interface SimDataModel {
  id: string;
  displayName: string;
  description: string;
  enabled: boolean;
  logTypes: string[];
  mappings: { name: string; path?: string; method?: string }[];
  body: string;
  createdAt: string;
  lastModified: string;
}

export interface SimGlobal {
  id: string;
  description: string;
  tags: string[];
  body: string;
  createdAt: string;
  lastModified: string;
  createdBy: string;
  lastModifiedBy: string;
}

export interface SimSavedQuery {
  id: string;
  name: string;
  description: string;
  sql: string;
  schedule: { cron?: string; rateMinutes?: number; timeoutMinutes: number; disabled: boolean } | null;
  managed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RuleAssets {
  dataModels: SimDataModel[];
  globals: SimGlobal[];
  savedQueries: SimSavedQuery[];
}

const DAY = 86_400_000;

/** Stable ids tests may rely on. */
export const RULE_ASSET_IDS = {
  dataModel: "Standard.AWS.CloudTrail",
  global: "panther_base_helpers",
  scheduledQuery: "6f1c2a4e-8b3d-4c5f-9a7e-1d2b3c4d5e01",
};

export function seedRuleAssets(now: Date): RuleAssets {
  const at = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const dm = (id: string, logType: string, mappings: SimDataModel["mappings"], days: number, body = "", enabled = true): SimDataModel => ({
    id,
    displayName: `${logType} data model`,
    description: `Standard field names for ${logType} events.`,
    enabled,
    logTypes: [logType],
    mappings,
    body,
    createdAt: at(days + 200),
    lastModified: at(days),
  });
  const dataModels = [
    dm(
      "Standard.AWS.CloudTrail",
      "AWS.CloudTrail",
      [
        { name: "actor_user", path: "$.userIdentity.arn" },
        { name: "event_type", method: "get_event_type" },
        { name: "source_ip", path: "sourceIPAddress" },
        { name: "user_agent", path: "userAgent" },
      ],
      30,
      'def get_event_type(event):\n    if event.get("eventName") == "ConsoleLogin":\n        return "admin.login" if event.deep_get("userIdentity", "type") == "Root" else "login"\n    return None\n',
    ),
    dm(
      "Standard.Okta.SystemLog",
      "Okta.SystemLog",
      [
        { name: "actor_user", path: "$.actor.alternateId" },
        { name: "source_ip", path: "$.client.ipAddress" },
        { name: "user_agent", path: "$.client.userAgent.rawUserAgent" },
      ],
      44,
    ),
    dm(
      "Standard.AWS.VPCFlow",
      "AWS.VPCFlow",
      [
        { name: "destination_ip", path: "dstAddr" },
        { name: "destination_port", path: "dstPort" },
        { name: "source_ip", path: "srcAddr" },
        { name: "source_port", path: "srcPort" },
      ],
      60,
    ),
    dm(
      "Standard.GitHub.Audit",
      "GitHub.Audit",
      [
        { name: "actor_user", path: "actor" },
        { name: "event_type", method: "get_event_type" },
      ],
      90,
      'def get_event_type(event):\n    return "repo.visibility" if event.get("action") == "repo.access" else None\n',
      false,
    ),
  ];

  const helper = (id: string, description: string, tags: string[], body: string, days: number, by: string): SimGlobal => ({
    id,
    description,
    tags,
    body,
    createdAt: at(days + 300),
    lastModified: at(days),
    createdBy: "user-001",
    lastModifiedBy: by,
  });
  const globals = [
    helper(
      "panther_base_helpers",
      "Shared helpers for every detection: safe nested lookups and address checks.",
      ["core"],
      "import ipaddress\n\n\ndef deep_get(obj, *keys, default=None):\n    for key in keys:\n        if not isinstance(obj, dict):\n            return default\n        obj = obj.get(key, default)\n    return obj\n\n\ndef is_private(address):\n    try:\n        return ipaddress.ip_address(address).is_private\n    except ValueError:\n        return False\n",
      20,
      "user-001",
    ),
    helper(
      "panther_aws_helpers",
      "AWS helpers: account names and approved regions.",
      ["AWS"],
      'APPROVED_REGIONS = {"us-east-1", "us-west-2", "eu-west-1"}\n\nACCOUNTS = {"123456789012": "production", "210987654321": "staging"}\n\n\ndef account_name(account_id):\n    return ACCOUNTS.get(account_id, account_id)\n',
      35,
      "user-002",
    ),
    helper(
      "panther_okta_helpers",
      "Okta helpers: distance between logins.",
      ["Okta"],
      "from math import asin, cos, radians, sin, sqrt\n\n\ndef travel_speed_kmh(event):\n    return 0\n",
      50,
      "user-002",
    ),
    helper(
      "tor_exit_nodes",
      "Known Tor exit node addresses, refreshed weekly.",
      ["Network", "Threat Intel"],
      'TOR_EXIT_NODES = {"185.220.101.1", "185.220.101.2", "199.249.230.1"}\n',
      7,
      "user-003",
    ),
    helper(
      "github_helpers",
      "GitHub helpers: organisation and repository names.",
      ["GitHub"],
      'def repo_name(event):\n    return event.get("repo", "").split("/")[-1]\n',
      75,
      "user-001",
    ),
  ];

  const query = (
    n: number,
    name: string,
    description: string,
    sql: string,
    schedule: SimSavedQuery["schedule"],
    days: number,
    managed = false,
  ): SimSavedQuery => ({
    id: `6f1c2a4e-8b3d-4c5f-9a7e-1d2b3c4d5e${String(n).padStart(2, "0")}`,
    name,
    description,
    sql,
    schedule,
    managed,
    createdAt: at(days + 120),
    updatedAt: at(days),
  });
  const savedQueries = [
    query(
      1,
      "CloudTrail Activity In Unused Regions",
      "API calls outside the approved regions in the last hour.",
      "SELECT eventName, awsRegion, sourceIPAddress, p_event_time\nFROM panther_logs.public.aws_cloudtrail\nWHERE p_occurs_since('1 hour')\n  AND awsRegion NOT IN ('us-east-1', 'us-west-2', 'eu-west-1')",
      { rateMinutes: 60, timeoutMinutes: 5, disabled: false },
      12,
    ),
    query(
      2,
      "Okta Dormant Accounts",
      "Logins by accounts idle for more than 90 days.",
      "SELECT actor:alternateId AS user, MAX(p_event_time) AS last_seen\nFROM panther_logs.public.okta_systemlog\nWHERE p_occurs_since('1 day') AND eventType = 'user.session.start'\nGROUP BY 1",
      { cron: "0 6 * * *", timeoutMinutes: 10, disabled: false },
      25,
    ),
    query(
      3,
      "VPC Flow Large Egress",
      "Hosts that sent more than 1 GB to one external address within an hour.",
      "SELECT srcAddr, dstAddr, SUM(bytes) AS total_bytes\nFROM panther_logs.public.aws_vpcflow\nWHERE p_occurs_since('1 hour')\nGROUP BY srcAddr, dstAddr\nHAVING total_bytes > 1000000000",
      { rateMinutes: 60, timeoutMinutes: 5, disabled: false },
      40,
    ),
    query(
      4,
      "Failed Console Logins By IP",
      "Saved search: failed AWS console logins per source address.",
      "SELECT sourceIPAddress, COUNT(*) AS failures\nFROM panther_logs.public.aws_cloudtrail\nWHERE p_occurs_since('7 days') AND eventName = 'ConsoleLogin'\n  AND responseElements:ConsoleLogin = 'Failure'\nGROUP BY 1\nORDER BY failures DESC",
      null,
      3,
    ),
    query(
      5,
      "Okta Admin Grants (weekly)",
      "Admin role grants in the last week, for the weekly access review.",
      "SELECT actor:alternateId AS granted_by, target, p_event_time\nFROM panther_logs.public.okta_systemlog\nWHERE p_occurs_since('7 days') AND eventType = 'user.account.privilege.grant'",
      { cron: "0 8 * * 1", timeoutMinutes: 10, disabled: true },
      16,
    ),
    query(
      6,
      "Panther Rule Errors Today",
      "Rule errors raised today, by rule.",
      "SELECT p_rule_id, COUNT(*) AS errors\nFROM panther_rule_errors.public.aws_cloudtrail\nWHERE p_occurs_since('1 day')\nGROUP BY 1",
      null,
      1,
      true,
    ),
  ];
  return { dataModels, globals, savedQueries };
}
