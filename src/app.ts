// Runs the server for a loaded configuration: Panther client, tool selection, transport, shutdown.
// Start-up loads only what the first tools/list answer needs. The request core (src/upstream/client.ts and
// undici) is loaded by the first call to Panther, the HTTP endpoint only with MCP_TRANSPORT=streamable-http,
// OpenTelemetry only when OTEL_* asks for it, the simulator only with --demo and on its first request
// (its graphql-js and DuckDB later still: its first GraphQL request, its first data-lake query). With a
// console URL the API is found from the console page on the first call to Panther (see src/discovery.ts).
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { openSync } from "node:fs";
import { createServer } from "./compose.js";
import { ConfigError, type Config } from "./config.js";
import type { EndpointResolver } from "./discovery.js";
import type { HttpServerHandle } from "./http/server.js";
import { Shutdown } from "./lifecycle.js";
import { createLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { pantherFromConfig } from "./panther-from-config.js";
import { configResource, metricsResource } from "./resources.js";
import { StdioWire } from "./stdio-transport.js";
import { startTelemetry } from "./telemetry/index.js";
import { catalogTools } from "./tools/catalog.js";
import { VERSION } from "./version.js";

export async function run(initial: Config): Promise<void> {
  let config = initial;
  // Before anything starts: a log file that cannot be opened is a configuration error.
  const logFd = openLog(config);
  let closeSimulator: (() => Promise<void>) | undefined;
  if (config.demo) {
    // The simulator itself loads on the first request to its URL (see src/demo.ts).
    const { openDemoPanther } = await import("./demo.js");
    const demo = await openDemoPanther((error) => logger.error({ err: error }, "the demo's simulator failed to start"));
    // The demo finds its API as a real instance's console URL does: from the simulator's console page.
    config = { ...config, instanceUrl: demo.url, consoleUrl: demo.url, graphqlUrl: "", restUrl: "", apiToken: demo.token };
    closeSimulator = () => demo.close();
  }
  const secretFields = catalogTools.flatMap((tool) => tool.secretFields ?? []);
  const logger = createLogger(config.logLevel, [config.apiToken, config.http.token ?? ""], secretFields, logFd);
  if (config.demo) logger.warn({ panther: config.instanceUrl }, "DEMO MODE: serving the built-in Panther simulator; all data is simulated");
  for (const note of config.notes) logger.warn(note);

  const { panther, endpoints } = pantherFromConfig(config, logger, `panther-mcp/${VERSION}`);
  const metrics = new Metrics();
  const telemetry = await startTelemetry(logger);
  const composed = createServer({
    panther,
    selection: config.tools,
    logger,
    metrics,
    resources: (served) => {
      const metricsView = metricsResource(metrics);
      return [configResource(config, served, [metricsView.uri], () => endpoints.view()), metricsView];
    },
    middleware: telemetry ? [telemetry.middleware] : undefined,
    confirmWrites: config.confirmWrites,
    confirmSecret: config.demo ? undefined : config.apiToken,
    lockdown: config.lockdown,
  });
  const { lifecycle } = composed;

  let http: HttpServerHandle | undefined;
  let stdio: { close(): Promise<void> } | undefined;
  let wire: StdioWire | undefined;
  const shutdown = new Shutdown({
    lifecycle,
    logger,
    graceMs: config.shutdownGraceMs,
    begin: () => void http?.close(),
    answerRead: async (ms) => wire?.whenAnswered(ms),
    close: async () => {
      // Responses of calls that just finished are written by the SDK a moment after them.
      await wire?.whenAnswered(1000);
      await Promise.allSettled([http?.close(), stdio?.close(), panther.close(), telemetry?.shutdown(), closeSimulator?.()]);
    },
    details: () => ({ metrics: metrics.snapshot() }),
    exit: async (code) => {
      // Let the last JSON-RPC responses leave before exiting.
      await Promise.race([wire?.flush(), new Promise((resolve) => setTimeout(resolve, 500))]);
      process.exit(code);
    },
  });

  if (config.transport === "streamable-http") {
    const [{ startHttpServer }, { checkPanther }] = await Promise.all([import("./http/server.js"), import("./readiness.js")]);
    http = await startHttpServer({
      createServer: composed.createServer,
      http: config.http,
      logger,
      // Not ready while the API is unknown: a console page that names none is no Panther to serve.
      ready: () =>
        endpoints.resolve().then(
          () => checkPanther(panther),
          () => ({ ok: false, detail: "Panther's API could not be found from the console page (PANTHER_INSTANCE_URL)" }),
        ),
    });
    logger.info(
      {
        url: http.url,
        tools: composed.tools.length,
        readOnly: config.tools.readOnly,
        lockdown: config.lockdown,
        version: VERSION,
        ...endpointLog(endpoints),
      },
      "panther-mcp serving on http",
    );
  } else {
    // Losing the wire for any reason (stdin closed or failed, a message over the size limit, stdout
    // failed) shuts the server down: a server nobody can talk to must not linger.
    wire = new StdioWire({
      onLost: (reason, error) => {
        if (error) logger.warn({ reason, err: error }, "stdio transport lost");
        shutdown.stop({ transport: reason });
      },
    });
    stdio = serveStdio(composed.createServer, { transport: wire, onerror: (error) => logger.warn({ err: error }, "transport error") });
    logger.info(
      {
        tools: composed.tools.length,
        readOnly: config.tools.readOnly,
        lockdown: config.lockdown,
        version: VERSION,
        ...endpointLog(endpoints),
      },
      "panther-mcp serving on stdio",
    );
    if (process.stdin.isTTY && config.logLevel !== "silent") process.stderr.write(terminalHint(config.demo));
  }

  process.on("SIGINT", () => shutdown.stop({ signal: "SIGINT" }));
  process.on("SIGTERM", () => shutdown.stop({ signal: "SIGTERM" }));
}

/** The endpoints for the start-up log line: the API's, or the console page they will be found from. */
function endpointLog(endpoints: EndpointResolver): Record<string, string> {
  const { graphqlUrl, restUrl, state } = endpoints.view();
  if (state.status === "configured") return { graphql: graphqlUrl, rest: restUrl };
  return { console: state.console, discovery: "the API is found from the console page on the first call to Panther" };
}

/** Opens the log file for appending (mode 600 when created); a failure is a configuration problem. */
function openLog(config: Config): number | undefined {
  if (!config.logFile) return undefined;
  try {
    return openSync(config.logFile, "a", 0o600);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError([
      `${config.logFileSource ?? "MCP_LOG_FILE"}: cannot open "${config.logFile}" for appending (${reason}): give a writable file path, or unset it to log to stderr`,
    ]);
  }
}

/** One line for a person who started the server in a terminal, where it seems to hang. */
function terminalHint(demo: boolean): string {
  return (
    "panther-mcp is an MCP server: it speaks JSON-RPC on stdin/stdout and waits for an MCP client, not for typing. " +
    'Connect a client with the config in README.md ("Use it from an MCP client"), or try it in the MCP Inspector: ' +
    `npm run build && npx @modelcontextprotocol/inspector node dist/src/cli.js${demo ? " --demo" : ""}. Press Ctrl+C to stop.\n`
  );
}
