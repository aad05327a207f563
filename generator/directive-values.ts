// Reading the arguments of a directive use. graphql-js coerces them by the directive's declaration
// (getDirectiveValues): defaults applied, a single value where a list is declared made a one-item
// list, enum values by name, Int and Float as numbers. Nothing here parses a value by hand.
import { getDirectiveValues, type DirectiveNode, type GraphQLSchema } from "graphql";

/** Something directives are written on: a field or type definition, an operation, a variable, ... */
export interface Directed {
  readonly directives?: readonly DirectiveNode[];
}

/**
 * The coerced arguments of one directive use; undefined when the schema does not declare the directive.
 * Throws graphql-js's GraphQLError, at the value, when a value does not fit its declaration: callers read
 * uses that validation has passed, or report the error.
 */
export function directiveValues(schema: GraphQLSchema, node: DirectiveNode): Record<string, unknown> | undefined {
  const definition = schema.getDirective(node.name.value);
  return definition ? (getDirectiveValues(definition, { directives: [node] }) ?? {}) : undefined;
}

/** The coerced arguments of directive `name` on `holder` (its first use), or undefined when it has none. */
export function readDirective(
  schema: GraphQLSchema,
  name: string,
  holder: Directed | null | undefined,
): Record<string, unknown> | undefined {
  const node = findDirective(holder, name);
  return node ? directiveValues(schema, node) : undefined;
}

export function findDirective(holder: Directed | null | undefined, name: string): DirectiveNode | undefined {
  return holder?.directives?.find((d) => d.name.value === name);
}
