// A data lake shared by several simulators of one process (SimulatorOptions.lake, what the test harness
// uses): each simulator answers as if it had started when the lake did (same seed, same rows), one engine
// serves them all, and closing a simulator leaves the lake to the others.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openSharedLake, startSimulator, type Simulator } from "../../src/simulator/index.js";
import { BUILT_ENGINE } from "../e2e/harness.js";
import { lakeRows } from "./gql.js";

const NOW = new Date("2026-03-15T12:00:00.000Z");
describe("a data lake shared by simulators", () => {
  const lake = openSharedLake(NOW, BUILT_ENGINE);
  let first: Simulator;
  let second: Simulator;
  let own: Simulator;
  before(async () => {
    first = await startSimulator({ tokens: { t: "all" }, queryDelayMs: 0, lake });
    second = await startSimulator({ tokens: { t: "all" }, queryDelayMs: 0, lake });
    own = await startSimulator({ tokens: { t: "all" }, queryDelayMs: 0, now: NOW, builtEngine: BUILT_ENGINE });
  });
  after(async () => {
    await Promise.all([first?.close(), second?.close(), own?.close()]);
    await lake.close();
  });

  const SQL = "SELECT p_row_id, p_event_time FROM aws_cloudtrail WHERE p_occurs_since('30 d') ORDER BY p_row_id LIMIT 20";

  it("seeds each simulator at the lake's anchor, as a simulator of its own started with that `now`", () => {
    const ids = (sim: Simulator) => [...sim.state.alerts.values()].map((a) => `${a.id} ${a.createdAt}`);
    assert.deepEqual(ids(first), ids(own));
    assert.deepEqual(ids(second), ids(own));
  });

  it("answers each simulator's queries with the rows a lake of its own holds, from one engine", async () => {
    const expected = await lakeRows(own, SQL);
    assert.equal(expected.length, 20);
    assert.deepEqual(await lakeRows(first, SQL), expected);
    assert.deepEqual(await lakeRows(second, SQL), expected);
    // One engine for the shared lake, one for the simulator with its own.
    const [a, b, c] = await Promise.all([first.lakeEnginePid(), second.lakeEnginePid(), own.lakeEnginePid()]);
    assert.ok(a !== undefined && c !== undefined);
    assert.equal(b, a);
    assert.notEqual(c, a);
  });

  it("stays open for the others when one simulator closes", async () => {
    await first.close();
    assert.equal((await lakeRows(second, SQL)).length, 20);
  });

  it("refuses a simulator given both `now` and a shared lake", async () => {
    await assert.rejects(startSimulator({ now: NOW, lake }), /`now` and `lake` exclude each other/);
  });
});
