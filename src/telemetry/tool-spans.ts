// One span per tool call. Only the tool's name, the request id and the error code are recorded:
// never arguments, results or error messages (they can carry user data).
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import { InputRequiredSignal } from "../confirm.js";
import { PantherMcpError } from "../errors.js";
import type { Middleware } from "../middleware.js";

export function traceToolCalls(tracer: Tracer): Middleware {
  return async (call, next) => {
    const span = tracer.startSpan(`tools/call ${call.tool.name}`, {
      kind: SpanKind.SERVER,
      attributes: { "mcp.method.name": "tools/call", "mcp.tool.name": call.tool.name, "mcp.request.id": call.requestId },
    });
    try {
      // Upstream requests made by the handler run in this context, so their spans become children.
      return await context.with(trace.setSpan(context.active(), span), next);
    } catch (error) {
      if (error instanceof InputRequiredSignal) {
        span.setAttribute("panther_mcp.outcome", "input_required");
        throw error;
      }
      // This runs inside mapErrors, so the code is worked out here the same way mapErrors does it.
      const code = error instanceof PantherMcpError ? error.code : "INTERNAL";
      span.setAttributes({ "panther_mcp.error_code": code, "error.type": code });
      span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      throw error;
    } finally {
      span.end();
    }
  };
}
