// Small HTTP helpers for the simulator server.
import type { IncomingMessage, ServerResponse } from "node:http";

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export class BodyTooLarge extends Error {}

/** Reads the request body as text, failing past MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks).toString("utf8"));
    });
    req.on("error", (err) => {
      if (!failed) {
        failed = true;
        reject(err);
      }
    });
  });
}

/** Query string as a record; repeated parameters become arrays. */
export function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/**
 * Waits `ms`, finishing early if the client goes away. Resolves true when the
 * client is still there to receive an answer.
 */
export function waitForClient(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve(false);
    const done = (connected: boolean) => {
      clearTimeout(timer);
      res.off("close", onClose);
      resolve(connected);
    };
    const onClose = () => done(false);
    const timer = setTimeout(() => done(!res.destroyed), Math.max(0, ms));
    res.on("close", onClose);
  });
}

/** The name of the first named operation in a GraphQL document, found without a full parse. */
export function guessOperationName(query: unknown): string | undefined {
  if (typeof query !== "string") return undefined;
  const m = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
  return m?.[1];
}
