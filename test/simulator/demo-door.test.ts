// The demo's server (src/demo.ts): it listens at once, starts the simulator on its first request,
// answers every request that came while the simulator was loading, and closes whether or not the
// simulator ever started.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openDemoPanther } from "../../src/demo.js";

const GRAPHQL = "/public/graphql";

function alertQuery(url: string, token: string, id: string): Promise<Response> {
  return fetch(url + GRAPHQL, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": token },
    body: JSON.stringify({ query: `query { alert(id: "${id}") { id } }` }),
  });
}

test("requests that arrive together while the simulator loads are all answered, in full", async () => {
  const failures: unknown[] = [];
  const demo = await openDemoPanther((error) => failures.push(error));
  try {
    assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const ids = ["alert-0001", "alert-0002", "alert-0003", "alert-0004"];
    const answers = await Promise.all([fetch(demo.url + "/"), ...ids.map((id) => alertQuery(demo.url, demo.token, id))]);
    const [page, ...alerts] = answers;
    assert.equal(page!.status, 200);
    assert.match(await page!.text(), /__PANTHER_CONFIG__/, "the console page names the API");
    const got = await Promise.all(alerts.map(async (r) => ((await r.json()) as { data: { alert: { id: string } } }).data.alert.id));
    assert.deepEqual(got, ids);
    // Once up, requests go straight to the simulator.
    assert.equal((await alertQuery(demo.url, "wrong-token", "alert-0001")).status, 401);
    assert.deepEqual(failures, []);
  } finally {
    await demo.close();
  }
});

test("closing before any request leaves nothing running, and the port is released", async () => {
  const demo = await openDemoPanther(() => undefined);
  await demo.close();
  await assert.rejects(fetch(demo.url + "/"), "nothing listens any more");
});

test("closing while the simulator loads waits for it and closes it", async () => {
  const demo = await openDemoPanther(() => undefined);
  const pending = fetch(demo.url + "/").then(
    (r) => r.status,
    () => "refused",
  );
  // Let the request reach the server (and the simulator start loading) before closing.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await demo.close();
  assert.ok([200, "refused"].includes(await pending));
  await assert.rejects(fetch(demo.url + "/"));
});
