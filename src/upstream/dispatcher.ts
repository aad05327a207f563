// The one connection pool to Panther: keep-alive sockets, through a proxy when the environment names one.
import { EnvHttpProxyAgent } from "undici";

/**
 * An undici agent that reads HTTP_PROXY, HTTPS_PROXY and NO_PROXY (either case) from the
 * environment. https targets (real Panther) go through the proxy with CONNECT; plain http targets
 * (the simulator, local stand-ins) are sent to the proxy in absolute form, as curl does, because many
 * proxies only allow CONNECT to port 443.
 */
export function createDispatcher(): EnvHttpProxyAgent {
  return new EnvHttpProxyAgent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
    proxyTunnel: false,
  });
}
