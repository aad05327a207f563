// The Panther of `panther-mcp --demo`: an HTTP server on 127.0.0.1 that listens at once, so that its
// URL is known from the start (for the configuration, the logs and config://panther), and the
// simulator behind it, loaded and seeded on the first request that reaches it. The first tools/list
// answer needs none of the simulator, so start-up no longer waits for it (~25 ms of loading and
// seeding); the first call to Panther does, once.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEMO_TOKEN } from "./simulator/demo-token.js";
import type { Simulator } from "./simulator/index.js";
import { readSdl } from "./simulator/schema-files.js";

export interface DemoPanther {
  /** The console URL, http://127.0.0.1:PORT (the API is found from its page, as for a real instance). */
  url: string;
  /** The API token the simulator accepts. */
  token: string;
  close(): Promise<void>;
}

/**
 * Opens the demo's server; the simulator starts on its first request. `failed` hears of a failed
 * start (the requests waiting for it are answered 503; the next request tries again).
 */
export async function openDemoPanther(failed: (error: unknown) => void): Promise<DemoPanther> {
  // An install without the SDL cannot serve the demo: say so now, as the simulator's own start would.
  readSdl();
  const server = createServer();
  server.on("clientError", (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let simulator: Promise<Simulator> | undefined;
  /** Requests that came while the simulator was loading; it answers them once it is up. */
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const start = async (): Promise<Simulator> => {
    const { startSimulator } = await import("./simulator/index.js");
    // From here to the simulator taking the server's requests, nothing can arrive (no await between).
    server.off("request", onRequest);
    try {
      return await startSimulator({ server, tokens: { [DEMO_TOKEN]: "all" } });
    } catch (error) {
      server.on("request", onRequest);
      throw error;
    }
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    waiting.push([req, res]);
    if (simulator) return;
    simulator = start();
    simulator.then(
      () => {
        for (const [r, s] of waiting.splice(0)) server.emit("request", r, s);
      },
      (error: unknown) => {
        simulator = undefined;
        failed(error);
        for (const [, s] of waiting.splice(0)) {
          s.writeHead(503, { "content-type": "application/json" });
          s.end(JSON.stringify({ message: `the demo's simulator failed to start: ${(error as Error).message}` }));
        }
      },
    );
  };
  server.on("request", onRequest);

  return {
    url,
    token: DEMO_TOKEN,
    async close() {
      const started = await simulator?.catch(() => undefined);
      if (started) return started.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
