// The server's logger: JSON lines on stderr (or a log file), never on stdout. Each line is made as
// pino made ours (src/log-line.ts), redacted by path (src/log-redact.ts) and scrubbed of secrets by
// value, then batched (LineBuffer).
import { AsyncResource } from "node:async_hooks";
import { writeSync } from "node:fs";
import { formatLine, LEVEL_VALUES, type LevelLabel } from "./log-line.js";
import { logRedactor } from "./log-redact.js";
import { Scrubber } from "./upstream/scrub.js";

/** One log method, called as pino's are: fields then a message, a message alone, or an error (then the message). */
export interface LogMethod {
  (fields: object, message?: string): void;
  (message: string): void;
}

/** What the server logs through. A pino logger fits it too (tests pass one). */
export interface Logger {
  readonly level: string;
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  isLevelEnabled(level: string): boolean;
}

/** Paths whose values never reach a log line. */
const REDACT_PATHS = [
  "token",
  "apiToken",
  "*.apiToken",
  "headers['x-api-key']",
  "*.headers['x-api-key']",
  "headers.authorization",
  "*.headers.authorization",
  "config.apiToken",
];

/** Log paths for fields the operations mark secret (@redact), at the top and two levels down. */
function fieldPaths(fields: readonly string[]): string[] {
  return [...new Set(fields)].flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
}

/** Every path the logger redacts, with `secretFields` marked secret. */
export function redactPaths(secretFields: readonly string[]): string[] {
  return [...REDACT_PATHS, ...fieldPaths(secretFields)];
}

/** The longest a line waits before it is written. */
const FLUSH_MS = 25;
/** Pending text past which lines are written at once. */
const MAX_PENDING = 16 * 1024;

/**
 * Collects log lines and writes them to stderr (or the log file) together: a tool call costs one string append, never
 * a write of its own. Pending lines are written at most FLUSH_MS later (or at once past MAX_PENDING),
 * in one write. Writes are synchronous on purpose: an asynchronous write still in flight when the
 * process exits could land after the final flush, out of order or cut, and a log must never lose or
 * reorder lines. The flush timer runs in the scope the logger was made in, never in a call's async
 * context, so it holds nothing of a call.
 */
class LineBuffer {
  private pending = "";
  private scheduled = false;
  private readonly scope = new AsyncResource("panther-mcp:log-flush");
  private readonly flushLater = () => {
    this.scheduled = false;
    this.flush();
  };

  constructor(
    private readonly fd: number,
    private readonly scrub: (line: string) => string,
  ) {}

  write(line: string): void {
    this.pending += this.scrub(line);
    if (this.pending.length >= MAX_PENDING) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      this.scope.runInAsyncScope(() => setTimeout(this.flushLater, FLUSH_MS).unref());
    }
  }

  /** Writes pending lines now. */
  flush(): void {
    if (!this.pending) return;
    const text = this.pending;
    this.pending = "";
    try {
      writeAll(this.fd, text);
    } catch {
      // stderr is gone (the client closed it) or the log file failed: there is nowhere left to log to.
    }
  }
}

/** A cell nothing changes: waiting on it with Atomics.wait is a plain synchronous sleep. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd`, synchronously. A full pipe (EAGAIN) is waited out 100 ms at a time,
 * as pino's destination did; any other failure is thrown.
 */
function writeAll(fd: number, text: string): void {
  let rest = Buffer.from(text, "utf8");
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EAGAIN" && code !== "EBUSY") throw error;
      Atomics.wait(sleeper, 0, 0, 100);
    }
  }
}

/** The base of every line, after its time. */
const BASE = `,"name":"panther-mcp"`;

/** Writes lines at or above its level: `write` takes each whole line. */
class JsonLogger implements Logger {
  readonly debug: LogMethod;
  readonly info: LogMethod;
  readonly warn: LogMethod;
  readonly error: LogMethod;
  private readonly threshold: number;

  constructor(
    readonly level: string,
    private readonly write: (line: string) => void,
    private readonly redact: ReturnType<typeof logRedactor>,
  ) {
    const threshold = (LEVEL_VALUES as Record<string, number>)[level];
    if (threshold === undefined) throw new Error(`unknown log level "${level}"`);
    this.threshold = threshold;
    this.debug = this.method("debug");
    this.info = this.method("info");
    this.warn = this.method("warn");
    this.error = this.method("error");
  }

  isLevelEnabled(level: string): boolean {
    const value = (LEVEL_VALUES as Record<string, number>)[level];
    return value !== undefined && value !== Infinity && value >= this.threshold;
  }

  /** A method that does nothing below the level, as pino's do. */
  private method(label: LevelLabel): LogMethod {
    if (LEVEL_VALUES[label] < this.threshold) return () => undefined;
    return (first: object | string, message?: string) => this.write(this.line(label, first, message));
  }

  /** pino's reading of the arguments: an error becomes the `err` field (its message the default message). */
  private line(label: LevelLabel, first: unknown, message: unknown): string {
    let fields: Record<string, unknown>;
    if (first === null || first === undefined) fields = {};
    else if (first instanceof Error) {
      fields = { err: first };
      message ??= first.message;
    } else if (typeof first === "object") {
      fields = first as Record<string, unknown>;
      const err = fields.err as { message?: unknown } | undefined;
      if (message === undefined && fields.msg === undefined && err) message = err.message;
    } else {
      fields = {};
      message = first;
    }
    return formatLine(label, BASE, this.redact.log(fields), message, this.redact.serialized);
  }
}

const buffers = new Set<LineBuffer>();
let exitHook = false;

/** Lines still to be made (logLater), in the order they were asked for. */
let later: (() => void)[] = [];

function makeLater(): void {
  while (later.length > 0) {
    const batch = later;
    later = [];
    for (const make of batch) make();
  }
}

/**
 * Makes a log line a little later (`make` logs it): in the next check phase of the event loop, or
 * before any line logged meanwhile, or as the process exits, whichever comes first. A line made this way
 * costs its caller nothing now (a tool call's line is made once its answer is on its way), and still
 * lands where it was asked for: never after a line logged later, an exit's last words included.
 */
export function logLater(make: () => void): void {
  hookExit();
  if (later.push(make) === 1) setImmediate(makeLater);
}

/** Pending lines are written when the process exits (a pino logger's lines, made by logLater, too). */
function hookExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on("exit", flushLogs);
}

/**
 * Writes every pending log line now (those logLater holds first), synchronously. This already happens
 * when the process exits (process.exit included); call it before anything that could end the process
 * without an exit event.
 */
export function flushLogs(): void {
  makeLater();
  for (const buffer of buffers) buffer.flush();
}

/**
 * Structured JSON logs on stderr (fd 2), or on `fd` (an open log file): stdout belongs to JSON-RPC in stdio mode.
 * `secrets` (the API token, the HTTP token) are scrubbed from every line, in every encoding the one
 * scrubber knows, as a last line of defence;
 * `secretFields` are field names (from @redact) whose values never appear in a line.
 */
export function createLogger(level: string, secrets: string[] = [], secretFields: readonly string[] = [], fd = 2): Logger {
  const scrubber = new Scrubber(secrets);
  const stream = new LineBuffer(fd, scrubber.active ? (line) => scrubber.text(line) : (line) => line);
  // A silent logger never holds a line, so it is not kept for the exit flush.
  if (level !== "silent") buffers.add(stream);
  hookExit();
  // A line asked for earlier (logLater) is made first: lines keep the order they were asked for in.
  const write = (line: string) => {
    if (later.length > 0) makeLater();
    stream.write(line);
  };
  return new JsonLogger(level, write, logRedactor(redactPaths(secretFields)));
}
