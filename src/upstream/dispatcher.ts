// The one connection pool to Panther: keep-alive sockets, through a proxy when the environment names one.
import type { EnvHttpProxyAgent } from "undici";

/** undici, loaded on the first request to Panther (start-up does not pay for it) and kept. */
let loaded: Promise<typeof import("undici")> | undefined;
export function loadUndici(): Promise<typeof import("undici")> {
  return (loaded ??= import("undici"));
}

/**
 * An undici agent that reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY (either case) from the
 * environment. https targets (real Panther) go through the proxy with CONNECT; plain http targets
 * (the simulator, local stand-ins) are sent to the proxy in absolute form, as curl does, because many
 * proxies only allow CONNECT to port 443.
 */
export async function createDispatcher(): Promise<EnvHttpProxyAgent> {
  const { EnvHttpProxyAgent } = await loadUndici();
  return new EnvHttpProxyAgent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
    proxyTunnel: false,
  });
}
