import { logLater, type Logger } from "./logger.js";
import { InputRequiredSignal } from "./confirm.js";
import { PantherMcpError, ShuttingDownError, type ErrorCode } from "./errors.js";
import type { Lifecycle } from "./lifecycle.js";
import type { Metrics } from "./metrics.js";
import type { HandlerContext, ToolDefinition } from "./runtime/tool.js";
import { resultText, type UntrustedOptions } from "./untrusted/index.js";
import { parseArguments } from "./validation.js";

/** A tool call as it passes through the middleware chain. */
export interface ToolCall {
  tool: ToolDefinition;
  rawArgs: unknown;
  ctx: HandlerContext;
  requestId: string;
  /** Set by the error middleware when the call failed. */
  errorCode?: ErrorCode;
}

export interface ToolCallResult {
  content: { type: "text"; text: string }[];
  isError?: boolean;
  [key: string]: unknown;
}

export type Next = () => Promise<ToolCallResult>;
export type Middleware = (call: ToolCall, next: Next) => Promise<ToolCallResult>;

/** Runs `middlewares` in order around `last`; the first one is the outermost. */
export function compose(middlewares: Middleware[], last: (call: ToolCall) => Promise<ToolCallResult>) {
  return (call: ToolCall): Promise<ToolCallResult> => {
    const run = (i: number): Promise<ToolCallResult> => (i === middlewares.length ? last(call) : middlewares[i](call, () => run(i + 1)));
    return run(0);
  };
}

/**
 * Times each call once: the per-tool metrics (counted before the answer, so whoever reads them after it
 * sees the call), and one structured log line with its duration and outcome, made once the answer is on
 * its way (logLater: in the next check phase of the event loop, before any later line, or as the process
 * exits): a log line is no part of a call's latency.
 */
export function observe(logger: Logger, metrics: Metrics): Middleware {
  const logLine = (call: ToolCall, elapsed: number): void => {
    const line = { tool: call.tool.name, requestId: call.requestId, ms: Math.round(elapsed), outcome: call.errorCode ?? "ok" };
    if (call.errorCode === "INTERNAL") logger.error(line, "tool call failed");
    else logger.info(line, "tool call");
  };
  return async (call, next) => {
    const started = performance.now();
    let result: ToolCallResult;
    try {
      result = await next();
    } catch (error) {
      // A round that asks the user to confirm is no call of its own: logged, not counted.
      if (error instanceof InputRequiredSignal) {
        const line = {
          tool: call.tool.name,
          requestId: call.requestId,
          ms: Math.round(performance.now() - started),
          outcome: "input_required",
        };
        logger.info(line, "tool call");
      }
      throw error;
    }
    const elapsed = performance.now() - started;
    metrics.record(call.tool.name, elapsed, call.errorCode);
    logLater(() => logLine(call, elapsed));
    return result;
  };
}

/** While the server shuts down, new calls get SHUTTING_DOWN instead of starting. */
export function refuseWhileDraining(lifecycle: Lifecycle): Middleware {
  return async (_call, next) => {
    if (lifecycle.draining) throw new ShuttingDownError();
    return next();
  };
}

/**
 * Turns thrown errors into `isError` results with a code; bugs become INTERNAL without details.
 * `permissionsTool` is the served name of get_permissions, which a PERMISSION_DENIED message points
 * at; null when it is not served.
 */
export function mapErrors(logger: Logger, permissionsTool: string | null = "get_permissions"): Middleware {
  return async (call, next) => {
    try {
      return await next();
    } catch (error) {
      // Not an error: the call asks the user to confirm (server.ts returns it as input_required).
      if (error instanceof InputRequiredSignal) throw error;
      if (error instanceof PantherMcpError) {
        call.errorCode = error.code;
        let message = error.message;
        // Sentences follow Panther's own text, which may end without a full stop.
        if (error.code === "PERMISSION_DENIED" && !/[.!?]$/.test(message)) message += ".";
        if (error.code === "PERMISSION_DENIED" && call.tool.permissions.length) {
          message += ` ${call.tool.name} needs the Panther permission${call.tool.permissions.length > 1 ? "s" : ""} ${call.tool.permissions.join(", ")} on the API token.`;
        }
        if (error.code === "PERMISSION_DENIED") {
          message += " An admin can grant it under Settings → API Tokens in Panther.";
          if (permissionsTool) message += ` Call ${permissionsTool} to see what this token has.`;
        }
        if (error.retryable) message += " (retryable)";
        return errorResult(error.code, message);
      }
      call.errorCode = "INTERNAL";
      logger.error({ tool: call.tool.name, requestId: call.requestId, err: error }, "unexpected error in tool");
      return errorResult("INTERNAL", `Internal error in ${call.tool.name}; the server log has details.`);
    }
  };
}

export function errorResult(code: ErrorCode, message: string): ToolCallResult {
  return { content: [{ type: "text", text: `${code}: ${message}` }], isError: true };
}

/**
 * The innermost step: validate arguments, run the handler, serialise its value compactly. A value holding
 * attacker-controllable text (the tool's `untrusted` plan) is cleaned, or withheld in lockdown, and fenced
 * (src/untrusted/); errors are our own text and are never fenced.
 */
export async function invokeTool(call: ToolCall, options: UntrustedOptions = {}): Promise<ToolCallResult> {
  // A tool whose code is loaded has no `ready`: it goes on without waiting a turn.
  const loaded = call.tool.ready ? await call.tool.ready() : undefined;
  const args = parseArguments(call.tool, call.rawArgs, loaded || call.tool);
  const value = await call.tool.handler(args, call.ctx);
  const plan = loaded ? loaded.untrusted : call.tool.untrusted;
  return { content: [{ type: "text", text: resultText(value, plan, options) }] };
}
