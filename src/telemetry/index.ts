// Optional OpenTelemetry traces. Nothing here imports an OpenTelemetry package: the SDK is loaded
// only when the standard OTEL_* variables ask for export, so a server without them pays nothing.
import type { Logger } from "../logger.js";
import type { Middleware } from "../middleware.js";
import { tracingEnabled } from "./env.js";

export interface Telemetry {
  /** Opens a span around each tool call. */
  middleware: Middleware;
  /** Exports what is left and stops, within 1.5 seconds. */
  shutdown(): Promise<void>;
}

// Under the 2 s an MCP client (the SDK's stdio transport) waits after closing stdin before it sends SIGTERM.
const SHUTDOWN_TIMEOUT_MS = 1_500;

/** Starts trace export when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; otherwise returns undefined. */
export async function startTelemetry(logger: Logger): Promise<Telemetry | undefined> {
  if (!tracingEnabled()) return undefined;
  const [{ startTracing }, { traceToolCalls }, { traceUpstreamRequests }] = await Promise.all([
    import("./provider.js"),
    import("./tool-spans.js"),
    import("./upstream-spans.js"),
  ]);
  const tracing = startTracing(logger);
  const stopUpstream = traceUpstreamRequests(tracing.tracer);
  logger.info("opentelemetry: exporting traces over OTLP/HTTP");
  return {
    middleware: traceToolCalls(tracing.tracer),
    async shutdown() {
      stopUpstream();
      await tracing.shutdown(SHUTDOWN_TIMEOUT_MS);
    },
  };
}
