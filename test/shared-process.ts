// One test process that runs many test files, one after another, each as a top-level suite named by its
// file (test/run.ts starts a few of these instead of one process per file: a process, tsx and the
// modules every test imports cost ~0.8 CPU-second each time). Files are taken from a queue directory
// shared by the processes, so that a process that finishes early takes the next file.
//
// A file's top-level test(), describe(), before(), ... calls are recorded while it is imported and
// replayed inside its suite: node:test attaches a call to the suite whose callback is running, which an
// import (asynchronous) cannot be inside. Calls made later (inside a suite or a test) go straight
// through. A file therefore runs as it would alone, its top-level hooks becoming its suite's hooks.
import { appendFileSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

type Fn = (...args: unknown[]) => unknown;
type NodeTest = Record<string, Fn & Record<string, Fn>>;

const nodeTest = createRequire(import.meta.url)("node:test") as NodeTest;
const REGISTERS = ["test", "it", "describe", "suite", "before", "after", "beforeEach", "afterEach"] as const;
const VARIANTS = ["skip", "todo", "only"] as const;
const real = Object.fromEntries(REGISTERS.map((name) => [name, nodeTest[name]])) as NodeTest;

/** Top-level calls of the file being imported; undefined when calls go straight to node:test. */
let recording: (() => unknown)[] | undefined;

function shim(name: (typeof REGISTERS)[number]): Fn {
  const through = (variant?: (typeof VARIANTS)[number]) =>
    function (this: unknown, ...args: unknown[]) {
      const call = () => (variant ? real[name][variant] : real[name]).apply(this, args);
      if (!recording) return call();
      recording.push(call);
      return Promise.resolve();
    };
  const fn = through() as Fn & Record<string, Fn>;
  for (const variant of VARIANTS) if (typeof real[name][variant] === "function") fn[variant] = through(variant);
  return fn;
}

for (const name of REGISTERS) nodeTest[name] = shim(name) as NodeTest[string];
syncBuiltinESMExports();

/** Takes the next entry of the queue (in name order): its files, one per line; undefined when it is empty. */
function claim(queue: string): string[] | undefined {
  for (const entry of readdirSync(queue).sort()) {
    if (entry.endsWith(".taken")) continue;
    const taken = join(queue, `${entry}.${process.pid}.taken`);
    try {
      renameSync(join(queue, entry), taken);
    } catch {
      continue; // another process took it first
    }
    return readFileSync(taken, "utf8").split("\n");
  }
  return undefined;
}

/** CPU seconds used so far by this process and by its children that have ended (from /proc; 0 elsewhere). */
function cpuSeconds(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "latin1").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Runs the queue's files (paths relative to the repository) in this process until the queue is empty;
 * appends each file's CPU seconds (its own and its child processes') to `cpuLog`.
 */
export async function runQueue(queue: string, cpuLog: string): Promise<void> {
  for (let entry = claim(queue); entry !== undefined; entry = claim(queue)) for (const file of entry) await runFile(file, cpuLog);
}

/** Runs one test file in this process as a suite named by it; appends its CPU seconds to `cpuLog`. */
async function runFile(file: string, cpuLog: string): Promise<void> {
  const cpuBefore = cpuSeconds();
  const calls: (() => unknown)[] = [];
  recording = calls;
  try {
    await import(pathToFileURL(join(ROOT, file)).href);
  } catch (error) {
    recording = undefined;
    await real.test(`${file}: cannot be loaded`, () => {
      throw error;
    });
    return;
  } finally {
    recording = undefined;
  }
  await real.describe(file, () => {
    for (const call of calls) call();
  });
  // Only this file ran in this process meanwhile: what it cost, with the processes it started.
  appendFileSync(cpuLog, `${file}\t${(cpuSeconds() - cpuBefore).toFixed(2)}\n`);
}
