// An operation file becomes the model the templates print, in stages, each in its own module:
//   1. check-operation.ts  valid GraphQL, one query or mutation named after its file
//   2. annotations.ts      @tool or @client
//   3. arguments.ts        the variables become the tool's arguments
//   4. result.ts           the REST call, the reshaping of the result, where it holds untrusted text
//   5. here                the MCP hints, and the model
import { visit, type DocumentNode, type GraphQLSchema } from "graphql";
import { hasRedact, readOperationAnnotation, stripProjectDirectives } from "./annotations.js";
import { buildArgs, type ArgModel } from "./arguments.js";
import { findDirective } from "./directive-values.js";
import { checkOperation } from "./check-operation.js";
import { diagnosticAt, placeOf, type Diagnostic, type Place } from "./diagnostics.js";
import type { LoadedOperation } from "./load.js";
import { camelCase, functionName, pascalCase } from "./names.js";
import { printForReview } from "./print.js";
import { planResult, type ResultPlan } from "./result.js";

export type { ArgModel } from "./arguments.js";

export interface OperationModel {
  kind: "tool" | "client";
  name: string;
  toolset: string;
  file: string;
  /** The operation's name in its file, for problems found across operations (two tools of one name). */
  at: Place;
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
  /** Set for GraphQL operations: the stripped document, printed for review. */
  document?: string;
  /** Set for REST operations. */
  rest?: ResultPlan["rest"];
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
}

/** Turns one loaded operation into the model the templates print; problems go to `problems`. */
export function buildOperationModel(schema: GraphQLSchema, loaded: LoadedOperation, problems: Diagnostic[]): OperationModel | undefined {
  const before = problems.length;
  const op = checkOperation(schema, loaded, problems);
  if (!op) return undefined;
  // Read even when the checks failed, so a missing description is reported in the same run.
  const annotation = readOperationAnnotation(schema, op, problems);
  if (problems.length > before || !annotation) return undefined;
  const isTool = annotation.kind === "tool";
  const args = buildArgs(schema, op, isTool, problems);
  if (problems.length > before) return undefined;
  const result = planResult(schema, loaded, op, isTool, problems);
  if (!result) return undefined;

  const isMutation = op.operation === "mutation";
  const base = isTool ? annotation : undefined;
  const readOnly = base?.readOnly ?? !isMutation;
  const destructive = base?.destructive ?? isMutation;
  // At the @tool argument that says so, when one does.
  const given = (name: string) => findDirective(op, "tool")?.arguments?.find((a) => a.name.value === name) ?? op;
  if (isMutation && readOnly) problems.push(diagnosticAt(given("readOnly"), "a mutation cannot be readOnly: true"));
  else if (readOnly && destructive) problems.push(diagnosticAt(given("destructive"), "a read-only tool cannot be destructive"));

  const operationName = pascalCase(loaded.name);
  const suffix = isMutation ? "Mutation" : "Query";
  return {
    kind: annotation.kind,
    name: loaded.name,
    toolset: loaded.toolset,
    file: loaded.file,
    at: placeOf(op.name ?? op),
    operationName,
    operationType: isMutation ? "mutation" : "query",
    resultType: `${operationName}${suffix}`,
    variablesType: `${operationName}${suffix}Variables`,
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
    document: result.rest ? undefined : printForReview(stripProjectDirectives(loaded.document)),
    rest: result.rest,
    rootKey: result.rootKey,
    shapeLiteral: result.shapeLiteral,
    untrustedLiteral: result.untrustedLiteral,
    secretFields: redactedFieldNames(loaded.document),
  };
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

/** The names of every field selected with @redact, sorted and unique. */
function redactedFieldNames(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Field(node) {
      if (hasRedact(node)) names.add(node.name.value);
    },
  });
  return [...names].sort();
}
