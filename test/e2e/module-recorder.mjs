// Records which modules a process loads, for the start-up import checks (test/e2e/startup-imports.test.ts,
// bench/startup.ts --imports). Loaded with `node --import <this file>` and MODULE_RECORD_FILE set:
// - every ESM load (and the entry of each CommonJS package imported from ESM) is appended to the file
//   by a loader hook, before the module runs, as "<pid> <ms since this process started> load <url>";
// - every worker thread and child process started is appended as "... thread <what>" / "... process <what>"
//   (a worker or a child with its own execArgv and env does not record its own loads);
// - when the first tools/list answer is written to stdout, the CommonJS modules loaded so far are
//   appended, then "<pid> <ms> answered tools/list".
import childProcess from "node:child_process";
import { appendFileSync } from "node:fs";
import { createRequire, register, syncBuiltinESMExports } from "node:module";
import { performance } from "node:perf_hooks";
import process from "node:process";
import workerThreads from "node:worker_threads";

const file = process.env.MODULE_RECORD_FILE;
if (file) {
  const origin = performance.timeOrigin;
  const stamp = () => (performance.timeOrigin + performance.now() - origin).toFixed(1);
  const note = (kind, what) =>
    appendFileSync(file, `${process.pid} ${stamp()} ${kind} ${String(what).replace(/\s+/g, "_").slice(0, 200)}\n`);
  register("./module-recorder-hooks.mjs", import.meta.url, { data: { file, origin } });

  const { Worker } = workerThreads;
  workerThreads.Worker = class RecordedWorker extends Worker {
    constructor(filename, options) {
      note("thread", options?.eval ? "eval" : filename);
      super(filename, options);
    }
  };
  for (const name of ["fork", "spawn", "exec", "execFile"]) {
    const original = childProcess[name];
    childProcess[name] = function (command, ...rest) {
      note("process", command);
      return original.call(this, command, ...rest);
    };
  }
  syncBuiltinESMExports();

  if (workerThreads.isMainThread) {
    const write = process.stdout.write;
    let answered = false;
    process.stdout.write = function (chunk, ...rest) {
      if (!answered && String(chunk).includes('"tools":[')) {
        answered = true;
        const cache = createRequire(import.meta.url).cache;
        const lines = Object.keys(cache).map((path) => `${process.pid} ${stamp()} require file://${path}\n`);
        appendFileSync(file, `${lines.join("")}${process.pid} ${stamp()} answered tools/list\n`);
      }
      return write.call(this, chunk, ...rest);
    };
  }
}
