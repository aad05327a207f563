// Loads the project's SDL (schema/*.graphql) into an executable graphql-js schema.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, type GraphQLSchema } from "graphql";

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

export interface LoadedSchema {
  schema: GraphQLSchema;
  /** Root fields (Query/Mutation) marked @rest: they exist only in Panther's REST API. */
  restFields: Map<string, string>;
}

let cached: LoadedSchema | undefined;

export function loadSchema(): LoadedSchema {
  if (cached) return cached;
  const dir = join(packageRoot(), "schema");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".graphql"))
    .sort();
  const sdl = files.map((f) => readFileSync(join(dir, f), "utf8")).join("\n");
  const schema = buildSchema(sdl);
  const restFields = new Map<string, string>();
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const rest = field.astNode?.directives?.find((d) => d.name.value === "rest");
      if (!rest) continue;
      const arg = (name: string) => rest.arguments?.find((a) => a.name.value === name)?.value;
      const method = arg("method");
      const path = arg("path");
      const describe = `${method && "value" in method ? String(method.value) : "GET"} ${path && "value" in path ? String(path.value) : "?"}`;
      restFields.set(field.name, describe);
    }
  }
  cached = { schema, restFields };
  return cached;
}
