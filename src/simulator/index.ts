// Public entry of the Panther simulator: a stand-in for Panther's GraphQL and REST APIs
// over real HTTP on 127.0.0.1, used by `panther-mcp --demo` and the end-to-end tests.
import type { Server } from "node:http";
import { alertEventRows } from "./data-lake-tables.js";
import { DataLake } from "./data-lake.js";
import { DEMO_TOKEN } from "./demo-token.js";
import { Faults, type FaultControl } from "./faults.js";
import { buildTokens } from "./permissions.js";
import { QueryJobs } from "./query-jobs.js";
import { readSdl } from "./schema-files.js";
import { seed } from "./seed.js";
import { GRAPHQL_PATH, SimulatorServer, type ConsoleSettings, type RecordedRequest } from "./server.js";
import { SimState } from "./state.js";
import { Clock } from "./time.js";

export type { FaultControl, FaultMatch, FaultRule } from "./faults.js";
export type { RecordedRequest } from "./server.js";
export type { SeedData, SimAlert, SimComment, SimDetection, SimUser } from "./model.js";
export { seed, STABLE_IDS } from "./seed.js";
export { ALL_PERMISSIONS } from "./permissions.js";

export { DEMO_TOKEN };

export interface SimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /**
   * An HTTP server already listening on 127.0.0.1 to serve on instead (its "request" events are the
   * simulator's from now on; closing the simulator closes it). `port` is then unused.
   */
  server?: Server;
  /** API tokens and the Panther permissions each grants; default { "sim-demo-token": "all" }. */
  tokens?: Record<string, string[] | "all">;
  /** How long a data lake query stays "running" before it executes; default 250 ms. */
  queryDelayMs?: number;
  /** Clock anchor that seed data is placed relative to; default now. */
  now?: Date;
  /**
   * The data lake's engine as a built lake-process.js, for a simulator run from source (tests): started
   * with plain node instead of through tsx, which costs ~0.6 CPU-second more per start.
   */
  builtEngine?: string;
  /**
   * A data lake shared with other simulators of this process (openSharedLake; tests, where an engine
   * start is most of what a file costs). The simulator is then the one started when the lake was:
   * its data is seeded at the lake's anchor and its clock reads what a simulator started then reads
   * now, so the lake's rows and its alerts agree. It leaves the lake open when it closes. Not with `now`.
   */
  lake?: SharedLake;
}

/** A data lake that several simulators of one process query (see SimulatorOptions.lake). */
export interface SharedLake {
  readonly anchor: Date;
  /** When the lake's simulator time read `anchor` (epoch ms). */
  readonly startedAt: number;
  readonly lake: Promise<DataLake>;
}

/**
 * A lake to share (SimulatorOptions.lake), seeded at `anchor` as a simulator started now with `now:
 * anchor` would be. Its engine starts on the first query and then runs until close() or until this
 * process exits (an idle engine does not keep the process alive); the simulators that share it share
 * its queue, so one's running query delays another's, and an engine one of them gets killed (a query over
 * the memory ceiling) is replaced for all.
 */
export function openSharedLake(anchor: Date, builtEngine?: string): SharedLake & { close(): Promise<void> } {
  const lake = DataLake.open(anchor, alertEventRows(seed(anchor).alerts), builtEngine);
  lake.catch(() => undefined);
  return { anchor, startedAt: Date.now(), lake, close: () => lake.then((l) => l.close()).catch(() => undefined) };
}

export interface Simulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + "/public/graphql" */
  graphqlUrl: string;
  /** Base URL of the REST API (= url). */
  restUrl: string;
  /** The first configured token. */
  token: string;
  faults: FaultControl;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** The live state (tests check writes here). */
  state: SimState;
  /**
   * What the console page (GET / on `url`) puts in its __PANTHER_CONFIG__ script: undefined (the
   * default) names this simulator's API, an object is served as it is, null serves a page without the script.
   */
  setConsolePage(settings: ConsoleSettings): void;
  /** The process id of the data lake's engine while one runs (tests watch it); undefined before the first query. */
  lakeEnginePid(): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  if (opts.lake && opts.now)
    throw new Error("panther-mcp simulator: `now` and `lake` exclude each other (a shared lake has its own anchor)");
  const anchor = opts.lake?.anchor ?? opts.now ?? new Date();
  const clock = new Clock(anchor, opts.lake?.startedAt);
  const tokenConfig = opts.tokens ?? { [DEMO_TOKEN]: "all" };
  const tokens = buildTokens(tokenConfig, new Date(anchor.getTime() - 30 * 86_400_000).toISOString());
  if (tokens.length === 0) throw new Error("panther-mcp simulator: at least one API token is required");
  // Fail fast if the SDL is missing; it is parsed (with graphql-js) on the first GraphQL request.
  readSdl();

  const data = seed(anchor);
  // The data lake's engine process starts on the first query (tests that never query it spawn nothing).
  const shared = opts.lake !== undefined;
  const lake = opts.lake?.lake ?? DataLake.open(anchor, alertEventRows(data.alerts), opts.builtEngine);
  lake.catch(() => undefined);
  const closeLake = () => (shared ? Promise.resolve() : lake.then((l) => l.close()).catch(() => undefined));
  const queries = new QueryJobs(lake, clock, opts.queryDelayMs ?? 250);
  const state = new SimState(data, clock, tokens, queries);
  const faults = new Faults();
  const server = new SimulatorServer(state, faults, opts.server);

  let port: number;
  try {
    port = await server.listen(opts.port ?? 0);
  } catch (err) {
    queries.close();
    await closeLake();
    throw err;
  }
  const url = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    graphqlUrl: url + GRAPHQL_PATH,
    restUrl: url,
    token: tokens[0]!.value,
    faults,
    requests: server.requests,
    state,
    setConsolePage(settings) {
      server.consoleSettings = settings;
    },
    lakeEnginePid: () => lake.then((l) => l.enginePid).catch(() => undefined),
    close() {
      closing ??= (async () => {
        queries.close();
        await server.close();
        await closeLake();
      })();
      return closing;
    },
  };
}
