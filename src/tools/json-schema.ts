import type { z } from "zod";
import { exportJsonSchema } from "../runtime/json-schema.js";
import type { JsonSchemaObject } from "../runtime/tool.js";

/**
 * The JSON Schema clients are shown for a hand-written tool's zod input (root is an object): zod's
 * export as it stands. Generated tools list toolJsonSchema's token-lean form of the same export.
 */
export function jsonSchemaOf(schema: z.ZodType): JsonSchemaObject {
  return exportJsonSchema(schema);
}
