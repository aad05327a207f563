// Which parts of an operation's result can hold text from outside the organisation, read off the
// @untrusted and @trusted marks of schema/ (declared in schema/directives.graphql).
//
// A free-text field (String or JSON, or a list of them: SCALARS[...].freeText) is classified by, in
// order: its own mark; the mark of the same field on an interface its type implements; its type's
// @trusted default. An operation that selects a free-text field none of these classify is an error.
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type ASTNode,
  type DirectiveNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import type { ShapePlan } from "../src/runtime/shape.js";
import type { UntrustedPlan } from "../src/runtime/tool.js";
import { diagnosticAt, placeOf, type Diagnostic } from "./diagnostics.js";
import { directiveValues } from "./directive-values.js";
import { SCALARS } from "./scalars.js";
import { collectFields, type Walk } from "./selection.js";

type Container = GraphQLObjectType | GraphQLInterfaceType;

/** A mark as written on a field or a type. */
interface Mark {
  untrusted: boolean;
  node: DirectiveNode;
}

/** Whether a field's values are free text (String, JSON, or lists of them). */
export function isFreeText(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isScalarType(named) && Boolean(SCALARS[named.name]?.freeText);
}

function marksOn(directives: readonly DirectiveNode[] | undefined): Mark[] {
  return (directives ?? [])
    .filter((d) => d.name.value === "untrusted" || d.name.value === "trusted")
    .map((node) => ({ untrusted: node.name.value === "untrusted", node }));
}

function fieldMark(field: GraphQLField<unknown, unknown> | undefined): Mark | undefined {
  return marksOn(field?.astNode?.directives)[0];
}

function typeMark(type: Container): Mark | undefined {
  return [type.astNode, ...type.extensionASTNodes].flatMap((n) => marksOn(n?.directives))[0];
}

/** The mark of `name` on the interfaces `type` implements, if one of them marks it. */
function interfaceMark(type: Container, name: string): Mark | undefined {
  for (const iface of type.getInterfaces()) {
    const mark = fieldMark(iface.getFields()[name]);
    if (mark) return mark;
  }
  return undefined;
}

/** How a free-text field is classified: untrusted, trusted, or not at all (undefined). */
export function classify(type: Container, name: string): Mark | undefined {
  return fieldMark(type.getFields()[name]) ?? interfaceMark(type, name) ?? typeMark(type);
}

/** A @trusted mark's reason, as graphql-js reads it (loadSchema has checked the value's type). */
function whyOf(schema: GraphQLSchema, mark: Mark): string {
  const why = directiveValues(schema, mark.node)?.why;
  return typeof why === "string" ? why.trim() : "";
}

/**
 * The schema's own mistakes with the marks: a field marked both ways, a mark on a field that is not
 * free text, @trusted without a reason, an implementation marked unlike its interface.
 */
export function checkTrustMarks(schema: GraphQLSchema, problems: Diagnostic[]): void {
  const at = (node: ASTNode, message: string) => problems.push(diagnosticAt(node, message));
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const mark of [type.astNode, ...type.extensionASTNodes].flatMap((n) => marksOn(n?.directives))) {
      if (!whyOf(schema, mark)) at(mark.node, `@trusted on ${type.name} needs a reason: why: "..." says who writes its text`);
    }
    for (const field of Object.values(type.getFields())) {
      const marks = marksOn(field.astNode?.directives);
      const where = `${type.name}.${field.name}`;
      if (marks.length > 1) {
        at(marks[1].node, `${where} is marked both @untrusted and @trusted; keep the one that is true`);
        continue;
      }
      const mark = marks[0];
      if (!mark) continue;
      if (!isFreeText(field.type)) {
        at(
          mark.node,
          `@${mark.node.name.value} marks free text (String or JSON, or lists of them); ${where} is ${String(field.type)}, which needs no mark`,
        );
        continue;
      }
      if (!mark.untrusted && !whyOf(schema, mark)) at(mark.node, `@trusted on ${where} needs a reason: why: "..." says who writes it`);
      const inherited = interfaceMark(type, field.name);
      if (inherited && inherited.untrusted !== mark.untrusted) {
        at(
          mark.node,
          `${where} is @${mark.node.name.value} but the interface field it implements is @${inherited.node.name.value}; mark them alike`,
        );
      }
    }
  }
}

/** A free-text field an operation selects that nothing classifies. */
export interface Unclassified {
  node: FieldNode;
  type: Container;
  field: GraphQLField<unknown, unknown>;
}

/**
 * Where the value of a selection holds untrusted text, keyed by response key (aliases, fragments
 * merged): undefined when nowhere. Every unclassified free-text field selected is added to `found`.
 */
export function untrustedPlan(
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  walk: Walk,
  found: Unclassified[],
): { [key: string]: UntrustedPlan } | undefined {
  const out: { [key: string]: UntrustedPlan } = {};
  for (const [key, entry] of collectFields(set, parent, walk)) {
    let plan: UntrustedPlan | undefined;
    entry.nodes.forEach((node, i) => {
      const p = entry.parents[i];
      if (!isObjectType(p) && !isInterfaceType(p)) return; // a union: only __typename
      const field = p.getFields()[node.name.value];
      if (!field) return; // __typename
      if (isFreeText(field.type)) {
        const mark = classify(p, field.name);
        if (!mark) found.push({ node, type: p, field });
        else if (mark.untrusted) plan = true;
        return;
      }
      const named = getNamedType(field.type);
      if (node.selectionSet && isCompositeType(named)) plan = mergePlans(plan, untrustedPlan(node.selectionSet, named, walk, found));
    });
    if (plan) out[key] = plan;
  }
  return Object.keys(out).length ? out : undefined;
}

function mergePlans(a: UntrustedPlan | undefined, b: UntrustedPlan | undefined): UntrustedPlan | undefined {
  if (!a || !b) return a ?? b;
  if (a === true || b === true) return true;
  const out: { [key: string]: UntrustedPlan } = { ...a };
  for (const [key, plan] of Object.entries(b)) out[key] = mergePlans(out[key], plan)!;
  return out;
}

const at = (plan: UntrustedPlan | undefined, key: string): UntrustedPlan | undefined => (plan === true ? true : plan?.[key]);

/**
 * A plan over Panther's answer carried through the reshaping the tool applies (shapeResult in
 * src/runtime/shape.ts, step for step): redacted values hold none of it, a flattened listing keeps its
 * nodes under `items` and its cursor under `next_cursor`.
 */
export function shapeUntrusted(plan: UntrustedPlan | undefined, shape: ShapePlan | undefined): UntrustedPlan | undefined {
  if (!plan || !shape) return plan;
  if (shape.redact) return undefined;
  if (plan === true) return true;
  const out: { [key: string]: UntrustedPlan } = { ...plan };
  for (const [key, sub] of Object.entries(shape.fields ?? {})) {
    if (!(key in out)) continue;
    const shaped = shapeUntrusted(out[key], sub);
    if (shaped) out[key] = shaped;
    else delete out[key];
  }
  let result: { [key: string]: UntrustedPlan | undefined } = out;
  if (shape.flatten === "connection") result = { items: at(out.edges, "node"), next_cursor: at(out.pageInfo, "endCursor") };
  if (shape.flatten === "rest-list") result = { items: out.results, next_cursor: out.next };
  const kept = Object.entries(result).filter((e): e is [string, UntrustedPlan] => e[1] !== undefined);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** The diagnostic of one unclassified field, at the field in the operation; `who` is e.g. `tool get_alert`. */
export function unclassifiedDiagnostic(u: Unclassified, who: string): Diagnostic {
  const def = u.field.astNode ? placeOf(u.field.astNode) : undefined;
  const where = def ? `${def.file}:${def.line}:${def.column}` : "the schema";
  return diagnosticAt(
    u.node,
    `${who} selects ${u.type.name}.${u.field.name}, free text that ${where} marks neither @untrusted ` +
      `(text from outside the organisation can reach it: log data, alert text built from it, comments, resource or source names, AI output) ` +
      `nor @trusted(why: "...")`,
  );
}
