// The one connection pool to Panther: keep-alive sockets, through a proxy when the environment names one.
import type { Dispatcher } from "undici";

const POOL = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000 };

/**
 * With HTTP_PROXY or HTTPS_PROXY set (either case; NO_PROXY is honoured too), an undici agent that
 * reads them: https targets (real Panther) go through the proxy with CONNECT; plain http targets (the
 * simulator, local stand-ins) are sent to the proxy in absolute form, as curl does, because many
 * proxies only allow CONNECT to port 443. Without a proxy, a plain agent: the proxy-aware one would
 * send every request to it anyway, after parsing the URL and reading NO_PROXY again each time.
 */
export async function createDispatcher(env: NodeJS.ProcessEnv = process.env): Promise<Dispatcher> {
  // undici loads here, on the first request to Panther: start-up does not pay for it.
  const { Agent, EnvHttpProxyAgent } = await import("./undici-parts.js");
  // The same reading as EnvHttpProxyAgent's: the lower-case name first, even when it is empty.
  const proxy = (env.http_proxy ?? env.HTTP_PROXY) || (env.https_proxy ?? env.HTTPS_PROXY);
  if (!proxy) return new Agent(POOL);
  return new EnvHttpProxyAgent({ ...POOL, proxyTunnel: false });
}
