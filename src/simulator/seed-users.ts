// Users, roles and API tokens as Panther's REST API shows them. The users and roles themselves are
// seeded in seed.ts; this file adds the REST-only role fields (log type access) and the record shapes.
import type { SimRole, SimUser } from "./model.js";
import type { SimToken } from "./permissions.js";

/** Log type access per seeded role: Admin and Analyst see everything, Read Only is kept off VPC flow logs. */
const LOG_TYPE_ACCESS: Record<string, { kind: string; logTypes: string[] }> = {
  "role-admin": { kind: "ALLOW_ALL", logTypes: [] },
  "role-analyst": { kind: "ALLOW_ALL", logTypes: [] },
  "role-read-only": { kind: "DENY", logTypes: ["AWS.VPCFlow"] },
};

/** A role as GET /roles and GET /roles/{id} return it (RoleAPI.Role). */
export function roleRecord(role: SimRole) {
  const access = LOG_TYPE_ACCESS[role.id] ?? { kind: "ALLOW_ALL", logTypes: [] };
  return {
    id: role.id,
    name: role.name,
    permissions: [...role.permissions],
    logTypeAccess: access.logTypes,
    logTypeAccessKind: access.kind,
    createdAt: role.createdAt,
    updatedAt: role.createdAt,
  };
}

/** A user as GET /users and GET /users/{id} return it (UserAPI.User); lastLoggedInAt is absent if never. */
export function userRecord(user: SimUser) {
  return {
    id: user.id,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    enabled: user.enabled,
    status: user.status,
    role: { id: user.role.id, name: user.role.name },
    createdAt: user.createdAt,
    ...(user.lastLoggedInAt ? { lastLoggedInAt: user.lastLoggedInAt } : {}),
  };
}

/** The calling token as GET /api-tokens/self returns it (APITokenAPI.APIToken). */
export function tokenRecord(token: SimToken) {
  return {
    id: token.id,
    name: token.name,
    permissions: [...token.permissions].sort(),
    createdAt: token.createdAt,
    createdBy: { id: "user-001", type: "user" },
  };
}
