// Panther permissions: the full list, and what each simulated endpoint needs.

export const ALL_PERMISSIONS = [
  "AlertModify",
  "AlertRead",
  "BulkUpload",
  "CloudsecSourceModify",
  "CloudsecSourceRead",
  "DataAnalyticsModify",
  "DataAnalyticsRead",
  "DestinationModify",
  "DestinationRead",
  "GeneralSettingsModify",
  "GeneralSettingsRead",
  "LogSourceModify",
  "LogSourceRawDataRead",
  "LogSourceRead",
  "LookupModify",
  "LookupRead",
  "OrganizationAPITokenModify",
  "OrganizationAPITokenRead",
  "PolicyModify",
  "PolicyRead",
  "ResourceModify",
  "ResourceRead",
  "RuleModify",
  "RuleRead",
  "RunPantherAI",
  "SummaryRead",
  "UserModify",
  "UserRead",
] as const;

export type Permission = (typeof ALL_PERMISSIONS)[number];

/** Permission needed by each GraphQL root field the simulator serves. */
export const GRAPHQL_FIELD_PERMISSIONS: Record<string, Permission> = {
  alert: "AlertRead",
  alerts: "AlertRead",
  updateAlertStatusById: "AlertModify",
  updateAlertsAssigneeById: "AlertModify",
  updateAlertsAssigneeByEmail: "AlertModify",
  createAlertComment: "AlertModify",
  dataLakeQuery: "DataAnalyticsRead",
  executeDataLakeQuery: "DataAnalyticsRead",
  cancelDataLakeQuery: "DataAnalyticsRead",
  aiSummarizeAlert: "RunPantherAI",
  aiInferenceStream: "RunPantherAI",
  aiInferenceStreamsMetadata: "RunPantherAI",
  sources: "LogSourceRead",
  schemas: "LogSourceRead",
  metrics: "SummaryRead",
};

/** Permission needed by a REST path's first segment (api-tokens/self needs none: any valid token may read itself). */
export const REST_PERMISSIONS: Record<string, Permission> = {
  "alert-comments": "AlertRead",
  rules: "RuleRead",
  "scheduled-rules": "RuleRead",
  "simple-rules": "RuleRead",
  policies: "PolicyRead",
  users: "UserRead",
  roles: "UserRead",
  "log-sources": "LogSourceRead",
};

/** An API token the simulator accepts. */
export interface SimToken {
  value: string;
  id: string;
  name: string;
  permissions: ReadonlySet<string>;
  createdAt: string;
}

export function buildTokens(config: Record<string, string[] | "all">, createdAt: string): SimToken[] {
  return Object.entries(config).map(([value, perms], i) => ({
    value,
    id: `token-${String(i + 1).padStart(3, "0")}`,
    name: i === 0 ? "panther-mcp simulator token" : `simulator token ${i + 1}`,
    permissions: new Set(perms === "all" ? ALL_PERMISSIONS : perms),
    createdAt,
  }));
}
