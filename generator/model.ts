import {
  visit,
  typeFromAST,
  type GraphQLInputType,
  type NamedTypeNode,
  getNamedType,
  Kind,
  specifiedRules,
  KnownDirectivesRule,
  validate,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { checkDirectiveUses, hasRedact, readArgAnnotation, readOperationAnnotation, stripProjectDirectives } from "./annotations.js";
import { diagnosticAt, type Diagnostic } from "./diagnostics.js";
import type { LoadedOperation } from "./load.js";
import { fromGraphqlError } from "./load.js";
import { camelCase, functionName, jsLiteral, jsString, pascalCase, snakeCase } from "./names.js";
import { planRestCall, restDirective, RestProblem, type RestCallPlan } from "./rest.js";
import { printForReview } from "./print.js";
import { jsonTypeOf, restSelection, shapePlan } from "./selection.js";
import { finishSchema, schemaForType, SchemaProblem } from "./zod.js";
import { shapeUntrusted, unclassifiedDiagnostic, untrustedPlan, type Unclassified } from "./untrusted.js";
import { isRelativeTime } from "../src/runtime/relative-time.js";

export const MAX_TOOL_NAME = 40;

const TOOL_NAME = /^[a-z][a-z0-9_]*$/;

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

export interface OperationModel {
  kind: "tool" | "client";
  name: string;
  toolset: string;
  file: string;
  operationName: string;
  operationType: "query" | "mutation";
  resultType: string;
  variablesType: string;
  /** The client function's name (never a reserved word). */
  fnName: string;
  /** camelCase tool name: prefix of the module's constants (`<stem>Document`, `<stem>Input`, `<stem>Tool`). */
  stem: string;
  title: string;
  description: string;
  /** MCP hints that differ from the spec's defaults (see toolHints). */
  annotations: ToolHints;
  permissions: string[];
  args: ArgModel[];
  /** Set for GraphQL operations: the stripped, minified document. */
  document?: string;
  /** Set for REST operations. */
  rest?: RestCallPlan & { rootKey: string; selectionLiteral: string };
  /** Response key of the single root field (its value is the tool result), if there is exactly one. */
  rootKey?: string;
  /** JS literal of the ShapePlan applied to the tool result, if anything is reshaped. */
  shapeLiteral?: string;
  /**
   * JS literal of the UntrustedPlan (src/runtime/tool.ts) of what holds text from outside the
   * organisation: for a tool, over its result (shaped); for a client operation, over its `data`.
   * Absent when nothing does.
   */
  untrustedLiteral?: string;
  /** Names of the fields marked @redact; also kept out of log lines. */
  secretFields: string[];
  /** A tools/list token budget over the default, with its reason (@tool tokenBudget). */
  tokenBudget?: { tokens: number; why: string };
}

/** Turns one loaded operation into the model the templates print; problems go to `problems`. */
export function buildOperationModel(schema: GraphQLSchema, loaded: LoadedOperation, problems: Diagnostic[]): OperationModel | undefined {
  const { file, document } = loaded;
  const before = problems.length;
  checkDirectiveUses(schema, document, file, problems);
  const rules = specifiedRules.filter((rule) => rule !== KnownDirectivesRule);
  for (const error of validate(schema, document, rules)) {
    if (/^Unknown argument ".*" on directive/.test(error.message)) continue;
    problems.push(withChoices(fromGraphqlError(error, file), schema));
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) {
    problems.push({ file, line: 1, column: 1, message: `a file holds exactly one operation; found ${operations.length}` });
    return undefined;
  }
  const op = operations[0];
  if (op.operation === "subscription") {
    problems.push(diagnosticAt(op, file, "subscriptions cannot be tools; use a query or a mutation"));
    return undefined;
  }
  const nameProblems = toolNameProblems(loaded.name);
  for (const message of nameProblems) problems.push(diagnosticAt(op, file, message));
  const expectedName = pascalCase(loaded.name);
  // The operation name is derived from the file name, so it is only checked once the file name is valid.
  if (nameProblems.length === 0 && op.name?.value !== expectedName) {
    problems.push(
      diagnosticAt(
        op.name ?? op,
        file,
        `operation must be named ${expectedName} to match its file ${loaded.name}.graphql${op.name ? ` (found ${op.name.value})` : ""}`,
      ),
    );
  }
  const annotation = readOperationAnnotation(op, file, problems);
  if (problems.length > before || !annotation) return undefined;

  const isMutation = op.operation === "mutation";
  const args: ArgModel[] = [];
  for (const variable of op.variableDefinitions ?? []) {
    const ann = readArgAnnotation(variable);
    const varName = variable.variable.name.value;
    if (annotation.kind === "tool" && !ann.description?.trim()) {
      problems.push(diagnosticAt(variable, file, `variable $${varName} needs @arg(description: "...") to be a tool argument`));
      continue;
    }
    try {
      const built = schemaForType(variable.type, schema, ann);
      const nonNull = variable.type.kind === Kind.NON_NULL_TYPE;
      let relativeDefault: string | undefined;
      if (ann.defaultRelative !== undefined) {
        const named = getNamedType(schema.getType(typeName(variable.type))!);
        if (!["DateTime", "Timestamp"].includes(named?.name ?? "")) {
          throw new SchemaProblem(`defaultRelative applies to DateTime or Timestamp arguments, not ${named?.name}`);
        }
        if (!isRelativeTime(ann.defaultRelative)) {
          throw new SchemaProblem(`defaultRelative ${jsString(ann.defaultRelative)} must be "now" or "now-<n><s|m|h|d|w>", e.g. "now-7d"`);
        }
        if (nonNull || variable.defaultValue)
          throw new SchemaProblem("defaultRelative needs a nullable variable without a GraphQL default");
        relativeDefault = `relativeTime(${jsString(ann.defaultRelative)})`;
      }
      const finished = finishSchema(built, {
        nonNull,
        defaultValue: variable.defaultValue,
        description: ann.description?.trim(),
        type: typeFromAST(schema, variable.type as NamedTypeNode) as GraphQLInputType | undefined,
      });
      args.push({
        name: snakeCase(varName),
        variable: varName,
        zod: finished.zod,
        relativeDefault,
        helpers: finished.helpers ?? [],
      });
    } catch (error) {
      if (!(error instanceof SchemaProblem)) throw error;
      const at = ann.node?.arguments?.find((a) => a.name.value === error.argument)?.value ?? ann.node ?? variable;
      problems.push(diagnosticAt(at, file, `$${varName}: ${error.message}`));
    }
  }
  const seen = new Set<string>();
  for (const arg of args) {
    if (seen.has(arg.name)) problems.push({ file, line: 1, column: 1, message: `two variables map to the argument name ${arg.name}` });
    seen.add(arg.name);
  }

  const rootType = (isMutation ? schema.getMutationType() : schema.getQueryType()) as GraphQLObjectType;
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const walk = { schema, fragments };
  const rootFields = op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  const restFields = rootFields.filter(
    (f) => f.kind === Kind.FIELD && rootType.getFields()[f.name.value] && restDirective(rootType.getFields()[f.name.value]),
  );
  let rest: OperationModel["rest"];
  if (restFields.length > 0) {
    if (restFields.length !== op.selectionSet.selections.length || restFields.length > 1) {
      problems.push(
        diagnosticAt(
          op.selectionSet,
          file,
          "an operation on a REST field (@rest) selects exactly that one root field; it cannot mix REST and GraphQL root fields or call two REST endpoints",
        ),
      );
      return undefined;
    }
    const node = restFields[0];
    if (node.kind !== Kind.FIELD) return undefined;
    const field = rootType.getFields()[node.name.value];
    try {
      const plan = planRestCall(schema, field, node, op, annotation.kind === "tool");
      const target = getNamedType(field.type);
      const selection =
        node.selectionSet && "getFields" in target ? restSelection(node.selectionSet, target as GraphQLObjectType, walk) : {};
      const shape = node.selectionSet ? { type: jsonTypeOf(field.type), fields: selection } : { type: jsonTypeOf(field.type) };
      rest = { ...plan, rootKey: node.alias?.value ?? node.name.value, selectionLiteral: jsLiteral(shape) };
    } catch (error) {
      if (!(error instanceof RestProblem)) throw error;
      problems.push(diagnosticAt(node, file, error.message));
      return undefined;
    }
  }
  if (problems.length > before) return undefined;

  const plan = shapePlan(op.selectionSet, rootType, walk);
  const rootKey =
    rootFields.length === 1 && rootFields[0].kind === Kind.FIELD ? (rootFields[0].alias?.value ?? rootFields[0].name.value) : undefined;
  const resultPlan = rootKey ? plan?.[rootKey] : plan ? { fields: plan } : undefined;

  const unclassified: Unclassified[] = [];
  const untrustedData = untrustedPlan(op.selectionSet, rootType, walk, unclassified);
  const reported = new Set<FieldNode>();
  for (const u of unclassified) {
    // A fragment spread twice selects the same node twice: one report each.
    if (reported.has(u.node)) continue;
    reported.add(u.node);
    problems.push(unclassifiedDiagnostic(u, file, `${annotation.kind === "tool" ? "tool" : "client operation"} ${loaded.name}`));
  }
  if (problems.length > before) return undefined;
  const untrusted =
    annotation.kind === "client" ? untrustedData : shapeUntrusted(rootKey ? untrustedData?.[rootKey] : untrustedData, resultPlan);

  const suffix = isMutation ? "Mutation" : "Query";
  const base = annotation.kind === "tool" ? annotation : undefined;
  const readOnly = base?.readOnly ?? !isMutation;
  if (isMutation && readOnly) problems.push(diagnosticAt(op, file, "a mutation cannot be readOnly: true"));
  const destructive = base?.destructive ?? isMutation;
  if (readOnly && destructive) problems.push(diagnosticAt(op, file, "a read-only tool cannot be destructive"));
  return {
    kind: annotation.kind,
    name: loaded.name,
    toolset: loaded.toolset,
    file,
    operationName: expectedName,
    operationType: isMutation ? "mutation" : "query",
    resultType: `${expectedName}${suffix}`,
    variablesType: `${expectedName}${suffix}Variables`,
    fnName: functionName(loaded.name),
    stem: camelCase(loaded.name),
    title: base?.title ?? "",
    description: annotation.description,
    annotations: toolHints({
      readOnly,
      destructive,
      idempotent: base?.idempotent ?? !isMutation,
      openWorld: base?.openWorld ?? true,
    }),
    permissions: base?.permissions ?? [],
    args,
    document: rest ? undefined : printForReview(stripProjectDirectives(document)),
    rest,
    rootKey,
    shapeLiteral: resultPlan ? jsLiteral(resultPlan) : undefined,
    untrustedLiteral: untrusted ? jsLiteral(untrusted) : undefined,
    secretFields: redactedFieldNames(document),
    ...(base?.tokenBudget ? { tokenBudget: base.tokenBudget } : {}),
  };
}

/**
 * graphql-js names the valid choices only when one looks like a typo; for unknown fields and field
 * arguments, list them all.
 */
function withChoices(d: Diagnostic, schema: GraphQLSchema): Diagnostic {
  const field = /^Cannot query field "[^"]+" on type "([^"]+)"\.$/.exec(d.message);
  if (field) {
    const type = schema.getType(field[1]);
    if (type && "getFields" in type)
      return { ...d, message: `${d.message} Fields of ${type.name}: ${Object.keys(type.getFields()).join(", ")}.` };
  }
  const arg = /^Unknown argument "[^"]+" on field "([^".]+)\.([^"]+)"\.$/.exec(d.message);
  if (arg) {
    const type = schema.getType(arg[1]);
    const def = type && "getFields" in type ? type.getFields()[arg[2]] : undefined;
    if (def && "args" in def) {
      const names = def.args.map((a) => a.name);
      return { ...d, message: `${d.message} Arguments of ${arg[1]}.${arg[2]}: ${names.join(", ") || "none"}.` };
    }
  }
  return d;
}

export interface ToolHints {
  readOnlyHint?: true;
  destructiveHint?: false;
  idempotentHint?: true;
  openWorldHint?: false;
}

/**
 * The hints a tool lists: only those that differ from the MCP spec's defaults (readOnly false,
 * destructive true, idempotent false, openWorld true), since each costs tokens in every tools/list.
 * destructive and idempotent mean something only for a tool that writes, so a read lists neither.
 */
export function toolHints(h: { readOnly: boolean; destructive: boolean; idempotent: boolean; openWorld: boolean }): ToolHints {
  const out: ToolHints = {};
  if (h.readOnly) out.readOnlyHint = true;
  else {
    if (!h.destructive) out.destructiveHint = false;
    if (h.idempotent) out.idempotentHint = true;
  }
  if (!h.openWorld) out.openWorldHint = false;
  return out;
}

/** What is wrong with a tool name (the operation's file name), if anything. */
export function toolNameProblems(name: string): string[] {
  const out: string[] = [];
  if (!TOOL_NAME.test(name)) {
    out.push(
      `tool name "${name}" (the file name) must be snake_case: a lowercase letter, then lowercase letters, digits or underscores (^[a-z][a-z0-9_]*$)`,
    );
  }
  if (name.length > MAX_TOOL_NAME) {
    out.push(`tool name "${name}" (the file name) is ${name.length} characters long; at most ${MAX_TOOL_NAME} are allowed`);
  }
  return out;
}

function typeName(type: import("graphql").TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : typeName(type.type);
}

/** The names of every field selected with @redact, sorted and unique. */
function redactedFieldNames(document: import("graphql").DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Field(node) {
      if (hasRedact(node)) names.add(node.name.value);
    },
  });
  return [...names].sort();
}
