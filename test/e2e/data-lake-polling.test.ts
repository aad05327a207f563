// query_data_lake's polling schedule: a query is seen finished soon after it finishes (in proportion to
// its run time), while the status reads on Panther thin out as the query ages.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import type { RecordedRequest, Simulator } from "../../src/simulator/index.js";
import { resultJson, slowSql, TOKEN, useSimulator, type Session } from "./harness.js";

interface Run {
  delayMs: number;
  runMs: number;
  /** When the simulator finished the query, and when each status read for it arrived (ms since epoch). */
  completedAt: number;
  polls: number[];
  progress: number;
}

/** The query's own start and end, as the simulator recorded them. */
async function queryTimes(sim: Simulator, id: string): Promise<{ startedAt: number; completedAt: number }> {
  const res = await fetch(sim.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": TOKEN },
    body: JSON.stringify({ query: "query($id: ID!) { dataLakeQuery(id: $id) { startedAt completedAt } }", variables: { id } }),
  });
  const body = (await res.json()) as { data: { dataLakeQuery: { startedAt: string; completedAt: string } } };
  return { startedAt: Date.parse(body.data.dataLakeQuery.startedAt), completedAt: Date.parse(body.data.dataLakeQuery.completedAt) };
}

function pollsOf(requests: RecordedRequest[], id: string): number[] {
  return requests.filter((r) => r.operationName === "GetDataLakeQuery" && r.variables?.id === id).map((r) => Date.parse(r.receivedAt));
}

/** Problems with how late each query was seen finished: none when every one was within 30% of its run time. */
function lateness(runs: Run[]): string[] {
  return runs.flatMap((run) => {
    const overshoot = run.polls.at(-1)! - run.completedAt;
    // The schedule's own bound is 20% + one round trip; the rest is slack for timers late under load.
    const limit = 0.3 * run.runMs + 150;
    return overshoot <= limit
      ? []
      : [
          `${run.delayMs} ms query (ran ${run.runMs} ms) was seen finished ${overshoot} ms late (limit ${Math.round(limit)} ms); reads at ${run.polls.map((p) => p - run.polls[0]!).join(", ")}`,
        ];
  });
}

describe("query_data_lake polling", () => {
  let sim: Simulator;
  let s: Session;
  let runs: Run[] = [];

  /** Queries of several lengths at once (one session): instant, 0.1 s, 1 s, 2.5 s and 4 s. */
  async function measure(): Promise<Run[]> {
    const measured = await Promise.all(
      [0, 100, 1000, 2500, 4000].map(async (delayMs) => {
        let progress = 0;
        const result = resultJson(
          await s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(delayMs) } }, { onprogress: () => progress++ }),
        );
        assert.equal(result.status, "succeeded");
        const { startedAt, completedAt } = await queryTimes(sim, result.query_id);
        return { delayMs, runMs: completedAt - startedAt, completedAt, polls: pollsOf(sim.requests, result.query_id), progress };
      }),
    );
    for (const run of measured)
      assert.ok(run.polls.at(-1)! >= run.completedAt, `${run.delayMs} ms query: seen finished before it finished`);
    return measured;
  }

  useSimulator({}, { s: { env: { LOG_LEVEL: "info" } } }, (started) => ({ sim, s } = started));
  before(async () => {
    // The first query pays for the SQL parser and the lake engine starting; keep that out of the figures.
    resultJson(await s.client.callTool({ name: "query_data_lake", arguments: { sql: slowSql(0) } }));
    runs = await measure();
  });

  test("every query is seen finished within 30% of its run time (plus slack for a loaded machine)", async () => {
    // Load can only make a query be seen later, never earlier: a schedule that overshoots by design
    // (the old 250 ms, x1.6 one) fails every attempt, while a stall on a busy machine passes on a retry.
    const problems = [lateness(runs)];
    while (problems.at(-1)!.length > 0 && problems.length < 3) problems.push(lateness(await measure()));
    assert.deepEqual(problems.at(-1), [], problems.map((p, i) => `attempt ${i + 1}:\n  ${p.join("\n  ")}`).join("\n"));
  });

  test("status reads are at least 20 ms apart and thin out as the query ages (about 4 per doubling)", () => {
    for (const run of runs) {
      const first = run.polls[0]!;
      for (let k = 1; k < run.polls.length; k++) {
        const age = run.polls[k - 1]! - first;
        const gap = run.polls[k]! - run.polls[k - 1]!;
        // The wait after a read is 20% of the time since the first read (at least 20 ms, at most 3 s);
        // 2 ms of slack for the millisecond clocks.
        const least = Math.min(Math.max(0.2 * age, 20), 3000) - 2;
        assert.ok(gap >= least, `${run.delayMs} ms query: read ${k} came ${gap} ms after the previous one (at least ${least} expected)`);
      }
    }
    const longest = runs.at(-1)!;
    assert.ok(longest.polls.length <= 30, `a 4 s query takes at most 30 status reads (took ${longest.polls.length})`);
  });

  test("progress is reported while a query runs, at most once a second", () => {
    for (const run of runs.filter((r) => r.runMs >= 1000)) {
      assert.ok(run.progress >= 1, `${run.delayMs} ms query: at least one progress notification`);
      assert.ok(
        run.progress <= Math.ceil(run.runMs / 1000) + 1,
        `${run.delayMs} ms query: ${run.progress} progress notifications in ${run.runMs} ms`,
      );
    }
  });
});
