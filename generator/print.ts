import {
  Kind,
  print,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/**
 * An operation document printed for review in generated/: one variable, one field and one input-object
 * field per line, so adding a field or an argument to a tool shows as one added line in the diff.
 * Panther gets the same text; the whitespace is not worth minifying for.
 */
export function printForReview(document: DocumentNode): string {
  return document.definitions
    .map((def) => {
      if (def.kind === Kind.OPERATION_DEFINITION) {
        const variables = def.variableDefinitions?.length ? `(\n${def.variableDefinitions.map((v) => `  ${print(v)}`).join("\n")}\n)` : "";
        const name = def.name ? ` ${def.name.value}` : "";
        return `${def.operation}${name}${variables}${directives(def.directives)} ${selectionSet(def.selectionSet, "")}`;
      }
      if (def.kind === Kind.FRAGMENT_DEFINITION) {
        return `fragment ${def.name.value} on ${def.typeCondition.name.value}${directives(def.directives)} ${selectionSet(def.selectionSet, "")}`;
      }
      return print(def);
    })
    .join("\n\n");
}

function selectionSet(set: SelectionSetNode, indent: string): string {
  const inner = `${indent}  `;
  return `{\n${set.selections.map((s) => `${inner}${selection(s, inner)}`).join("\n")}\n${indent}}`;
}

function selection(node: SelectionNode, indent: string): string {
  switch (node.kind) {
    case Kind.FIELD: {
      const alias = node.alias ? `${node.alias.value}: ` : "";
      const sub = node.selectionSet ? ` ${selectionSet(node.selectionSet, indent)}` : "";
      return `${alias}${node.name.value}${args(node.arguments, indent)}${directives(node.directives)}${sub}`;
    }
    case Kind.INLINE_FRAGMENT: {
      const on = node.typeCondition ? ` on ${node.typeCondition.name.value}` : "";
      return `...${on}${directives(node.directives)} ${selectionSet(node.selectionSet, indent)}`;
    }
    case Kind.FRAGMENT_SPREAD:
      return `...${node.name.value}${directives(node.directives)}`;
  }
}

/** One or two scalar arguments stay on the field's line; more take a line each, as do input objects' fields. */
function args(list: readonly ArgumentNode[] | undefined, indent: string): string {
  if (!list?.length) return "";
  if (list.length <= 2) return `(${list.map((a) => `${a.name.value}: ${value(a.value, indent)}`).join(", ")})`;
  const inner = `${indent}  `;
  return `(\n${list.map((a) => `${inner}${a.name.value}: ${value(a.value, inner)}`).join("\n")}\n${indent})`;
}

function value(node: ValueNode, indent: string): string {
  if (node.kind === Kind.OBJECT) {
    if (!node.fields.length) return "{}";
    const inner = `${indent}  `;
    return `{\n${node.fields.map((f) => `${inner}${f.name.value}: ${value(f.value, inner)}`).join("\n")}\n${indent}}`;
  }
  if (node.kind === Kind.LIST) return `[${node.values.map((v) => value(v, indent)).join(", ")}]`;
  return print(node);
}

function directives(list: readonly DirectiveNode[] | undefined): string {
  return list?.length ? ` ${list.map((d) => print(d)).join(" ")}` : "";
}
