// The generator's type check, on a worker thread started before the generator loads its own modules: it
// loads TypeScript and parses the runtime and the libraries while the main thread generates. Meanwhile it
// checks the previous output (generated/ as it is on disk) as a guess, a file at a time: when the new output
// is the same text, that check is the answer; otherwise the guess is dropped where it is and the new files
// are checked in a program that reuses every parsed and bound file that did not change. Once the check is
// done it also counts tokens for the budgets.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { Diagnostic } from "./diagnostics.js";
import type { GeneratedFiles } from "./generate.js";
import { countTokens } from "./tokens.js";
import { createTypeChecker, type CheckSession } from "./verify.js";

export type WorkerRequest = { id: number; check: [string, string][] } | { id: number; count: string[] };
export interface WorkerAnswer {
  id: number;
  problems?: Diagnostic[];
  counts?: number[];
  error?: string;
}
export interface WorkerOptions {
  /** The project whose runtime and tsconfig the output is checked against. */
  root: string;
  /** The output directory whose files are the guess (absent: no guess). */
  previous: string;
  /** Files of the output that are not checked (written after the check). */
  skip: string[];
  /** Whether tokens will be counted (the budgets): the tokenizer then loads once the check is done. */
  tokens?: boolean;
}

const { root, previous, skip, tokens } = workerData as WorkerOptions;
const checker = createTypeChecker(root);

/** The output in `previous`, paths relative to it. */
async function previousOutput(previous: string): Promise<GeneratedFiles> {
  const entries = await readdir(previous, { recursive: true, withFileTypes: true }).catch(() => []);
  const files: GeneratedFiles = new Map();
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const path = relative(previous, join(entry.parentPath, entry.name)).split(sep).join("/");
    if (!skip.includes(path)) files.set(path, await readFile(join(previous, path), "utf8"));
  }
  return files;
}

function sameFiles(a: GeneratedFiles, b: GeneratedFiles): boolean {
  if (a.size !== b.size) return false;
  for (const [path, text] of a) if (b.get(path) !== text) return false;
  return true;
}

/**
 * The guess: the previous output, checked a file at a time until the real request comes. With no previous
 * output, a file importing the runtime is checked instead, so that the runtime and the libraries are
 * parsed and bound ahead all the same. (Checking this project's own generated/ instead, to warm the
 * checker up, was measured: it only took CPU from the main thread.)
 */
const RUNTIME_PROBE = new Map([["runtime-probe.ts", 'export * from "../src/runtime/index.js";\n']]);
let guess: { files: GeneratedFiles; session: CheckSession } | undefined;
let requested = false;
const guessed = (async () => {
  const files = await previousOutput(previous);
  if (files.size === 0) return void checker.check(RUNTIME_PROBE);
  guess = { files, session: checker.start(files) };
  while (!requested && guess.session.step()) await new Promise((resolve) => setImmediate(resolve));
})();

function check(files: GeneratedFiles): Diagnostic[] {
  if (guess && sameFiles(guess.files, files)) {
    // The same text as the previous output: finish its check (if the request came half-way) and answer.
    while (guess.session.step());
    return guess.session.problems;
  }
  return checker.check(files);
}

function answer(request: WorkerRequest): WorkerAnswer {
  if ("count" in request) return { id: request.id, counts: request.count.map(countTokens) };
  const problems = check(new Map(request.check));
  // The budgets are counted next: load the tokenizer while the main thread writes the files.
  if (tokens) setImmediate(() => countTokens(""));
  return { id: request.id, problems };
}

parentPort!.on("message", (request: WorkerRequest) => {
  requested = true;
  void guessed
    .then(() => parentPort!.postMessage(answer(request)))
    .catch((error: unknown) =>
      parentPort!.postMessage({ id: request.id, error: (error as Error).stack ?? String(error) } satisfies WorkerAnswer),
    );
});
