// Runs the test files with node:test, several at once (most of an end-to-end test is waiting on a
// child process or a timer, not CPU), the slowest first so that none of them starts last.
//   node --import tsx test/run.ts                 every test/*/*.test.ts
//   node --import tsx test/run.ts FILE...         only these
//   node --import tsx test/run.ts --checks        every file, and meanwhile the checks the tests do not
//                                                 need (npm test): the type check and generate:check
// TEST_CONCURRENCY sets how many test processes run at once (default 4); each runs files one after
// another, taking the next from a shared queue (test/shared-process.ts), so that the cost of a process
// (the modules every test imports) is paid a few times, not once per file. How long each file took,
// and the CPU it used, is kept in node_modules/.cache/panther-mcp/test-history.json (a file's entry is
// replaced when it runs again) to order the next run; without it (a fresh clone, CI) the files named in
// SLOW go first. The ten slowest files are listed at the end, and the files that used the most CPU (the
// whole table of the run: node_modules/.cache/panther-mcp/test-cpu.txt).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Transform } from "node:stream";
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileForTests } from "./compile.js";
import { COMPILED_TESTS_ENV, compiledFile } from "./compiled-env.js";
import { mapStrings, sourcePlaces } from "./stack-map.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Files known to take long, for a run without recorded durations. */
const SLOW = [
  "test/simulator/data-lake-limits.test.ts",
  "test/bench/bench.test.ts",
  "test/e2e/memory.test.ts",
  "test/e2e/stdio-lifecycle.test.ts",
  "test/e2e/ai-triage.test.ts",
  "test/e2e/faults.test.ts",
  "test/e2e/untrusted.test.ts",
  "test/e2e/dropin.test.ts",
  "test/e2e/startup-imports.test.ts",
  "test/e2e/data-lake.test.ts",
  "test/e2e/http.test.ts",
];
const HISTORY = join(ROOT, "node_modules", ".cache", "panther-mcp", "test-history.json");
/** What HISTORY keeps of a file's last run: its duration (ms) and CPU seconds (with its child processes). */
interface LastRun {
  ms: number;
  cpu?: number;
}
/** CPU seconds per file of the last run, most first: a table to read (the order comes from HISTORY). */
const CPU_TABLE = join(ROOT, "node_modules", ".cache", "panther-mcp", "test-cpu.txt");

function allTestFiles(): string[] {
  return readdirSync(join(ROOT, "test"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(ROOT, "test", d.name))
        .filter((f) => f.endsWith(".test.ts"))
        .map((f) => `test/${d.name}/${f}`),
    )
    .sort();
}

function recorded(): Record<string, LastRun> | undefined {
  try {
    return JSON.parse(readFileSync(HISTORY, "utf8")) as Record<string, LastRun>;
  } catch {
    return undefined;
  }
}

// The checks `npm test` runs beside the tests, not before them: the tests run the esbuild bundle (made
// first, scripts/build.mjs), which needs neither the type check nor the generator's check, and run first
// they would hold the tests back for their whole time. Their output is printed at the end; either failing
// fails the run.
// They are the package's own scripts, run as `npm run` runs them.
const CHECKS = ["typecheck", "generate:check"];
const withChecks = process.argv[2] === "--checks";
if (withChecks) process.argv.splice(2, 1);
const checks = withChecks ? CHECKS.map((script) => runCheck(script, ["npm", "run", "-s", script])) : [];

/** Runs `command` in ROOT; resolves to what to print: its name, its result and (when it fails) its output. */
function runCheck(name: string, [command, ...args]: string[]): Promise<{ ok: boolean; text: string }> {
  const started = Date.now();
  const child = spawn(command!, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ ok: false, text: `${name}: could not start: ${error.message}\n` }));
    child.on("exit", (code, signal) => {
      const ok = code === 0;
      const took = ((Date.now() - started) / 1000).toFixed(1);
      resolve({ ok, text: `${name}: ${ok ? "passed" : `FAILED (${signal ?? `exit ${code}`})`} in ${took} s\n${ok ? "" : output}` });
    });
  });
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => relative(ROOT, join(process.cwd(), f))) : allTestFiles();
const before = recorded();
// Longest first. With recorded durations a file never timed (a new one) counts as long, to be safe.
const rank = (f: string) => (before ? (before[f]?.ms ?? 1e12) : SLOW.includes(f) ? SLOW.length - SLOW.indexOf(f) : 0);
// What a process takes from the queue: a file, or the files that pin the simulator's time to FIXED_NOW
// (test/e2e/harness.ts), together: in one process they share one data lake for that time, whose engine
// then starts once, where spread over the processes it started in each (about a CPU-second a start).
const pinned = files.filter((f) => readFileSync(join(ROOT, f), "utf8").includes("FIXED_NOW"));
const units = [...files.filter((f) => !pinned.includes(f)).map((f) => [f]), ...(pinned.length ? [pinned] : [])];
const unitRank = (unit: string[]) => unit.reduce((sum, f) => sum + rank(f), 0);
const byLength = units.sort((a, b) => unitRank(b) - unitRank(a));
// Files that mostly wait (on timers, on a slow upstream the simulator plays: less than 0.3 CPU-seconds a
// second in the last run) are spread out, one after every two others, rather than taken in turn by length:
// started together (three of them did, about 20 s into a run) they left the CPU half idle for seconds.
// Measured over five runs against four, alternated: 58.0-62.1 s (median 59.4) against 61.2-62.0 s
// (median 61.3), with the same CPU. Without the last run's figures, the order is by length alone.
const waits = (unit: string[]) => {
  if (!before) return false;
  const wall = unit.reduce((sum, f) => sum + (before[f]?.ms ?? 0) / 1000, 0);
  const cpu = unit.reduce((sum, f) => sum + (before[f]?.cpu ?? Infinity), 0);
  return wall > 2 && cpu / wall < 0.3;
};
const others = byLength.filter((unit) => !waits(unit));
const waiting = byLength.filter(waits);
const concurrency = Number(process.env.TEST_CONCURRENCY) || 4;
// The first files the processes take are none of those: the longest files that remain wait in part too.
// (Four runs against four, alternated: median 60.9 s against 61.6 s with a waiting file among the first
// four, within the machine's drift; kept for the reason above.)
const ordered: string[][] = others.splice(0, concurrency);
while (others.length || waiting.length) {
  ordered.push(...others.splice(0, 2));
  if (waiting.length) ordered.push(waiting.shift()!);
}

// Per file: the sum of its top-level tests' durations (they run one after another within a file).
const took: Record<string, number> = {};
const started = Date.now();
// The files wait in a queue directory, in that order; `concurrency` processes take them one entry (one
// file, or the pinned files, one per line) at a time.
const work = mkdtempSync(join(tmpdir(), "panther-mcp-tests-"));
const queue = join(work, "queue");
const cpuLog = join(work, "cpu.tsv");
mkdirSync(queue);
ordered.forEach((unit, i) => writeFileSync(join(queue, String(i).padStart(4, "0")), unit.join("\n")));
// The test processes run our sources compiled to JavaScript (test/compile.ts says why); what they report
// names the .ts files and lines (test/stack-map.ts). This process, and the programs that tests start from
// source, keep tsx. A run started by a test (test/runner/runner.test.ts) uses the compiled copy of the test
// process that started it, which that process's run removes.
const fromEnv = process.env[COMPILED_TESTS_ENV];
const inherited = fromEnv && existsSync(compiledFile(fromEnv, "test/shared-process.ts")) ? fromEnv : undefined;
const compiled = inherited ?? (await compileForTests());
const workers = Array.from({ length: Math.min(concurrency, ordered.length) }, (_, i) => {
  const worker = join(work, `process-${i + 1}.mjs`);
  const runner = pathToFileURL(compiledFile(compiled, "test/shared-process.ts")).href;
  writeFileSync(
    worker,
    [
      `const { runQueue } = await import(${JSON.stringify(runner)});`,
      `await runQueue(${[queue, cpuLog, compiled].map((s) => JSON.stringify(s)).join(", ")});`,
      "",
    ].join("\n"),
  );
  return worker;
});
// The test processes run without V8's optimising compiler (node:test starts them with this process's
// execArgv). Most test code runs a few times, then never again: what TurboFan compiled for it on its
// background threads was CPU the other processes needed (npm test is CPU-bound on two cores). Measured as
// the CPU of the four test processes over whole runs: 36.1 and 36.5 CPU-s with the optimiser off, against
// 45.0 and 40.9 with it on. Only the test processes: the servers, simulators and engines they start get
// no such flag.
if (!process.execArgv.includes("--no-opt")) process.execArgv.push("--no-opt");
// Nor do they load tsx (this process was started with it).
for (let i = process.execArgv.length - 1; i >= 0; i--) {
  const arg = process.execArgv[i]!;
  if (/^--(import|loader|experimental-loader)=.*tsx/.test(arg)) process.execArgv.splice(i, 1);
  else if (/^--(import|loader|experimental-loader)$/.test(arg) && /tsx/.test(process.execArgv[i + 1] ?? "")) process.execArgv.splice(i, 2);
}
const stream = run({ files: workers, concurrency });
const count = (event: { nesting: number; name: string; file?: string; details: { duration_ms: number } }) => {
  if (event.nesting !== 0 || !event.file) return;
  const file = event.name.split(": cannot be loaded")[0];
  took[file] = Math.round((took[file] ?? 0) + event.details.duration_ms);
};
stream.on("test:pass", count);
stream.on("test:fail", (event) => {
  // A failing todo is reported, not counted as a failure (as node --test does).
  if (event.todo === undefined || event.todo === false) process.exitCode = 1;
  count(event);
});
// Places in the compiled files, in failures and in what the tests printed, become places in the sources.
const toSource = sourcePlaces(compiled);
const MAPPED = new Set(["test:fail", "test:diagnostic", "test:stderr", "test:stdout"]);
const sourced = new Transform({
  objectMode: true,
  transform(event: { type: string; data: unknown }, _encoding, done) {
    if (MAPPED.has(event.type)) {
      const data = event.data as { file?: string; line?: number; column?: number };
      // Where the test was declared: a file, a line and a column of their own.
      if (data.file && data.line !== undefined && data.column !== undefined) {
        const at = /^(.*):(\d+):(\d+)$/.exec(toSource(`${data.file}:${data.line}:${data.column}`));
        if (at) [data.file, data.line, data.column] = [at[1], Number(at[2]), Number(at[3])];
      }
      mapStrings(data, toSource);
    }
    done(null, event);
  },
});
const report = stream.compose(sourced).compose(new spec());
report.pipe(process.stdout, { end: false });
report.on("end", async () => {
  const slowest = Object.entries(took)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  process.stdout.write(`\n${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s, ${concurrency} at a time; slowest:\n`);
  for (const [file, ms] of slowest) process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${file}\n`);
  const cpu = cpuByFile();
  if (cpu.length) {
    const total = cpu.reduce((sum, [, s]) => sum + s, 0);
    process.stdout.write(
      `CPU: ${total.toFixed(1)} s for the files (with the child processes that ended with them; not the shared lake engines, see harness.ts); most:\n`,
    );
    for (const [file, s] of cpu.slice(0, 10)) process.stdout.write(`  ${s.toFixed(1).padStart(6)} s  ${file}\n`);
  }
  rmSync(work, { recursive: true, force: true });
  if (!inherited) rmSync(compiled, { recursive: true, force: true });
  for (const check of await Promise.all(checks)) {
    process.stdout.write(check.text);
    if (!check.ok) process.exitCode = 1;
  }
  try {
    mkdirSync(join(HISTORY, ".."), { recursive: true });
    const cpuOf = new Map(cpu);
    const ran = Object.entries(took).map(([file, ms]): [string, LastRun] => [file, { ms, cpu: cpuOf.get(file) }]);
    writeFileSync(HISTORY, JSON.stringify({ ...before, ...Object.fromEntries(ran) }, null, 1));
    writeFileSync(CPU_TABLE, cpu.map(([file, s]) => `${s.toFixed(2).padStart(7)}  ${file}\n`).join(""));
  } catch {
    // The order is only an optimisation.
  }
});

/** CPU seconds of each file that finished, most first (test/shared-process.ts logs them). */
function cpuByFile(): [string, number][] {
  try {
    return readFileSync(cpuLog, "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split("\t"))
      .map(([file, seconds]): [string, number] => [file!, Number(seconds)])
      .sort((a, b) => b[1] - a[1]);
  } catch {
    return []; // no file finished
  }
}
