// Records which modules a process loads, for the start-up import checks (test/e2e/startup-imports.test.ts,
// bench/startup.ts --imports). Loaded with `node --import <this file>` and MODULE_RECORD_FILE set:
// - every ESM load (and the entry of each CommonJS package imported from ESM) is appended to the file
//   by a loader hook, before the module runs, as "<pid> <ms since this process started> load <url>";
// - when the first tools/list answer is written to stdout, the CommonJS modules loaded so far are
//   appended, then "<pid> <ms> answered tools/list".
// Worker threads and forked processes that inherit the flag record into the same file.
import { appendFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { createRequire, register } from "node:module";
import { isMainThread } from "node:worker_threads";

const file = process.env.MODULE_RECORD_FILE;
if (file) {
  const origin = performance.timeOrigin;
  register("./module-recorder-hooks.mjs", import.meta.url, { data: { file, origin } });
  if (isMainThread) {
    const stamp = () => (performance.timeOrigin + performance.now() - origin).toFixed(1);
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
