// Our schema/ uses Panther's real names and types: everything reachable from GraphQL (non-@rest) root
// fields must exist in Panther's published schema with the same type, and every GraphQL-backed
// operation must validate against it. The reference lives in ../shared/reference (not in this repo).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
  validate,
  type GraphQLNamedType,
  type GraphQLType,
  type GraphQLSchema,
} from "graphql";
import { stripProjectDirectives } from "../../generator/annotations.js";
import { LIVE_ADDITIONS as KNOWN_LIVE_ADDITIONS } from "../../generator/maintainer/live-additions.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REFERENCE = join(ROOT, "../shared/reference/panther-schema.graphql");
/** Fields Panther serves live that its published file lacks (see the reference README). */
const LIVE_ADDITIONS = new Set(KNOWN_LIVE_ADDITIONS);

function ours(): GraphQLSchema {
  const dir = join(ROOT, "schema");
  return buildSchema(
    readdirSync(dir)
      .sort()
      .map((f) => readFileSync(join(dir, f), "utf8"))
      .join("\n"),
  );
}

function isRest(field: { astNode?: { directives?: readonly { name: { value: string } }[] } | null }): boolean {
  return Boolean(field.astNode?.directives?.some((d) => d.name.value === "rest"));
}

/** Named types reachable from the non-REST root fields. */
function graphqlTypes(schema: GraphQLSchema): Map<string, GraphQLNamedType> {
  const seen = new Map<string, GraphQLNamedType>();
  function visit(type: GraphQLNamedType): void {
    if (seen.has(type.name) || type.name.startsWith("__")) return;
    seen.set(type.name, type);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        visit(getNamedType(field.type as GraphQLType));
        for (const arg of "args" in field ? field.args : []) visit(getNamedType(arg.type as GraphQLType));
      }
    }
    if (isUnionType(type)) type.getTypes().forEach(visit);
  }
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (isRest(field)) continue;
      visit(getNamedType(field.type));
      field.args.forEach((a) => visit(getNamedType(a.type)));
    }
  }
  return seen;
}

const available = existsSync(REFERENCE);
const skip = available ? false : `Panther's reference schema is not at ${REFERENCE}`;

test("every GraphQL type and field we declare matches Panther's published schema", { skip }, () => {
  const reference = buildSchema(readFileSync(REFERENCE, "utf8"));
  const schema = ours();
  const problems: string[] = [];
  for (const root of ["Query", "Mutation"] as const) {
    for (const field of Object.values((root === "Query" ? schema.getQueryType() : schema.getMutationType())?.getFields() ?? {})) {
      if (isRest(field) || LIVE_ADDITIONS.has(`${root}.${field.name}`)) continue;
      const theirs = (root === "Query" ? reference.getQueryType() : reference.getMutationType())?.getFields()[field.name];
      if (!theirs) problems.push(`${root}.${field.name} is not in Panther's schema`);
      else if (String(theirs.type) !== String(field.type))
        problems.push(`${root}.${field.name}: ${field.type} vs Panther's ${theirs.type}`);
    }
  }
  for (const [name, type] of graphqlTypes(schema)) {
    if (["Query", "Mutation"].includes(name) || LIVE_ADDITIONS.has(name)) continue;
    const theirs = reference.getType(name);
    if (!theirs) {
      problems.push(`type ${name} is not in Panther's schema`);
      continue;
    }
    if (theirs.constructor !== type.constructor) problems.push(`${name} is a different kind of type in Panther's schema`);
    if ((isObjectType(type) || isInputObjectType(type)) && (isObjectType(theirs) || isInputObjectType(theirs))) {
      const theirFields = theirs.getFields() as Record<string, { type: unknown; args?: readonly { name: string; type: unknown }[] }>;
      for (const field of Object.values(type.getFields())) {
        const other = theirFields[field.name];
        if (LIVE_ADDITIONS.has(`${name}.${field.name}`)) continue;
        if (!other) problems.push(`${name}.${field.name} is not in Panther's schema`);
        else if (String(other.type) !== String(field.type))
          problems.push(`${name}.${field.name}: ${field.type} vs Panther's ${other.type}`);
        for (const arg of "args" in field ? field.args : []) {
          const theirArg = other?.args?.find((a) => a.name === arg.name);
          if (!theirArg || String(theirArg.type) !== String(arg.type))
            problems.push(`${name}.${field.name}(${arg.name}) differs from Panther's`);
        }
      }
    }
    if (isEnumType(type) && isEnumType(theirs)) {
      const values = new Set(theirs.getValues().map((v) => v.name));
      for (const v of type.getValues()) if (!values.has(v.name)) problems.push(`${name}.${v.name} is not a value in Panther's schema`);
    }
    if (isUnionType(type) && isUnionType(theirs)) {
      const members = new Set(theirs.getTypes().map((t) => t.name));
      for (const t of type.getTypes()) if (!members.has(t.name)) problems.push(`${t.name} is not a member of Panther's ${name}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("every GraphQL-backed operation validates against Panther's published schema", { skip }, () => {
  const reference = buildSchema(readFileSync(REFERENCE, "utf8"));
  const schema = ours();
  const restRoots = new Set(
    [schema.getQueryType(), schema.getMutationType()].flatMap((t) =>
      Object.values(t?.getFields() ?? {})
        .filter(isRest)
        .map((f) => f.name),
    ),
  );
  let checked = 0;
  for (const toolset of readdirSync(join(ROOT, "operations"))) {
    for (const file of readdirSync(join(ROOT, "operations", toolset))) {
      const document = stripProjectDirectives(parse(readFileSync(join(ROOT, "operations", toolset, file), "utf8")));
      const usesRest = document.definitions.some(
        (d) =>
          d.kind === "OperationDefinition" &&
          d.selectionSet.selections.some(
            (s) => s.kind === "Field" && (restRoots.has(s.name.value) || LIVE_ADDITIONS.has(`Query.${s.name.value}`)),
          ),
      );
      if (usesRest) continue;
      const errors = validate(reference, document).map((e) => e.message);
      assert.deepEqual(errors, [], `${toolset}/${file}`);
      checked += 1;
    }
  }
  assert.ok(checked >= 7, `checked ${checked} GraphQL operations`);
});
