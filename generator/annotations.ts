import {
  DirectiveLocation,
  GraphQLError,
  Kind,
  visit,
  type ASTNode,
  type DirectiveNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from "graphql";
import { diagnosticAt, fromGraphqlError, type Diagnostic } from "./diagnostics.js";
import { directiveValues, findDirective, type Directed } from "./directive-values.js";

/** The project's own directives in operations; they are stripped before anything reaches Panther. */
export const PROJECT_DIRECTIVES = ["tool", "client", "arg", "redact"] as const;

export interface ToolAnnotation {
  kind: "tool";
  title: string;
  description: string;
  permissions: string[];
  readOnly?: boolean;
  destructive?: boolean;
  idempotent?: boolean;
  openWorld?: boolean;
}

export interface ClientAnnotation {
  kind: "client";
  description: string;
}

export interface ArgAnnotation {
  description?: string;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  defaultRelative?: string;
  /** Left out of tools/list (see @arg unlisted in schema/directives.graphql). */
  unlisted?: boolean;
  node?: DirectiveNode;
}

const LOCATION_OF: Partial<Record<string, DirectiveLocation>> = {
  [Kind.OPERATION_DEFINITION]: DirectiveLocation.QUERY,
  [Kind.VARIABLE_DEFINITION]: DirectiveLocation.VARIABLE_DEFINITION,
  [Kind.FIELD]: DirectiveLocation.FIELD,
  [Kind.FRAGMENT_DEFINITION]: DirectiveLocation.FRAGMENT_DEFINITION,
  [Kind.FRAGMENT_SPREAD]: DirectiveLocation.FRAGMENT_SPREAD,
  [Kind.INLINE_FRAGMENT]: DirectiveLocation.INLINE_FRAGMENT,
};

/**
 * Checks every directive use against the schema's directives, with the valid choices in each message:
 * unknown directive, unknown argument, wrong place (graphql's own checks say less, so they are replaced);
 * and that the project's directives are given literal values, since they are read when generating.
 */
export function checkDirectiveUses(schema: GraphQLSchema, root: ASTNode, problems: Diagnostic[]): void {
  const known = schema.getDirectives();
  visit(root, {
    Directive(node, _key, _parent, _path, ancestors) {
      const owner = ancestors[ancestors.length - 1] as ASTNode;
      let location = LOCATION_OF[owner.kind];
      if (owner.kind === Kind.OPERATION_DEFINITION) {
        location =
          owner.operation === "mutation"
            ? DirectiveLocation.MUTATION
            : owner.operation === "subscription"
              ? DirectiveLocation.SUBSCRIPTION
              : DirectiveLocation.QUERY;
      }
      const directive = known.find((d) => d.name === node.name.value);
      if (!directive) {
        // Only the directives that could stand here are worth suggesting.
        const fitting = known.filter((d) => !location || d.locations.includes(location));
        const names = fitting.map((d) => `@${d.name}`).sort();
        const where = location ? `directives allowed on ${location}` : "known directives";
        problems.push(diagnosticAt(node, `unknown directive @${node.name.value}; ${where}: ${names.join(", ") || "none"}`));
        return;
      }
      if (location && !directive.locations.includes(location)) {
        problems.push(diagnosticAt(node, `@${directive.name} is not allowed on ${location}; it goes on ${directive.locations.join(", ")}`));
      }
      const argNames = directive.args.map((a) => a.name);
      for (const arg of node.arguments ?? []) {
        if (!argNames.includes(arg.name.value)) {
          problems.push(
            diagnosticAt(
              arg,
              `unknown argument "${arg.name.value}" on @${directive.name}; valid arguments: ${argNames.join(", ") || "none"}`,
            ),
          );
        }
        if (!isProjectDirective(directive.name)) continue;
        visit(arg.value, {
          Variable(variable) {
            const message = `@${directive.name} ${arg.name.value} is read when generating, so it takes a value written here, not the variable $${variable.name.value}`;
            problems.push(diagnosticAt(variable, message));
          },
        });
      }
    },
  });
}

function isProjectDirective(name: string): boolean {
  return (PROJECT_DIRECTIVES as readonly string[]).includes(name);
}

/**
 * The coerced arguments of a project directive written in an operation (see directive-values.ts), or
 * undefined when they cannot be read. graphql-js's validation reports a value that does not fit at the
 * same place, in its own words, so the error here is added only when nothing is reported there yet.
 */
function valuesOf(schema: GraphQLSchema, node: DirectiveNode, problems: Diagnostic[]): Record<string, unknown> | undefined {
  try {
    return directiveValues(schema, node);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const d = fromGraphqlError(error);
    if (!problems.some((p) => p.file === d.file && p.line === d.line && p.column === d.column)) problems.push(d);
    return undefined;
  }
}

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
const flag = (value: unknown) => (typeof value === "boolean" ? value : undefined);

/** Reads @tool or @client from an operation; exactly one is required. */
export function readOperationAnnotation(
  schema: GraphQLSchema,
  op: OperationDefinitionNode,
  problems: Diagnostic[],
): ToolAnnotation | ClientAnnotation | undefined {
  const tool = findDirective(op, "tool");
  const client = findDirective(op, "client");
  if (tool && client) {
    problems.push(diagnosticAt(client, "an operation is either a @tool or a @client, not both"));
    return undefined;
  }
  if (!tool && !client) {
    problems.push(
      diagnosticAt(op, "operation needs @tool(title:, description:) to be a tool, or @client(description:) for typed-client use only"),
    );
    return undefined;
  }
  if (client) {
    const args = valuesOf(schema, client, problems);
    if (!args) return undefined;
    const description = text(args.description);
    if (!description) problems.push(diagnosticAt(client, "@client description must not be empty"));
    return { kind: "client", description };
  }
  const args = valuesOf(schema, tool!, problems);
  if (!args) return undefined;
  const title = text(args.title);
  const description = text(args.description);
  if (!title) problems.push(diagnosticAt(tool!, "@tool title must not be empty"));
  if (!description) problems.push(diagnosticAt(tool!, "@tool description must not be empty"));
  return {
    kind: "tool",
    title,
    description,
    permissions: Array.isArray(args.permissions) ? args.permissions.map(String) : [],
    readOnly: flag(args.readOnly),
    destructive: flag(args.destructive),
    idempotent: flag(args.idempotent),
    openWorld: flag(args.openWorld),
  };
}

/**
 * Reads @arg from a variable definition (absent → empty annotation). Called once the operation has
 * passed validation, so its values fit their declarations.
 */
export function readArgAnnotation(schema: GraphQLSchema, variable: VariableDefinitionNode): ArgAnnotation {
  const node = findDirective(variable, "arg");
  if (!node) return {};
  const args = directiveValues(schema, node) ?? {};
  const number = (key: string) => {
    const value = args[key];
    return typeof value === "number" ? value : undefined;
  };
  const string = (key: string) => {
    const value = args[key];
    return typeof value === "string" ? value : undefined;
  };
  const out: ArgAnnotation = {
    description: string("description"),
    min: number("min"),
    max: number("max"),
    minLength: number("minLength"),
    maxLength: number("maxLength"),
    minItems: number("minItems"),
    maxItems: number("maxItems"),
    pattern: string("pattern"),
    defaultRelative: string("defaultRelative"),
    unlisted: args.unlisted === true ? true : undefined,
    node,
  };
  for (const key of Object.keys(out) as (keyof ArgAnnotation)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/** Removes the project's directives from a document so only standard GraphQL is sent to Panther. */
export function stripProjectDirectives<T extends ASTNode>(root: T): T {
  return visit(root, {
    Directive(node) {
      return isProjectDirective(node.name.value) ? null : undefined;
    },
  });
}

export function hasRedact(node: Directed): boolean {
  return Boolean(findDirective(node, "redact"));
}
