// Shared by the maintainer-command tests: where Panther's reference is, and running a command as a
// child process the way `npm run` does (through tsx), from any working directory.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { COMPILED_TESTS_ENV, compiledFile } from "../compiled-env.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Panther's published schema and OpenAPI spec: ../shared/reference next to the project (PANTHER_REFERENCE_DIR overrides). */
export const REFERENCE_DIR = resolve(process.env.PANTHER_REFERENCE_DIR ?? join(ROOT, "..", "shared", "reference"));
export const REFERENCE_FILES = ["panther-schema.graphql", "panther-rest-openapi.yaml"];

/**
 * Whether tests that need the reference can run. Missing reference: a skip on a laptop, a failure
 * under CI=true (a check that silently skips in CI proves nothing).
 */
export function referenceStatus(dir: string, env: NodeJS.ProcessEnv): { skip: string | false; fail?: string } {
  const missing = REFERENCE_FILES.filter((f) => !existsSync(join(dir, f)));
  if (!missing.length) return { skip: false };
  const why = `Panther's reference is missing: ${missing.map((f) => join(dir, f)).join(", ")}`;
  return env.CI === "true" ? { skip: false, fail: `${why} (CI=true: the reference is required)` } : { skip: why };
}

const TSX = import.meta.resolve("tsx");

/**
 * Node arguments that run the test file `source` (relative to ROOT) on its own under node:test, from the
 * compiled copy of our sources that this test process runs (test/compile.ts), or else through tsx.
 */
export function testFileArgs(source: string): string[] {
  const compiled = process.env[COMPILED_TESTS_ENV];
  const test = ["--test", "--test-reporter=tap"];
  return compiled ? [...test, compiledFile(compiled, source)] : ["--import", TSX, ...test, join(ROOT, source)];
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a generator/ script as `npm run` would (tsx), in `cwd`, with only PATH and `env` inherited. */
export function runScript(script: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const child = spawn(process.execPath, ["--import", TSX, join(ROOT, script), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? "", ...opts.env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/**
 * Runs a command's exported `main` in this process, with the environment runScript gives the child
 * (only PATH and `env`): the same exit code and output, without a process and tsx per case. Each
 * test file keeps a runScript run or two for the wiring (argv, exit code, stdout and stderr).
 */
export async function runMain(
  main: (argv: string[], env: NodeJS.ProcessEnv) => Promise<{ code: number; stdout: string; stderr: string }>,
  args: string[],
  opts: { env?: Record<string, string> } = {},
): Promise<Run> {
  return main(args, { PATH: process.env.PATH ?? "", ...opts.env });
}

/** `line:col` of the first line of `text` matching `pattern` (col = where the match starts), 1-based. */
export function lineCol(text: string, pattern: RegExp): string {
  const lines = text.split("\n");
  const index = lines.findIndex((l) => pattern.test(l));
  if (index < 0) throw new Error(`no line matches ${pattern}`);
  return `${index + 1}:${lines[index].search(pattern) + 1}`;
}
