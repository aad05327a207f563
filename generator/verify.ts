import { Project, ts } from "ts-morph";
import { join } from "node:path";
import type { Diagnostic } from "./diagnostics.js";
import type { GeneratedFiles } from "./generate.js";

/**
 * Type-checks generated files in memory, against the real runtime in src/runtime and the project's
 * tsconfig, before anything is written: a generator bug fails `npm run generate`, not the build after it.
 */
export function verifyCompiles(root: string, files: GeneratedFiles): Diagnostic[] {
  const project = new Project({ tsConfigFilePath: join(root, "tsconfig.json"), skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths(join(root, "src/runtime/*.ts"));
  const generated = [...files].map(([path, content]) =>
    project.createSourceFile(join(root, "generated", path), content, { overwrite: true }),
  );
  const problems: Diagnostic[] = [];
  for (const file of generated) {
    for (const d of file.getPreEmitDiagnostics()) {
      const start = d.getStart() ?? 0;
      const { line, column } = file.getLineAndColumnAtPos(start);
      const message = ts.flattenDiagnosticMessageText(d.getMessageText() as string | ts.DiagnosticMessageChain, " ");
      problems.push({
        file: `generated/${file.getFilePath().slice(join(root, "generated").length + 1)}`,
        line,
        column,
        message: `does not compile (generator bug): ${message}`,
      });
    }
  }
  return problems;
}
