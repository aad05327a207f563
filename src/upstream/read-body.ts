import type { Readable } from "node:stream";
import { UpstreamError } from "../errors.js";

/** An answer's body as the request core reads it: undici's Readable and a fetch Response both fit. */
export interface BodySource {
  /** The Content-Length header, if any. */
  readonly declaredLength: string | null;
  /** Read in chunks when present, so an oversized answer is stopped at the size cap. */
  readonly chunks: AsyncIterable<Uint8Array> | null;
  /** The same chunks as a Node stream (undici's request), read by events: cheaper than async iteration. */
  readonly stream?: Readable;
  /** The whole body at once, for a source without chunks. */
  text(): Promise<string>;
  /** Stops reading without taking the rest, releasing the connection. */
  discard(): void | Promise<void>;
}

/**
 * Reads a body as text, stopping (and releasing the connection) once it passes `maxBytes`, so an
 * oversized or endless answer is never held in memory.
 */
export function readCapped(body: BodySource, maxBytes: number): Promise<string> {
  const declared = Number(body.declaredLength ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return refuse(body, maxBytes);
  // A stream is read by events, without the extra turn an async function's own promise takes.
  if (body.stream) return readStream(body.stream, maxBytes);
  return readChunks(body, maxBytes);
}

/** Drops an answer declared too large without reading it. */
async function refuse(body: BodySource, maxBytes: number): Promise<never> {
  await body.discard();
  throw tooLarge(maxBytes);
}

async function readChunks(body: BodySource, maxBytes: number): Promise<string> {
  if (!body.chunks) {
    const text = await body.text();
    if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
    return text;
  }
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  for await (const chunk of body.chunks) {
    received += chunk.byteLength;
    // Leaving the loop destroys (or cancels) the stream, which frees the socket.
    if (received > maxBytes) throw tooLarge(maxBytes);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/** Collects a stream's bytes and decodes them once; destroys it (dropping the socket) past `maxBytes`. */
function readStream(stream: Readable, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) {
        done();
        // Destroying reports an abort error of its own; nobody waits for it any more.
        stream.on("error", () => undefined);
        stream.destroy();
        reject(tooLarge(maxBytes));
        return;
      }
      parts.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(parts, received).toString("utf8"));
    };
    const onError = (error: Error): void => {
      done();
      reject(error);
    };
    const done = (): void => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
  });
}

function tooLarge(maxBytes: number): UpstreamError {
  return new UpstreamError(
    `Panther's answer was larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, the most this server reads; ask for less (a smaller page or fewer fields).`,
  );
}
