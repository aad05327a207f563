// Reads the standard OpenTelemetry environment variables that decide whether and how traces are sent.
// Endpoint, headers, timeout and compression of the exporter are read by the exporter package itself.

import { defaultOf } from "../settings.js";

type Env = Record<string, string | undefined>;

/** True when an OTLP endpoint is configured and the SDK is not switched off. */
export function tracingEnabled(env: Env = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === "true") return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

export function serviceName(env: Env = process.env): string {
  return env.OTEL_SERVICE_NAME?.trim() || defaultOf("OTEL_SERVICE_NAME");
}

export interface BatchSettings {
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
  maxQueueSize?: number;
  maxExportBatchSize?: number;
}

/** The OTEL_BSP_* settings that are set to a positive number (the span processor does not read them). */
export function batchSettings(env: Env = process.env): BatchSettings {
  return {
    scheduledDelayMillis: positive(env.OTEL_BSP_SCHEDULE_DELAY),
    exportTimeoutMillis: positive(env.OTEL_BSP_EXPORT_TIMEOUT),
    maxQueueSize: positive(env.OTEL_BSP_MAX_QUEUE_SIZE),
    maxExportBatchSize: positive(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE),
  };
}

export interface SamplerSetting {
  /** Sample root spans at this ratio (1 = every one). */
  ratio: number;
  /** Follow the parent's decision when there is a parent. */
  parentBased: boolean;
}

/** OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG; anything unknown falls back to the default (parent-based, always on). */
export function samplerSetting(env: Env = process.env): SamplerSetting {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase() ?? "";
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG);
  const ratio = Number.isFinite(arg) && arg >= 0 && arg <= 1 ? arg : 1;
  switch (name) {
    case "always_on":
      return { ratio: 1, parentBased: false };
    case "always_off":
      return { ratio: 0, parentBased: false };
    case "traceidratio":
      return { ratio, parentBased: false };
    case "parentbased_always_off":
      return { ratio: 0, parentBased: true };
    case "parentbased_traceidratio":
      return { ratio, parentBased: true };
    default:
      return { ratio: 1, parentBased: true };
  }
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value.trim() !== "" && Number.isFinite(n) && n > 0 ? n : undefined;
}
