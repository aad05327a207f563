import {
  getNamedType,
  getNullableType,
  isListType,
  isEnumType,
  isInputObjectType,
  isScalarType,
  Kind,
  valueFromASTUntyped,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type TypeNode,
  type ValueNode,
} from "graphql";
import type { ArgAnnotation } from "./annotations.js";
import { jsLiteral, jsString, snakeCase } from "./names.js";
import { patternProblem } from "./pattern.js";
import { SCALARS } from "./scalars.js";

/**
 * A tool argument's validator, as zod source text. It is the argument's one schema: what clients are
 * shown is derived from it (toolJsonSchema in src/runtime/json-schema.ts), descriptions and defaults included.
 */
export interface ArgSchema {
  zod: string;
  /** Runtime helpers (src/runtime) the zod source calls. */
  helpers?: string[];
}

export class SchemaProblem extends Error {
  /** The @arg argument at fault (min, pattern, ...), to point the diagnostic at it. */
  constructor(
    message: string,
    readonly argument?: string,
  ) {
    super(message);
  }
}

interface Ctx {
  schema: GraphQLSchema;
  /** Runtime helpers used so far, shared by the whole argument. */
  helpers: Set<string>;
  annotation: ArgAnnotation;
  /** Input types being expanded, to refuse recursion. */
  stack: string[];
}

/** Builds the zod schema of one variable (not yet optional/defaulted). */
export function schemaForType(type: TypeNode, schema: GraphQLSchema, annotation: ArgAnnotation): ArgSchema {
  const helpers = new Set<string>();
  const built = build(type, { schema, annotation, stack: [], helpers }, true);
  const unused = (["min", "max", "minLength", "maxLength", "minItems", "maxItems", "pattern"] as const).filter(
    (key) => annotation[key] !== undefined && !built.used.has(key),
  );
  if (unused.length > 0) {
    const fits = applicableConstraints(type, schema);
    const choices = fits.length > 0 ? `it takes ${fits.join(", ")}` : "it takes no constraints";
    throw new SchemaProblem(`constraint ${unused.join(", ")} does not apply to type ${printType(type)}; ${choices}`);
  }
  return { ...built.schema, helpers: [...helpers].sort() };
}

/** The @arg constraints build() honours for a type, for error messages. */
function applicableConstraints(type: TypeNode, schema: GraphQLSchema): string[] {
  if (type.kind === Kind.NON_NULL_TYPE) return applicableConstraints(type.type, schema);
  if (type.kind === Kind.LIST_TYPE) {
    const inner = applicableConstraints(type.type, schema).filter((k) => k !== "minItems" && k !== "maxItems");
    return ["minItems", "maxItems", ...inner];
  }
  const named = schema.getType(type.name.value);
  const mapping = named && isScalarType(named) ? SCALARS[named.name] : undefined;
  if (mapping?.numeric) return ["min", "max"];
  if (mapping?.stringLike) return ["minLength", "maxLength", "pattern"];
  return [];
}

interface Built {
  schema: ArgSchema;
  used: Set<string>;
}

function build(type: TypeNode, ctx: Ctx, top: boolean): Built {
  if (type.kind === Kind.NON_NULL_TYPE) return build(type.type, ctx, top);
  if (type.kind === Kind.LIST_TYPE) {
    const item = build(type.type, ctx, top);
    let zod = `z.array(${item.schema.zod})`;
    const used = new Set(item.used);
    if (top && ctx.annotation.minItems !== undefined) {
      zod += `.min(${ctx.annotation.minItems})`;
      used.add("minItems");
    }
    if (top && ctx.annotation.maxItems !== undefined) {
      zod += `.max(${ctx.annotation.maxItems})`;
      used.add("maxItems");
    }
    return { schema: { zod }, used };
  }
  const named = ctx.schema.getType(type.name.value);
  if (!named) throw new SchemaProblem(`unknown type ${type.name.value}`);
  return buildNamed(named, ctx, top);
}

function buildNamed(named: GraphQLNamedType, ctx: Ctx, top: boolean): Built {
  const used = new Set<string>();
  const helpers = ctx.helpers;
  const a = top ? ctx.annotation : {};
  if (isScalarType(named)) {
    const mapping = SCALARS[named.name];
    if (!mapping) {
      throw new SchemaProblem(
        `scalar ${named.name} has no mapping; add it to generator/scalars.ts (mapped: ${Object.keys(SCALARS).join(", ")})`,
      );
    }
    let zod = mapping.zod;
    for (const helper of mapping.helpers ?? []) helpers.add(helper);
    if (mapping.numeric) {
      const range = mapping.range;
      for (const key of ["min", "max"] as const) {
        const value = a[key];
        if (value === undefined) continue;
        used.add(key);
        if (!Number.isFinite(value)) throw new SchemaProblem(`${key} must be a finite number`, key);
        if (range && (value < range.min || value > range.max)) {
          throw new SchemaProblem(`${key} ${value} is outside the range of ${named.name} (${range.min} to ${range.max})`, key);
        }
      }
      if (a.min !== undefined && a.max !== undefined && a.min > a.max) {
        throw new SchemaProblem(`min ${a.min} is greater than max ${a.max}; no value could be given`, "min");
      }
      const min = a.min ?? range?.min;
      const max = a.max ?? range?.max;
      // Always stated, so that the JSON Schema shows the type's range (zod's own would be a safe integer's).
      if (min !== undefined) zod += `.min(${min})`;
      if (max !== undefined) zod += `.max(${max})`;
    }
    if (mapping.stringLike) {
      for (const key of ["minLength", "maxLength"] as const) {
        const value = a[key];
        if (value === undefined) continue;
        used.add(key);
        if (!Number.isInteger(value) || value < 0) throw new SchemaProblem(`${key} must be a whole number >= 0, not ${value}`, key);
      }
      if (a.minLength !== undefined && a.maxLength !== undefined && a.minLength > a.maxLength) {
        throw new SchemaProblem(`minLength ${a.minLength} is greater than maxLength ${a.maxLength}; no value could be given`, "minLength");
      }
      // zod (4.6 on) counts string length in code points, as JSON Schema does.
      if (a.minLength !== undefined) zod += `.min(${a.minLength})`;
      if (a.maxLength !== undefined) zod += `.max(${a.maxLength})`;
      if (a.pattern !== undefined) {
        used.add("pattern");
        const problem = patternProblem(a.pattern);
        if (problem) throw new SchemaProblem(problem, "pattern");
        // The u flag: JSON Schema validators (ajv) compile patterns with it, so both read them alike.
        zod += `.regex(new RegExp(${jsString(a.pattern)}, "u"))`;
      }
    }
    return { schema: { zod }, used };
  }
  if (isEnumType(named)) {
    const values = named.getValues().map((v) => v.name);
    return { schema: { zod: `z.enum(${jsLiteral(values)})` }, used };
  }
  if (isInputObjectType(named)) {
    if (ctx.stack.includes(named.name)) throw new SchemaProblem(`input type ${named.name} is recursive; tools cannot take it`);
    const inner: Ctx = { ...ctx, annotation: {}, stack: [...ctx.stack, named.name] };
    const shapes: string[] = [];
    const renames: string[] = [];
    for (const field of Object.values(named.getFields())) {
      const key = snakeCase(field.name);
      const fieldType = field.astNode?.type;
      if (!fieldType) throw new SchemaProblem(`input field ${named.name}.${field.name} has no type node`);
      const built = build(fieldType, inner, false).schema;
      const finished = finishSchema(built, {
        nonNull: fieldType.kind === Kind.NON_NULL_TYPE,
        defaultValue: field.astNode?.defaultValue,
        description: field.description ?? undefined,
        type: field.type,
      });
      shapes.push(`${jsString(key)}: ${finished.zod}`);
      renames.push(`${jsString(field.name)}: v[${jsString(key)}]`);
    }
    const zod = `z.strictObject({ ${shapes.join(", ")} }).transform((v) => ({ ${renames.join(", ")} }))`;
    return { schema: { zod }, used };
  }
  throw new SchemaProblem(`type ${named.name} cannot be a tool argument`);
}

/** Adds optionality, default and description, in that order: the description is shown whatever wraps the type. */
export function finishSchema(
  built: ArgSchema,
  opts: { nonNull: boolean; defaultValue?: ValueNode; description?: string; type?: GraphQLInputType },
): ArgSchema {
  let zod = built.zod;
  if (opts.defaultValue) {
    // Defaults are shown and applied in the argument's own (snake_case) shape. Input objects use
    // prefault so the default goes through the same rename to camelCase as a given value.
    const value = opts.type ? toArgumentShape(valueFromASTUntyped(opts.defaultValue), opts.type) : valueFromASTUntyped(opts.defaultValue);
    const named = opts.type ? getNamedType(opts.type) : undefined;
    zod += `${named && isInputObjectType(named) ? ".prefault" : ".default"}(${jsLiteral(value)})`;
  } else if (!opts.nonNull) {
    zod += ".optional()";
  }
  if (opts.description) zod += `.describe(${jsString(opts.description)})`;
  return { zod, helpers: built.helpers };
}

export function printType(type: TypeNode): string {
  if (type.kind === Kind.NON_NULL_TYPE) return `${printType(type.type)}!`;
  if (type.kind === Kind.LIST_TYPE) return `[${printType(type.type)}]`;
  return type.name.value;
}

/** A GraphQL value (camelCase input fields) in the shape the model writes it (snake_case keys). */
function toArgumentShape(value: unknown, type: GraphQLInputType): unknown {
  const inner = getNullableType(type);
  if (value === null || value === undefined) return value;
  if (isListType(inner)) {
    return Array.isArray(value) ? value.map((v) => toArgumentShape(v, inner.ofType)) : toArgumentShape(value, inner.ofType);
  }
  if (isInputObjectType(inner) && typeof value === "object") {
    const fields = inner.getFields();
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [
        snakeCase(key),
        fields[key] ? toArgumentShape(v, fields[key].type) : v,
      ]),
    );
  }
  return value;
}
