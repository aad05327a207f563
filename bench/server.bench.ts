// Size and speed figures for the stdio server against the simulator. Not part of `npm test`:
//   npm run bench
// Prints: tools/list size (characters, ~tokens), start-up to first tools/list, and call latencies.
import { connect, startSimulatorForTests } from "../test/e2e/harness.js";

const CALLS = 200;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<void> {
  const sim = await startSimulatorForTests();
  const started = performance.now();
  const session = await connect(sim);
  const { tools } = await session.client.listTools();
  const startup = performance.now() - started;
  const listing = JSON.stringify(tools);
  const figures: Record<string, unknown> = {
    tools: tools.length,
    tools_list_chars: listing.length,
    tools_list_tokens_approx: Math.round(listing.length / 4),
    startup_to_tools_list_ms: Math.round(startup),
  };
  for (const [name, args] of [
    ["list_alerts", { page_size: 25 }],
    ["get_alert", { alert_id: "alert-0001" }],
    ["list_detections", { limit: 50 }],
  ] as const) {
    const times: number[] = [];
    let chars = 0;
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      const result = await session.client.callTool({ name, arguments: args });
      times.push(performance.now() - t0);
      chars = (result.content as { text: string }[])[0].text.length;
    }
    times.sort((a, b) => a - b);
    figures[name] = { p50_ms: +percentile(times, 0.5).toFixed(2), p95_ms: +percentile(times, 0.95).toFixed(2), result_chars: chars };
  }
  await session.close();
  await sim.close();
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}

void main();
