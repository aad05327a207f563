// Runs the server for a loaded configuration: Panther client, tool selection, transport, shutdown.
// Start-up loads only what the first tools/list answer needs. The request core (panther-client.ts and
// undici) is loaded by the first call to Panther, the HTTP endpoint only with MCP_TRANSPORT=streamable-http,
// OpenTelemetry only when OTEL_* asks for it, the simulator only with --demo (and its graphql-js and
// DuckDB later still, on its first request and its first data-lake query).
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { createServer } from "./compose.js";
import type { Config } from "./config.js";
import type { HttpServerHandle } from "./http/server.js";
import { Shutdown } from "./lifecycle.js";
import { createLogger } from "./logger.js";
import { Metrics } from "./metrics.js";
import type { PantherClient, PantherClientOptions } from "./panther-client.js";
import { configResource, metricsResource } from "./resources.js";
import type { CallOptions, GraphqlRequest, PantherTransport, RestRequest } from "./runtime/transport.js";
import { StdioWire } from "./stdio-transport.js";
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

  const panther = new LazyPantherClient({
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
    resources: (served) => {
      const metricsView = metricsResource(metrics);
      return [configResource(config, served, [metricsView.uri]), metricsView];
    },
    middleware: telemetry ? [telemetry.middleware] : undefined,
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
      ready: () => checkPanther(panther),
    });
    logger.info(
      { url: http.url, tools: composed.tools.length, readOnly: config.tools.readOnly, version: VERSION },
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
    logger.info({ tools: composed.tools.length, readOnly: config.tools.readOnly, version: VERSION }, "panther-mcp serving on stdio");
    if (process.stdin.isTTY && config.logLevel !== "silent") process.stderr.write(terminalHint(config.demo));
  }

  process.on("SIGINT", () => shutdown.stop({ signal: "SIGINT" }));
  process.on("SIGTERM", () => shutdown.stop({ signal: "SIGTERM" }));
}

/**
 * A PantherClient made on the first request to Panther: the request core and undici are not needed to
 * answer initialize or tools/list, so they are loaded (once, shared by concurrent first calls) then.
 */
class LazyPantherClient implements PantherTransport {
  private client: Promise<PantherClient> | undefined;

  constructor(private readonly options: PantherClientOptions) {}

  private get(): Promise<PantherClient> {
    this.client ??= import("./panther-client.js").then(({ PantherClient }) => new PantherClient(this.options));
    return this.client;
  }

  async graphql<T>(request: GraphqlRequest, options?: CallOptions): Promise<T> {
    return (await this.get()).graphql<T>(request, options);
  }

  async rest<T>(request: RestRequest, options?: CallOptions): Promise<T> {
    return (await this.get()).rest<T>(request, options);
  }

  /** Closes the client's connection pool, if a request ever made one. */
  async close(): Promise<void> {
    if (this.client) await (await this.client).close();
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
