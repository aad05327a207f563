// After `npm run test:build`: marks every built file of src/ and generated/ as new as now. tsc builds
// incrementally there and rewrites only the outputs whose source changed, so a source touched without a
// change (a checkout, an editor's save) would leave its unchanged output older than itself, and the e2e
// harness (builtAndFresh) would take the build for stale. Once tsc has succeeded, every output is current.
import { readdirSync, utimesSync } from "node:fs";
import { join } from "node:path";

const now = new Date();
const stamp = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) stamp(path);
    else if (entry.name.endsWith(".js")) utimesSync(path, now, now);
  }
};
for (const dir of ["dist/src", "dist/generated"]) stamp(dir);
