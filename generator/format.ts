import { readFileSync } from "node:fs";
import { createFromBuffer, type Formatter } from "@dprint/formatter";
import { getPath } from "@dprint/typescript";

// dprint's TypeScript plugin (WASM) formats the generated files. Chosen over prettier by measuring
// both on generated/ in one run: several times faster, with no warm-up per file, so formatting stops
// being a per-operation cost that grows with the API (issue 7, goal 6). Its settings follow the
// hand-written sources' prettier settings where the two overlap.
const GLOBAL = { lineWidth: 120, indentWidth: 2, useTabs: false, newLineKind: "lf" } as const;
const TYPESCRIPT = {
  quoteStyle: "preferDouble",
  quoteProps: "asNeeded",
  semiColons: "always",
  trailingCommas: "onlyMultiLine",
  "arrowFunction.useParentheses": "force",
  "module.sortImportDeclarations": "maintain",
  "importDeclaration.sortNamedImports": "maintain",
};

let formatter: Formatter | undefined;

function load(): Formatter {
  if (!formatter) {
    formatter = createFromBuffer(readFileSync(getPath()));
    formatter.setConfig(GLOBAL, TYPESCRIPT);
    const problems = formatter.getConfigDiagnostics();
    if (problems.length > 0) throw new Error(`formatter settings: ${problems.map((p) => `${p.propertyName}: ${p.message}`).join("; ")}`);
  }
  return formatter;
}

/** Formats generated TypeScript so output is stable and readable in review. */
export function formatTypeScript(source: string, path: string): string {
  try {
    return load().formatText({ filePath: path.endsWith(".ts") ? path : `${path}.ts`, fileText: source });
  } catch (error) {
    throw new Error(`generated ${path} is not valid TypeScript (a generator bug): ${(error as Error).message}`, { cause: error });
  }
}
