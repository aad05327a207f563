// Stage 4 of an operation: what it calls and what comes back — the REST call, if it is one; how the
// result is reshaped for the model; and where the result holds untrusted text.
import {
  getNamedType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { diagnosticAt, type Diagnostic } from "./diagnostics.js";
import { jsLiteral } from "./names.js";
import { planRestCall, restDirective, RestProblem, type RestCallPlan } from "./rest.js";
import { jsonTypeOf, restSelection, shapePlan, type Walk } from "./selection.js";
import { shapeUntrusted, unclassifiedDiagnostic, untrustedPlan, type Unclassified } from "./untrusted.js";
import type { LoadedOperation } from "./load.js";

export interface ResultPlan {
  /** Set for REST operations. */
  rest?: RestCallPlan & { rootKey: string; selectionLiteral: string };
  /** Response key of the single root field (its value is the tool result), if there is exactly one. */
  rootKey?: string;
  /** JS literal of the ShapePlan applied to the tool result, if anything is reshaped. */
  shapeLiteral?: string;
  /** JS literal of the UntrustedPlan; see OperationModel.untrustedLiteral. */
  untrustedLiteral?: string;
}

/** Plans the call and the result of a valid operation; undefined, with the problems added, when it cannot be. */
export function planResult(
  schema: GraphQLSchema,
  loaded: LoadedOperation,
  op: OperationDefinitionNode,
  isTool: boolean,
  problems: Diagnostic[],
): ResultPlan | undefined {
  const rootType = (op.operation === "mutation" ? schema.getMutationType() : schema.getQueryType()) as GraphQLObjectType;
  const fragments = new Map(
    loaded.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const walk: Walk = { schema, fragments };
  const rootFields = op.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  const restFields = rootFields.filter((f) => {
    const field = rootType.getFields()[f.name.value];
    return field && restDirective(field);
  });
  let rest: ResultPlan["rest"];
  if (restFields.length > 0) {
    if (restFields.length !== op.selectionSet.selections.length || restFields.length > 1) {
      problems.push(
        diagnosticAt(
          op.selectionSet,
          "an operation on a REST field (@rest) selects exactly that one root field; it cannot mix REST and GraphQL root fields or call two REST endpoints",
        ),
      );
      return undefined;
    }
    rest = planRest(schema, rootType, restFields[0], op, isTool, walk, problems);
    if (!rest) return undefined;
  }

  const plan = shapePlan(op.selectionSet, rootType, walk);
  const rootKey = rootFields.length === 1 ? (rootFields[0].alias?.value ?? rootFields[0].name.value) : undefined;
  const resultPlan = rootKey ? plan?.[rootKey] : plan ? { fields: plan } : undefined;

  const unclassified: Unclassified[] = [];
  const untrustedData = untrustedPlan(op.selectionSet, rootType, walk, unclassified);
  const reported = new Set<FieldNode>();
  const who = `${isTool ? "tool" : "client operation"} ${loaded.name}`;
  for (const u of unclassified) {
    // A fragment spread twice selects the same node twice: one report each.
    if (reported.has(u.node)) continue;
    reported.add(u.node);
    problems.push(unclassifiedDiagnostic(u, who));
  }
  if (reported.size > 0) return undefined;
  // A tool's plan is over its result (the root field's value, reshaped); a client operation's over `data`.
  const untrusted = isTool ? shapeUntrusted(rootKey ? untrustedData?.[rootKey] : untrustedData, resultPlan) : untrustedData;
  return {
    rest,
    rootKey,
    shapeLiteral: resultPlan ? jsLiteral(resultPlan) : undefined,
    untrustedLiteral: untrusted ? jsLiteral(untrusted) : undefined,
  };
}

function planRest(
  schema: GraphQLSchema,
  rootType: GraphQLObjectType,
  node: FieldNode,
  op: OperationDefinitionNode,
  isTool: boolean,
  walk: Walk,
  problems: Diagnostic[],
): ResultPlan["rest"] {
  const field = rootType.getFields()[node.name.value];
  try {
    const plan = planRestCall(schema, field, node, op, isTool);
    const target = getNamedType(field.type);
    const selection = node.selectionSet && "getFields" in target ? restSelection(node.selectionSet, target as GraphQLObjectType, walk) : {};
    const shape = node.selectionSet ? { type: jsonTypeOf(field.type), fields: selection } : { type: jsonTypeOf(field.type) };
    return { ...plan, rootKey: node.alias?.value ?? node.name.value, selectionLiteral: jsLiteral(shape) };
  } catch (error) {
    if (!(error instanceof RestProblem)) throw error;
    problems.push(diagnosticAt(node, error.message));
    return undefined;
  }
}
