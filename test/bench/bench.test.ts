// The benchmark runs (quick mode) and prints every figure with its reference and ratio, as a table and as
// JSON. Its values are not checked: a benchmark is not a timed test (needs the build: npm test makes it).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { makeProject } from "../../bench/generate.js";
import { pascalCase } from "../../generator/names.js";
import { ROOT, sourceProgramArgs } from "../e2e/harness.js";

interface Row {
  goal: number;
  what: string;
  figure: number | null;
  reference: number | null;
  ratio: number | null;
  note?: string;
}

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...sourceProgramArgs("bench/server.bench.ts"), ...args], { cwd: ROOT });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

test("npm run bench -- --quick prints a figure, a reference and a ratio for every goal, as a table and as JSON", async () => {
  const { code, stdout, stderr } = await runBench(["--quick"]);
  assert.equal(code, 0, stderr.slice(-3000));
  const at = stdout.indexOf("\n{");
  assert.ok(at > 0, `a table, then JSON:\n${stdout.slice(0, 2000)}`);
  const table = stdout.slice(0, at);
  const report = JSON.parse(stdout.slice(at + 1)) as { node: string; cores: number; quick: boolean; rows: Row[] };
  assert.equal(report.quick, true);
  assert.ok(report.node && report.cores > 0, "the machine is described");

  const goals = new Set(report.rows.map((r) => r.goal));
  assert.deepEqual([...goals].sort(), [1, 2, 3, 4, 5, 6, 7], "a row for each goal of the issue");
  const measured = report.rows.filter((r) => r.goal !== 7);
  for (const r of measured) {
    for (const key of ["figure", "reference", "ratio"] as const)
      assert.ok(typeof r[key] === "number" && Number.isFinite(r[key]), `goal ${r.goal} "${r.what}": ${key} is a number (got ${r[key]})`);
    const line = table.split("\n").find((l) => l.startsWith(`| ${r.goal} | ${r.what} |`));
    assert.ok(line, `the table has "${r.what}"`);
    assert.ok(line.includes(`| ${r.ratio!.toFixed(2)} |`), `the table shows the ratio of "${r.what}": ${line}`);
  }
  // Goal by goal, the figures the issue asks for.
  const has = (goal: number, pattern: RegExp) =>
    assert.ok(
      measured.some((r) => r.goal === goal && pattern.test(r.what)),
      `goal ${goal}: ${pattern}`,
    );
  has(1, /RSS growth/);
  has(1, /live heap/);
  has(2, /get_alert p50/);
  has(2, /through the SDK's client/);
  has(3, /credentials/);
  has(3, /demo/);
  has(4, /average/);
  has(4, /largest/);
  for (const s of ["0.1", "1", "4"]) has(5, new RegExp(`of a ${s} s query`));
  has(6, /the real set/);
  has(6, /\d+ operations$/);
  // The test-suite time is measured only on request (it runs npm test); the row says how.
  const suite = report.rows.find((r) => r.goal === 7)!;
  assert.equal(suite.figure, null);
  assert.match(suite.note ?? "", /--tests/);
});

test("--write-docs refuses a quick run and a partial one: figures in docs/benchmarks.md come from a full run", async () => {
  const refused = await runBench(["--quick", "--write-docs", "--json"]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /--write-docs takes a full run/);
  assert.equal(refused.stdout, "");
  const partial = await runBench(["--only", "4", "--write-docs", "--json"]);
  assert.notEqual(partial.code, 0);
  assert.match(partial.stderr, /--write-docs takes every goal/);
  assert.equal(partial.stdout, "");
});

test("--only measures the goals listed and no other; a bad list is refused by name", async () => {
  // Goal 4 (tokens) is the cheapest goal to measure: a simulator, one server start and one tools/list.
  const { code, stdout, stderr } = await runBench(["--quick", "--only", "4", "--json"]);
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout) as { only?: number[]; rows: Row[] };
  assert.deepEqual(report.only, [4]);
  assert.deepEqual(
    report.rows.map((r) => r.goal),
    [4, 4],
  );
  for (const r of report.rows) assert.ok(r.ratio !== null, `the token row "${r.what}" has its figure, reference and ratio`);
  const bad = await runBench(["--only", "2,9", "--json"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--only takes goal numbers 1–7/);
});

test("the generate bench's synthetic set holds the real operations, then copies renamed after their files", async () => {
  // --quick generates a smaller set than the real one, so the copies past it are checked here, without a run.
  const real = (await readdir(join(ROOT, "operations"), { recursive: true })).filter((f) => f.endsWith(".graphql")).sort();
  const { dir, ops } = await makeProject(real.length + 3);
  try {
    const made = (await readdir(join(dir, "operations"), { recursive: true })).filter((f) => f.endsWith(".graphql"));
    assert.equal(made.length, ops);
    for (const file of real) assert.ok(made.includes(file), `the real ${file} is in the set`);
    const copies = made.filter((f) => !real.includes(f));
    assert.equal(copies.length, 3);
    for (const copy of copies) {
      const name = copy.split("/")[1]!.replace(/\.graphql$/, "");
      assert.match(name, /_n\d+$/);
      const text = await readFile(join(dir, "operations", copy), "utf8");
      assert.match(text, new RegExp(`^(query|mutation) ${pascalCase(name)}\\b`, "m"), `${copy} names its operation after its file`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
