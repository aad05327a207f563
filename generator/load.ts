import {
  buildASTSchema,
  GraphQLError,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  parse,
  Source,
  validate,
  validateSchema,
  ValuesOfCorrectTypeRule,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
// graphql-js checks SDL with this before building a schema, but buildASTSchema throws its findings as one
// plain Error; called directly, it returns each as a GraphQLError with its own file and position.
import { validateSDL } from "graphql/validation/validate.js";
import { diagnosticAt, diagnosticAtFile, diagnosticAtPath, fromGraphqlError, placeOf, type Diagnostic } from "./diagnostics.js";
import { snakeCaseProblem } from "./names.js";
import { SCALARS } from "./scalars.js";

/** A file handed to the generator: path relative to the project root (posix), and its text. */
export interface InputFile {
  path: string;
  text: string;
}

export interface LoadedSchema {
  schema: GraphQLSchema;
  document: DocumentNode;
}

export interface LoadedOperation {
  file: string;
  toolset: string;
  name: string;
  document: DocumentNode;
}

/** Parses one file; a syntax error becomes a diagnostic at its position. */
function parseFile(file: InputFile, problems: Diagnostic[]): DocumentNode | undefined {
  try {
    return parse(new Source(file.text, file.path));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    problems.push(fromGraphqlError(error));
    return undefined;
  }
}

/**
 * A schema error at the first place graphql-js names, with the others it names after it: a type
 * declared twice is reported at one declaration and names the other, which may be in another file.
 */
function schemaDiagnostic(error: GraphQLError): Diagnostic {
  const d = fromGraphqlError(error);
  const others = (error.nodes ?? [])
    .map((node) => placeOf(node))
    .filter((p) => p.file !== d.file || p.line !== d.line || p.column !== d.column)
    .map((p) => `${p.file}:${p.line}:${p.column}`);
  return others.length ? { ...d, message: `${d.message} Also at ${[...new Set(others)].join(", ")}.` } : d;
}

/**
 * Parses every schema file and builds one schema from them, checked in graphql-js's own stages, each
 * problem at its own file and position: the SDL (unknown or repeated types, directives and their
 * arguments), the schema (interfaces implemented, unions of object types, ...), and the values given to
 * directives in it. Undefined when any of them fails.
 */
export function loadSchema(files: InputFile[], problems: Diagnostic[]): LoadedSchema | undefined {
  const before = problems.length;
  const definitions: DefinitionNode[] = [];
  for (const file of files) definitions.push(...(parseFile(file, problems)?.definitions ?? []));
  if (problems.length > before) return undefined;
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  for (const error of validateSDL(document)) problems.push(schemaDiagnostic(error));
  if (problems.length > before) return undefined;
  const schema = buildASTSchema(document, { assumeValidSDL: true });
  if (!schema.getQueryType() && !schema.astNode) {
    // The one schema problem with no place of its own (without a `schema { }` block): it concerns the folder.
    const folder = files[0]?.path.split("/").slice(0, -1).join("/") || "schema";
    problems.push(diagnosticAtPath(`${folder}/`, "no file declares type Query; a schema needs one, even if only mutations are used"));
    return undefined;
  }
  for (const error of validateSchema(schema)) problems.push(schemaDiagnostic(error));
  if (problems.length > before) return undefined;
  // SDL validation leaves the values given to directives unchecked (e.g. @trusted(why: 3)); operations get this rule too.
  for (const error of validate(schema, document, [ValuesOfCorrectTypeRule])) problems.push(fromGraphqlError(error));
  if (problems.length > before) return undefined;
  checkScalarMappings(schema, problems);
  return { schema, document };
}

/**
 * Every custom scalar in the schema needs a mapping, used or not: the operation types are generated
 * with strict scalars, which refuses any unmapped one.
 */
function checkScalarMappings(schema: GraphQLSchema, problems: Diagnostic[]): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isScalarType(type) || isSpecifiedScalarType(type) || SCALARS[type.name] || !type.astNode) continue;
    const message = `scalar ${type.name} has no mapping; add it to generator/scalars.ts (mapped: ${Object.keys(SCALARS).join(", ")})`;
    problems.push(diagnosticAt(type.astNode.name, message));
  }
}

/**
 * Parses the operation files; the folder is the toolset, the file name the tool name. Problems with a
 * file's path are reported at the file itself (its first character).
 */
export function loadOperations(files: InputFile[], problems: Diagnostic[]): LoadedOperation[] {
  const loaded: LoadedOperation[] = [];
  for (const file of files) {
    const parts = file.path.split("/");
    const atFile = (message: string) => problems.push(diagnosticAtFile(file.path, message));
    if (parts.length !== 3 || parts[0] !== "operations" || !parts[2].endsWith(".graphql")) {
      atFile("operation files live at operations/<toolset>/<tool_name>.graphql");
      continue;
    }
    const toolset = parts[1];
    const name = parts[2].slice(0, -".graphql".length);
    if (toolset === "prompts") atFile('toolset folder "prompts" is reserved: generated/prompts/ holds the prompts');
    const casing = snakeCaseProblem(`toolset folder "${toolset}"`, toolset);
    if (casing) atFile(casing);
    const document = parseFile(file, problems);
    if (document) loaded.push({ file: file.path, toolset, name, document });
  }
  return loaded;
}
