// HTTP_PROXY / NO_PROXY: the server reaches Panther through the proxy the environment names, or not.
import assert from "node:assert/strict";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import type { Simulator } from "../../src/simulator/index.js";
import { connect, resultJson, startSimulatorForTests } from "./harness.js";

interface Proxy {
  url: string;
  /** Absolute-form targets of the requests forwarded so far. */
  seen: string[];
  close(): Promise<void>;
}

/** A plain forwarding proxy: takes absolute-form requests ("GET http://host:port/path") and relays them. */
async function startProxy(): Promise<Proxy> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end("absolute-form request expected");
      return;
    }
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// undici's EnvHttpProxyAgent has no built-in loopback exception: only NO_PROXY decides. So the
// simulator on http://127.0.0.1 is a fair stand-in for Panther behind a proxy, and NO_PROXY=127.0.0.1
// is what turns the proxy off for it.
describe("proxy from the environment", () => {
  let sim: Simulator;
  let proxy: Proxy;
  before(async () => {
    sim = await startSimulatorForTests();
    proxy = await startProxy();
  });
  after(async () => {
    await proxy?.close();
    await sim?.close();
  });

  test("with HTTP_PROXY set, GraphQL and REST calls go through the proxy", async () => {
    proxy.seen.length = 0;
    const s = await connect(sim, { env: { HTTP_PROXY: proxy.url } });
    try {
      const alerts = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
      assert.equal(alerts.items.length, 1);
      const rules = resultJson(await s.client.callTool({ name: "list_detections", arguments: {} }));
      assert.ok(rules.items.length > 0);
    } finally {
      await s.close();
    }
    const origin = new URL(sim.graphqlUrl).origin;
    assert.ok(
      proxy.seen.some((line) => line === `POST ${sim.graphqlUrl}`),
      proxy.seen.join("\n"),
    );
    assert.ok(
      proxy.seen.some((line) => line.startsWith(`GET ${origin}/rules`)),
      proxy.seen.join("\n"),
    );
  });

  test("lower-case http_proxy works too", async () => {
    proxy.seen.length = 0;
    const s = await connect(sim, { env: { http_proxy: proxy.url } });
    try {
      resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
    } finally {
      await s.close();
    }
    assert.ok(proxy.seen.length > 0);
  });

  test("with NO_PROXY naming the host, the proxy is bypassed", async () => {
    proxy.seen.length = 0;
    const mark = sim.requests.length;
    const s = await connect(sim, { env: { HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" } });
    try {
      const alerts = resultJson(await s.client.callTool({ name: "list_alerts", arguments: { page_size: 1 } }));
      assert.equal(alerts.items.length, 1);
    } finally {
      await s.close();
    }
    assert.deepEqual(proxy.seen, []);
    assert.ok(sim.requests.length > mark, "the simulator was reached directly");
  });
});
