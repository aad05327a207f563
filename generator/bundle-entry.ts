// Entry of the bundled generator (scripts/generate.mjs builds and runs it): the CLI, whose type check
// worker is the bundled one, and which registers tsx only if it goes on to read the registry (its
// modules are left out of the bundle: they load the project's runtime and tools as they are).
import { beforeTypeScriptImports } from "./ts-import.js";
import { useWorkerEntry } from "./typecheck.js";

export { main } from "./cli.js";

/** Points the CLI at the bundled worker, next to this bundle. */
export function setUp(bundleUrl: string): void {
  useWorkerEntry(new URL("./typecheck-worker.mjs", bundleUrl));
  beforeTypeScriptImports(async () => {
    const { register } = await import("tsx/esm/api");
    register();
  });
}
