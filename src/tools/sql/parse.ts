// Parses Snowflake SQL with sqlparser-rs (WASM, @guanmingchiu/sqlparser-ts) in a worker thread.
// Why a worker: a very deep expression (a chain of ~800 ANDs, casts or JSON paths) overflows the WASM
// stack, and the trapped instance then fails every later parse. The worker is replaced after such a
// trap, so one hostile query cannot disable the guard. It starts on the first data-lake call.
import { Worker } from "node:worker_threads";
import { fail } from "./bounds.js";

// Plain JS run in the worker: load the parser, answer each SQL text with {json} or {error, tooDeep, broken}.
// The AST travels as JSON text: structured clone overflows on deep trees, JSON.parse does not.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.parser).then(async (sql) => {
  await sql.init();
  parentPort.on("message", (text) => {
    let ast;
    try {
      ast = sql.parse(text, "snowflake");
    } catch (error) {
      let broken = false;
      try { sql.parse("SELECT 1", "snowflake"); } catch { broken = true; }
      parentPort.postMessage({ error: String((error && error.message) || error), tooDeep: broken, broken });
      return;
    }
    try {
      parentPort.postMessage({ json: JSON.stringify(ast) });
    } catch (error) {
      parentPort.postMessage({ error: String(error), tooDeep: true, broken: false });
    }
  });
});
`;

/** Generous: a parse takes milliseconds, but the first one also starts the worker on a possibly busy machine. */
const PARSE_TIMEOUT_MS = 30_000;

type Reply = { json: string } | { error: string; tooDeep: boolean; broken: boolean };

let worker: Worker | undefined;
let queue: Promise<unknown> = Promise.resolve();

function startWorker(): Worker {
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { parser: import.meta.resolve("@guanmingchiu/sqlparser-ts") },
  });
  w.unref(); // never keeps the process alive
  return w;
}

function stopWorker(w: Worker): void {
  if (worker === w) worker = undefined;
  void w.terminate();
}

function ask(sql: string): Promise<Reply> {
  const w = (worker ??= startWorker());
  return new Promise<Reply>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      w.off("message", onMessage).off("messageerror", onError).off("error", onError).off("exit", onExit);
    };
    const onMessage = (reply: Reply) => {
      done();
      if ("broken" in reply && reply.broken) stopWorker(w); // its WASM instance is unusable now
      resolve(reply);
    };
    const onError = (error: Error) => {
      done();
      stopWorker(w);
      reject(new Error(`the SQL parser failed: ${error.message}`));
    };
    const onExit = () => onError(new Error("its worker exited"));
    const timer = setTimeout(() => {
      done();
      stopWorker(w);
      reject(new Error(`the SQL parser did not answer within ${PARSE_TIMEOUT_MS / 1000} s`));
    }, PARSE_TIMEOUT_MS);
    w.on("message", onMessage).on("messageerror", onError).on("error", onError).on("exit", onExit);
    w.postMessage(sql);
  });
}

/** "sql parser error: Expected: ..., found: SELEC at Line: 1, Column: 1" -> a "sql: syntax error at line 1, column 1: ..." refusal. */
export function tooDeep(): never {
  fail("the query is nested too deeply to check (e.g. a very long chain of AND, OR, UNION, ||, :: or JSON paths); simplify it.");
}

function syntaxError(message: string): never {
  const m = /^(?:sql parser error: )?([\s\S]*?)(?: at Line: (\d+), Column: (\d+))?$/.exec(message)!;
  const where = m[2] ? ` at line ${m[2]}, column ${m[3]}` : "";
  fail(`syntax error${where}: ${m[1]}.`);
}

/** The statements of `sql` as sqlparser-rs's JSON AST; a syntax error is an InvalidArgumentError with line and column. */
export async function parseSnowflake(sql: string): Promise<unknown[]> {
  // One parse at a time, so a trap only ever hits the query that caused it.
  const turn = queue.then(() => ask(sql));
  queue = turn.catch(() => undefined);
  const reply = await turn;
  if ("json" in reply) {
    try {
      return JSON.parse(reply.json) as unknown[];
    } catch {
      tooDeep(); // the text is valid JSON from JSON.stringify: only its depth can fail here
    }
  }
  if (reply.tooDeep || /recursion limit exceeded/.test(reply.error)) tooDeep();
  syntaxError(reply.error);
}
