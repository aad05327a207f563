// Stands in for the SDK's "@modelcontextprotocol/server/_shims" in the bundled build (scripts/build.mjs).
// The SDK's Node shim imports its JSON Schema validator, which evaluates three bundled ajv engines as
// it loads (about a third of the SDK's code), though the server only validates a JSON Schema when a
// client answers an elicitation (confirming a write). Here the same validator (the SDK's own, from its
// CommonJS build) is loaded on the first schema it is asked to check; until then nothing of ajv runs.
import { createRequire } from "node:module";
import process from "node:process";
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/server";

type Provider = { getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> };

let loaded: (new () => Provider) | undefined;

/** The SDK's AjvJsonSchemaValidator, built on first use. */
export class DefaultJsonSchemaValidator implements jsonSchemaValidator {
  private inner: Provider | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    loaded ??= (
      createRequire(import.meta.url)("@modelcontextprotocol/server/validators/ajv") as { AjvJsonSchemaValidator: new () => Provider }
    ).AjvJsonSchemaValidator;
    this.inner ??= new loaded();
    return this.inner.getValidator<T>(schema);
  }
}

export { process };
