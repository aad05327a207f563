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

/** What a handler gets besides its arguments. */
export interface HandlerContext extends ToolContext {
  /** The Panther API, already bound to the configured instance and credentials. */
  panther: PantherTransport;
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
  /** Result fields marked secret (@redact): replaced in results and kept out of log lines. */
  secretFields?: readonly string[];
  /** Validates and normalises arguments (snake_case keys). */
  inputSchema: ArgumentSchema<Args>;
  /** What `tools/list` shows for the arguments. */
  inputJsonSchema: JsonSchemaObject;
  handler(args: Args, ctx: HandlerContext): Promise<unknown>;
  /**
   * Loads the tool's code before its first call, for a tool listed from the catalog (inputSchema and
   * handler work only once it has resolved); absent on a tool whose code is already loaded.
   */
  ready?(): Promise<void>;
}

/** What tools/list shows of a tool (and what the runtime needs without its code): generated/catalog.ts holds one per tool. */
export type ToolListing = Omit<ToolDefinition, "inputSchema" | "handler" | "ready">;

/** A named group of tools: a folder under operations/, or a module of hand-written tools. */
export interface Toolset {
  name: string;
  tools: readonly ToolDefinition[];
}
