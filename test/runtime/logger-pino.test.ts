// The logger writes, character for character, the lines pino wrote with the settings the server used
// (level label, ISO time, name, redaction by path): each line below is logged through both and compared
// (the time aside). The server's own logger replaced pino, whose loading cost start-up time.
import assert from "node:assert/strict";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pino } from "pino";
import { logRedactor } from "../../src/log-redact.js";
import { createLogger, flushLogs, redactPaths, type Logger } from "../../src/logger.js";

const FIELDS = ["email", "authPassword"];
/** The paths src/logger.ts redacts, with FIELDS marked secret: pino is given the very same. */
const PATHS = redactPaths(FIELDS);

/** Ours, writing to a file; pino as the server set it up before, writing to an array. */
function loggers(level = "debug"): { ours: Logger; theirs: pino.Logger; lines(): { ours: string[]; theirs: string[] }; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), "logger-pino-"));
  const file = join(dir, "log");
  const theirs: string[] = [];
  return {
    ours: createLogger(level, [], FIELDS, openSync(file, "a")),
    theirs: pino(
      {
        level,
        base: { name: "panther-mcp" },
        redact: { paths: PATHS, censor: "[REDACTED]" },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label: string) => ({ level: label }) },
      },
      { write: (line: string) => void theirs.push(line) },
    ),
    lines() {
      flushLogs();
      const ours = readFileSync(file, "utf8")
        .split(/(?<=\n)/)
        .filter(Boolean);
      return { ours, theirs };
    },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const withoutTime = (line: string) => line.replace(/"time":"[^"]*"/, '"time":"T"');

function withProps<T extends object>(target: T, props: Record<string, unknown>): T {
  return Object.assign(target, props);
}

function circular(): Record<string, unknown> {
  const a: Record<string, unknown> = { name: "a", n: 1 };
  a.self = a;
  return a;
}

type Call = [level: "debug" | "info" | "warn" | "error", ...args: unknown[]];

const CASES: [string, () => Call[]][] = [
  ["a tool-call line", () => [["info", { tool: "get_alert", requestId: "7", ms: 3, outcome: "ok" }, "tool call"]]],
  [
    "a message alone, at each level",
    () => [
      ["debug", "d"],
      ["info", "i"],
      ["warn", "w"],
      ["error", "e"],
    ],
  ],
  ["fields alone", () => [["info", { a: 1 }]]],
  ["top-level secrets of every type", () => [["info", { token: "t", apiToken: 12, email: null, authPassword: { a: 1 }, keep: "k" }, "m"]]],
  ["an undefined or function secret", () => [["info", { token: undefined, apiToken: () => 1, keep: 1 }, "m"]]],
  [
    "headers, top level and one down",
    () => [["info", { headers: { "x-api-key": "k", authorization: "b", accept: "x" }, req: { headers: { authorization: "c" } } }]],
  ],
  [
    "config.apiToken and a wildcard apiToken",
    () => [["warn", { config: { apiToken: "a", url: "u" }, client: { apiToken: "b", apiTokenish: "c" } }, "m"]],
  ],
  [
    "secret fields one and two levels down",
    () => [["info", { assignee: { email: "x", name: "n" }, a: { b: { email: "y", c: { email: "deep" } } } }]],
  ],
  [
    "arrays under a field",
    () => [["info", { list: [{ email: "x" }, { apiToken: "y" }, "plain"], rows: [[{ email: 1 }]], m: { l: [{ email: 2 }] } }]],
  ],
  [
    "values of every kind",
    () => [
      [
        "info",
        {
          n: 1.5,
          z: -0,
          big: 1e21,
          nan: NaN,
          inf: -Infinity,
          t: true,
          nul: null,
          u: undefined,
          f: () => 1,
          s: Symbol("x"),
          d: new Date(0),
        },
        "kinds",
      ],
    ],
  ],
  [
    "strings that need escaping",
    () => [
      [
        "info",
        { q: 'a "quoted" \\ back', ctl: "tab\there\nnewline", long: `${"x".repeat(120)}"`, uni: "ümlaut ✓ 😀", lone: "\ud800x" },
        'msg "q" \\ \n',
      ],
    ],
  ],
  ["odd keys", () => [["info", { 'k"q': 1, "a.b": { email: "x" }, "x-api-key": "top", "": { email: "y" } }, "keys"]]],
  ["a BigInt", () => [["info", { big: { n: 10n }, n: 1 }, "refused by JSON.stringify"]]],
  ["toJSON", () => [["info", { custom: { toJSON: () => ({ email: "z", k: 1 }) }, when: { at: new Date(5) } }]]],
  [
    "an error with secrets on it",
    () => [["error", { err: withProps(new Error("boom"), { apiToken: "a", headers: { authorization: "b" }, email: "e" }) }, "failed"]],
  ],
  ["an error without secrets, message from the error", () => [["error", { err: new TypeError("bad"), tool: "x" }]]],
  [
    "an error as the first argument",
    () => [
      ["error", withProps(new Error("first"), { email: "e" }), "failed"],
      ["warn", new RangeError("alone")],
    ],
  ],
  [
    "an error with a cause",
    () => [["error", { err: new Error("outer", { cause: withProps(new Error("inner"), { code: "E1" }) }) }, "chain"]],
  ],
  [
    "an err that is not an error",
    () => [
      ["error", { err: { apiToken: "a", code: 1 } }, "failed"],
      ["error", { err: "text" }],
    ],
  ],
  [
    "a nested error under another key",
    () => [["error", { cause: withProps(new Error("inner"), { apiToken: "a" }), detail: { err: new Error("deep") } }]],
  ],
  ["a message given in the fields", () => [["info", { msg: "from fields", err: new Error("e") }]]],
];

for (const [name, make] of CASES) {
  test(`the same line as pino: ${name}`, () => {
    const { ours, theirs, lines, done } = loggers();
    try {
      // Made twice from one place, so that errors carry the same stack.
      const [mine, pinos] = [0, 1].map(() => make());
      for (const [level, ...args] of mine!) (ours[level] as (...a: unknown[]) => void)(...args);
      for (const [level, ...args] of pinos!) (theirs[level] as (...a: unknown[]) => void)(...args);
      const got = lines();
      assert.deepEqual(got.ours.map(withoutTime), got.theirs.map(withoutTime));
    } finally {
      done();
    }
  });
}

test("levels: lines below the level are not written; isLevelEnabled agrees with pino", () => {
  for (const level of ["debug", "info", "warn", "error", "silent"]) {
    const { ours, theirs, lines, done } = loggers(level);
    try {
      for (const l of ["debug", "info", "warn", "error"] as const) {
        ours[l]({ at: l }, "line");
        theirs[l]({ at: l }, "line");
        assert.equal(ours.isLevelEnabled(l), theirs.isLevelEnabled(l), `${level}: ${l}`);
      }
      const got = lines();
      assert.deepEqual(got.ours.map(withoutTime), got.theirs.map(withoutTime));
      assert.equal(ours.level, level);
    } finally {
      done();
    }
  }
  assert.throws(() => createLogger("loud"), /unknown log level "loud"/);
});

test("values pino could not write: a cycle is written as [Circular], a URL as its text", () => {
  // pino's redaction copied objects two levels down before its cycle check, so it wrote a cycle a
  // few levels deeper; and it threw on a URL object.
  const { ours, lines, done } = loggers();
  try {
    ours.info({ loop: circular(), url: new URL("https://example.com/a?b=1") }, "m");
    const line = JSON.parse(lines().ours[0]!);
    assert.deepEqual(line.loop, { n: 1, name: "a", self: "[Circular]" });
    assert.equal(line.url, "https://example.com/a?b=1");
  } finally {
    done();
  }
});

test("the time is the ISO time of the call", () => {
  const { ours, lines, done } = loggers();
  try {
    const before = Date.now();
    ours.info("now");
    const time = Date.parse(JSON.parse(lines().ours[0]!).time as string);
    assert.ok(time >= before && time <= Date.now());
  } finally {
    done();
  }
});

test("a line with nothing to redact is passed on as it is, and the logged object is never changed", () => {
  const { log } = logRedactor(PATHS);
  const flat = { tool: "x", n: 1, nested: { a: 1 } };
  assert.equal(log(flat), flat);
  const secret = { apiToken: "a", nested: { email: "e", other: 1 }, list: [{ email: "f" }] };
  const copy = structuredClone(secret);
  const out = log(secret);
  assert.deepEqual(secret, copy, "the caller's object is untouched");
  assert.deepEqual(out, { apiToken: "[REDACTED]", nested: { email: "[REDACTED]", other: 1 }, list: [{ email: "[REDACTED]" }] });
});

test("the redacted paths cover the API token and the auth headers, and every secret field two levels down", () => {
  for (const path of [
    "token",
    "apiToken",
    "*.apiToken",
    "config.apiToken",
    "headers['x-api-key']",
    "*.headers['x-api-key']",
    "headers.authorization",
    "*.headers.authorization",
  ]) {
    assert.ok(PATHS.includes(path), path);
  }
  for (const field of FIELDS) for (const path of [field, `*.${field}`, `*.*.${field}`]) assert.ok(PATHS.includes(path), path);
});
