import * as prettier from "prettier";

// filepath tells prettier the file is .ts (not .tsx): without it prettier scans the whole text with a
// JSX-guessing regex first, which cost more than the formatting itself on a large types.ts.
const OPTIONS: prettier.Options = { parser: "typescript", printWidth: 120, endOfLine: "lf" };

/** Formats generated TypeScript so output is stable and readable in review. */
export async function formatTypeScript(source: string, path: string): Promise<string> {
  try {
    return await prettier.format(source, { ...OPTIONS, filepath: path.endsWith(".ts") ? path : `${path}.ts` });
  } catch (error) {
    throw new Error(`generated ${path} is not valid TypeScript (a generator bug): ${(error as Error).message}`, { cause: error });
  }
}
