// Loads the project's SDL (schema/*.graphql) into an executable graphql-js schema, once, on the
// first GraphQL request (graphql-api.ts is the only importer).
import { buildSchema, type GraphQLSchema } from "graphql";
import { readSdl } from "./schema-files.js";

export interface LoadedSchema {
  schema: GraphQLSchema;
  /** Root fields (Query/Mutation) marked @rest: they exist only in Panther's REST API. */
  restFields: Map<string, string>;
}

let cached: LoadedSchema | undefined;

export function loadSchema(): LoadedSchema {
  if (cached) return cached;
  const schema = buildSchema(readSdl());
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
