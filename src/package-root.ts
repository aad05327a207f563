// Where the package's files are (package.json, schema/, dist/), found from the module that asks: this
// works from src/ (tsx), dist/src/ and a bundle chunk alike.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest directory at or above this module that holds package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("panther-mcp: package.json not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
