import { checkSync, type Diagnostics } from "recheck";
import { jsString } from "./names.js";

/** Longest a fuzzing check may take before the pattern is refused as not provably safe. */
const FUZZ_TIMEOUT_MS = 10_000;
const cache = new Map<string, string | undefined>();

/**
 * What is wrong with an @arg(pattern:), or undefined when it is fine: it must be a valid JavaScript
 * regular expression with the u flag (as JSON Schema validators compile it), and must not backtrack
 * catastrophically (checked with recheck: its automaton checker, which is exact and deterministic;
 * what it cannot analyse, e.g. look-around and back-references, goes to its fuzzer with a fixed seed).
 */
export function patternProblem(pattern: string): string | undefined {
  if (!cache.has(pattern)) cache.set(pattern, check(pattern));
  return cache.get(pattern);
}

function check(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: /, "");
    return `pattern ${jsString(pattern)} is not a valid JavaScript regular expression (u flag): ${why}`;
  }
  let result = run(pattern, "automaton");
  if (result.status === "unknown" && result.error.kind !== "invalid") result = run(pattern, "fuzz");
  if (result.status === "safe") return undefined;
  if (result.status === "vulnerable") {
    return (
      `pattern ${jsString(pattern)} is open to catastrophic backtracking: ${result.complexity.type} time on input such as ` +
      `${result.attack.pattern}. Rewrite it so that no text can be matched in more than one way ` +
      `(no nested or overlapping repetition such as (a+)+ or (a|a)*)`
    );
  }
  const why =
    result.error.kind === "timeout"
      ? `could not be shown safe within ${FUZZ_TIMEOUT_MS / 1000} s`
      : `could not be checked (${"message" in result.error ? result.error.message : result.error.kind})`;
  return `pattern ${jsString(pattern)} ${why} for catastrophic backtracking; simplify it`;
}

function run(pattern: string, checker: "automaton" | "fuzz"): Diagnostics {
  // The pure-JS backend runs in this thread: no worker, no native binary, same answer everywhere.
  const previous = process.env.RECHECK_SYNC_BACKEND;
  process.env.RECHECK_SYNC_BACKEND = "pure";
  try {
    return checkSync(pattern, "u", { checker, randomSeed: 1, timeout: checker === "fuzz" ? FUZZ_TIMEOUT_MS : null });
  } finally {
    if (previous === undefined) delete process.env.RECHECK_SYNC_BACKEND;
    else process.env.RECHECK_SYNC_BACKEND = previous;
  }
}
