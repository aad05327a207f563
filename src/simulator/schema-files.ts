// Finds and reads the project's SDL (schema/*.graphql) without graphql-js, so the simulator can check
// at start that its schema is there and leave parsing it to the first GraphQL request.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../package-root.js";

/** The SDL of every schema/*.graphql file, in name order; throws when there is none. */
export function readSdl(): string {
  const dir = join(packageRoot(), "schema");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort();
  if (files.length === 0) throw new Error(`panther-mcp simulator: no .graphql files in ${dir}`);
  return files.map((f) => readFileSync(join(dir, f), "utf8")).join("\n");
}
