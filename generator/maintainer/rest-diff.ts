// Our @rest declarations against Panther's OpenAPI spec: every path, method, query parameter, body
// field and response field we declare must exist there with a compatible type. Used ones (an
// operation sends or selects them) are breaking when missing; unused ones are drift.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from "graphql";
import { restCallOf, restDirective, restName as declaredRestName } from "../rest.js";
import type { AddedGroup, Finding } from "./findings.js";
import type { RestCall, Use } from "./usage.js";

/** The parts of an OpenAPI 3 document read here. */
interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  additionalProperties?: unknown;
}
interface Parameter {
  $ref?: string;
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { $ref?: string; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: JsonSchema }> }>;
}
export interface OpenApi {
  paths?: Record<string, Record<string, Operation | Parameter[]> & { parameters?: Parameter[] }>;
  components?: Record<string, Record<string, unknown>>;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

function deref<T extends { $ref?: string }>(spec: OpenApi, value: T | undefined): T | undefined {
  let out = value;
  for (let hops = 0; out?.$ref && hops < 20; hops++) {
    const [, section, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(out.$ref) ?? [];
    out = spec.components?.[section]?.[name] as T | undefined;
  }
  return out;
}

/** A schema with $ref followed and allOf merged. oneOf/anyOf count as "any of these properties". */
function resolve(spec: OpenApi, value: JsonSchema | undefined): JsonSchema | undefined {
  const schema = deref(spec, value);
  if (!schema) return undefined;
  const parts = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].map((s) => resolve(spec, s));
  if (!parts.length) return schema;
  const merged: JsonSchema = { ...schema, properties: { ...schema.properties }, required: [...(schema.required ?? [])] };
  for (const part of parts) {
    if (!part) continue;
    merged.type ??= part.type;
    Object.assign(merged.properties!, part.properties);
    if (schema.allOf?.includes(part)) merged.required!.push(...(part.required ?? []));
  }
  return merged;
}

type Kind = "string" | "integer" | "number" | "boolean" | "array" | "object" | "any";

function theirKind(schema: JsonSchema): Kind {
  if (schema.type) return schema.type as Kind;
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return "any";
}

const SCALAR_KINDS: Record<string, Kind> = { Int: "integer", Long: "integer", Float: "number", Boolean: "boolean", JSON: "any" };

function ourKind(type: GraphQLInputType | GraphQLOutputType): Kind {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return "array";
  const named = getNamedType(inner);
  if (isScalarType(named)) return SCALAR_KINDS[named.name] ?? "string";
  if (isEnumType(named)) return "string";
  return "object";
}

function compatible(ours: Kind, theirs: Kind): boolean {
  const numbers = ["integer", "number"];
  return ours === theirs || ours === "any" || theirs === "any" || (numbers.includes(ours) && numbers.includes(theirs));
}

/** The REST names of an enum's values (@restName where it differs). */
function restValues(schema: GraphQLSchema, type: GraphQLInputType): string[] | undefined {
  const named = getNamedType(type);
  if (!isEnumType(named)) return undefined;
  return named.getValues().map((v) => declaredRestName(schema, v) ?? v.name);
}

function restName(schema: GraphQLSchema, arg: GraphQLArgument): string {
  return declaredRestName(schema, arg) ?? arg.name;
}

/** Our path with enum path parameters spelled out: "/{kind}" → "/rules", "/policies", … */
function expandPath(schema: GraphQLSchema, path: string, field: GraphQLField<unknown, unknown>): string[] {
  let paths = [path];
  for (const [, name] of path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
    const arg = field.args.find((a) => a.name === name);
    const values = arg ? restValues(schema, arg.type) : undefined;
    if (values) paths = paths.flatMap((p) => values.map((v) => p.replace(`{${name}}`, v)));
  }
  return paths;
}

/** The spec's path template for one of our paths: segment by segment, a `{param}` matches anything. */
function matchPath(spec: OpenApi, path: string): string | undefined {
  const ours = path.split("/");
  let best: { template: string; literal: number } | undefined;
  for (const template of Object.keys(spec.paths ?? {})) {
    const theirs = template.split("/");
    if (theirs.length !== ours.length) continue;
    let literal = 0;
    const fits = theirs.every((segment, i) => {
      if (segment === ours[i]) return ++literal > 0;
      return /^\{.+\}$/.test(segment);
    });
    if (fits && (!best || literal > best.literal)) best = { template, literal };
  }
  return best?.template;
}

function usesOf(calls: RestCall[], pick: (call: RestCall) => string | undefined): Use[] {
  return calls.flatMap((call) => {
    const at = pick(call);
    return at ? [{ ...call.use, at }] : [];
  });
}

export interface RestComparison {
  breaking: Finding[];
  drift: Finding[];
  added: AddedGroup[];
}

/** One difference found on one endpoint, before the endpoints of a field are merged. */
interface Raw {
  /** Same key on several endpoints of one field = the same difference. */
  key: string;
  endpoint: string;
  message: string;
  uses: Use[];
  /** Breaking when used (else drift). */
  breaks: boolean;
  /** A nullable field or optional parameter only some endpoints of a field have: by design (kinds differ). */
  partialOk?: boolean;
  optionalInPanther?: string;
}

type Report = (raw: Omit<Raw, "endpoint">) => void;

function mergeUses(list: Use[][]): Use[] {
  const out: Use[] = [];
  for (const use of list.flat()) if (!out.some((u) => u.tool === use.tool && u.at === use.at)) out.push(use);
  return out;
}

/** Compares every @rest root field of our schema with Panther's OpenAPI spec. */
export function compareRest(schema: GraphQLSchema, spec: OpenApi, calls: RestCall[]): RestComparison {
  const breaking: Finding[] = [];
  const drift: Finding[] = [];
  const added = new Map<string, string[]>();
  const matched = new Set<string>();

  const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((t) => Object.values(t?.getFields() ?? {}));
  for (const field of roots.filter((f) => restDirective(f))) {
    const { method, path, body: bodyArg } = restCallOf(schema, field)!;
    const fieldCalls = calls.filter((c) => c.field.name === field.name);
    const everyCall = usesOf(fieldCalls, (c) => c.use.at);
    const pathParams = new Set([...path.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]));
    const raws: Raw[] = [];
    const endpoints = expandPath(schema, path, field).map((p) => `${method} ${p}`);

    for (const endpoint of endpoints) {
      const report: Report = (raw) => raws.push({ ...raw, endpoint });
      const concrete = endpoint.slice(method.length + 1);
      const template = matchPath(spec, concrete);
      const item = template ? spec.paths![template] : undefined;
      const operation = item?.[method.toLowerCase()] as Operation | undefined;
      if (!template || !operation) {
        report({ key: "endpoint", message: `${field.name}: the endpoint is not in Panther's REST API`, uses: everyCall, breaks: true });
        continue;
      }
      matched.add(`${method} ${template}`);
      const parameters = [...((item!.parameters as Parameter[] | undefined) ?? []), ...(operation.parameters ?? [])]
        .map((p) => deref(spec, p))
        .filter((p): p is Parameter => Boolean(p));
      const query = parameters.filter((p) => p.in === "query");

      // Query parameters: ours must exist with a compatible type and enum values.
      const ourQuery = field.args.filter((a) => !pathParams.has(a.name) && a.name !== bodyArg);
      for (const arg of ourQuery) {
        const name = restName(schema, arg);
        const key = `?${name}`;
        const uses = usesOf(fieldCalls, (c) => c.args.get(arg.name));
        const param = query.find((p) => p.name === name);
        if (!param) {
          const message = `${field.name}(${arg.name}:): query parameter ${name} is not accepted by Panther`;
          report({ key, message, uses, breaks: true, partialOk: !isNonNullType(arg.type) });
          continue;
        }
        const theirs = resolve(spec, param.schema) ?? {};
        const kind = theirKind(theirs);
        if (!compatible(ourKind(arg.type), kind)) {
          report({
            key,
            message: `${field.name}(${arg.name}:): query parameter ${name} is ${kind} in Panther's spec; we declare ${String(arg.type)}`,
            uses,
            breaks: true,
          });
          continue;
        }
        const values = restValues(schema, arg.type);
        const allowed = (kind === "array" ? resolve(spec, theirs.items) : theirs)?.enum?.map(String);
        const missing = values && allowed ? values.filter((v) => !allowed.includes(v)) : [];
        if (missing.length)
          report({
            key,
            message: `${field.name}(${arg.name}:): Panther's ${name} does not accept ${missing.join(", ")}`,
            uses,
            breaks: true,
          });
      }
      for (const param of query.filter((p) => p.required && !ourQuery.some((a) => restName(schema, a) === p.name))) {
        report({
          key: `required ?${param.name}`,
          message: `${field.name}: Panther requires query parameter ${param.name}, which we do not declare`,
          uses: everyCall,
          breaks: true,
        });
      }
      const newParams = query.filter((p) => !ourQuery.some((a) => restName(schema, a) === p.name)).map((p) => `?${p.name}`);
      if (newParams.length) added.set(`${method} ${template}`, newParams);

      // The body: every field of our input type must be a property of Panther's request body.
      const body = bodyArg ? field.args.find((a) => a.name === bodyArg) : undefined;
      if (body) {
        const content = deref(spec, operation.requestBody)?.content;
        const theirs = resolve(spec, content?.["application/json"]?.schema);
        const uses = usesOf(fieldCalls, (c) => c.args.get(body.name));
        if (!theirs) report({ key: "body", message: `${field.name}: Panther takes no JSON body`, uses, breaks: true });
        else compareShape(spec, body.type, theirs, "request body", () => uses, report, new Set());
      }

      // The response: every field of our return type must be in Panther's 2xx answer.
      const responses = operation.responses ?? {};
      const status = Object.keys(responses).find((s) => /^2/.test(s));
      const answer = status ? deref(spec, responses[status]) : undefined;
      const theirs = resolve(spec, answer?.content?.["application/json"]?.schema);
      if (!theirs) report({ key: "response", message: `${field.name}: Panther returns no JSON`, uses: everyCall, breaks: true });
      else {
        const usesAt = (at: string) => usesOf(fieldCalls, (c) => c.selected.get(at));
        compareShape(spec, field.type, theirs, "response", usesAt, report, new Set(), "");
      }
    }

    // One finding per difference, naming the endpoints it was seen on.
    const keys = [...new Set(raws.map((r) => r.key))];
    for (const key of keys) {
      const group = raws.filter((r) => r.key === key);
      const seenOn = group.map((r) => r.endpoint).join(", ");
      const uses = mergeUses(group.map((r) => r.uses));
      const first = group[0];
      if (first.partialOk && group.length < endpoints.length) {
        drift.push({
          api: "rest",
          subject: `${field.name} ${key}`,
          message: `${first.message} on ${seenOn} (the other kinds have it)`,
          uses,
          onSomeEndpoints: { field: field.name, item: key.replace(/^response /, "") },
        });
        continue;
      }
      const finding: Finding = { api: "rest", subject: `${field.name} ${key}`, message: `${first.message} (${seenOn})`, uses };
      if (first.optionalInPanther) finding.optionalInPanther = first.optionalInPanther;
      (first.breaks && uses.length ? breaking : drift).push(finding);
    }
  }

  // Endpoints we do not call, grouped by their first path segment.
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS.filter((m) => m in item)) {
      const endpoint = `${method.toUpperCase()} ${template}`;
      if (matched.has(endpoint)) continue;
      const group = `/${template.split("/")[1]}`;
      added.set(group, [...(added.get(group) ?? []), endpoint]);
    }
  }
  const groups = [...added].map(([group, items]) => ({ api: "rest" as const, group, items }));
  groups.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return { breaking, drift, added: groups };
}

/**
 * Walks one of our types (input or output) beside Panther's JSON schema. `path` is the dotted
 * response path ("results.id") that usage is recorded under; body fields use the body's uses.
 */
function compareShape(
  spec: OpenApi,
  type: GraphQLInputType | GraphQLOutputType,
  theirs: JsonSchema,
  part: "response" | "request body",
  usesAt: (path: string) => Use[],
  report: Report,
  seen: Set<string>,
  path = "",
): void {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const items = resolve(spec, theirs.items);
    if (items) compareShape(spec, inner.ofType, items, part, usesAt, report, seen, path);
    return;
  }
  const named = getNamedType(inner);
  if (!(isObjectType(named) || isInputObjectType(named)) || seen.has(named.name)) return;
  // Free-form objects (no properties listed) cannot be checked field by field.
  if (!theirs.properties) return;
  const inside = new Set(seen).add(named.name);
  for (const field of Object.values(named.getFields())) {
    const at = path ? `${path}.${field.name}` : field.name;
    const key = `${part} ${at}`;
    const uses = usesAt(at);
    const nullable = !isNonNullType(field.type);
    const property = resolve(spec, theirs.properties[field.name]);
    if (!property) {
      report({
        key,
        message: `${named.name}.${field.name} is not in Panther's ${part}`,
        uses,
        breaks: true,
        partialOk: nullable && part === "response",
      });
      continue;
    }
    const kind = theirKind(property);
    if (!compatible(ourKind(field.type), kind)) {
      report({
        key,
        message: `${named.name}.${field.name} is ${kind} in Panther's ${part}; we declare ${String(field.type)}`,
        uses,
        breaks: true,
      });
      continue;
    }
    if (!nullable && isObjectType(named) && !theirs.required?.includes(field.name)) {
      report({
        key: `${key} (nullability)`,
        message: `${named.name}.${field.name} is non-null here but optional in Panther's ${part}`,
        uses,
        breaks: false,
        optionalInPanther: `${named.name}.${field.name}`,
      });
    }
    compareShape(spec, field.type, property, part, usesAt, report, inside, at);
  }
}
