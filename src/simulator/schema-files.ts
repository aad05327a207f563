// Finds and reads the project's SDL (schema/*.graphql) without graphql-js, so the simulator can check
// at start that its schema is there and leave parsing it to the first GraphQL request.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest directory at or above this module that holds package.json (works from src/ and dist/src/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("panther-mcp simulator: package.json not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The SDL of every schema/*.graphql file, in name order; throws when there is none. */
export function readSdl(): string {
  const dir = join(packageRoot(), "schema");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort();
  if (files.length === 0) throw new Error(`panther-mcp simulator: no .graphql files in ${dir}`);
  return files.map((f) => readFileSync(join(dir, f), "utf8")).join("\n");
}
