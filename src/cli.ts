#!/usr/bin/env node
// panther-mcp: MCP server for the Panther SIEM. In stdio mode stdout carries JSON-RPC only; logs go to stderr.
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { run } from "./app.js";
import { ConfigError, loadConfig, SETTINGS, SWITCH_FLAGS, type Config } from "./config.js";
import { settingValues } from "./settings-table.js";
import { VERSION } from "./version.js";

function help(): string {
  const flags = SETTINGS.filter((s) => s.flag).map((s) => ({
    left: `--${s.flag}${SWITCH_FLAGS.includes(s.flag!) ? "" : " <value>"}`,
    right: `${s.description} — ${settingValues(s)} [${s.env}]`,
  }));
  const rows = [
    { left: "--demo", right: "serve the built-in Panther simulator (simulated data, no credentials)" },
    ...flags,
    { left: "--help", right: "show this help" },
    { left: "--version", right: "print the version" },
  ];
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  const envWidth = Math.max(...SETTINGS.map((s) => s.env.length)) + 2;
  const env = SETTINGS.map((s) => `  ${s.env.padEnd(envWidth)}${s.description} — ${settingValues(s)}`);
  return [
    `panther-mcp ${VERSION} — MCP server for the Panther SIEM`,
    "",
    "Usage: panther-mcp [options]",
    "",
    "Options (each overrides its environment variable):",
    ...rows.map((r) => `  ${r.left.padEnd(width)}${r.right}`),
    "",
    "Environment:",
    ...env,
    "",
  ].join("\n");
}

function parseFlags() {
  const options: Record<string, { type: "string" | "boolean" }> = {
    demo: { type: "boolean" },
    help: { type: "boolean" },
    version: { type: "boolean" },
  };
  for (const s of SETTINGS) if (s.flag) options[s.flag] = { type: SWITCH_FLAGS.includes(s.flag) ? "boolean" : "string" };
  return parseArgs({ options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
}

// WebAssembly in this process (undici's HTTP parser, the SQL guard's parser) is compiled by V8's baseline
// compiler only. By default V8 also compiles the whole module again with its optimizing compiler on a
// background thread: ~0.1 CPU-second on each server's first call, for parsing that takes microseconds
// either way. The flag applies to modules compiled from now on; nothing has compiled one yet.
setFlagsFromString("--liftoff-only");

async function main(): Promise<void> {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseFlags();
  } catch (error) {
    process.stderr.write(`panther-mcp: ${(error as Error).message}\nRun panther-mcp --help for the options.\n`);
    process.exit(2);
  }
  if (flags.help) return void process.stdout.write(help());
  if (flags.version) return void process.stdout.write(`${VERSION}\n`);

  let config: Config;
  try {
    config = loadConfig(process.env, { ...flags, demo: Boolean(flags.demo) });
    await run(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`panther-mcp: configuration problems:\n${error.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(2);
  }
}

main().catch((error) => {
  process.stderr.write(`panther-mcp: fatal: ${(error as Error).message}\n`);
  process.exit(1);
});
