import {
  buildASTSchema,
  GraphQLError,
  isScalarType,
  isSpecifiedScalarType,
  Kind,
  parse,
  Source,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { diagnosticAt, type Diagnostic } from "./diagnostics.js";
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

function fromGraphqlError(error: GraphQLError, file: string): Diagnostic {
  const location = error.locations?.[0];
  if (location) return { file: error.source?.name ?? file, line: location.line, column: location.column, message: error.message };
  return diagnosticAt(error.nodes?.[0], file, error.message);
}

/** Parses every schema file and builds one schema from them. */
export function loadSchema(files: InputFile[], problems: Diagnostic[]): LoadedSchema | undefined {
  const definitions: DefinitionNode[] = [];
  for (const file of files) {
    try {
      definitions.push(...parse(new Source(file.text, file.path)).definitions);
    } catch (error) {
      if (error instanceof GraphQLError) problems.push(fromGraphqlError(error, file.path));
      else throw error;
    }
  }
  if (problems.length > 0) return undefined;
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  try {
    const schema = buildASTSchema(document);
    checkScalarMappings(schema, files[0]?.path ?? "schema", problems);
    return { schema, document };
  } catch (error) {
    const first = files[0]?.path ?? "schema";
    for (const message of String((error as Error).message).split("\n\n")) {
      problems.push({ file: first, line: 1, column: 1, message: `schema: ${message}` });
    }
    return undefined;
  }
}

/**
 * Every custom scalar in the schema needs a mapping, used or not: the operation types are generated
 * with strict scalars, which refuses any unmapped one.
 */
function checkScalarMappings(schema: GraphQLSchema, fallbackFile: string, problems: Diagnostic[]): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isScalarType(type) || isSpecifiedScalarType(type) || SCALARS[type.name]) continue;
    const message = `scalar ${type.name} has no mapping; add it to generator/scalars.ts (mapped: ${Object.keys(SCALARS).join(", ")})`;
    problems.push(diagnosticAt(type.astNode?.name, fallbackFile, message));
  }
}

const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;

/** Parses the operation files; the folder is the toolset, the file name the tool name. */
export function loadOperations(files: InputFile[], problems: Diagnostic[]): LoadedOperation[] {
  const loaded: LoadedOperation[] = [];
  for (const file of files) {
    const parts = file.path.split("/");
    const at = { file: file.path, line: 1, column: 1 };
    if (parts.length !== 3 || parts[0] !== "operations" || !parts[2].endsWith(".graphql")) {
      problems.push({ ...at, message: "operation files live at operations/<toolset>/<tool_name>.graphql" });
      continue;
    }
    const toolset = parts[1];
    const name = parts[2].slice(0, -".graphql".length);
    if (toolset === "prompts")
      problems.push({ ...at, message: 'toolset folder "prompts" is reserved: generated/prompts/ holds the prompts' });
    if (!NAME_PATTERN.test(toolset)) {
      problems.push({
        ...at,
        message: `toolset folder "${toolset}" must be snake_case: a lowercase letter, then lowercase letters, digits or underscores (^[a-z][a-z0-9_]*$)`,
      });
    }
    try {
      loaded.push({ file: file.path, toolset, name, document: parse(new Source(file.text, file.path)) });
    } catch (error) {
      if (error instanceof GraphQLError) problems.push(fromGraphqlError(error, file.path));
      else throw error;
    }
  }
  return loaded;
}

export { fromGraphqlError };
