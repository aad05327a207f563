#!/usr/bin/env node
// panther-mcp: MCP server for the Panther SIEM. In stdio mode stdout carries JSON-RPC only; logs go to stderr.
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { PantherClient } from "./panther-client.js";
import { createServerFactory } from "./server.js";
import { allTools } from "./tools/index.js";
import { VERSION } from "./version.js";

const HELP = `panther-mcp ${VERSION} — MCP server for the Panther SIEM (stdio)

Usage: panther-mcp [--demo] [--help] [--version]

  --demo       serve the built-in Panther simulator (simulated data, no credentials)
  --help       show this help
  --version    print the version

Environment:
  PANTHER_INSTANCE_URL     Panther API URL, e.g. https://api.acme.runpanther.net (required unless --demo)
  PANTHER_API_TOKEN        Panther API token (required unless --demo; never logged)
  PANTHER_GRAPHQL_URL      override the GraphQL endpoint (default <instance>/public/graphql)
  PANTHER_REST_URL         override the REST base URL (default <instance>)
  PANTHER_TIMEOUT_SECONDS  per-request timeout to Panther (default 30)
  LOG_LEVEL                debug | info | warn | error | silent (default info); logs go to stderr
`;

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseArgs({
      options: { demo: { type: "boolean" }, help: { type: "boolean" }, version: { type: "boolean" } },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`panther-mcp: ${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (flags.help) return void process.stdout.write(HELP);
  if (flags.version) return void process.stdout.write(`${VERSION}\n`);

  let config: Config;
  try {
    config = loadConfig(process.env, { demo: Boolean(flags.demo) });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`panther-mcp: configuration problems:\n${error.problems.map((p) => `  - ${p}`).join("\n")}\n`);
    process.exit(2);
  }

  let closeSimulator: (() => Promise<void>) | undefined;
  if (config.demo) {
    const { startSimulator } = await import("./simulator/index.js");
    const sim = await startSimulator();
    config = { ...config, graphqlUrl: sim.graphqlUrl, restUrl: sim.restUrl, apiToken: sim.token };
    closeSimulator = () => sim.close();
  }
  const logger = createLogger(config.logLevel, [config.apiToken]);
  if (config.demo) logger.warn({ panther: config.graphqlUrl }, "DEMO MODE: serving the built-in Panther simulator; all data is simulated");

  const panther = new PantherClient({
    graphqlUrl: config.graphqlUrl,
    restUrl: config.restUrl,
    apiToken: config.apiToken,
    timeoutMs: config.upstream.timeoutMs,
    logger,
    userAgent: `panther-mcp/${VERSION}`,
  });
  const metrics = new Metrics();
  const shutdown = new AbortController();
  const handle = serveStdio(createServerFactory({ tools: allTools, panther, logger, metrics, shutdownSignal: shutdown.signal }), {
    onerror: (error) => logger.warn({ err: error }, "transport error"),
  });
  logger.info({ tools: allTools.length, version: VERSION }, "panther-mcp serving on stdio");

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) process.exit(0);
    stopping = true;
    logger.info({ reason, metrics: metrics.snapshot() }, "shutting down");
    shutdown.abort();
    await handle.close().catch(() => undefined);
    await closeSimulator?.().catch(() => undefined);
    process.exit(0);
  };
  process.stdin.on("end", () => void stop("stdin closed"));
  process.stdin.on("close", () => void stop("stdin closed"));
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  process.stderr.write(`panther-mcp: fatal: ${(error as Error).message}\n`);
  process.exit(1);
});
