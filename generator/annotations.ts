import {
  DirectiveLocation,
  Kind,
  valueFromASTUntyped,
  visit,
  type ASTNode,
  type DirectiveNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from "graphql";
import { diagnosticAt, type Diagnostic } from "./diagnostics.js";

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
  /** A budget over the default, with its reason. */
  tokenBudget?: { tokens: number; why: string };
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
 * unknown directive, unknown argument, wrong place. (graphql's own checks say less, so they are replaced.)
 */
export function checkDirectiveUses(schema: GraphQLSchema, root: ASTNode, file: string, problems: Diagnostic[]): void {
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
        problems.push(diagnosticAt(node, file, `unknown directive @${node.name.value}; ${where}: ${names.join(", ") || "none"}`));
        return;
      }
      if (location && !directive.locations.includes(location)) {
        problems.push(
          diagnosticAt(node, file, `@${directive.name} is not allowed on ${location}; it goes on ${directive.locations.join(", ")}`),
        );
      }
      const argNames = directive.args.map((a) => a.name);
      for (const arg of node.arguments ?? []) {
        if (!argNames.includes(arg.name.value)) {
          problems.push(
            diagnosticAt(
              arg,
              file,
              `unknown argument "${arg.name.value}" on @${directive.name}; valid arguments: ${argNames.join(", ") || "none"}`,
            ),
          );
        }
      }
    },
  });
}

function directiveArgs(node: DirectiveNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const arg of node.arguments ?? []) out[arg.name.value] = valueFromASTUntyped(arg.value);
  return out;
}

function findDirective(nodes: readonly DirectiveNode[] | undefined, name: string): DirectiveNode | undefined {
  return nodes?.find((d) => d.name.value === name);
}

/** Reads @tool or @client from an operation; exactly one is required. */
export function readOperationAnnotation(
  op: OperationDefinitionNode,
  file: string,
  problems: Diagnostic[],
): ToolAnnotation | ClientAnnotation | undefined {
  const tool = findDirective(op.directives, "tool");
  const client = findDirective(op.directives, "client");
  if (tool && client) {
    problems.push(diagnosticAt(client, file, "an operation is either a @tool or a @client, not both"));
    return undefined;
  }
  if (!tool && !client) {
    problems.push(
      diagnosticAt(
        op,
        file,
        "operation needs @tool(title:, description:) to be a tool, or @client(description:) for typed-client use only",
      ),
    );
    return undefined;
  }
  if (client) {
    const args = directiveArgs(client);
    const description = String(args.description ?? "").trim();
    if (!description) problems.push(diagnosticAt(client, file, "@client description must not be empty"));
    return { kind: "client", description };
  }
  const args = directiveArgs(tool!);
  const title = String(args.title ?? "").trim();
  const description = String(args.description ?? "").trim();
  if (!title) problems.push(diagnosticAt(tool, file, "@tool title must not be empty"));
  if (!description) problems.push(diagnosticAt(tool, file, "@tool description must not be empty"));
  const flag = (key: string) => (typeof args[key] === "boolean" ? (args[key] as boolean) : undefined);
  const tokens = typeof args.tokenBudget === "number" ? args.tokenBudget : undefined;
  const why = typeof args.tokenBudgetReason === "string" ? args.tokenBudgetReason.trim() : "";
  if ((tokens === undefined) !== (why === "")) {
    problems.push(diagnosticAt(tool, file, "@tool tokenBudget and tokenBudgetReason go together: a budget over the default says why"));
  }
  return {
    kind: "tool",
    title,
    description,
    permissions: Array.isArray(args.permissions) ? (args.permissions as string[]) : [],
    readOnly: flag("readOnly"),
    destructive: flag("destructive"),
    idempotent: flag("idempotent"),
    openWorld: flag("openWorld"),
    ...(tokens !== undefined && why ? { tokenBudget: { tokens, why } } : {}),
  };
}

/** Reads @arg from a variable definition (absent → empty annotation). */
export function readArgAnnotation(variable: VariableDefinitionNode): ArgAnnotation {
  const node = findDirective(variable.directives, "arg");
  if (!node) return {};
  const args = directiveArgs(node) as ArgAnnotation;
  return { ...args, node };
}

/** Removes the project's directives from a document so only standard GraphQL is sent to Panther. */
export function stripProjectDirectives<T extends ASTNode>(root: T): T {
  return visit(root, {
    Directive(node) {
      return (PROJECT_DIRECTIVES as readonly string[]).includes(node.name.value) ? null : undefined;
    },
  });
}

export function hasRedact(node: { directives?: readonly DirectiveNode[] }): boolean {
  return Boolean(findDirective(node.directives, "redact"));
}
