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

const destinations = new Set<ReturnType<typeof pino.destination>>();

/**
 * Writes every buffered log line now, synchronously. pino already does this on process exit; call it
 * before anything that could end the process without an exit event (or to be sure a line is out).
 */
export function flushLogs(): void {
  for (const destination of destinations) {
    try {
      destination.flushSync();
    } catch {
      // Not open yet or already closed: nothing buffered to lose.
    }
  }
}

/**
 * Structured JSON logs on stderr (fd 2): stdout belongs to JSON-RPC in stdio mode.
 * `secrets` (the API token, the HTTP token) are scrubbed from every line, in every encoding the one
 * scrubber knows, as a last line of defence;
 * `secretFields` are field names (from @redact) whose values never appear in a line.
 */
export function createLogger(level: string, secrets: string[] = [], secretFields: readonly string[] = []): Logger {
  const scrubber = new Scrubber(secrets);
  // Asynchronous writes: a call never waits for stderr (a slow reader, a full pipe). pino flushes
  // what is buffered synchronously when the process exits (process.exit included), so no line is lost.
  const destination = pino.destination({ fd: 2, sync: false });
  destinations.add(destination);
  const stream = scrubber.active ? { write: (line: string) => destination.write(scrubber.text(line)) } : destination;
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
