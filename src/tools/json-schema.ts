import { z } from "zod";
import type { JsonSchemaObject } from "../runtime/tool.js";

/** The JSON Schema clients are shown for a hand-written tool's zod input (root is an object). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchemaObject {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  if (json.type !== "object" || typeof json.properties !== "object") throw new Error("tool input must be an object schema");
  return json as JsonSchemaObject;
}
