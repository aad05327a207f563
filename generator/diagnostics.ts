import { getLocation, type ASTNode, type GraphQLError } from "graphql";
import { compareText } from "./names.js";

/**
 * A problem found while generating, reported as `file:line:col: message`. Line and column are 0 for a
 * problem with no position of its own (e.g. a type the schema lacks); it is then printed `file: message`.
 */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A position in an input file. */
export type Place = Omit<Diagnostic, "message">;

/**
 * Where a node of a parsed document is: the file it was read from (its Source's name), line and column.
 * Every document is parsed with locations, so a node without one is a generator bug.
 */
export function placeOf(node: ASTNode): Place {
  const loc = node.loc;
  if (!loc) throw new Error(`generator bug: a ${node.kind} node has no location`);
  const { line, column } = getLocation(loc.source, loc.start);
  return { file: loc.source.name, line, column };
}

export function diagnosticAt(node: ASTNode, message: string): Diagnostic {
  return { ...placeOf(node), message };
}

/** A problem with a file's path or name rather than its text: reported at the file's first character. */
export function diagnosticAtFile(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, message };
}

/**
 * A problem with no position of its own, about a file or a folder (`schema/`) as a whole: no file
 * declares `type Query`, a compiler option is wrong. Printed `path: message`.
 */
export function diagnosticAtPath(path: string, message: string): Diagnostic {
  return { file: path, line: 0, column: 0, message };
}

/** A graphql-js error at its first location (a node it names, or a syntax error's position), in that file. */
export function fromGraphqlError(error: GraphQLError): Diagnostic {
  const node = error.nodes?.find((n) => n.loc);
  if (node) return diagnosticAt(node, error.message);
  const [location] = error.locations ?? [];
  if (!location || !error.source) throw new Error(`generator bug: graphql-js reported "${error.message}" without a location`);
  return { file: error.source.name, line: location.line, column: location.column, message: error.message };
}

export function formatDiagnostic(d: Diagnostic): string {
  return d.line === 0 ? `${d.file}: ${d.message}` : `${d.file}:${d.line}:${d.column}: ${d.message}`;
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
