// Our schema/ against Panther's GraphQL schema, with @graphql-inspector/core doing the diff. Our side
// is first reduced to what Panther's GraphQL serves: no project directives, no @rest root fields, no
// types only they reach, no live additions Panther's file lacks.
import { ChangeType, CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import {
  buildASTSchema,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  specifiedDirectives,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLNamedType,
} from "graphql";
import { PROJECT_DIRECTIVES } from "../annotations.js";
import type { AddedGroup, Finding } from "./findings.js";
import { LIVE_ADDITIONS } from "./live-additions.js";
import type { GraphqlUsage, Use } from "./usage.js";

/** Directives that only mean something to our generator. */
const OURS = new Set<string>([...PROJECT_DIRECTIVES, "rest", "restName", "untrusted", "trusted"]);
const ROOTS = new Set(["Query", "Mutation", "Subscription"]);

function hasField(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split(".");
  const type = schema.getType(typeName);
  return Boolean(type && (isObjectType(type) || isInterfaceType(type)) && type.getFields()[fieldName]);
}

/** Our schema as Panther's GraphQL would serve it. */
export function graphqlSurface(document: DocumentNode, theirs: GraphQLSchema): { schema: GraphQLSchema; skipped: string[] } {
  const declared = buildASTSchema(document);
  const skipped = LIVE_ADDITIONS.filter((c) => hasField(declared, c) && !hasField(theirs, c));
  const stripped = visit(document, {
    DirectiveDefinition(node) {
      return OURS.has(node.name.value) ? null : undefined;
    },
    Directive(node) {
      return OURS.has(node.name.value) ? null : undefined;
    },
    FieldDefinition(node, _key, _parent, _path, ancestors) {
      const owner = ancestors[ancestors.length - 1] as ASTNode & { name?: { value: string } };
      const typeName =
        owner.kind === Kind.OBJECT_TYPE_DEFINITION || owner.kind === Kind.OBJECT_TYPE_EXTENSION ? owner.name?.value : undefined;
      if (!typeName) return undefined;
      if (ROOTS.has(typeName) && node.directives?.some((d) => d.name.value === "rest")) return null;
      if (skipped.includes(`${typeName}.${node.name.value}`)) return null;
      return undefined;
    },
  });
  const built = buildASTSchema(stripped);
  // The constructor keeps only what the roots reach (and implementations of reached interfaces).
  const reached = new GraphQLSchema({ query: built.getQueryType(), mutation: built.getMutationType(), directives: specifiedDirectives });
  const implementations = Object.values(built.getTypeMap()).filter(
    (t) => isObjectType(t) && t.getInterfaces().some((i) => reached.getType(i.name)),
  );
  const schema = new GraphQLSchema({
    query: built.getQueryType(),
    mutation: built.getMutationType(),
    directives: specifiedDirectives,
    types: implementations,
  });
  return { schema, skipped };
}

/** Changes that say nothing about compatibility (descriptions, directives: ours are stripped, theirs are theirs). */
function irrelevant(change: Change): boolean {
  return (
    change.type.startsWith("DIRECTIVE") ||
    change.type.includes("DESCRIPTION") ||
    change.type.includes("DEPRECATION_REASON") ||
    change.type === ChangeType.FieldDeprecationRemoved
  );
}

const ADDED = new Set<string>([
  ChangeType.TypeAdded,
  ChangeType.FieldAdded,
  ChangeType.InputFieldAdded,
  ChangeType.FieldArgumentAdded,
  ChangeType.EnumValueAdded,
  ChangeType.UnionMemberAdded,
  ChangeType.ObjectTypeInterfaceAdded,
]);

/** The usage key a change is about. A new required argument or input field concerns its owner. */
function keyOf(change: Change): string {
  const meta = change.meta as Record<string, string>;
  switch (change.type) {
    case ChangeType.UnionMemberRemoved:
      return `${meta.unionName}.${meta.removedUnionMemberTypeName}`;
    case ChangeType.FieldArgumentAdded:
      return `${meta.typeName}.${meta.fieldName}`;
    case ChangeType.InputFieldAdded:
      return meta.inputName;
    default:
      return change.path ?? "";
  }
}

/** Fields of the same type that Panther has and we do not: a removed one may have been renamed to one of them. */
function renameCandidates(change: Change, ours: GraphQLSchema, theirs: GraphQLSchema): string[] {
  if (change.type === ChangeType.EnumValueRemoved) {
    const [enumName] = (change.path ?? "").split(".");
    const mine = ours.getType(enumName);
    const other = theirs.getType(enumName);
    if (!isEnumType(mine) || !isEnumType(other)) return [];
    return other
      .getValues()
      .filter((v) => !mine.getValue(v.name))
      .map((v) => v.name);
  }
  if (change.type !== ChangeType.FieldRemoved && change.type !== ChangeType.InputFieldRemoved) return [];
  const [typeName, fieldName] = (change.path ?? "").split(".");
  const mine = ours.getType(typeName);
  const other = theirs.getType(typeName);
  const fieldsOf = (t: GraphQLNamedType | undefined | null) =>
    t && (isObjectType(t) || isInterfaceType(t) || isInputObjectType(t)) ? t.getFields() : undefined;
  const mineFields = fieldsOf(mine);
  const otherFields = fieldsOf(other);
  const removed = mineFields?.[fieldName];
  if (!removed || !otherFields) return [];
  return Object.values(otherFields)
    .filter((f) => !mineFields[f.name] && String(f.type) === String(removed.type))
    .map((f) => f.name);
}

/** What differs, in our words (inspector's messages speak to someone changing their own schema). */
function describe(change: Change): string {
  const meta = change.meta as Record<string, string | undefined>;
  const path = change.path ?? keyOf(change);
  switch (change.type) {
    case ChangeType.TypeRemoved:
    case ChangeType.FieldRemoved:
    case ChangeType.InputFieldRemoved:
    case ChangeType.FieldArgumentRemoved:
      return `${path}: not in Panther's schema`;
    case ChangeType.EnumValueRemoved:
      return `${path}: not a value of Panther's ${meta.enumName}`;
    case ChangeType.UnionMemberRemoved:
      return `${keyOf(change)}: ${meta.removedUnionMemberTypeName} is no longer a member of Panther's ${meta.unionName}`;
    case ChangeType.FieldTypeChanged:
      return `${path}: Panther's type is ${meta.newFieldType}; we declare ${meta.oldFieldType}`;
    case ChangeType.FieldArgumentTypeChanged:
      return `${path}: Panther's type is ${meta.newArgumentType}; we declare ${meta.oldArgumentType}`;
    case ChangeType.InputFieldTypeChanged:
      return `${path}: Panther's type is ${meta.newInputFieldType}; we declare ${meta.oldInputFieldType}`;
    case ChangeType.FieldArgumentDefaultChanged:
      return `${path}: Panther's default is ${meta.newDefaultValue ?? "none"}; we declare ${meta.oldDefaultValue ?? "none"}`;
    case ChangeType.InputFieldDefaultValueChanged:
      return `${path}: Panther's default is ${meta.newDefaultValue ?? "none"}; we declare ${meta.oldDefaultValue ?? "none"}`;
    case ChangeType.FieldArgumentAdded:
      return `${keyOf(change)}: Panther added the required argument ${meta.addedArgumentName}: ${meta.addedArgumentType}`;
    case ChangeType.InputFieldAdded:
      return `${keyOf(change)}: Panther added the required field ${meta.addedInputFieldName}: ${meta.addedInputFieldType}`;
    default:
      return `${path}: ${change.message.replace(/\.$/, "")}`;
  }
}

export interface GraphqlComparison {
  breaking: Finding[];
  drift: Finding[];
  added: AddedGroup[];
}

/** Classifies every difference between our GraphQL surface and Panther's schema. */
export async function compareGraphql(ours: GraphQLSchema, theirs: GraphQLSchema, usage: GraphqlUsage): Promise<GraphqlComparison> {
  const changes = (await diff(ours, theirs)).filter((c) => !irrelevant(c));
  const breaking: Finding[] = [];
  const drift: Finding[] = [];
  const added = new Map<string, string[]>();
  const addTo = (group: string, item: string) => added.set(group, [...(added.get(group) ?? []), item]);
  for (const change of changes) {
    const uses: Use[] = usage.get(keyOf(change)) ?? [];
    const isBreaking = change.criticality.level === CriticalityLevel.Breaking;
    if (ADDED.has(change.type) && !(isBreaking && uses.length)) {
      const meta = change.meta as Record<string, string>;
      // The parts of a type or field we do not declare at all are summed up by that type or field.
      const owner = (change.path ?? "").split(".");
      if (change.type !== ChangeType.TypeAdded && !ours.getType(owner[0])) continue;
      if (change.type === ChangeType.FieldArgumentAdded && !hasField(ours, `${owner[0]}.${owner[1]}`)) continue;
      switch (change.type) {
        case ChangeType.TypeAdded:
          addTo("types", meta.addedTypeName);
          break;
        case ChangeType.FieldAdded:
          addTo(meta.typeName, meta.addedFieldName);
          break;
        case ChangeType.InputFieldAdded:
          addTo(meta.inputName, meta.addedInputFieldName);
          break;
        case ChangeType.FieldArgumentAdded:
          addTo(`${meta.typeName}.${meta.fieldName}`, `(${meta.addedArgumentName}:)`);
          break;
        case ChangeType.EnumValueAdded:
          addTo(meta.enumName, meta.addedEnumValueName);
          break;
        case ChangeType.UnionMemberAdded:
          addTo(meta.unionName, meta.addedUnionMemberTypeName);
          break;
        default:
          addTo(change.path ?? "schema", change.message);
      }
      continue;
    }
    const candidates = renameCandidates(change, ours, theirs);
    const like = change.type === ChangeType.EnumValueRemoved ? "" : " of the same type";
    const hint = candidates.length ? ` (renamed? Panther now has ${candidates.join(", ")}${like})` : "";
    const finding: Finding = { api: "graphql", subject: change.path ?? keyOf(change), message: describe(change) + hint, uses };
    (isBreaking && uses.length ? breaking : drift).push(finding);
  }
  // Root fields first: they are the candidates for new tools.
  const order = (g: string) => (g === "Query" ? 0 : g === "Mutation" ? 1 : g === "types" ? 3 : 2);
  const groups = [...added]
    .map(([group, items]) => ({ api: "graphql" as const, group, items: items.sort() }))
    .sort((a, b) => order(a.group) - order(b.group) || (a.group < b.group ? -1 : 1));
  return { breaking, drift, added: groups };
}
