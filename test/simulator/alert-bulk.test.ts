// The simulator's alert batch mutations behave like Panther's: a batch naming an unknown alert is rejected
// whole (Panther's PATCH /alerts answers 404 for the request), and updateAlertsAssigneeByEmail finds users by email.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";
import { gql } from "./gql.js";

const FULL = "bulk-full-token";
const READER = "bulk-reader-token";

const STATUS = `mutation($ids: [ID!]!) { updateAlertStatusById(input: { ids: $ids, status: CLOSED }) { alerts { id status } } }`;
const BY_EMAIL = `mutation($ids: [ID!]!, $email: String) {
  updateAlertsAssigneeByEmail(input: { ids: $ids, assigneeEmail: $email }) { alerts { id assignee { id email } } }
}`;

describe("simulator alert batches", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ now: new Date("2026-03-15T12:00:00.000Z"), tokens: { [FULL]: "all", [READER]: ["AlertRead"] } });
  });
  after(async () => {
    await sim?.close();
  });

  it("rejects a whole status batch that names an unknown alert, changing nothing", async () => {
    const before = sim.state.alerts.get("alert-0001")!.status;
    assert.notEqual(before, "CLOSED");
    const out = await gql(sim, STATUS, { ids: ["alert-0001", "alert-9999"] });
    assert.equal(out.errors?.[0]?.extensions?.code, "NOT_FOUND");
    assert.match(out.errors![0]!.message, /alert-9999/);
    assert.equal(sim.state.alerts.get("alert-0001")!.status, before);
  });

  it("assigns by email in any letter case, unassigns without one, and refuses an unknown email", async () => {
    const user = sim.state.users.get("user-002")!;
    const ok = await gql(sim, BY_EMAIL, { ids: ["alert-0001", "alert-0003"], email: user.email.toUpperCase() });
    assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
    assert.deepEqual(
      ok.data!.updateAlertsAssigneeByEmail.alerts.map((a: { assignee: { id: string } }) => a.assignee.id),
      ["user-002", "user-002"],
    );
    assert.equal(sim.state.alerts.get("alert-0003")!.assigneeId, "user-002");
    const cleared = await gql(sim, BY_EMAIL, { ids: ["alert-0003"] });
    assert.equal(cleared.data!.updateAlertsAssigneeByEmail.alerts[0].assignee, null);
    assert.equal(sim.state.alerts.get("alert-0003")!.assigneeId, null);
    const unknown = await gql(sim, BY_EMAIL, { ids: ["alert-0001"], email: "nobody@example.com" });
    assert.equal(unknown.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.match(unknown.errors![0]!.message, /nobody@example\.com not found/);
    assert.equal(sim.state.alerts.get("alert-0001")!.assigneeId, "user-002");
  });

  it("needs AlertModify", async () => {
    const out = await gql(sim, BY_EMAIL, { ids: ["alert-0001"], email: "x@example.com" }, READER);
    assert.equal(out.errors?.[0]?.extensions?.code, "FORBIDDEN");
    assert.match(out.errors![0]!.message, /AlertModify/);
  });
});
