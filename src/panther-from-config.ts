// The Panther API as a configuration describes it: the client options, the endpoints (configured, or
// found from the console page on the first call) and a client made on the first request. The server
// and `schema:diff --live` reach Panther through this, so both follow the same endpoint rules.
import type { Logger } from "./logger.js";
import type { Config } from "./config.js";
import { EndpointResolver } from "./discovery.js";
import type { PantherClient, PantherClientOptions } from "./upstream/client.js";
import { contextOf, type ToolContext } from "./runtime/context.js";
import type { CallOptions, GraphqlRequest, PantherTransport, RestRequest } from "./runtime/transport.js";

export function pantherFromConfig(
  config: Config,
  logger: Logger,
  userAgent: string,
): { panther: LazyPantherClient; endpoints: EndpointResolver } {
  const options: PantherClientOptions = {
    graphqlUrl: config.graphqlUrl,
    restUrl: config.restUrl,
    apiToken: config.apiToken,
    timeoutMs: config.upstream.timeoutMs,
    maxRetries: config.upstream.maxRetries,
    retryBudgetMs: config.upstream.retryBudgetMs,
    maxConcurrency: config.upstream.maxConcurrency,
    logger,
    userAgent,
  };
  const endpoints = new EndpointResolver(
    { graphqlUrl: config.graphqlUrl || undefined, restUrl: config.restUrl || undefined },
    config.consoleUrl,
    async () => {
      const { PantherClient } = await import("./upstream/client.js");
      const client = new PantherClient(options);
      return Object.assign((url: string, context?: ToolContext) => client.page(url, "the console page", { context }), {
        close: () => client.close(),
      });
    },
    logger,
  );
  return { panther: new LazyPantherClient(options, endpoints), endpoints };
}

/**
 * A PantherClient made on the first request to Panther: the request core and undici are not needed to
 * answer initialize or tools/list, so they are loaded (once, shared by concurrent first calls) then.
 */
export class LazyPantherClient implements PantherTransport {
  private client: Promise<PantherClient> | undefined;

  constructor(
    private readonly options: PantherClientOptions,
    private readonly endpoints: EndpointResolver,
  ) {}

  /** The client, once the endpoints are known (a failed discovery is tried again by the next call). */
  private get(options: CallOptions | undefined): Promise<PantherClient> {
    const context = options?.context ?? contextOf(options?.signal);
    this.client ??= Promise.all([import("./upstream/client.js"), this.endpoints.resolve(context)]).then(
      ([{ PantherClient }, endpoints]) => new PantherClient({ ...this.options, ...endpoints }),
      (error: unknown) => {
        this.client = undefined;
        throw error;
      },
    );
    return this.client;
  }

  async graphql<T>(request: GraphqlRequest, options?: CallOptions): Promise<T> {
    return (await this.get(options)).graphql<T>(request, options);
  }

  async rest<T>(request: RestRequest, options?: CallOptions): Promise<T> {
    return (await this.get(options)).rest<T>(request, options);
  }

  /** Closes the client's connection pool, if a request ever made one. */
  async close(): Promise<void> {
    if (this.client) await (await this.client).close();
  }
}
