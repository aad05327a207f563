// Log sources and log-type schemas: GraphQL `sources` and `schemas`, and REST /log-sources/http/{id}.
import { pageInfoOf, slicePage } from "./cursor.js";
import { badInput, deniedMessage, HttpError } from "./errors.js";
import { REST_PERMISSIONS, type SimToken } from "./permissions.js";
import type { RestResponse } from "./rest-api.js";
import { SOURCES_PAGE_SIZE, type SimLogSource, type SimSchema } from "./seed-sources.js";
import type { SimState } from "./state.js";

/** The GraphQL view of a source: S3 sources as S3LogIntegration, the other kinds as GenericLogIntegration. */
function sourceNode(state: SimState, s: SimLogSource) {
  const { bytesPerHour: _bytes, s3, http: _http, createdBy, ...common } = s;
  return {
    __typename: s3 ? "S3LogIntegration" : "GenericLogIntegration",
    ...common,
    ...s3,
    createdBy: () => state.actorObject(createdBy),
  };
}

export function listSources(state: SimState, input: { cursor?: string | null } | null | undefined) {
  const page = slicePage(state.sources.logSources, input?.cursor ?? null, SOURCES_PAGE_SIZE);
  if ("error" in page) throw badInput(page.error);
  return { edges: page.items.map((s) => ({ node: sourceNode(state, s) })), pageInfo: pageInfoOf(page, input?.cursor) };
}

interface SchemasInput {
  contains?: string | null;
  cursor?: string | null;
  isArchived?: boolean | null;
  isInUse?: boolean | null;
  isManaged?: boolean | null;
}

/** Whether a schema's name or one of its field names contains the text (case-insensitive). */
function schemaContains(schema: SimSchema, text: string): boolean {
  const needle = text.toLowerCase();
  if (schema.name.toLowerCase().includes(needle)) return true;
  return [...schema.spec.matchAll(/- name: (\S+)/g)].some((m) => m[1]!.toLowerCase().includes(needle));
}

export function listSchemas(state: SimState, input: SchemasInput) {
  // Panther returns every match on one page; its cursor is documented as always null.
  if (input.cursor !== null && input.cursor !== undefined) throw badInput(`invalid cursor "${input.cursor}": schemas are not paged`);
  const inUse = new Set(state.sources.logSources.flatMap((s) => s.logTypes));
  const found = state.sources.schemas
    .filter((s) => !input.contains || schemaContains(s, input.contains))
    .filter((s) => input.isArchived === null || input.isArchived === undefined || s.isArchived === input.isArchived)
    .filter((s) => input.isManaged === null || input.isManaged === undefined || s.isManaged === input.isManaged)
    .filter((s) => input.isInUse === null || input.isInUse === undefined || inUse.has(s.name) === input.isInUse);
  return {
    edges: found.map((node) => ({ node })),
    pageInfo: { endCursor: null, hasNextPage: false, hasPreviousPage: false, startCursor: null },
  };
}

/** IDs the simulator accepts in a path; anything else is Panther's 400. */
const SOURCE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** REST /log-sources/http/{id} (GET only). `segments` are the decoded path segments. */
export function handleLogSourceRest(state: SimState, token: SimToken, method: string, segments: string[]): RestResponse {
  const [, kind, id, ...more] = segments;
  if (kind !== "http" || id === undefined || more.length > 0) throw new HttpError(404, `no route for /${segments.join("/")}`);
  if (method !== "GET") throw new HttpError(405, `method ${method} not allowed on /log-sources/http/{id}`, { Allow: "GET" });
  const needed = REST_PERMISSIONS["log-sources"]!;
  if (!token.permissions.has(needed)) throw new HttpError(403, deniedMessage(needed));
  if (!SOURCE_ID.test(id)) throw new HttpError(400, "id must be 1 to 128 letters, digits, '.', '_' or '-'");
  const source = state.sources.logSources.find((s) => s.integrationId === id && s.http);
  if (!source?.http) throw new HttpError(404, `http source ${id} not found`);
  return {
    status: 200,
    body: {
      integrationId: source.integrationId,
      integrationLabel: source.integrationLabel,
      logTypes: source.logTypes,
      ...source.http,
    },
  };
}
