import {
  getNamedType,
  isObjectType,
  isListType,
  getNullableType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  type FieldNode,
  type GraphQLOutputType,
  isCompositeType,
  isEnumType,
  isNonNullType,
  isScalarType,
} from "graphql";
import type { JsonType, Selection, ShapePlan } from "../src/runtime/shape.js";
import { scalarJsonKind } from "./scalars.js";
import { hasRedact } from "./annotations.js";

export interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
}

/** Every selection of one response key: the first node and its type, and all of them (`parents[i]` is the type `nodes[i]` is selected on). */
export interface CollectedField {
  node: FieldNode;
  parent: GraphQLCompositeType;
  nodes: FieldNode[];
  parents: GraphQLCompositeType[];
}

/** Fields of a selection set with fragments merged in, keyed by response key (first wins for the node). */
export function collectFields(set: SelectionSetNode, parent: GraphQLCompositeType, walk: Walk): Map<string, CollectedField> {
  const out = new Map<string, CollectedField>();
  const visit = (s: SelectionSetNode, p: GraphQLCompositeType) => {
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        const existing = out.get(key);
        if (existing) {
          existing.nodes.push(sel);
          existing.parents.push(p);
        } else out.set(key, { node: sel, parent: p, nodes: [sel], parents: [p] });
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? (walk.schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : p;
        visit(sel.selectionSet, t);
      } else {
        const fragment = walk.fragments.get(sel.name.value);
        if (fragment) visit(fragment.selectionSet, walk.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType);
      }
    }
  };
  visit(set, parent);
  return out;
}

function fieldType(parent: GraphQLCompositeType, name: string): GraphQLNamedType | undefined {
  if (name === "__typename") return undefined;
  if (!("getFields" in parent)) return undefined;
  return parent.getFields()[name] ? getNamedType(parent.getFields()[name].type) : undefined;
}

/** A field's type as a JsonType (src/runtime/shape.ts): GraphQL's wrapping over JSON kinds. */
export function jsonTypeOf(type: GraphQLOutputType): JsonType {
  if (isNonNullType(type)) return `${jsonTypeOf(type.ofType)}!`;
  if (isListType(type)) return `[${jsonTypeOf(type.ofType)}]`;
  if (isScalarType(type)) return scalarJsonKind(type.name);
  if (isEnumType(type)) return "string";
  return "object";
}

/** The selection tree a REST response is checked against and projected onto. */
export function restSelection(set: SelectionSetNode, parent: GraphQLCompositeType, walk: Walk): Selection {
  const out: Selection = {};
  for (const [key, { node, parent: p, nodes }] of collectFields(set, parent, walk)) {
    const name = node.name.value;
    const sets = nodes.filter((n) => n.selectionSet);
    const def = name === "__typename" || !("getFields" in p) ? undefined : p.getFields()[name];
    const type = def ? jsonTypeOf(def.type) : "string!";
    const named = def ? getNamedType(def.type) : undefined;
    if (sets.length === 0 || !named || !isCompositeType(named)) {
      out[key] = key === name ? type : { of: name, type };
      continue;
    }
    const merged: Selection = {};
    for (const n of sets) Object.assign(merged, restSelection(n.selectionSet!, named, walk));
    out[key] = key === name ? { type, fields: merged } : { of: name, type, fields: merged };
  }
  return out;
}

function isConnection(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  if (!fields.edges || !fields.pageInfo) return false;
  const edge = getNamedType(fields.edges.type);
  return isObjectType(edge) && Boolean(edge.getFields().node) && isListType(getNullableType(fields.edges.type));
}

function isRestList(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return Boolean(fields.results && fields.next) && isListType(getNullableType(fields.results.type));
}

/** How a result is reshaped for the model: listings flattened, @redact fields replaced. Undefined when nothing changes. */
export function shapePlan(set: SelectionSetNode, parent: GraphQLCompositeType, walk: Walk): Record<string, ShapePlan> | undefined {
  const out: Record<string, ShapePlan> = {};
  for (const [key, { node, parent: p, nodes }] of collectFields(set, parent, walk)) {
    if (nodes.some(hasRedact)) {
      out[key] = { redact: true };
      continue;
    }
    const type = fieldType(p, node.name.value);
    if (!type || !isCompositeType(type)) continue;
    const plan: ShapePlan = {};
    const keys = new Set<string>();
    for (const n of nodes) {
      if (!n.selectionSet) continue;
      const sub = shapePlan(n.selectionSet, type, walk);
      if (sub) plan.fields = mergePlans(plan.fields ?? {}, sub);
      for (const k of collectFields(n.selectionSet, type, walk).keys()) keys.add(k);
    }
    if (isConnection(type) && keys.has("edges")) plan.flatten = "connection";
    else if (isRestList(type) && keys.has("results")) plan.flatten = "rest-list";
    if (plan.flatten || plan.fields) out[key] = plan;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Merges the plans of one field selected more than once (e.g. in two fragments), keeping every redaction. */
function mergePlans(a: Record<string, ShapePlan>, b: Record<string, ShapePlan>): Record<string, ShapePlan> {
  const out: Record<string, ShapePlan> = { ...a };
  for (const [key, plan] of Object.entries(b)) {
    const prev = out[key];
    if (!prev) out[key] = plan;
    else if (prev.redact || plan.redact) out[key] = { redact: true };
    else out[key] = { ...prev, ...plan, fields: prev.fields || plan.fields ? mergePlans(prev.fields ?? {}, plan.fields ?? {}) : undefined };
  }
  for (const plan of Object.values(out)) if (plan.fields === undefined) delete plan.fields;
  return out;
}
