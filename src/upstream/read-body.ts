import { UpstreamError } from "../errors.js";
import type { UpstreamResponse } from "../panther-client.js";

/**
 * Reads a response body as text, stopping (and releasing the connection) once it passes `maxBytes`,
 * so an oversized or endless answer is never held in memory.
 */
export async function readCapped(response: UpstreamResponse, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await cancel(response);
    throw tooLarge(maxBytes);
  }
  if (!response.body) {
    const text = await response.text();
    if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
    return text;
  }
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  for await (const chunk of response.body) {
    received += chunk.byteLength;
    // Leaving the loop cancels the stream, which frees the socket.
    if (received > maxBytes) throw tooLarge(maxBytes);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

async function cancel(response: UpstreamResponse): Promise<void> {
  const body = response.body as { cancel?: () => Promise<void> } | null | undefined;
  await body?.cancel?.().catch(() => undefined);
}

function tooLarge(maxBytes: number): UpstreamError {
  return new UpstreamError(
    `Panther's answer was larger than ${Math.round(maxBytes / 1024 / 1024)} MiB, the most this server reads; ask for less (a smaller page or fewer fields).`,
  );
}
