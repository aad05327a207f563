// Entry of the type check worker: a worker thread does not inherit the main thread's TypeScript loader
// on Node 20, so it registers tsx itself before loading the worker's code.
import { register } from "tsx/esm/api";

register();
await import("./typecheck-worker.ts");
