import { dirname, join } from "node:path";
import type ts from "typescript";
import { loadTypeScript } from "./load-typescript.js";
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
  return createTypeChecker(root).check(files);
}

/** Checks sets of generated files one after another, each against the same runtime and libraries. */
export interface TypeChecker {
  check(files: GeneratedFiles): Diagnostic[];
  /** A check done a file at a time (so that it can be dropped half-way); starting another drops it. */
  start(files: GeneratedFiles): CheckSession;
}

export interface CheckSession {
  /** Checks the next file; whether files are left. */
  step(): boolean;
  /** The problems found so far (all of them once step() has returned false). */
  readonly problems: Diagnostic[];
}

/**
 * The options generated code is checked with: `root`'s tsconfig.json (its language settings), no output,
 * and no global types (see above).
 */
export function generatedCheckOptions(api: typeof ts, root: string): ts.CompilerOptions {
  const configPath = join(root, "tsconfig.json");
  const config = api.readConfigFile(configPath, api.sys.readFile);
  const parsed = api.parseJsonConfigFileContent(config.config, api.sys, root, undefined, configPath);
  return {
    ...parsed.options,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    sourceMap: false,
    declaration: false,
    incremental: false,
    composite: false,
  };
}

/**
 * A checker that keeps what does not change between checks: every source file outside generated/ is read
 * and parsed once (and bound once: the next program reuses the bound files), and a generated file is
 * parsed again only when its text changed. The program of each check sees exactly the files it is given.
 */
export function createTypeChecker(root: string): TypeChecker {
  // Loaded here, not imported: `generate --check` never needs it, and importing this CommonJS package
  // from ESM makes Node scan its 9 MB for named exports first.
  const typescript = loadTypeScript(join(root, "node_modules", ".cache", "panther-mcp"));
  const ts = typescript.ts;
  const options = generatedCheckOptions(ts, root);
  const outDir = join(root, "generated");
  // Only the generated files come from memory; a stale generated/ on disk is never read.
  const isGenerated = (file: string) => file.startsWith(`${outDir}/`);
  const host = ts.createCompilerHost(options);
  // As tsc does: JSDoc in .ts files is parsed only where it can matter to type errors (@see, @link).
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const directoryExists = host.directoryExists?.bind(host);
  const parsedFiles = new Map<string, ts.SourceFile | undefined>();
  let inMemory = new Map<string, string>();
  let folders = new Set<string>();
  let previous: ts.Program | undefined;
  host.fileExists = (file) => (isGenerated(file) ? inMemory.has(file) : fileExists(file));
  // A new toolset's folder exists only in memory until generate writes it.
  host.directoryExists = (dir) =>
    folders.has(dir.replace(/\/$/, "")) || (isGenerated(`${dir}/`) ? false : (directoryExists?.(dir) ?? true));
  host.readFile = (file) => (isGenerated(file) ? inMemory.get(file) : readFile(file));
  host.getSourceFile = (file, language, onError, shouldCreate) => {
    if (isGenerated(file)) {
      const text = inMemory.get(file);
      if (text === undefined) return undefined;
      const known = parsedFiles.get(file);
      if (known?.text === text) return known;
      const fresh = ts.createSourceFile(file, text, language);
      parsedFiles.set(file, fresh);
      return fresh;
    }
    if (!parsedFiles.has(file)) parsedFiles.set(file, getSourceFile(file, language, onError, shouldCreate));
    return parsedFiles.get(file);
  };

  const start = (files: GeneratedFiles): CheckSession => {
    inMemory = new Map([...files].map(([path, content]) => [join(outDir, path), content]));
    folders = new Set([...inMemory.keys()].flatMap((file) => ancestorsWithin(file, outDir)));
    const program = ts.createProgram({ rootNames: [...inMemory.keys()], options, host, oldProgram: previous });
    previous = program;
    const problems: Diagnostic[] = [];
    const pending = [...inMemory.keys()];
    for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
      // Options and global problems have no position in a file.
      problems.push(diagnosticAtPath("tsconfig.json", `does not compile: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`));
    }
    return {
      problems,
      step() {
        const file = pending.shift();
        const source = file === undefined ? undefined : program.getSourceFile(file);
        if (file !== undefined && source) {
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
        if (pending.length > 0) return true;
        // A whole check has run: what V8 compiled for it is worth keeping for the next process.
        typescript.keepCache();
        return false;
      },
    };
  };
  return {
    start,
    check(files) {
      const session = start(files);
      while (session.step());
      return session.problems;
    },
  };
}

/** The folders between `root` (included) and `file`. */
function ancestorsWithin(file: string, root: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(file); dir.length >= root.length; dir = dirname(dir)) out.push(dir);
  return out;
}
