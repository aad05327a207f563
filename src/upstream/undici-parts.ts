// The parts of undici the request core uses: its connection pools (Agent, EnvHttpProxyAgent) and their
// request API, without the rest of the package (fetch, WebSocket, caches, mocks, cookies: half of its
// code), which a server would otherwise read and compile on its first call (~25 ms of CPU). These are
// files inside the package: the lockfile pins its version, and a release that moves them fails the build
// (esbuild resolves every one) and the tests.
import api from "undici/lib/api/index.js";
import Agent from "undici/lib/dispatcher/agent.js";
import Dispatcher from "undici/lib/dispatcher/dispatcher.js";
import EnvHttpProxyAgent from "undici/lib/dispatcher/env-http-proxy-agent.js";

// What undici's own entry does: every dispatcher gets request() and the other API methods.
Object.assign(Dispatcher.prototype, api);

export { Agent, EnvHttpProxyAgent };
