// POST /public/graphql: runs a request against the project's schema with the simulator's resolvers.
import {
  GraphQLError,
  execute,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { inferenceStream, inferenceStreamsMetadata, summarizeAlert } from "./ai-resolvers.js";
import { createComment, getAlert, listAlerts, updateAssignee, updateStatus, type GqlContext } from "./alert-resolvers.js";
import { updateAssigneeByEmail } from "./alert-resolvers.js";
import { cancelQuery, executeQuery, getDatabaseTable, getQuery, listDatabases, listDatabaseTables } from "./data-lake-resolvers.js";
import { deniedMessage, gqlError } from "./errors.js";
import { GRAPHQL_FIELD_PERMISSIONS } from "./permissions.js";
import { loadSchema } from "./schema-loader.js";
import { listSchemas, listSources } from "./source-resolvers.js";
import { metrics } from "./metrics-resolvers.js";

type Resolver = (args: never, ctx: GqlContext) => unknown;

const RESOLVERS: Record<string, Resolver> = {
  alert: (args: { id: string }, ctx) => getAlert(ctx.state, args.id),
  alerts: (args: { input: Record<string, unknown> }, ctx) => listAlerts(ctx.state, args.input),
  updateAlertStatusById: (args: { input: Parameters<typeof updateStatus>[1] }, ctx) => updateStatus(ctx, args.input),
  updateAlertsAssigneeById: (args: { input: Parameters<typeof updateAssignee>[1] }, ctx) => updateAssignee(ctx, args.input),
  updateAlertsAssigneeByEmail: (args: { input: Parameters<typeof updateAssigneeByEmail>[1] }, ctx) =>
    updateAssigneeByEmail(ctx, args.input),
  createAlertComment: (args: { input: Parameters<typeof createComment>[1] }, ctx) => createComment(ctx, args.input),
  dataLakeQuery: (args: { id: string }, ctx) => getQuery(ctx, args.id),
  executeDataLakeQuery: (args: { input: Parameters<typeof executeQuery>[1] }, ctx) => executeQuery(ctx, args.input),
  cancelDataLakeQuery: (args: { input: { id: string } }, ctx) => cancelQuery(ctx, args.input),
  dataLakeDatabases: () => listDatabases(),
  dataLakeDatabaseTables: (args: { input: Parameters<typeof listDatabaseTables>[0] }) => listDatabaseTables(args.input),
  dataLakeDatabaseTable: (args: { input: Parameters<typeof getDatabaseTable>[0] }) => getDatabaseTable(args.input),
  aiSummarizeAlert: (args: { input: Parameters<typeof summarizeAlert>[1] }, ctx) => summarizeAlert(ctx, args.input),
  aiInferenceStream: (args: { streamId: string }, ctx) => inferenceStream(ctx, args.streamId),
  aiInferenceStreamsMetadata: (args: { input: { alias: string } }, ctx) => inferenceStreamsMetadata(ctx, args.input),
  sources: (args: { input?: Parameters<typeof listSources>[1] }, ctx) => listSources(ctx.state, args.input),
  schemas: (args: { input: Parameters<typeof listSchemas>[1] }, ctx) => listSchemas(ctx.state, args.input),
  metrics: (args: { input: Parameters<typeof metrics>[1] }, ctx) => metrics(ctx.state, args.input),
};

/** The data-lake catalog's fields need what every data-lake read needs. */
const FIELD_PERMISSIONS: Record<string, string | undefined> = {
  ...GRAPHQL_FIELD_PERMISSIONS,
  dataLakeDatabases: "DataAnalyticsRead",
  dataLakeDatabaseTables: "DataAnalyticsRead",
  dataLakeDatabaseTable: "DataAnalyticsRead",
};

/** Root value: every resolver first checks the token's permission for its field. */
const rootValue: Record<string, (args: never, ctx: GqlContext) => unknown> = Object.fromEntries(
  Object.entries(RESOLVERS).map(([field, resolve]) => [
    field,
    (args: never, ctx: GqlContext) => {
      const needed = FIELD_PERMISSIONS[field];
      if (needed && !ctx.token.permissions.has(needed)) throw gqlError("FORBIDDEN", deniedMessage(needed));
      return resolve(args, ctx);
    },
  ]),
);

/** Rejects root fields that only exist in Panther's REST API. */
function restOnlyRule(restFields: Map<string, string>): ValidationRule {
  return (context) => ({
    Field(node) {
      const parent = context.getParentType();
      const schema = context.getSchema();
      if (parent !== schema.getQueryType() && parent !== schema.getMutationType()) return;
      const rest = restFields.get(node.name.value);
      if (rest) {
        context.reportError(
          new GraphQLError(
            `Cannot query field "${node.name.value}" on type "${parent?.name}": it is served by Panther's REST API (${rest}), not GraphQL.`,
            {
              nodes: node,
              extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
            },
          ),
        );
      }
    },
  });
}

export interface GraphQLRequestBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

export interface GraphQLHttpResult {
  status: number;
  body: ExecutionResult | { errors: GraphQLFormattedError[] };
}

function withCode(errors: readonly GraphQLError[], fallback: string): GraphQLFormattedError[] {
  return errors.map((e) => {
    const formatted = e.toJSON();
    const code = formatted.extensions?.code;
    return { ...formatted, extensions: { ...formatted.extensions, code: typeof code === "string" ? code : fallback } };
  });
}

/**
 * Documents that parsed and validated, by their text: a client sends the same few operations again and
 * again, and parsing and validating one costs more than running it (a GraphQL server keeps such a cache
 * too). Bounded in count and in text (a document's tree grows with its text), least recently used first
 * out, and texts over MAX_TEXT are not kept: clients sending ever new or huge texts cannot grow it.
 */
class DocumentCache {
  static readonly MAX = 200;
  static readonly MAX_TEXT = 64 * 1024;
  static readonly MAX_TOTAL_TEXT = 2 * 1024 * 1024;
  private readonly bySchema = new WeakMap<GraphQLSchema, { documents: Map<string, DocumentNode>; textLength: number }>();

  get(schema: GraphQLSchema, text: string): DocumentNode | undefined {
    const documents = this.bySchema.get(schema)?.documents;
    const document = documents?.get(text);
    if (document) {
      documents!.delete(text);
      documents!.set(text, document);
    }
    return document;
  }

  set(schema: GraphQLSchema, text: string, document: DocumentNode): void {
    if (text.length > DocumentCache.MAX_TEXT) return;
    let cache = this.bySchema.get(schema);
    if (!cache) this.bySchema.set(schema, (cache = { documents: new Map(), textLength: 0 }));
    if (cache.documents.has(text)) return;
    cache.documents.set(text, document);
    cache.textLength += text.length;
    while (cache.documents.size > DocumentCache.MAX || cache.textLength > DocumentCache.MAX_TOTAL_TEXT) {
      const oldest = cache.documents.keys().next().value!;
      cache.documents.delete(oldest);
      cache.textLength -= oldest.length;
    }
  }

  size(schema: GraphQLSchema): number {
    return this.bySchema.get(schema)?.documents.size ?? 0;
  }
}
export const validDocuments = new DocumentCache();

export async function runGraphQL(body: GraphQLRequestBody, ctx: GqlContext): Promise<GraphQLHttpResult> {
  const fail = (status: number, message: string, code: string): GraphQLHttpResult => ({
    status,
    body: { errors: [{ message, extensions: { code } }] },
  });
  if (typeof body.query !== "string" || body.query.trim() === "")
    return fail(400, "request body must contain a query string", "BAD_REQUEST");
  if (body.variables !== undefined && body.variables !== null && (typeof body.variables !== "object" || Array.isArray(body.variables))) {
    return fail(400, "variables must be a JSON object", "BAD_REQUEST");
  }
  if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== "string") {
    return fail(400, "operationName must be a string", "BAD_REQUEST");
  }
  const { schema, restFields } = loadSchema();
  let document = validDocuments.get(schema, body.query);
  if (!document) {
    try {
      document = parse(body.query);
    } catch (err) {
      const e = err instanceof GraphQLError ? err : new GraphQLError(String(err));
      return { status: 200, body: { errors: withCode([e], "GRAPHQL_PARSE_FAILED") } };
    }
    const validationErrors = validate(schema, document, [...specifiedRules, restOnlyRule(restFields)]);
    if (validationErrors.length) return { status: 200, body: { errors: withCode(validationErrors, "GRAPHQL_VALIDATION_FAILED") } };
    validDocuments.set(schema, body.query, document);
  }

  const result = await execute({
    schema,
    document,
    rootValue,
    contextValue: ctx,
    variableValues: (body.variables as Record<string, unknown> | null | undefined) ?? undefined,
    operationName: (body.operationName as string | null | undefined) ?? undefined,
  });
  if (!result.errors?.length) return { status: 200, body: result };
  // No `data` at all means the request itself was rejected (bad variables, unknown operation).
  const fallback = "data" in result && result.data !== undefined ? "INTERNAL_SERVER_ERROR" : "BAD_USER_INPUT";
  return { status: 200, body: { ...result, errors: withCode(result.errors, fallback) } };
}
