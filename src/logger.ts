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

/**
 * Structured JSON logs on stderr (fd 2): stdout belongs to JSON-RPC in stdio mode.
 * `secrets` (the API token, the HTTP token) are scrubbed from every line, in every encoding the one
 * scrubber knows, as a last line of defence;
 * `secretFields` are field names (from @redact) whose values never appear in a line.
 */
export function createLogger(level: string, secrets: string[] = [], secretFields: readonly string[] = []): Logger {
  const scrubber = new Scrubber(secrets);
  const destination = pino.destination({ fd: 2, sync: true });
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
