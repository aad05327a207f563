// One test process that runs many test files, one after another, each as a top-level suite named by its
// file (test/run.ts starts a few of these instead of one process per file: a process and the
// modules every test imports are paid for each time). Files are taken from a queue directory
// shared by the processes, so that a process that finishes early takes the next file.
//
// A file's top-level test(), describe(), before(), ... calls are recorded while it is imported and
// replayed inside its suite: node:test attaches a call to the suite whose callback is running, which an
// import (asynchronous) cannot be inside. Calls made later (inside a suite or a test) go straight
// through. A file therefore runs as it would alone, its top-level hooks becoming its suite's hooks.
//
// node:test tells which test an error thrown later (in a timer, a stream's callback, a promise nobody
// awaits) belongs to with an async hook that maps every asynchronous resource made inside a test to that
// test, and forgets it when the resource is destroyed. Every promise of the process then pays a call into
// that hook when it is made and a destroy callback when it is collected: about 4.5 of the ~130 CPU-seconds
// of a whole run (measured on two pairs of whole runs, with and without). Here the hook sees only the
// tests' own resources, which is what attaching a test() or describe() call to the test or suite whose
// callback is running needs; such late errors are attributed by this runner instead (see `attributed`):
// a process runs one test at a time, so an error nobody caught fails the test that is running (node:test
// adds a line saying it came "after the test ended": it no longer knows the test). An error that surfaces
// after its own test ended fails the test running then, or the file if none is; either way the run fails.
import { appendFileSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { COMPILED_TESTS_ENV, compiledFile } from "./compiled-env.js";

type Fn = (...args: unknown[]) => unknown;
type NodeTest = Record<string, Fn & Record<string, Fn>>;

const require = createRequire(import.meta.url);
const asyncHooks = require("node:async_hooks") as typeof import("node:async_hooks");
const createHook = asyncHooks.createHook;
// node:test makes its hook with the createHook it finds when it loads: it finds this one.
asyncHooks.createHook = ({ init }) =>
  createHook({
    init(asyncId, type, triggerAsyncId, resource) {
      if (type === "Test") init?.(asyncId, type, triggerAsyncId, resource);
    },
  });
const nodeTest = require("node:test") as NodeTest;
asyncHooks.createHook = createHook;
const REGISTERS = ["test", "it", "describe", "suite", "before", "after", "beforeEach", "afterEach"] as const;
/** The calls whose callback is a test's or a hook's body, which `attributed` wraps (a suite's runs at once). */
const BODIES = new Set<string>(["test", "it", "before", "after", "beforeEach", "afterEach"]);
const VARIANTS = ["skip", "todo", "only"] as const;
const real = Object.fromEntries(REGISTERS.map((name) => [name, nodeTest[name]])) as NodeTest;

/** Fails the test or hook that is running (there is at most one: see above) with an error nobody caught. */
let failRunning: ((error: unknown) => void) | undefined;
process.on("uncaughtException", (error) => failRunning?.(error));
process.on("unhandledRejection", (reason) => failRunning?.(reason));

/**
 * A test's or hook's body that fails with an error thrown anywhere while it runs, caught or not. A body
 * that takes node:test's `done` callback is left as it is.
 */
function attributed(body: unknown): unknown {
  if (typeof body !== "function" || body.length > 1) return body;
  const wrapped = function (this: unknown, ...args: unknown[]) {
    return new Promise((resolve, reject) => {
      const outer = failRunning;
      failRunning = reject;
      const done = () => (failRunning = outer);
      try {
        Promise.resolve(body.apply(this, args)).then(resolve, reject).finally(done);
      } catch (error) {
        done();
        reject(error);
      }
    });
  };
  return Object.defineProperty(wrapped, "length", { value: body.length });
}

/** Top-level calls of the file being imported; undefined when calls go straight to node:test. */
let recording: (() => unknown)[] | undefined;

function shim(name: (typeof REGISTERS)[number]): Fn {
  const through = (variant?: (typeof VARIANTS)[number]) =>
    function (this: unknown, ...given: unknown[]) {
      const args = BODIES.has(name) ? given.map(attributed) : given;
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
 * Runs the queue's files (paths relative to the repository) in this process until the queue is empty,
 * each compiled, from `compiled` (test/compile.ts); appends each file's CPU seconds (its own and its
 * child processes') to `cpuLog`.
 */
export async function runQueue(queue: string, cpuLog: string, compiled: string): Promise<void> {
  process.env[COMPILED_TESTS_ENV] = compiled;
  for (let entry = claim(queue); entry !== undefined; entry = claim(queue)) for (const file of entry) await runFile(file, cpuLog, compiled);
}

/** Runs one test file in this process as a suite named by it; appends its CPU seconds to `cpuLog`. */
async function runFile(file: string, cpuLog: string, compiled: string): Promise<void> {
  const cpuBefore = cpuSeconds();
  const calls: (() => unknown)[] = [];
  recording = calls;
  try {
    await import(pathToFileURL(compiledFile(compiled, file)).href);
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
