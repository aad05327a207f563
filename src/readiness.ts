/**
 * Readiness: can this server do its job right now? Panther must answer the GraphQL endpoint within
 * a short timeout and accept the token. Used by GET /readyz.
 */
export async function checkPanther(graphqlUrl: string, apiToken: string, timeoutMs = 3000): Promise<{ ok: boolean; detail?: string }> {
  try {
    const response = await fetch(graphqlUrl, {
      method: "POST",
      headers: { "X-API-Key": apiToken, "Content-Type": "application/json" },
      body: JSON.stringify({ query: "query Readiness { __typename }" }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 401 || response.status === 403) return { ok: false, detail: "Panther rejected the API token" };
    if (response.status >= 500) return { ok: false, detail: `Panther answered HTTP ${response.status}` };
    return { ok: true };
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    return { ok: false, detail: timedOut ? `Panther did not answer within ${timeoutMs} ms` : "Panther is unreachable" };
  }
}
