import { getLocation, type ASTNode, type Source } from "graphql";
import { compareText } from "./names.js";

/** A problem found while generating, reported as `file:line:col: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function diagnosticAt(node: ASTNode | undefined, fallbackFile: string, message: string): Diagnostic {
  const loc = node?.loc;
  if (!loc) return { file: fallbackFile, line: 1, column: 1, message };
  const source: Source = loc.source;
  const { line, column } = getLocation(source, loc.start);
  return { file: source.name, line, column, message };
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** Sorted by file, then position, so the report is stable. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.message, b.message),
  );
}

/** Thrown by the core when the input has problems; carries every one of them. */
export class GenerateError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(sortDiagnostics(diagnostics).map(formatDiagnostic).join("\n"));
  }
}
