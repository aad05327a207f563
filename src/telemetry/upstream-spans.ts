// A child span per HTTP request to Panther, taken from undici's diagnostics channels, so the request
// core needs no hook. A request only gets a span when it starts inside a tool call's span. Recorded:
// method, host, port and status; not the path or query (they hold tool arguments), nor any header.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from "@opentelemetry/api";

/** The fields of an undici request that are read here. */
interface UndiciRequest {
  origin?: string | URL;
  method?: string;
}

interface Message {
  request: UndiciRequest;
  response?: { statusCode: number };
  error?: unknown;
}

/** Starts recording upstream spans; returns the function that stops it. */
export function traceUpstreamRequests(tracer: Tracer): () => void {
  const open = new WeakMap<UndiciRequest, Span>();

  const onCreate = (message: unknown) => {
    const { request } = message as Message;
    const parent = trace.getSpan(context.active());
    if (!parent) return;
    const origin = originOf(request);
    const method = request.method ?? "GET";
    const span = tracer.startSpan(
      method,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          "http.request.method": method,
          ...(origin
            ? { "server.address": origin.hostname, "server.port": port(origin), "url.scheme": origin.protocol.replace(":", "") }
            : {}),
        },
      },
      context.active(),
    );
    open.set(request, span);
  };
  const onHeaders = (message: unknown) => {
    const { request, response } = message as Message;
    const span = open.get(request);
    if (!span || !response) return;
    span.setAttribute("http.response.status_code", response.statusCode);
    if (response.statusCode >= 400) {
      span.setAttribute("error.type", String(response.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  };
  const onDone = (message: unknown) => {
    const { request } = message as Message;
    open.get(request)?.end();
    open.delete(request);
  };
  const onError = (message: unknown) => {
    const { request, error } = message as Message;
    const span = open.get(request);
    if (!span) return;
    span.setAttribute("error.type", errorType(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    onDone(message);
  };

  const channels: [string, (message: unknown) => void][] = [
    ["undici:request:create", onCreate],
    ["undici:request:headers", onHeaders],
    ["undici:request:trailers", onDone],
    ["undici:request:error", onError],
  ];
  for (const [name, listener] of channels) subscribe(name, listener);
  return () => {
    for (const [name, listener] of channels) unsubscribe(name, listener);
  };
}

function originOf(request: UndiciRequest): URL | undefined {
  try {
    return request.origin ? new URL(String(request.origin)) : undefined;
  } catch {
    return undefined;
  }
}

function port(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** A socket error code (e.g. ECONNRESET) or the error's class name; never its message. */
function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.name : "error";
}
