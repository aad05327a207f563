// Which failed reads are worth another try.

/** Statuses that mean "not now" rather than "not this request". */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Whether a network failure (by its error code) may pass if tried again. An unknown host, a bad
 * certificate or a refused proxy login is a setting to fix, so trying again only delays the answer;
 * everything else (reset, refused, hang-up, closed socket) is retried.
 */
export function isRetryableNetworkCode(code: string): boolean {
  if (code === "ENOTFOUND" || code === "ERR_INVALID_URL" || code === "UND_ERR_INVALID_ARG") return false;
  if (code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_")) return false;
  if (code.includes("CERT") || code.startsWith("UNABLE_TO_")) return false;
  return true;
}
