// graphql-codegen configuration for the TypeScript types of every operation's variables and result.
// `npm run generate` runs it in-process (generator/generate.ts) so its output is formatted and
// drift-checked with the rest of generated/; `npx graphql-codegen --config codegen.ts` works too.
import type { CodegenConfig } from "@graphql-codegen/cli";
import { codegenScalars } from "./generator/scalars.js";

/** Options of the typescript-operations plugin. */
export const operationTypesConfig = {
  scalars: codegenScalars(),
  enumType: "string-literal",
  avoidOptionals: false,
  skipTypename: true,
  useTypeImports: true,
  strictScalars: true,
} as const;

const config: CodegenConfig = {
  schema: "schema/*.graphql",
  documents: "operations/**/*.graphql",
  generates: {
    "generated/types.ts": { plugins: ["typescript-operations"], config: operationTypesConfig },
  },
};

export default config;
