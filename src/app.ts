// Runs the server for a loaded configuration: Panther client, tool selection, transport, shutdown.
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import type { Config } from "./config.js";
import { startHttpServer, type HttpServerHandle } from "./http/server.js";
import { createServer } from "./index.js";
import { createLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { PantherClient } from "./panther-client.js";
import { checkPanther } from "./readiness.js";
import { configResource, metricsResource } from "./resources.js";
import { startTelemetry } from "./telemetry/index.js";
import { allTools } from "./tools/index.js";
import { VERSION } from "./version.js";

export async function run(initial: Config): Promise<void> {
  let config = initial;
  let closeSimulator: (() => Promise<void>) | undefined;
  if (config.demo) {
    const { startSimulator } = await import("./simulator/index.js");
    const sim = await startSimulator();
    config = { ...config, graphqlUrl: sim.graphqlUrl, restUrl: sim.restUrl, apiToken: sim.token };
    closeSimulator = () => sim.close();
  }
  const secretFields = allTools.flatMap((tool) => tool.secretFields ?? []);
  const logger = createLogger(config.logLevel, [config.apiToken, config.http.token ?? ""], secretFields);
  if (config.demo) logger.warn({ panther: config.graphqlUrl }, "DEMO MODE: serving the built-in Panther simulator; all data is simulated");

  const panther = new PantherClient({
    graphqlUrl: config.graphqlUrl,
    restUrl: config.restUrl,
    apiToken: config.apiToken,
    timeoutMs: config.upstream.timeoutMs,
    maxRetries: config.upstream.maxRetries,
    retryBudgetMs: config.upstream.retryBudgetMs,
    maxConcurrency: config.upstream.maxConcurrency,
    logger,
    userAgent: `panther-mcp/${VERSION}`,
  });
  const metrics = new Metrics();
  const telemetry = await startTelemetry(logger);
  const composed = createServer({
    panther,
    selection: config.tools,
    logger,
    metrics,
    resources: (served) => [configResource(config, served), metricsResource(metrics)],
    middleware: telemetry ? [telemetry.middleware] : undefined,
  });
  const { lifecycle } = composed;

  let http: HttpServerHandle | undefined;
  let stdio: { close(): Promise<void> } | undefined;
  if (config.transport === "streamable-http") {
    http = await startHttpServer({
      createServer: composed.createServer,
      http: config.http,
      logger,
      ready: () => checkPanther(panther),
    });
    logger.info(
      { url: http.url, tools: composed.tools.length, readOnly: config.tools.readOnly, version: VERSION },
      "panther-mcp serving on http",
    );
  } else {
    stdio = serveStdio(composed.createServer, { onerror: (error) => logger.warn({ err: error }, "transport error") });
    logger.info({ tools: composed.tools.length, readOnly: config.tools.readOnly, version: VERSION }, "panther-mcp serving on stdio");
  }

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) {
      logger.warn({ reason }, "second shutdown request: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ reason, callsInFlight: lifecycle.callsInFlight, graceMs: config.shutdownGraceMs }, "shutting down");
    const httpClosed = http?.close();
    const { aborted } = await lifecycle.drain(config.shutdownGraceMs);
    if (aborted) logger.warn({ aborted }, "calls still running after the grace period were aborted");
    // A handler that just finished has its response written by the SDK a moment later: let it go out.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.allSettled([httpClosed, stdio?.close(), closeSimulator?.()]);
    await (panther as { close?: () => Promise<void> }).close?.().catch(() => undefined);
    await telemetry?.shutdown();
    logger.info({ metrics: metrics.snapshot() }, "stopped");
    // Let the last JSON-RPC responses leave before exiting.
    await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
    process.exit(0);
  };
  if (config.transport === "stdio") {
    // stdin reports both "end" and "close"; one shutdown for both.
    let stdinGone = false;
    const onStdinGone = () => {
      if (stdinGone) return;
      stdinGone = true;
      void stop("stdin closed");
    };
    process.stdin.on("end", onStdinGone);
    process.stdin.on("close", onStdinGone);
  }
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
