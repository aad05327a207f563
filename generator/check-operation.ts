// Stage 1 of an operation: is it valid GraphQL against the schema, and does it keep the project's rules
// for an operation file (one query or mutation, named after its file, with a valid tool name)?
import {
  FieldsOnCorrectTypeRule,
  GraphQLError,
  Kind,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  specifiedRules,
  validate,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { checkDirectiveUses } from "./annotations.js";
import { diagnosticAt, fromGraphqlError, type Diagnostic } from "./diagnostics.js";
import type { LoadedOperation } from "./load.js";
import { pascalCase, toolNameProblems } from "./names.js";

/**
 * A graphql-js rule whose errors pass through `amend`, which sees the validation context as it was when
 * the error was raised (the type and field being checked) and returns the error to report, or none.
 */
function amended(
  rule: ValidationRule,
  amend: (error: GraphQLError, context: ValidationContext) => GraphQLError | undefined,
): ValidationRule {
  return (context) => {
    const reporting: ValidationContext = Object.create(context);
    reporting.reportError = (error) => {
      const out = amend(error, context);
      if (out) context.reportError(out);
    };
    return rule(reporting);
  };
}

const withText = (error: GraphQLError, more: string) => new GraphQLError(`${error.message} ${more}`, { nodes: error.nodes });

/** graphql-js names the valid fields only when one looks like a typo: list them all. */
const fieldsOnCorrectType = amended(FieldsOnCorrectTypeRule, (error, context) => {
  const type = context.getParentType();
  if (!type || !("getFields" in type)) return error;
  return withText(error, `Fields of ${type.name}: ${Object.keys(type.getFields()).join(", ")}.`);
});

/**
 * Field arguments get the full list of valid ones. Arguments of directives are left to
 * checkDirectiveUses, which names the choices; graphql-js would also call an unknown argument of a
 * directive on a field an unknown argument of that field.
 */
const knownArgumentNames = amended(KnownArgumentNamesRule, (error, context) => {
  if (context.getDirective()) return undefined;
  const field = context.getFieldDef();
  const parent = context.getParentType();
  if (!field || !parent) return undefined;
  return withText(error, `Arguments of ${parent.name}.${field.name}: ${field.args.map((a) => a.name).join(", ") || "none"}.`);
});

const RULES: readonly ValidationRule[] = specifiedRules
  .filter((rule) => rule !== KnownDirectivesRule)
  .map((rule) => (rule === FieldsOnCorrectTypeRule ? fieldsOnCorrectType : rule === KnownArgumentNamesRule ? knownArgumentNames : rule));

/**
 * Checks one loaded operation file. Returns its operation unless there is not exactly one query or
 * mutation; other problems are added to `problems` and the operation is still returned, so that its
 * annotation can be checked in the same run.
 */
export function checkOperation(
  schema: GraphQLSchema,
  loaded: LoadedOperation,
  problems: Diagnostic[],
): OperationDefinitionNode | undefined {
  const { document } = loaded;
  checkDirectiveUses(schema, document, problems);
  for (const error of validate(schema, document, RULES)) problems.push(fromGraphqlError(error));
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) {
    // At the second operation, or at what the file holds instead of one (an empty file does not parse).
    const at = operations[1] ?? document.definitions[0];
    problems.push(diagnosticAt(at, `a file holds exactly one operation; found ${operations.length}`));
    return undefined;
  }
  const op = operations[0];
  if (op.operation === "subscription") {
    problems.push(diagnosticAt(op, "subscriptions cannot be tools; use a query or a mutation"));
    return undefined;
  }
  const nameProblems = toolNameProblems(loaded.name);
  for (const message of nameProblems) problems.push(diagnosticAt(op, message));
  const expected = pascalCase(loaded.name);
  // The operation name is derived from the file name, so it is only checked once the file name is valid.
  if (nameProblems.length === 0 && op.name?.value !== expected) {
    const found = op.name ? ` (found ${op.name.value})` : "";
    problems.push(diagnosticAt(op.name ?? op, `operation must be named ${expected} to match its file ${loaded.name}.graphql${found}`));
  }
  return op;
}
