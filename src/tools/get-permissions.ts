import { z } from "zod";
import { getTokenPermissions } from "../../generated/index.js";
import type { HandlerContext, ToolDefinition } from "../runtime/tool.js";
import { jsonSchemaOf } from "./json-schema.js";

/** Plain titles for Panther's permission codes, as its settings page groups them. */
export const PERMISSION_TITLES: Readonly<Record<string, string>> = {
  AlertModify: "Manage Alerts",
  AlertRead: "View Alerts",
  BulkUpload: "Bulk Upload",
  BulkUploadValidate: "Bulk Upload Validate",
  CloudsecSourceModify: "Manage Cloud Security Sources",
  CloudsecSourceRead: "View Cloud Security Sources",
  DataAnalyticsModify: "Manage Saved Searches",
  DataAnalyticsRead: "Query Data Lake",
  DestinationModify: "Manage Destinations",
  DestinationRead: "View Destinations",
  GeneralSettingsModify: "Manage General Settings",
  GeneralSettingsRead: "View General Settings",
  LogSourceModify: "Manage Log Sources",
  LogSourceRawDataRead: "View Log Source Raw Data",
  LogSourceRead: "View Log Sources",
  LookupModify: "Manage Lookup Tables",
  LookupRead: "View Lookup Tables",
  OrganizationAPITokenModify: "Manage API Tokens",
  OrganizationAPITokenRead: "View API Tokens",
  PolicyModify: "Manage Policies",
  PolicyRead: "View Policies",
  ResourceModify: "Manage Resources",
  ResourceRead: "View Resources",
  RuleModify: "Manage Rules",
  RuleRead: "View Rules",
  RunPantherAI: "Run Panther AI",
  SummaryRead: "Read Panther Metrics",
  UserModify: "Manage Users",
  UserRead: "View Users",
};

const input = z.strictObject({});
type Args = z.output<typeof input>;

async function handler(_args: Args, ctx: HandlerContext) {
  const { apiTokenSelf: token } = await getTokenPermissions(ctx.panther, {}, { signal: ctx.signal });
  // Codes newer than this table are kept, titled with the code itself.
  const permissions = token.permissions.map((code) => ({ code, title: PERMISSION_TITLES[code] ?? code }));
  return { token_id: token.id, token_name: token.name, permissions };
}

export const getPermissionsTool: ToolDefinition<Args> = {
  name: "get_permissions",
  title: "Get token permissions",
  description: "List the permissions of the API token this server uses; call it when a tool is denied.",
  toolset: "users",
  annotations: { readOnlyHint: true },
  permissions: [],
  inputSchema: input,
  get inputJsonSchema() {
    return jsonSchemaOf(input);
  },
  handler,
};
