// The users toolset end to end: list_users, get_user, list_roles, get_role, get_permissions against the
// simulator's REST endpoints (/users, /roles, /api-tokens/self), with the full and a limited token.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { connect, errorText, LIMITED, LIMITED_TOKEN, resultJson, TOKEN, useSimulator, type Session } from "./harness.js";

const USER_TOOLS = ["get_permissions", "get_role", "get_user", "list_roles", "list_users"];

describe("users toolset", () => {
  let sim: Simulator;
  let s: Session;
  let limited: Session;
  useSimulator(
    { tokens: { [TOKEN]: "all", [LIMITED_TOKEN]: ["AlertRead"], "future-token-5c1a": ["UserRead", "SomePermissionFromTheFuture"] } },
    { s: {}, limited: LIMITED },
    (started) => ({ sim, s, limited } = started),
  );

  test("the users toolset is served by default, read-only, and get_permissions needs no permission", async () => {
    const tools = (await s.client.listTools()).tools.filter((t) => USER_TOOLS.includes(t.name));
    assert.deepEqual(tools.map((t) => t.name).sort(), USER_TOOLS);
    for (const t of tools) assert.equal(t.annotations?.readOnlyHint, true, t.name);
    assert.deepEqual(Object.keys(tools.find((t) => t.name === "get_permissions")!.inputSchema.properties ?? {}), []);
  });

  test("list_users pages to the end with limit and next_cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const page = resultJson(await s.client.callTool({ name: "list_users", arguments: { limit: 2, ...(cursor ? { cursor } : {}) } }));
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((u: { id: string }) => u.id));
      cursor = page.next_cursor ?? undefined;
      if (!cursor) break;
    }
    assert.deepEqual(seen, ["user-001", "user-002", "user-003", "user-004", "user-005"]);
    const all = resultJson(await s.client.callTool({ name: "list_users", arguments: {} }));
    assert.equal(all.items.length, 5);
    assert.equal(all.next_cursor ?? null, null);
    const alice = all.items[0];
    assert.equal(alice.email, "alice.nguyen@example.com");
    assert.deepEqual(alice.role, { id: "role-admin", name: "Admin" });
    // The default limit is Panther's maximum, 60.
    const sent = sim.requests.filter((r) => r.kind === "rest" && r.path === "/users").at(-1);
    assert.equal(sent?.query?.limit, "60");
  });

  test("get_user returns one user; an unknown id is NOT_FOUND", async () => {
    const user = resultJson(await s.client.callTool({ name: "get_user", arguments: { user_id: "user-004" } }));
    assert.equal(user.givenName, "Dmitri");
    assert.equal(user.status, "FORCE_CHANGE_PASSWORD");
    assert.equal(user.lastLoggedInAt ?? null, null);
    const text = errorText(await s.client.callTool({ name: "get_user", arguments: { user_id: "user-999" } }));
    assert.match(text, /^NOT_FOUND:/);
    assert.match(text, /user-999/);
  });

  test("list_roles filters by name, name_contains and role_ids, and sorts", async () => {
    const names = async (args: Record<string, unknown>) =>
      resultJson(await s.client.callTool({ name: "list_roles", arguments: args })).items.map((r: { name: string }) => r.name);
    assert.deepEqual(await names({}), ["Admin", "Analyst", "Analyst Read Only"]);
    assert.deepEqual(await names({ sort_dir: "desc" }), ["Analyst Read Only", "Analyst", "Admin"]);
    assert.deepEqual(await names({ name_contains: "analyst" }), ["Analyst", "Analyst Read Only"]);
    assert.deepEqual(await names({ name: "Analyst" }), ["Analyst"]);
    assert.deepEqual(await names({ name: "Analyst", name_contains: "read" }), ["Analyst"]);
    assert.deepEqual(await names({ role_ids: ["role-admin", "role-read-only"] }), ["Admin", "Analyst Read Only"]);
    const sent = sim.requests.filter((r) => r.kind === "rest" && r.path === "/roles").at(-1);
    assert.deepEqual(sent?.query?.id, ["role-admin", "role-read-only"]);
    const role = resultJson(await s.client.callTool({ name: "list_roles", arguments: { name: "Analyst Read Only" } })).items[0];
    assert.equal(role.logTypeAccessKind, "DENY");
    assert.deepEqual(role.logTypeAccess, ["AWS.VPCFlow"]);
  });

  test("get_role returns permissions and log type access; an unknown id is NOT_FOUND", async () => {
    const role = resultJson(await s.client.callTool({ name: "get_role", arguments: { role_id: "role-analyst" } }));
    assert.equal(role.name, "Analyst");
    assert.ok(role.permissions.includes("UserRead"));
    assert.equal(role.logTypeAccessKind, "ALLOW_ALL");
    const text = errorText(await s.client.callTool({ name: "get_role", arguments: { role_id: "role-nope" } }));
    assert.match(text, /^NOT_FOUND:/);
    assert.match(text, /role-nope/);
  });

  test("bad input names the field and what is allowed", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["list_users", { limit: 61 }, /limit: must be <= 60/],
      ["list_users", { limit: 0 }, /limit: must be >= 1/],
      ["list_users", { cursor: "" }, /cursor/],
      ["get_user", {}, /user_id/],
      ["get_user", { user_id: "" }, /user_id/],
      ["get_user", { user_id: ".." }, /user_id/],
      ["get_role", { role_id: "." }, /role_id/],
      ["list_roles", { sort_dir: "up" }, /sort_dir: must be one of asc, desc/],
      ["list_roles", { role_ids: [] }, /role_ids/],
      ["get_permissions", { extra: 1 }, /extra/],
    ];
    for (const [name, args, pattern] of cases) {
      const text = errorText(await s.client.callTool({ name, arguments: args }));
      assert.match(text, /^INVALID_ARGUMENT:/, `${name} ${JSON.stringify(args)}`);
      assert.match(text, pattern, `${name} ${JSON.stringify(args)}: ${text}`);
    }
    // A cursor Panther does not know is its 400, reported as bad input.
    const text = errorText(await s.client.callTool({ name: "list_users", arguments: { cursor: "not-a-cursor" } }));
    assert.match(text, /^INVALID_ARGUMENT:/);
  });

  test("get_permissions lists the token's permissions with titles", async () => {
    const full = resultJson(await s.client.callTool({ name: "get_permissions", arguments: {} }));
    assert.ok(full.permissions.length >= 20);
    assert.deepEqual(
      full.permissions.find((p: { code: string }) => p.code === "UserRead"),
      { code: "UserRead", title: "View Users" },
    );
    const mine = resultJson(await limited.client.callTool({ name: "get_permissions", arguments: {} }));
    assert.deepEqual(mine.permissions, [{ code: "AlertRead", title: "View Alerts" }]);
  });

  test("get_permissions keeps a code it has no title for", async () => {
    const future = await connect(sim, { env: { PANTHER_API_TOKEN: "future-token-5c1a" } });
    try {
      const got = resultJson(await future.client.callTool({ name: "get_permissions", arguments: {} }));
      assert.deepEqual(got.permissions, [
        { code: "SomePermissionFromTheFuture", title: "SomePermissionFromTheFuture" },
        { code: "UserRead", title: "View Users" },
      ]);
    } finally {
      await future.close();
    }
  });

  test("every users tool but get_permissions is denied without UserRead, and the error points at get_permissions", async () => {
    const calls: [string, Record<string, unknown>][] = [
      ["list_users", {}],
      ["get_user", { user_id: "user-001" }],
      ["list_roles", {}],
      ["get_role", { role_id: "role-admin" }],
    ];
    for (const [name, args] of calls) {
      const text = errorText(await limited.client.callTool({ name, arguments: args }));
      assert.match(text, new RegExp(`^PERMISSION_DENIED: .*[.!?] ${name} needs the Panther permission UserRead`), text);
      assert.match(text, /Call get_permissions to see what this token has\./);
    }
    // Other toolsets' denials point there too.
    const text = errorText(await limited.client.callTool({ name: "list_detections", arguments: {} }));
    assert.match(text, /Call get_permissions to see what this token has\./);
  });
});
