/** Per-tool call counts, errors by code and latency percentiles, kept in memory. */
export interface ToolMetrics {
  calls: number;
  errors: Record<string, number>;
  p50_ms: number;
  p95_ms: number;
}

const WINDOW = 500;
const round = (ms: number) => Math.round(ms * 10) / 10;

interface Entry {
  calls: number;
  errors: Record<string, number>;
  /** The last WINDOW latencies, as a ring: call n is at n % WINDOW (recording costs the same however many calls came). */
  latencies: Float64Array;
}

export class Metrics {
  private readonly perTool = new Map<string, Entry>();

  record(tool: string, ms: number, errorCode?: string): void {
    let entry = this.perTool.get(tool);
    if (!entry) this.perTool.set(tool, (entry = { calls: 0, errors: {}, latencies: new Float64Array(WINDOW) }));
    if (errorCode) entry.errors[errorCode] = (entry.errors[errorCode] ?? 0) + 1;
    entry.latencies[entry.calls % WINDOW] = ms;
    entry.calls += 1;
  }

  snapshot(): Record<string, ToolMetrics> {
    const out: Record<string, ToolMetrics> = {};
    for (const [tool, entry] of [...this.perTool].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = entry.latencies.slice(0, Math.min(entry.calls, WINDOW)).sort();
      const pick = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
      out[tool] = { calls: entry.calls, errors: { ...entry.errors }, p50_ms: round(pick(0.5)), p95_ms: round(pick(0.95)) };
    }
    return out;
  }
}

/** Memory of this process in MB, as an operator reads it. */
export interface ProcessMemory {
  rss_mb: number;
  heap_used_mb: number;
  heap_total_mb: number;
  external_mb: number;
  /** True when a full garbage collection ran just before (node started with --expose-gc): heap_used_mb is then the live heap. */
  after_gc: boolean;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Current memory figures; runs a full collection first only when node was started with --expose-gc. */
export function processMemory(): ProcessMemory {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === "function") gc();
  const m = process.memoryUsage();
  return {
    rss_mb: mb(m.rss),
    heap_used_mb: mb(m.heapUsed),
    heap_total_mb: mb(m.heapTotal),
    external_mb: mb(m.external),
    after_gc: typeof gc === "function",
  };
}
