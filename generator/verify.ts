import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type ts from "typescript";
import { diagnosticAtPath, type Diagnostic } from "./diagnostics.js";
import type { GeneratedFiles } from "./generate.js";

/**
 * Type-checks generated files in memory, against the real runtime in src/runtime and the project's
 * tsconfig, before anything is written: a generator bug fails `npm run generate`, not the build after it.
 * One TypeScript program for all files (the runtime and libraries are read and bound once), no emit,
 * library .d.ts files not checked: the cost is the generated code itself.
 * Node's own types are left out (`types: []`): generated code uses none of Node's globals, and reading
 * @types/node doubled the time of this check. The build (`tsc -p .`) still checks everything with them.
 */
export function verifyCompiles(root: string, files: GeneratedFiles): Diagnostic[] {
  // Loaded here, through require: `generate --check` never needs it, and importing this CommonJS
  // package from ESM makes Node scan its 9 MB for named exports first.
  const ts = createRequire(import.meta.url)("typescript") as typeof import("typescript");
  const configPath = join(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    sourceMap: false,
    declaration: false,
    incremental: false,
    composite: false,
  };
  const outDir = join(root, "generated");
  const inMemory = new Map([...files].map(([path, content]) => [join(outDir, path), content]));
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  // Only the generated files come from memory; a stale generated/ on disk is never read.
  const isGenerated = (file: string) => file.startsWith(`${outDir}/`);
  host.fileExists = (file) => (isGenerated(file) ? inMemory.has(file) : fileExists(file));
  // A new toolset's folder exists only in memory until generate writes it.
  const folders = new Set([...inMemory.keys()].flatMap((file) => ancestorsWithin(file, outDir)));
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) =>
    folders.has(dir.replace(/\/$/, "")) || (isGenerated(`${dir}/`) ? false : (directoryExists?.(dir) ?? true));
  host.readFile = (file) => (isGenerated(file) ? inMemory.get(file) : readFile(file));
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    const text = isGenerated(file) ? inMemory.get(file) : undefined;
    if (text !== undefined) return ts.createSourceFile(file, text, language, true);
    return isGenerated(file) ? undefined : getSourceFile(file, language, onError, shouldCreate);
  };
  const program = ts.createProgram({ rootNames: [...inMemory.keys()], options, host });
  const problems: Diagnostic[] = [];
  for (const file of inMemory.keys()) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      problems.push({
        file: `generated/${file.slice(outDir.length + 1)}`,
        line: line + 1,
        column: character + 1,
        message: `does not compile (generator bug): ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      });
    }
  }
  for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    // Options and global problems have no position in a file.
    problems.push(diagnosticAtPath("tsconfig.json", `does not compile: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`));
  }
  return problems;
}

/** The folders between `root` (included) and `file`. */
function ancestorsWithin(file: string, root: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(file); dir.length >= root.length; dir = dirname(dir)) out.push(dir);
  return out;
}
