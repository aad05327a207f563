/** Per-tool call counts, errors by code and latency percentiles, kept in memory. */
export interface ToolMetrics {
  calls: number;
  errors: Record<string, number>;
  p50_ms: number;
  p95_ms: number;
}

const WINDOW = 500;
const round = (ms: number) => Math.round(ms * 10) / 10;

export class Metrics {
  private readonly perTool = new Map<string, { calls: number; errors: Record<string, number>; latencies: number[] }>();

  record(tool: string, ms: number, errorCode?: string): void {
    let entry = this.perTool.get(tool);
    if (!entry) this.perTool.set(tool, (entry = { calls: 0, errors: {}, latencies: [] }));
    entry.calls += 1;
    if (errorCode) entry.errors[errorCode] = (entry.errors[errorCode] ?? 0) + 1;
    entry.latencies.push(ms);
    if (entry.latencies.length > WINDOW) entry.latencies.shift();
  }

  snapshot(): Record<string, ToolMetrics> {
    const out: Record<string, ToolMetrics> = {};
    for (const [tool, entry] of [...this.perTool].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...entry.latencies].sort((a, b) => a - b);
      const pick = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
      out[tool] = { calls: entry.calls, errors: { ...entry.errors }, p50_ms: round(pick(0.5)), p95_ms: round(pick(0.95)) };
    }
    return out;
  }
}
