// The demo's data lake survives hostile queries: the real simulator (spawned as the demo runs it)
// gets queries that used to take the host down, over its GraphQL API, while the test watches the
// RSS of the simulator and its engine process and keeps asking for other things.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  LAKE_MEMORY_CEILING_MB,
  MAX_ACTIVE_QUERIES,
  MAX_FINISHED_QUERIES,
  MAX_KEPT_RESULT_BYTES,
  MAX_RESULT_BYTES,
  MAX_RESULT_ROWS,
  QUERY_TIMEOUT_MS,
  SIMULATOR_MEMORY_CEILING_MB,
} from "../../src/simulator/lake-limits.js";
import { QueryJobs } from "../../src/simulator/query-jobs.js";
import { Clock } from "../../src/simulator/time.js";
import { programArgs, sharedLake } from "../e2e/harness.js";
import { gql } from "./gql.js";

/** Longer than the demo's own query time limit plus an engine restart: a query still running then hangs. */
const HANG_GUARD_MS = QUERY_TIMEOUT_MS * 2;

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const RUN = `mutation Run($sql: String!) { executeDataLakeQuery(input: { sql: $sql }) { id } }`;
const POLL = `query Poll($id: ID!) { dataLakeQuery(id: $id) { id status message results { edges { node } stats { rowCount } } } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelDataLakeQuery(input: { id: $id }) { id } }`;
const ALERTS = `{ alerts(input: { detectionId: "AWS.CloudTrail.RootLogin" }) { edges { node { id } } } }`;

const MEMORY = new RegExp(`stops queries that use more than ${LAKE_MEMORY_CEILING_MB} MB`);
const TIME = /stops queries that run longer than/;
const TRUNCATED = /results truncated after \d+ rows/;

interface Poll {
  id: string;
  status: string;
  message: string;
  results: { edges: { node: Record<string, unknown> }[]; stats: { rowCount: number } } | null;
}

function rssMb(pid: number): number {
  try {
    return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "latin1").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe("the demo data lake under hostile queries", () => {
  let proc: ChildProcess;
  let sampler: NodeJS.Timeout;
  const peak = { main: 0, engine: 0, total: 0 };

  /** The spawned simulator, once it has said where it listens. */
  const target = { graphqlUrl: "", token: "" };
  const ask = (query: string, variables: Record<string, unknown> = {}) => gql(target, query, variables, target.token, 10_000);

  async function start(sql: string): Promise<string> {
    const r = await ask(RUN, { sql });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.executeDataLakeQuery.id as string;
  }

  async function poll(id: string): Promise<Poll> {
    const r = await ask(POLL, { id });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    return r.data!.dataLakeQuery as Poll;
  }

  /**
   * Runs `sql` to its end; fails if it is still running after `ms`. Only a guard against a hang: how a
   * query ended (memory, time, truncation) is asserted from its status and message, so the guard is
   * generous enough for an engine restart on a loaded 2-core machine.
   */
  async function run(sql: string, ms = HANG_GUARD_MS): Promise<Poll> {
    const id = await start(sql);
    const deadline = Date.now() + ms;
    for (;;) {
      const q = await poll(id);
      if (q.status !== "running") return q;
      assert.ok(Date.now() < deadline, `still running after ${ms} ms: ${sql}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  before(async () => {
    proc = spawn(process.execPath, programArgs("src/simulator/main.ts"), { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!/PANTHER_API_TOKEN=\S+/.test(stderr)) {
      assert.ok(Date.now() < deadline && proc.exitCode === null, `simulator did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    target.graphqlUrl = /PANTHER_GRAPHQL_URL=(\S+)/.exec(stderr)![1]!;
    target.token = /PANTHER_API_TOKEN=(\S+)/.exec(stderr)![1]!;
    sampler = setInterval(() => {
      const main = rssMb(proc.pid!);
      const engine = childrenOf(proc.pid!).reduce((sum, pid) => sum + rssMb(pid), 0);
      peak.main = Math.max(peak.main, main);
      peak.engine = Math.max(peak.engine, engine);
      peak.total = Math.max(peak.total, main + engine);
    }, 10);
  });

  after(() => {
    clearInterval(sampler);
    proc?.kill();
  });

  it("ends every hostile query failed or truncated, under the memory ceiling, while other requests keep being answered", async (t) => {
    assert.equal((await run("SELECT count(*) AS n FROM aws_cloudtrail")).status, "succeeded");
    // Other requests are answered all along.
    let slowest = 0;
    let answered = 0;
    let busy = true;
    const background = (async () => {
      while (busy) {
        const t = Date.now();
        const r = await ask(ALERTS);
        assert.equal(r.errors, undefined, JSON.stringify(r.errors));
        slowest = Math.max(slowest, Date.now() - t);
        answered++;
        await new Promise((done) => setTimeout(done, 250));
      }
    })();

    const join3 = `SELECT a.*, b.eventName AS b_event, c.eventName AS c_event
      FROM aws_cloudtrail a JOIN aws_cloudtrail b ON p_occurs_since('30 d', b) JOIN aws_cloudtrail c ON p_occurs_since('30 d', c)
      WHERE p_occurs_since('30 d', a)`;
    const cases: [string, "memory" | "time" | "truncated"][] = [
      // A wide result is read in chunks and cut at the byte cap, not materialised.
      ["SELECT range, repeat('y', 200) AS pad FROM range(100000000)", "truncated"],
      // A narrow one is cut at the row cap.
      ["SELECT range AS n FROM range(100000000)", "truncated"],
      // A three-way self-join, each side bounded in time: streamed and cut.
      [join3, "truncated"],
      // The same join sorted: it has to hold every row, so memory stops it.
      [`${join3} ORDER BY a.eventID, b.eventID, c.eventID`, "memory"],
      ["SELECT range FROM range(100000000) ORDER BY random()", "memory"],
      // Allocations DuckDB's memory_limit does not see: huge strings, in one value or many.
      ["SELECT repeat('y', 100000) AS s FROM range(100000)", "memory"],
      // (The value is built from a 100-character piece: repeating one character costs DuckDB far more
      // CPU per byte before it reaches the ceiling, and proves nothing more.)
      ["SELECT length(repeat(repeat('y', 100), 15000000)) AS n", "memory"],
      ["SELECT list(range) AS l FROM range(100000000)", "memory"],
      ["SELECT string_agg(repeat('y', 100), ',') AS s FROM range(10000000)", "memory"],
      // Only CPU: the time limit interrupts it (lowered for the test: the engine burns both cores until then).
      [
        `/* sim:timeout=300 */ SELECT count(*) AS n FROM aws_cloudtrail a, aws_cloudtrail b, aws_cloudtrail c
          WHERE p_occurs_since('30 d', a) AND p_occurs_since('30 d', b) AND p_occurs_since('30 d', c) AND a.eventID || b.eventID < c.eventID`,
        "time",
      ],
    ];
    for (const [sql, expected] of cases) {
      const q = await run(sql);
      const label = `${sql.slice(0, 80)} -> ${q.status}: ${q.message}`;
      if (expected === "truncated") {
        assert.equal(q.status, "succeeded", label);
        assert.match(q.message, TRUNCATED, label);
        const rows = q.results!.stats.rowCount;
        assert.ok(rows > 0 && rows <= MAX_RESULT_ROWS, label);
        assert.equal(q.results!.edges.length, Math.min(rows, 999));
        const bytes = JSON.stringify(q.results!.edges.map((e) => e.node)).length;
        assert.ok(bytes <= MAX_RESULT_BYTES, label);
      } else {
        assert.equal(q.status, "failed", label);
        assert.match(q.message, expected === "memory" ? MEMORY : TIME, label);
        assert.equal(q.results, null);
      }
    }
    // Cancelling a heavy query frees the engine at once (it would otherwise hold it for the full time limit).
    const heavy = await start(cases.at(-1)![0].replace("sim:timeout=300", "sim:delay=0"));
    while ((await poll(heavy)).status !== "running") await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    await ask(CANCEL, { id: heavy });
    assert.equal((await poll(heavy)).status, "cancelled");
    assert.equal((await run("SELECT 1 AS one", 15_000)).status, "succeeded");

    busy = false;
    await background;

    // The lake is still there afterwards, and the simulator stayed small and responsive.
    const after = await run("SELECT count(*) AS n FROM aws_vpcflow");
    assert.equal(after.status, "succeeded", after.message);
    assert.ok((after.results!.edges[0]!.node.n as number) > 0);
    assert.ok(answered > 5, `only ${answered} other requests answered`);
    assert.ok(slowest < 5000, `another request took ${slowest} ms`);
    assert.ok(
      peak.total < SIMULATOR_MEMORY_CEILING_MB,
      `simulator RSS reached ${Math.round(peak.total)} MB (main ${peak.main}, engine ${peak.engine})`,
    );
    assert.ok(peak.engine > 0, "the engine's RSS was sampled");
    t.diagnostic(`peak RSS MB: simulator ${Math.round(peak.main)}, engine ${Math.round(peak.engine)}, together ${Math.round(peak.total)}`);
  });

  it("refuses introspection, file access, settings and writes with a clear message", async () => {
    const refused = [
      "SELECT * FROM duckdb_settings()",
      "SELECT name, value FROM duckdb_settings() WHERE name = 'temp_directory'",
      "FROM duckdb_databases()",
      "SELECT * FROM system.main.duckdb_tables",
      "SELECT * FROM pg_settings",
      "SELECT * FROM pg_catalog.pg_settings",
      "SELECT current_setting('temp_directory')",
      "SELECT list_transform([1], x -> current_setting('home_directory')) AS l",
      "WITH s AS (SELECT * FROM duckdb_settings()) SELECT * FROM s",
      "SELECT (SELECT value FROM duckdb_settings() LIMIT 1) AS v",
      "SELECT * FROM pragma_version()",
      "SELECT * FROM read_text('/etc/passwd')",
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM '/etc/passwd'",
      "SELECT * FROM glob('/*')",
      "FROM query('SELECT 1')",
      "SELECT getvariable('x')",
      "SHOW threads",
      "DESCRIBE SELECT * FROM duckdb_settings()",
      "EXPLAIN SELECT * FROM duckdb_settings()",
      "EXPLAIN ANALYZE DELETE FROM aws_cloudtrail",
      "EXPLAIN ANALYZE INSERT INTO aws_cloudtrail (eventName) VALUES ('x')",
      "EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1",
      "EXPLAIN ANALYZE DROP TABLE aws_cloudtrail",
      "SET threads = 8",
      "RESET memory_limit",
      "PRAGMA database_list",
      "CALL duckdb_settings()",
      "ATTACH ':memory:' AS x",
      "COPY (SELECT 1) TO '/tmp/lake-limits-test.csv'",
      "EXPORT DATABASE '/tmp/lake-limits-test'",
      "INSTALL httpfs",
      "LOAD httpfs",
      "DELETE FROM aws_cloudtrail",
      "SELECT 1; DROP TABLE aws_cloudtrail",
    ];
    const count = async () => (await run("SELECT count(*) AS n FROM aws_cloudtrail")).results!.edges[0]!.node.n;
    const before = await count();
    const results: Poll[] = [];
    for (let i = 0; i < refused.length; i += 10) results.push(...(await Promise.all(refused.slice(i, i + 10).map((sql) => run(sql)))));
    refused.forEach((sql, i) => {
      const q = results[i]!;
      assert.equal(q.status, "failed", `${sql} -> ${q.status}`);
      // A statement Snowflake's grammar does not have (EXPLAIN ANALYZE DELETE) fails as a syntax error.
      assert.match(
        q.message,
        /not available in the demo data lake|not allowed|only one SQL statement|^SQL syntax error/,
        `${sql} -> ${q.message}`,
      );
      assert.doesNotMatch(q.message, /\/tmp|\/home|\/root|\.tmp|\/work/, sql);
    });
    // Still there, and plain reads (including DESCRIBE, information_schema and EXPLAIN of a read) work.
    assert.equal(await count(), before);
    for (const sql of [
      "DESCRIBE aws_cloudtrail",
      "SELECT table_name FROM information_schema.tables",
      "EXPLAIN SELECT count(*) FROM aws_cloudtrail",
      "EXPLAIN ANALYZE SELECT count(*) FROM aws_cloudtrail",
      "WITH x AS (SELECT eventName FROM panther_logs.public.aws_cloudtrail) SELECT count(*) FROM x, range(3)",
    ]) {
      const q = await run(sql);
      assert.equal(q.status, "succeeded", `${sql}: ${q.message}`);
    }
  });

  it("forgets finished queries beyond the result budget and the count, keeps running ones, and limits queries in progress", async (t) => {
    // Mid-size results: the oldest go once the kept bytes pass the budget.
    const big = Math.ceil(MAX_KEPT_RESULT_BYTES / MAX_RESULT_BYTES) + 2;
    const bigIds: string[] = [];
    for (let i = 0; i < big; i++) {
      const id = await start(`/* sim:delay=0 */ SELECT range, repeat('z', 500) AS pad FROM range(1000000)`);
      bigIds.push(id);
      const deadline = Date.now() + HANG_GUARD_MS;
      while ((await poll(id)).status === "running") {
        assert.ok(Date.now() < deadline, `still running after ${HANG_GUARD_MS} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const first = await ask(POLL, { id: bigIds[0] });
    assert.equal(first.errors?.[0]?.extensions?.code, "NOT_FOUND");
    assert.match(first.errors![0]!.message, /not found \(finished queries are kept for \d+ minutes, at most \d+ of them\)/);
    assert.equal((await poll(bigIds.at(-1)!)).status, "succeeded");
    // What the ceiling leaves the simulator's own process once the engine has its share.
    const ownShare = SIMULATOR_MEMORY_CEILING_MB - LAKE_MEMORY_CEILING_MB;
    assert.ok(peak.main < ownShare, `simulator process RSS reached ${Math.round(peak.main)} MB (its share is ${ownShare} MB)`);
    t.diagnostic(`peak RSS MB of the simulator process after ${big} mid-size results: ${Math.round(peak.main)}`);

    // A running query is kept however many finish after it.
    const slow = await start("/* sim:delay=60000 */ SELECT 1");
    const small: string[] = [];
    while (small.length < MAX_FINISHED_QUERIES + 5) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => start("/* sim:delay=0 */ SELECT 1 AS one")));
      small.push(...batch);
      for (const id of batch) while ((await poll(id)).status === "running") await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal((await ask(POLL, { id: small[0] })).errors?.[0]?.extensions?.code, "NOT_FOUND");
    assert.equal((await poll(small.at(-1)!)).status, "succeeded");
    assert.equal((await poll(slow)).status, "running");

    // Too many in progress at once: refused with a clear error until some finish.
    const waiting = [slow];
    let refusal: string | undefined;
    for (let i = 0; i < MAX_ACTIVE_QUERIES + 1 && !refusal; i++) {
      const r = await ask(RUN, { sql: "/* sim:delay=60000 */ SELECT 1" });
      if (r.errors) refusal = r.errors[0]!.message;
      else waiting.push(r.data!.executeDataLakeQuery.id as string);
    }
    assert.equal(waiting.length, MAX_ACTIVE_QUERIES);
    assert.match(refusal ?? "", /too many data lake queries in progress/);
    for (const id of waiting) await ask(CANCEL, { id });
    assert.equal((await run("SELECT 1 AS one")).status, "succeeded");
  });
});

describe("the engine between queries", () => {
  // This process's shared lake (it only reads): the files that run after this one in the process use the
  // same engine, rather than each starting one. It stays open for them.
  const lake = sharedLake(undefined).lake;

  it("forgets finished queries after their time to live, while running ones stay", async () => {
    const jobs = new QueryJobs(lake, new Clock(new Date()), 0, { finishedTtlMs: 300 });
    try {
      const done = jobs.start("SELECT 1 AS one", "panther_logs", { kind: "token", id: "t" });
      const slow = jobs.start("/* sim:delay=60000 */ SELECT 1", "panther_logs", { kind: "token", id: "t" });
      const deadline = Date.now() + 30_000;
      while (jobs.get(done.id)?.status === "running" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(jobs.get(done.id)?.status, "succeeded", jobs.get(done.id)?.message);
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(jobs.get(done.id), undefined);
      assert.equal(jobs.get(slow.id)?.status, "running");
    } finally {
      jobs.close();
    }
  });

  it("uses no CPU while idle (its memory watchdog samples only while it works)", async () => {
    const engine = await lake;
    await engine.query("SELECT 1 AS one", "panther_logs");
    const pid = engine.enginePid!;
    // CPU of every thread of the engine, in clock ticks (1/100 s), from /proc.
    const ticks = () => {
      const fields = readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]!.split(" ");
      return Number(fields[11]) + Number(fields[12]);
    };
    await new Promise((r) => setTimeout(r, 300)); // the query's last work settles
    const before = ticks();
    await new Promise((r) => setTimeout(r, 2000));
    // Sampling every 5 ms used about 5 ticks in 2 s; idle, it is 0 or a stray tick.
    assert.ok(ticks() - before <= 2, `the idle engine used ${ticks() - before} ticks of CPU in 2 s`);
  });
});
