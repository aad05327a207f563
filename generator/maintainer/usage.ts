// What our operations use of the schema, and where: walks each operation with graphql's TypeInfo and
// records schema coordinates (GraphQL side) and REST calls (for @rest root fields) with the
// operations/<file>:line:col of each use.
import {
  getLocation,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isUnionType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import type { LoadedOperation } from "../load.js";
import { restDirective } from "../rest.js";

/** A tool (or @client operation) and where in its file something is used. */
export interface Use {
  /** The operation's name: the tool name, or the @client operation's file name. */
  tool: string;
  kind: "tool" | "client";
  /** operations/<toolset>/<name>.graphql:line:col */
  at: string;
  /** For a @client operation: the hand-written tool files (src/tools/…) that call it. */
  via?: string[];
}

/** Schema coordinate → uses. Coordinates: `Type`, `Type.field`, `Type.field.arg`, `Input.field`, `Enum.VALUE`, `Union.Member`. */
export type GraphqlUsage = Map<string, Use[]>;

/** One @rest root field as one operation calls it. */
export interface RestCall {
  use: Use;
  /** The root field (Query.users …). */
  field: GraphQLField<unknown, unknown>;
  /** Arguments the call sends: given in the operation, or with a field default; name → where. */
  args: Map<string, string>;
  /** Response paths the operation selects (["results","id"]) → where. */
  selected: Map<string, string>;
}

export interface Usage {
  graphql: GraphqlUsage;
  rest: RestCall[];
}

function where(file: string, node: ASTNode | undefined): string {
  const loc = node?.loc;
  if (!loc) return `${file}:1:1`;
  const { line, column } = getLocation(loc.source, loc.start);
  return `${file}:${line}:${column}`;
}

function add(map: Map<string, Use[]>, key: string, use: Use): void {
  const list = map.get(key) ?? [];
  if (!list.some((u) => u.tool === use.tool && u.at === use.at)) list.push(use);
  map.set(key, list);
}

/** Marks a type and everything a value of it can carry (input fields, enum values) as used. */
function useDeep(type: GraphQLNamedType, use: Use, map: GraphqlUsage, seen = new Set<string>()): void {
  if (seen.has(type.name)) return;
  seen.add(type.name);
  add(map, type.name, use);
  if (isEnumType(type)) for (const value of type.getValues()) add(map, `${type.name}.${value.name}`, use);
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      add(map, `${type.name}.${field.name}`, use);
      useDeep(getNamedType(field.type), use, map, seen);
    }
  }
}

function isRestRoot(schema: GraphQLSchema, parent: GraphQLNamedType | null | undefined, field: GraphQLField<unknown, unknown> | null) {
  const roots = [schema.getQueryType(), schema.getMutationType()];
  return Boolean(field && parent && roots.includes(parent as never) && restDirective(field));
}

/** Walks every operation against our schema (project directives included: it is our schema). */
export function collectUsage(schema: GraphQLSchema, operations: LoadedOperation[]): Usage {
  const graphql: GraphqlUsage = new Map();
  const rest: RestCall[] = [];
  for (const op of operations) {
    const isClient = op.document.definitions.some(
      (d) => d.kind === Kind.OPERATION_DEFINITION && d.directives?.some((x) => x.name.value === "client"),
    );
    const base = { tool: op.name, kind: isClient ? ("client" as const) : ("tool" as const) };
    const at = (node: ASTNode) => ({ ...base, at: where(op.file, node) });
    const typeInfo = new TypeInfo(schema);
    visit(
      op.document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (!parent || !field) return undefined;
          if (isRestRoot(schema, parent, field)) {
            rest.push(restCall(field, node, at(node.name), op.file));
            return false;
          }
          add(graphql, `${parent.name}.${field.name}`, at(node.name));
          add(graphql, getNamedType(field.type).name, at(node.name));
          return undefined;
        },
        Argument(node) {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          const arg = typeInfo.getArgument();
          if (!parent || !field || !arg) return;
          add(graphql, `${parent.name}.${field.name}.${arg.name}`, at(node.name));
          add(graphql, getNamedType(arg.type).name, at(node.name));
        },
        ObjectField(node) {
          const parent = typeInfo.getParentInputType();
          const named = parent ? getNamedType(parent) : undefined;
          if (named && isInputObjectType(named)) add(graphql, `${named.name}.${node.name.value}`, at(node.name));
        },
        EnumValue(node) {
          const type = typeInfo.getInputType();
          const named = type ? getNamedType(type) : undefined;
          if (named && isEnumType(named)) add(graphql, `${named.name}.${node.value}`, at(node));
        },
        Variable(node, _key, parent) {
          // A variable passed into a field argument or input field forwards any value of that type.
          if ((parent as ASTNode | undefined)?.kind === Kind.VARIABLE_DEFINITION) return;
          const type = typeInfo.getInputType() as GraphQLInputType | null;
          if (type) useDeep(getNamedType(type), at(node), graphql);
        },
        InlineFragment(node) {
          const parent = typeInfo.getParentType();
          const condition = node.typeCondition?.name.value;
          if (!condition) return;
          add(graphql, condition, at(node.typeCondition!));
          if (parent && isUnionType(parent)) add(graphql, `${parent.name}.${condition}`, at(node.typeCondition!));
        },
        FragmentDefinition(node) {
          add(graphql, node.typeCondition.name.value, at(node.typeCondition));
        },
      }),
    );
  }
  return { graphql, rest };
}

/** What one call of a @rest root field sends and selects. */
function restCall(field: GraphQLField<unknown, unknown>, node: FieldNode, use: Use, file: string): RestCall {
  const args = new Map<string, string>();
  for (const arg of node.arguments ?? []) args.set(arg.name.value, where(file, arg.name));
  for (const def of field.args) if (def.defaultValue !== undefined && !args.has(def.name)) args.set(def.name, use.at);
  const selected = new Map<string, string>();
  const path: string[] = [];
  // The JSON answer has one shape whatever the fragments say, so only field names matter here.
  visit(node.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] }, {
    Field: {
      enter(child) {
        path.push(child.name.value);
        if (child.name.value !== "__typename") selected.set(path.join("."), where(file, child.name));
      },
      leave() {
        path.pop();
      },
    },
  });
  return { use, field, args, selected };
}

/** The GraphQL type of a value (unwrapping lists), for REST shape checks. */
export function unwrap(type: import("graphql").GraphQLType): { named: GraphQLNamedType; list: boolean; nonNull: boolean } {
  const nonNull = isNonNullType(type);
  const inner = nonNull ? type.ofType : type;
  return { named: getNamedType(inner), list: isListType(inner), nonNull };
}
