import { PantherMcpError } from "./errors.js";
import type { PantherTransport } from "./runtime/transport.js";

/**
 * Readiness for GET /readyz: Panther answers within a short timeout and accepts the token. It goes
 * through the same request core as tool calls, so proxy, connection pool and error mapping agree.
 */
export async function checkPanther(panther: PantherTransport, timeoutMs = 3000): Promise<{ ok: boolean; detail?: string }> {
  // A timer cleared when the probe ends (AbortSignal.timeout would keep one alive per probe until it fires).
  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(), timeoutMs);
  try {
    await panther.graphql(
      { operationName: "Readiness", query: "query Readiness{__typename}", variables: {}, mutation: false },
      { signal: limit.signal },
    );
    return { ok: true };
  } catch (error) {
    if (!(error instanceof PantherMcpError)) throw error;
    switch (error.code) {
      case "UNAUTHENTICATED":
      case "PERMISSION_DENIED":
        return { ok: false, detail: "Panther rejected the API token" };
      case "CANCELLED":
      case "TIMEOUT":
        return { ok: false, detail: `Panther did not answer within ${timeoutMs} ms` };
      case "UPSTREAM_UNAVAILABLE":
      case "RATE_LIMITED":
        return { ok: false, detail: "Panther is unreachable or unavailable" };
      default:
        // Panther answered (e.g. an error about the query itself): it is reachable and the token works.
        return { ok: true };
    }
  } finally {
    clearTimeout(timer);
  }
}
