// Host names and addresses as settings carry them: one normal form (IPv6 without brackets,
// canonical, lower case) that the listener, the loopback check and the Host-header check share.
import { isIP } from "node:net";

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/;

/**
 * The normal form of a host setting: a DNS name or IPv4 address in lower case, or an IPv6 address
 * (bracketed or bare) in canonical form without brackets. Undefined when the text is neither
 * (a port, a scheme, a path, spaces, a zone index).
 */
export function normalizeHost(raw: string): string | undefined {
  const text = raw.trim().toLowerCase();
  const inner = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (isIP(inner) === 6 && !inner.includes("%")) return new URL(`http://[${inner}]/`).hostname.slice(1, -1);
  if (inner !== text) return undefined;
  if (isIP(text) === 4 || HOSTNAME.test(text)) return text;
  return undefined;
}

/** A host as it is written in a URL or a Host header: IPv6 in brackets. */
export function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
