import * as prettier from "prettier";

const OPTIONS: prettier.Options = { parser: "typescript", printWidth: 120, endOfLine: "lf" };

/** Formats generated TypeScript so output is stable and readable in review. */
export async function formatTypeScript(source: string, path: string): Promise<string> {
  try {
    return await prettier.format(source, OPTIONS);
  } catch (error) {
    throw new Error(`generated ${path} is not valid TypeScript (a generator bug): ${(error as Error).message}`, { cause: error });
  }
}
