import { AsyncResource } from "node:async_hooks";
import { pino, type Logger } from "pino";
import { Scrubber } from "./upstream/scrub.js";

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
    private readonly destination: SonicBoom,
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
      this.destination.write(text);
    } catch {
      // stderr is gone (the client closed it) or the log file failed: there is nowhere left to log to.
    }
  }
}

type SonicBoom = ReturnType<typeof pino.destination>;

const buffers = new Set<LineBuffer>();
let exitHook = false;

/**
 * Writes every pending log line now, synchronously. This already happens when the process exits
 * (process.exit included); call it before anything that could end the process without an exit event.
 */
export function flushLogs(): void {
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
  const destination = pino.destination({ fd, sync: true });
  const stream = new LineBuffer(destination, scrubber.active ? (line) => scrubber.text(line) : (line) => line);
  // A silent logger never holds a line, so it is not kept for the exit flush.
  if (level !== "silent") buffers.add(stream);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", flushLogs);
  }
  return pino(
    {
      level,
      base: { name: "panther-mcp" },
      redact: { paths: [...REDACT_PATHS, ...fieldPaths(secretFields)], censor: "[REDACTED]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}

export type { Logger };
