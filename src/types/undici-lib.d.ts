// Types of the files inside undici that src/upstream/undici-parts.ts loads: the package's own types,
// which describe the same classes and functions.
declare module "undici/lib/dispatcher/dispatcher.js" {
  const Dispatcher: typeof import("undici").Dispatcher;
  export default Dispatcher;
}
declare module "undici/lib/dispatcher/agent.js" {
  const Agent: typeof import("undici").Agent;
  export default Agent;
}
declare module "undici/lib/dispatcher/env-http-proxy-agent.js" {
  const EnvHttpProxyAgent: typeof import("undici").EnvHttpProxyAgent;
  export default EnvHttpProxyAgent;
}
declare module "undici/lib/api/index.js" {
  const api: Pick<import("undici").Dispatcher, "request" | "stream" | "pipeline" | "connect" | "upgrade">;
  export default api;
}
