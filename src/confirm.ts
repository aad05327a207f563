// Confirmation of destructive writes through MCP elicitation (issue 10): text planted in Panther data
// can steer a model into calling a write tool, so a person confirms each destructive write, seeing
// what will change, before it is made.
//
// It rides the SDK's multi-round-trip API. The first time a handler calls ctx.confirm, the call ends
// with an input_required result holding one elicitation and a sealed requestState; a 2026-07-28 client
// asks its user and calls again with the answer, and for a 2025-era client the SDK's shim sends
// elicitation/create itself and runs the handler again. Either way the handler runs again from the top
// and ctx.confirm reads the answer. The answer counts only for what was shown: requestState (signed
// with a key derived from the API token, checked by the SDK before the handler runs) holds the tool's name and a
// digest of its arguments, the message and the changes; when any differs (other arguments, or Panther
// changed in between) the user is asked again.
import { createHash, createHmac, randomBytes } from "node:crypto";
import {
  createRequestStateCodec,
  inputRequired,
  inputResponse,
  type ClientCapabilities,
  type InputRequiredResult,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { cleanMessage } from "./confirm-text.js";
import type { ConfirmAnswer, ConfirmRequest } from "./runtime/tool.js";

/** Thrown by ctx.confirm to end the call with `result`; the tools/call handler returns it (see server.ts). */
export class InputRequiredSignal extends Error {
  constructor(readonly result: InputRequiredResult) {
    super("the call needs the user's confirmation first");
    this.name = "InputRequiredSignal";
  }
}

/** The key of our one input request, in inputRequests and in the answer's inputResponses. */
const KEY = "confirm";

const REQUESTED_SCHEMA = {
  type: "object" as const,
  properties: {
    confirm: {
      type: "boolean" as const,
      title: "Make this change in Panther",
      description: "Tick to make the change described above; leave it unticked, or decline, to change nothing.",
      default: false,
    },
  },
  required: ["confirm"],
};

/** What requestState carries: which tool asked, and a digest of what it showed. */
interface Sealed {
  tool: string;
  digest: string;
}

/** How long a confirmation prompt stays answerable (the SDK shim waits at most 10 minutes for a person). */
const TTL_SECONDS = 15 * 60;

/** JSON with object keys sorted, so equal values give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function digestOf(tool: string, args: unknown, message: string, changes: readonly unknown[]): string {
  return createHash("sha256")
    .update(canonical([tool, args ?? {}, message, changes]))
    .digest("base64url");
}

/**
 * Whether a client can be asked through form elicitation, read as the SDK's own gate reads it: an
 * `elicitation` capability with `form`, or a bare one (which meant form before modes existed).
 */
export function canElicit(capabilities: ClientCapabilities | undefined): boolean {
  const elicitation = capabilities?.elicitation as Record<string, unknown> | undefined;
  if (!elicitation || typeof elicitation !== "object") return false;
  return elicitation.form !== undefined || elicitation.url === undefined;
}

/** A result for a write the user said no to: nothing was written, and what would have been. */
export function notWritten(answer: Exclude<ConfirmAnswer, "write">, changes: readonly unknown[]) {
  return {
    written: false,
    reason: answer === "cancelled" ? "the user dismissed the confirmation" : "the user declined",
    would_change: changes,
  };
}

/** One tool call, as ctx.confirm needs to see it. */
export interface ConfirmCall {
  tool: string;
  /** The arguments as the client sent them (the same on every round of one call). */
  args: unknown;
  mcpCtx: ServerContext;
  /** The client's capabilities for this request; undefined when unknown (stateless 2025-era HTTP). */
  capabilities: ClientCapabilities | undefined;
}

export interface Confirmation {
  /** For ServerOptions.requestState.verify: checks and opens a requestState (throws on a bad one). */
  verify(state: string, ctx: ServerContext): Promise<unknown>;
  /** ctx.confirm for one call. */
  confirmFor(call: ConfirmCall): (request: ConfirmRequest) => Promise<ConfirmAnswer>;
}

/**
 * `enabled` false (PANTHER_CONFIRM_WRITES=false): every confirm answers "write" without asking.
 * `secret` (the API token): the signing key is derived from it, so every replica that holds the same
 * token accepts the others' state; the key reveals nothing of the token. Without it the key is random
 * per process, and an answer must come back to the process that asked.
 */
export function createConfirmation(enabled: boolean, secret?: string): Confirmation {
  const key = secret ? createHmac("sha256", secret).update("panther-mcp confirmation state v1").digest() : randomBytes(32);
  const codec = createRequestStateCodec<Sealed>({ key, ttlSeconds: TTL_SECONDS });
  return {
    verify: (state, ctx) => codec.verify(state, ctx),
    confirmFor: (call) => async (request) => {
      if (!enabled || !canElicit(call.capabilities)) return "write";
      const message = cleanMessage(request.message);
      const digest = digestOf(call.tool, call.args, message, request.changes);
      const sealed = call.mcpCtx.mcpReq.requestState<Partial<Sealed>>();
      if (sealed && typeof sealed === "object" && sealed.tool === call.tool && sealed.digest === digest) {
        const answer = inputResponse(call.mcpCtx.mcpReq.inputResponses, KEY);
        if (answer.kind === "elicit") {
          if (answer.action === "accept") return answer.content?.confirm === true ? "write" : "declined";
          return answer.action === "decline" ? "declined" : "cancelled";
        }
      }
      // No answer yet, or one given to another prompt: ask (again).
      throw new InputRequiredSignal(
        inputRequired({
          inputRequests: { [KEY]: inputRequired.elicit({ message, requestedSchema: REQUESTED_SCHEMA }) },
          requestState: await codec.mint({ tool: call.tool, digest }),
        }),
      );
    },
  };
}
