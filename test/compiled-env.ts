// How the tests find the compiled copy of our sources that their test process runs (test/compile.ts):
// test/shared-process.ts names its folder in this environment variable, and test/e2e/harness.ts and
// test/maintainer/helpers.ts start programs from it.
import { join } from "node:path";

export const COMPILED_TESTS_ENV = "PANTHER_MCP_COMPILED_TESTS";

/** The JavaScript that the compiled copy in `compiled` holds for our source file `source` (relative to the project root). */
export function compiledFile(compiled: string, source: string): string {
  return join(compiled, source.replace(/\.ts$/, ".js"));
}
