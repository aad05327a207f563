// Request checks in front of the MCP endpoint: Host and Origin (DNS-rebinding protection) and the
// inbound bearer token. Each returns undefined when the request may proceed, else the reason.
import { createHash, timingSafeEqual } from "node:crypto";
import { urlHost } from "../net/host.js";
import { isLoopback } from "../net/loopback.js";

/** Splits a Host header value into a lower-case hostname (IPv6 keeps its brackets) and the port text. */
export function parseHost(value: string): { hostname: string; port: string } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return undefined;
  return { hostname: match[1].toLowerCase(), port: match[2] ?? "" };
}

/** Accepts loopback names on any port, the listen host, and the configured extra hosts (with or without port). */
export function hostCheck(listenHost: string, allowedHosts: readonly string[]): (hostHeader: string | undefined) => string | undefined {
  const allowed = new Set([urlHost(listenHost), ...allowedHosts].map((h) => h.trim().toLowerCase()).filter(Boolean));
  return (hostHeader) => {
    if (!hostHeader) return "missing Host header";
    const parsed = parseHost(hostHeader);
    if (!parsed) return "malformed Host header";
    if (isLoopback(parsed.hostname)) return undefined;
    if (allowed.has(parsed.hostname) || allowed.has(hostHeader.trim().toLowerCase())) return undefined;
    return `Host ${parsed.hostname} is not allowed (set MCP_ALLOWED_HOSTS to accept it)`;
  };
}

function originOf(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Requests without Origin (non-browser clients) pass. A present Origin must be a loopback http(s)
 * origin or match an entry of allowedOrigins: a full origin (scheme, host and port must match) or
 * a bare hostname (any scheme and port).
 */
export function originCheck(allowedOrigins: readonly string[]): (originHeader: string | undefined) => string | undefined {
  const origins = new Set<string>();
  const hostnames = new Set<string>();
  for (const entry of allowedOrigins.map((o) => o.trim()).filter(Boolean)) {
    const url = entry.includes("://") ? originOf(entry) : undefined;
    if (url) origins.add(url.origin);
    else hostnames.add(entry.toLowerCase());
  }
  return (originHeader) => {
    if (originHeader === undefined || originHeader === "") return undefined;
    const url = originOf(originHeader);
    if (!url) return "malformed or opaque Origin";
    if (isLoopback(url.hostname)) return undefined;
    if (origins.has(url.origin) || hostnames.has(url.hostname)) return undefined;
    return `Origin ${url.origin} is not allowed (set MCP_ALLOWED_ORIGINS to accept it)`;
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Checks `Authorization: Bearer <token>` in constant time; with no token configured everything passes. */
export function bearerCheck(token: string | undefined): (authorization: string | undefined) => string | undefined {
  if (!token) return () => undefined;
  const expected = digest(token);
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
    if (!match) return "missing bearer token";
    return timingSafeEqual(digest(match[1]), expected) ? undefined : "invalid bearer token";
  };
}
