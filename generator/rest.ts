import {
  getNamedType,
  isEnumType,
  Kind,
  valueFromASTUntyped,
  type DirectiveNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";
import { findDirective, readDirective, type Directed } from "./directive-values.js";
import { compareText, jsLiteral, jsString, snakeCase } from "./names.js";

/** How one REST call is made, as JS source fragments printed by the template. */
export interface RestCallPlan {
  method: string;
  /** A JS expression for the path: a restPath() call that checks and encodes the parameters. */
  pathExpr: string;
  /** `name: expr` pairs for the query string. */
  query: { name: string; expr: string }[];
  bodyExpr?: string;
  /** Enum → REST name maps the call needs, as `const NAME = {...}` declarations. */
  enumMaps: { name: string; literal: string }[];
  /**
   * Variables with a default that the tool's input schema applies (a tool's only copy of it), so the
   * call sends them as given; a direct caller of the client function must give them (WithRequired).
   */
  defaulted: string[];
}

export class RestProblem extends Error {}

/** The @rest directive of a schema field, if it has one. */
export function restDirective(field: GraphQLField<unknown, unknown>): DirectiveNode | undefined {
  return findDirective(field.astNode, "rest");
}

/** A field's @rest(method:, path:, body:), as graphql-js coerces them; undefined when it has none. */
export function restCallOf(
  schema: GraphQLSchema,
  field: GraphQLField<unknown, unknown>,
): { method: string; path: string; body?: string } | undefined {
  const rest = readDirective(schema, "rest", field.astNode);
  if (!rest) return undefined;
  return { method: String(rest.method), path: String(rest.path), ...(typeof rest.body === "string" ? { body: rest.body } : {}) };
}

/** The name in @restName(name:) on an argument or enum value, if it has one. */
export function restName(schema: GraphQLSchema, element: { astNode?: Directed | null }): string | undefined {
  const name = readDirective(schema, "restName", element.astNode)?.name;
  return typeof name === "string" ? name : undefined;
}

/**
 * Builds the JS expression of an argument value, resolving variables: with their defaults for a client
 * operation, as given for a tool (whose input schema applies them; `defaulted` collects those).
 */
function valueExpr(value: ValueNode, op: OperationDefinitionNode, tool: boolean, defaulted: Set<string>): string {
  switch (value.kind) {
    case Kind.VARIABLE: {
      const def = op.variableDefinitions?.find((v) => v.variable.name.value === value.name.value);
      const access = `variables[${jsString(value.name.value)}]`;
      if (!def?.defaultValue) return access;
      if (tool) {
        defaulted.add(value.name.value);
        return access;
      }
      return `(${access} ?? ${jsLiteral(valueFromASTUntyped(def.defaultValue))})`;
    }
    case Kind.OBJECT:
      return `{ ${value.fields.map((f) => `${jsString(f.name.value)}: ${valueExpr(f.value, op, tool, defaulted)}`).join(", ")} }`;
    case Kind.LIST:
      return `[${value.values.map((v) => valueExpr(v, op, tool, defaulted)).join(", ")}]`;
    default:
      return jsLiteral(valueFromASTUntyped(value));
  }
}

/** Plans the REST call for a root field that carries @rest; `tool` when the operation is a tool's. */
export function planRestCall(
  schema: GraphQLSchema,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  op: OperationDefinitionNode,
  tool: boolean,
): RestCallPlan {
  const { method, path, body: bodyArg } = restCallOf(schema, field)!;
  const enumMaps = new Map<string, string>();
  const defaulted = new Set<string>();

  const argExpr = (name: string): string | undefined => {
    const given = node.arguments?.find((a) => a.name.value === name);
    const def = field.args.find((a) => a.name === name);
    let expr: string | undefined;
    if (given) expr = valueExpr(given.value, op, tool, defaulted);
    const fieldDefault = def?.astNode?.defaultValue ? jsLiteral(valueFromASTUntyped(def.astNode.defaultValue)) : undefined;
    if (fieldDefault !== undefined) {
      // A bare variable without its own default may be undefined: fall back to the field's default.
      const open =
        given?.value.kind === Kind.VARIABLE &&
        !op.variableDefinitions?.some(
          (v) => v.variable.name.value === (given.value as { name: { value: string } }).name.value && v.defaultValue,
        );
      if (!given) expr = fieldDefault;
      else if (open) expr = `(${expr} ?? ${fieldDefault})`;
    }
    if (!expr || !def) return expr;
    const named = getNamedType(def.type);
    if (isEnumType(named)) {
      const renamed = named.getValues().filter((v) => restName(schema, v) !== undefined);
      if (renamed.length) {
        const mapName = `${named.name}RestNames`;
        const literal = `{ ${renamed.map((v) => `${jsString(v.name)}: ${jsString(restName(schema, v)!)}`).join(", ")} }`;
        enumMaps.set(mapName, literal);
        expr = `restValue(${expr}, ${mapName})`;
      }
    }
    return expr;
  };

  const pathNames = new Set<string>();
  const params: string[] = [];
  for (const [, name] of path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    if (pathNames.has(name)) continue;
    if (!field.args.some((a) => a.name === name)) {
      throw new RestProblem(`@rest path ${jsString(path)} names {${name}}, which is not an argument of ${field.name}`);
    }
    pathNames.add(name);
    const expr = argExpr(name);
    if (!expr) throw new RestProblem(`path parameter {${name}} of ${field.name} has no value: select it in the operation`);
    const given = node.arguments?.find((a) => a.name.value === name);
    // Errors name the tool argument the value came from; a literal is checked here instead.
    const argument = given?.value.kind === Kind.VARIABLE ? snakeCase(given.value.name.value) : name;
    const fieldDefault = field.args.find((a) => a.name === name)?.astNode?.defaultValue;
    const literalNode = given ? (given.value.kind === Kind.VARIABLE ? undefined : given.value) : fieldDefault;
    const literal = literalNode ? valueFromASTUntyped(literalNode) : undefined;
    if (literal !== undefined && ["", ".", ".."].includes(String(literal))) {
      throw new RestProblem(
        `path parameter {${name}} of ${field.name} is ${jsString(String(literal))}, which would change the request path`,
      );
    }
    params.push(`${jsString(name)}: { argument: ${jsString(argument)}, value: ${expr} }`);
  }
  const pathExpr = `restPath(${jsString(path)}, { ${params.join(", ")} })`;

  if (bodyArg !== undefined && !field.args.some((a) => a.name === bodyArg)) {
    throw new RestProblem(`@rest body "${bodyArg}" is not an argument of ${field.name}`);
  }
  const query: { name: string; expr: string }[] = [];
  for (const arg of field.args) {
    if (pathNames.has(arg.name) || arg.name === bodyArg) continue;
    const expr = argExpr(arg.name);
    if (!expr) continue;
    query.push({ name: jsString(restName(schema, arg) ?? arg.name), expr });
  }
  const bodyExpr = bodyArg ? argExpr(bodyArg) : undefined;
  return {
    method,
    pathExpr,
    query,
    bodyExpr,
    enumMaps: [...enumMaps].sort(([a], [b]) => compareText(a, b)).map(([name, literal]) => ({ name, literal })),
    defaulted: [...defaulted].sort(compareText),
  };
}
