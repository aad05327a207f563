import type { z } from "zod";
import type { PantherTransport } from "./transport.js";
import type { ToolContext } from "./context.js";

/**
 * MCP tool hints. A hint left out means the spec's default (HINT_DEFAULTS); tools list only the hints
 * that differ from it, since every hint costs tokens in each tools/list. destructiveHint and
 * idempotentHint mean something only when readOnlyHint is false.
 */
export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** The MCP spec's value of each hint when a tool leaves it out. */
export const HINT_DEFAULTS: Readonly<Required<ToolAnnotations>> = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

/** A tool's hints as a client reads them: the given value, or the spec's default. */
export function effectiveHints(annotations: ToolAnnotations | undefined): Required<ToolAnnotations> {
  return { ...HINT_DEFAULTS, ...annotations };
}

/**
 * Where a tool's result holds text that can come from outside the organisation (fields marked
 * `@untrusted` in schema/, or declared by a hand-written tool): `true` for the whole value (every
 * string in it at any depth, object keys included), or an object naming the response keys that do.
 * Lists are transparent: a plan applies to each element. A tool without a plan returns no such text.
 */
export type UntrustedPlan = true | { readonly [responseKey: string]: UntrustedPlan };

/** A JSON Schema object as listed to clients (root is always `type: "object"`). */
export type JsonSchemaObject = { type: "object"; properties: Record<string, unknown>; [key: string]: unknown };

/**
 * A tool's argument validator: any zod schema whose output is Args. Only safeParse is asked for on
 * purpose: checking each generated zod object against the whole ZodType interface was most of the
 * type check in `npm run generate`.
 */
export interface ArgumentSchema<Args> {
  safeParse(data: unknown): z.ZodSafeParseResult<Args>;
}

/** What a destructive write shows the user before it is made (see HandlerContext.confirm). */
export interface ConfirmRequest {
  /** For a person: what will change, ids and old -> new. Hidden characters are removed and the length capped. */
  message: string;
  /** The same as data; a result says what would have changed when the user says no. */
  changes: readonly unknown[];
}

/** "write": go ahead (confirmed, or no confirmation to ask for); otherwise the user said no. */
export type ConfirmAnswer = "write" | "declined" | "cancelled";

/** What a handler gets besides its arguments. */
export interface HandlerContext extends ToolContext {
  /** The Panther API, already bound to the configured instance and credentials. */
  panther: PantherTransport;
  /**
   * Asks the user to confirm a destructive write, through the client (MCP elicitation). Answers
   * "write" at once when confirmation is off or the client cannot ask. Otherwise the first time it
   * does not return: the call ends asking for input, and the handler runs again from the top with the
   * answer, so everything before it must only read. Call it once, right before the first write.
   */
  confirm(request: ConfirmRequest): Promise<ConfirmAnswer>;
}

/**
 * One MCP tool: generated from an operation, or hand-written (composite tools).
 * Both kinds go through the same registry and middleware.
 */
export interface ToolDefinition<Args = any> {
  name: string;
  title: string;
  description: string;
  /** Folder under operations/ (or the toolset a hand-written tool belongs to). */
  toolset: string;
  annotations: ToolAnnotations;
  /** Panther permissions the API token needs for this tool. */
  permissions: readonly string[];
  /**
   * Where the handler's return value holds attacker-controllable text; the runtime cleans it, fences
   * the result and, in lockdown, withholds it (src/untrusted/). Absent: the result holds none.
   */
  untrusted?: UntrustedPlan;
  /** Result fields marked secret (@redact): replaced in results and kept out of log lines. */
  secretFields?: readonly string[];
  /** Validates and normalises arguments (snake_case keys). */
  inputSchema: ArgumentSchema<Args>;
  /**
   * What `tools/list` shows for the arguments, derived from inputSchema: toolJsonSchema for a generated
   * tool; jsonSchemaOf, with what zod cannot export added, for a hand-written one. A getter on the tool
   * modules: tools/list shows the catalog's copy (generated/catalog.ts), so at run time only a refused
   * call reads it (its message lists every argument), and loading the tools' code does not derive them all.
   */
  inputJsonSchema: JsonSchemaObject;
  handler(args: Args, ctx: HandlerContext): Promise<unknown>;
  /**
   * Loads the tool's code before its first call, for a tool listed from the catalog (inputSchema and
   * handler work only once it has resolved); absent on a tool whose code is already loaded. Resolves to
   * the loaded definition, whose `untrusted` plan is the one the runtime applies (a copy of a listed
   * tool, e.g. one renamed with the tool prefix, keeps what the listing had).
   */
  ready?(): Promise<Pick<ToolDefinition, "untrusted" | "inputSchema" | "inputJsonSchema"> | void>;
}

/** Most o200k tokens any tool's tools/list entry may cost; `npm run generate` measures every tool (no exceptions). */
export const DEFAULT_TOKEN_BUDGET = 300;

/**
 * What the description of a tool with an `untrusted` plan ends with. The server's instructions say what
 * it means (the result comes fenced and may hold attacker-written text), so three tokens do here: every
 * tools/list carries them once per such tool.
 */
export const UNTRUSTED_SUFFIX = " Untrusted.";

/**
 * A tool's description as the model sees it: the Panther permissions the token needs follow it, in
 * Panther's own codes (what get_permissions lists), so a model can tell a denied call from a broken one;
 * a tool whose result holds attacker-controllable text says so last.
 */
export function describedWithPermissions(tool: Pick<ToolDefinition, "description" | "permissions" | "untrusted">): string {
  const needs = tool.permissions.length ? `${tool.description} Needs ${tool.permissions.join(", ")}.` : tool.description;
  return tool.untrusted ? `${needs}${UNTRUSTED_SUFFIX}` : needs;
}

/** A tool's entry in a tools/list answer, exactly as the server sends it. */
export function toolListEntry(tool: ToolListing) {
  return {
    name: tool.name,
    title: tool.title,
    description: describedWithPermissions(tool),
    inputSchema: tool.inputJsonSchema,
    annotations: tool.annotations,
  };
}

/** What tools/list shows of a tool (and what the runtime needs without its code): generated/catalog.ts holds one per tool. */
export type ToolListing = Omit<ToolDefinition, "inputSchema" | "handler" | "ready">;

/** A named group of tools: a folder under operations/, or a module of hand-written tools. */
export interface Toolset {
  name: string;
  tools: readonly ToolDefinition[];
}
