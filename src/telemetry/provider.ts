// Builds the tracer provider: OTLP/HTTP exporter, batch processor, resource, sampler, context manager.
import { context, diag, DiagLogLevel, trace, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from "@opentelemetry/sdk-trace";
import type { Logger } from "../logger.js";
import { VERSION } from "../version.js";
import { batchSettings, samplerSetting, serviceName } from "./env.js";

export interface Tracing {
  tracer: Tracer;
  /** Sends what is buffered and stops; never takes longer than `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>;
}

export function startTracing(logger: Logger): Tracing {
  // The SDK's own complaints (e.g. a failed export) go to our stderr log, never to stdout.
  diag.setLogger(
    {
      error: (message, ...args) => logger.warn({ detail: args.map(String) }, `opentelemetry: ${message}`),
      warn: (message, ...args) => logger.warn({ detail: args.map(String) }, `opentelemetry: ${message}`),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);

  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (read by envDetector) win over our defaults.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ "service.name": serviceName(), "service.version": VERSION }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new TracerProvider({
    resource,
    sampler: sampler(),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter(), ...batchSettings() })],
  });
  trace.setGlobalTracerProvider(provider);

  return {
    tracer: provider.getTracer("panther-mcp", VERSION),
    async shutdown(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.warn({ timeoutMs }, "opentelemetry: gave up flushing spans at shutdown");
          resolve();
        }, timeoutMs);
        timer.unref();
      });
      const done = provider.shutdown().catch((error: unknown) => logger.warn({ err: error }, "opentelemetry: shutdown failed"));
      await Promise.race([done, deadline]);
      clearTimeout(timer);
      contextManager.disable();
    },
  };
}

function sampler(): Sampler {
  const { ratio, parentBased } = samplerSetting();
  const root = ratio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(ratio);
  return parentBased ? new ParentBasedSampler({ root }) : root;
}
