// Loader hooks of module-recorder.mjs: run on the loader thread, append one line per loaded module.
import { appendFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import process from "node:process";

let file;
let origin = 0;

export function initialize(data) {
  file = data.file;
  origin = data.origin;
}

export async function load(url, context, nextLoad) {
  if (file) appendFileSync(file, `${process.pid} ${(performance.timeOrigin + performance.now() - origin).toFixed(1)} load ${url}\n`);
  return nextLoad(url, context);
}
