import { toolJsonSchema } from "../runtime/json-schema.js";
import type { JsonSchemaObject } from "../runtime/tool.js";

/**
 * The JSON Schema clients are shown for a hand-written tool's zod input: the same derivation generated
 * tools use (toolJsonSchema: zod's export, dateTime() formats, no `type` beside `enum`, stable key order).
 */
export function jsonSchemaOf(schema: { readonly _zod: unknown }): JsonSchemaObject {
  return toolJsonSchema(schema);
}
