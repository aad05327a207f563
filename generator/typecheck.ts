// Starts the generator's type check on a worker thread (generator/typecheck-worker.ts), so that loading
// TypeScript and parsing the runtime overlap with generating.
import { Worker } from "node:worker_threads";
import type { Diagnostic } from "./diagnostics.js";
import type { GeneratedFiles } from "./generate.js";
import type { WorkerAnswer, WorkerOptions, WorkerRequest } from "./typecheck-worker.js";

export interface TypeCheckWorker {
  /** The problems of these files: the same answer verifyCompiles gives. */
  check(files: GeneratedFiles): Promise<Diagnostic[]>;
  /** o200k token counts of these texts. */
  count(texts: readonly string[]): Promise<number[]>;
  /** Stops the worker; called whatever happened. */
  close(): Promise<void>;
}

/** The worker's entry: the TypeScript sources through tsx, unless the bundled generator set its own. */
let workerEntry = new URL("./typecheck-worker.mjs", import.meta.url);

/** Used by the bundled generator (generator/bundle-entry.ts): its worker is bundled too. */
export function useWorkerEntry(entry: URL): void {
  workerEntry = entry;
}

export function startTypeCheck(options: WorkerOptions): TypeCheckWorker {
  const worker = new Worker(workerEntry, { workerData: options });
  const waiting = new Map<number, (answer: WorkerAnswer) => void>();
  let next = 0;
  let stopped: Error | undefined;
  const stop = (error: Error) => {
    stopped ??= error;
    for (const settle of waiting.values()) settle({ id: -1, error: stopped.message });
    waiting.clear();
  };
  worker.on("message", (answer: WorkerAnswer) => {
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  worker.on("error", stop);
  worker.on("exit", (code) => stop(new Error(`the type check worker stopped (exit ${code})`)));
  const ask = (request: Omit<WorkerRequest, "id">): Promise<WorkerAnswer> =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = next++;
      waiting.set(id, (answer) =>
        answer.error === undefined ? resolve(answer) : reject(new Error(`the type check failed: ${answer.error}`)),
      );
      worker.postMessage({ id, ...request });
    });
  return {
    check: async (files) => (await ask({ check: [...files] })).problems ?? [],
    count: async (texts) => (await ask({ count: [...texts] })).counts ?? [],
    async close() {
      await worker.terminate();
    },
  };
}
