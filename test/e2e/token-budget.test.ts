// Token budget of tools/list (issue 7, goal 4): each tool costs tokens in every conversation that lists
// it. Measured with a real o200k tokenizer on the exact JSON of each tool as the real server sends it
// over stdio with every toolset on, and printed as a table.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import type { Simulator } from "../../src/simulator/index.js";
import { ROOT, SERVER_ARGS, serverEnv, startSimulatorForTests } from "./harness.js";
import { allTools } from "../../src/tools/index.js";
import { DEFAULT_TOKEN_BUDGET } from "../../src/runtime/tool.js";
import { checkBudgets } from "../../generator/budget.js";

const MAX_PER_TOOL = DEFAULT_TOKEN_BUDGET;
const MAX_AVERAGE = 150;

/** The `tools` of a tools/list answer, exactly as the server wrote them on stdout. */
async function listToolsRaw(sim: Simulator): Promise<Record<string, unknown>[]> {
  const child = spawn(process.execPath, SERVER_ARGS, { cwd: ROOT, env: serverEnv(sim, { PANTHER_TOOLSETS: "all", LOG_LEVEL: "error" }) });
  try {
    const lines: string[] = [];
    let buffer = "";
    const answer = new Promise<Record<string, unknown>[]>((resolve, reject) => {
      child.on("exit", (code) => reject(new Error(`server exited (${code}) before answering tools/list`)));
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        let at;
        while ((at = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, at);
          buffer = buffer.slice(at + 1);
          lines.push(line);
          const message = JSON.parse(line) as { id?: number; result?: { tools?: Record<string, unknown>[] } };
          if (message.id === 2 && message.result?.tools) resolve(message.result.tools);
        }
      });
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "token-budget", version: "1" } },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
    return await answer;
  } finally {
    child.kill();
  }
}

describe("tools/list token budget (o200k)", () => {
  let sim: Simulator;
  let rows: { name: string; tokens: number }[] = [];
  before(async () => {
    sim = await startSimulatorForTests();
    const tools = await listToolsRaw(sim);
    rows = tools.map((tool) => ({ name: String(tool.name), tokens: encode(JSON.stringify(tool)).length }));
    rows.sort((a, b) => b.tokens - a.tokens);
    const total = rows.reduce((sum, r) => sum + r.tokens, 0);
    const table = rows.map((r) => `  ${r.name.padEnd(40)} ${String(r.tokens).padStart(5)}`).join("\n");
    process.stdout.write(
      `# tools/list tokens per tool (o200k):\n${table}\n  ${"total".padEnd(40)} ${String(total).padStart(5)}\n` +
        `  ${"average".padEnd(40)} ${(total / rows.length).toFixed(1).padStart(5)}\n`,
    );
  });
  after(async () => {
    await sim?.close();
  });

  test("measures the full tool list (every toolset on)", () => {
    assert.deepEqual(rows.map((r) => r.name).sort(), allTools.map((t) => t.name).sort());
  });

  test(`every tool costs at most ${MAX_PER_TOOL} tokens, without exception`, () => {
    const over = rows.filter((r) => r.tokens > MAX_PER_TOOL);
    assert.deepEqual(over, [], `over budget: ${over.map((r) => `${r.name} ${r.tokens}`).join(", ")}`);
  });

  test(`the average tool costs at most ${MAX_AVERAGE} tokens`, () => {
    const average = rows.reduce((sum, r) => sum + r.tokens, 0) / rows.length;
    assert.ok(average <= MAX_AVERAGE, `average ${average.toFixed(1)} tokens per tool over ${rows.length} tools`);
  });

  test("every listed argument has a description", () => {
    for (const tool of allTools) {
      for (const [name, schema] of Object.entries(tool.inputJsonSchema.properties)) {
        const text = (schema as { description?: string }).description ?? "";
        assert.ok(text.trim().length > 0, `${tool.name}.${name} has no description`);
      }
    }
  });

  test("npm run generate's budget check counts exactly what the server sends (test/generator/budget.test.ts checks the rest of it)", () => {
    const generated = checkBudgets(ROOT, allTools).rows.map((r) => ({ name: r.name, tokens: r.tokens }));
    assert.deepEqual(
      [...generated].sort((a, b) => a.name.localeCompare(b.name)),
      [...rows].sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});
