// Stage 3 of an operation: its variables become the tool's arguments (name, validator, JSON Schema).
import {
  getNamedType,
  Kind,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
  type VariableDefinitionNode,
} from "graphql";
import { readArgAnnotation, type ArgAnnotation } from "./annotations.js";
import { diagnosticAt, placeOf, type Diagnostic } from "./diagnostics.js";
import { jsString, snakeCase } from "./names.js";
import { finishSchema, schemaForType, SchemaProblem } from "./zod.js";
import { isRelativeTime } from "../src/runtime/relative-time.js";

export interface ArgModel {
  /** snake_case name the model sees. */
  name: string;
  /** The operation variable it fills. */
  variable: string;
  /** Its zod schema: the one source of what is enforced and what clients are shown. */
  zod: string;
  /** JS expression for a relative-time default applied at call time. */
  relativeDefault?: string;
  /** Runtime helpers (src/runtime) its zod source calls. */
  helpers: string[];
}

/**
 * The arguments of an operation that passed validation, one per variable. A tool's variables each
 * need @arg(description:); a client operation's may go without.
 */
export function buildArgs(schema: GraphQLSchema, op: OperationDefinitionNode, isTool: boolean, problems: Diagnostic[]): ArgModel[] {
  const args: ArgModel[] = [];
  const owners = new Map<string, VariableDefinitionNode>();
  for (const variable of op.variableDefinitions ?? []) {
    const annotation = readArgAnnotation(schema, variable);
    const varName = variable.variable.name.value;
    if (isTool && !annotation.description?.trim()) {
      problems.push(diagnosticAt(variable, `variable $${varName} needs @arg(description: "...") to be a tool argument`));
      continue;
    }
    const name = snakeCase(varName);
    const first = owners.get(name);
    if (first) {
      const where = placeOf(first);
      problems.push(
        diagnosticAt(
          variable,
          `$${varName} and $${first.variable.name.value} (at ${where.line}:${where.column}) both become the argument ${name}; rename one`,
        ),
      );
      continue;
    }
    owners.set(name, variable);
    try {
      args.push(buildArg(schema, variable, annotation));
    } catch (error) {
      if (!(error instanceof SchemaProblem)) throw error;
      const at = annotation.node?.arguments?.find((a) => a.name.value === error.argument)?.value ?? annotation.node ?? variable;
      problems.push(diagnosticAt(at, `$${varName}: ${error.message}`));
    }
  }
  return args;
}

/** One argument; throws SchemaProblem (naming the @arg argument at fault, if one is) when it cannot be built. */
function buildArg(schema: GraphQLSchema, variable: VariableDefinitionNode, annotation: ArgAnnotation): ArgModel {
  const varName = variable.variable.name.value;
  const built = schemaForType(variable.type, schema, annotation);
  const relative = relativeDefault(schema, variable, annotation);
  const nonNull = variable.type.kind === Kind.NON_NULL_TYPE;
  const type = typeFromAST(schema, variable.type) as GraphQLInputType | undefined;
  const finished = finishSchema(built, {
    nonNull,
    defaultValue: variable.defaultValue,
    description: annotation.description?.trim(),
    type,
  });
  if (annotation.unlisted) {
    if (nonNull && !variable.defaultValue)
      throw new SchemaProblem("a required argument cannot be unlisted: a model must see it", "unlisted");
    finished.zod += ".register(unlisted, {})";
    finished.helpers = [...(finished.helpers ?? []), "unlisted"];
  }
  return {
    name: snakeCase(varName),
    variable: varName,
    zod: finished.zod,
    relativeDefault: relative,
    helpers: finished.helpers ?? [],
  };
}

/** The JS expression of an @arg(defaultRelative:), checked against the variable it is on. */
function relativeDefault(schema: GraphQLSchema, variable: VariableDefinitionNode, annotation: ArgAnnotation): string | undefined {
  const relative = annotation.defaultRelative;
  if (relative === undefined) return undefined;
  const named = getNamedType(schema.getType(typeName(variable.type)) ?? undefined);
  if (!["DateTime", "Timestamp"].includes(named?.name ?? "")) {
    throw new SchemaProblem(`defaultRelative applies to DateTime or Timestamp arguments, not ${named?.name}`);
  }
  if (!isRelativeTime(relative)) {
    throw new SchemaProblem(`defaultRelative ${jsString(relative)} must be "now" or "now-<n><s|m|h|d|w>", e.g. "now-7d"`);
  }
  if (variable.type.kind === Kind.NON_NULL_TYPE || variable.defaultValue) {
    throw new SchemaProblem("defaultRelative needs a nullable variable without a GraphQL default");
  }
  return `relativeTime(${jsString(relative)})`;
}

function typeName(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : typeName(type.type);
}
