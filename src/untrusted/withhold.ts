// Lockdown (PANTHER_LOCKDOWN=true): attacker-controllable text never reaches the model. Each untrusted
// string is replaced by a placeholder with its length and a short hash, so a model can still count,
// compare and group values; strings that can only be structure pass as they are: ISO-8601 dates and
// timestamps, UUIDs, hex IDs, IP addresses and decimal numbers. None of these shapes can spell an
// instruction. Object keys inside an untrusted subtree (log field names) pass when they look like
// field names; any other key is replaced by a placeholder key.
import { createHash } from "node:crypto";
import { isIP } from "node:net";

const PASSING: readonly RegExp[] = [
  // ISO-8601 date, or date and time (T or space, as Panther writes p_event_time), optional fraction and zone.
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^[0-9a-f]{8,128}$/i,
  /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/,
];

/** Letters, digits and a few joiners, up to 40 characters: a field name, too short to carry much of an instruction. */
const PASSING_KEY = /^[A-Za-z_@$][\w.@$:-]{0,39}$/;

/** An IP address; IPv6 without a zone (`%eth0` would let text through). */
function isAddress(text: string): boolean {
  return /^[0-9A-Fa-f:.]+$/.test(text) && isIP(text) !== 0;
}

/** Whether an untrusted string may pass lockdown as it is. */
export function passesLockdown(text: string): boolean {
  return text.length <= 128 && (PASSING.some((pattern) => pattern.test(text)) || isAddress(text));
}

/** Whether an object key inside an untrusted subtree may pass lockdown as it is. */
export function keyPassesLockdown(key: string): boolean {
  return PASSING_KEY.test(key);
}

/** The first 8 hex digits of the text's SHA-256: equal values get equal placeholders. */
function digest(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 8);
}

/** The placeholder of a withheld string value. */
export function withheld(text: string): string {
  return `[withheld ${text.length} chars #${digest(text)}]`;
}

/** The placeholder of a withheld object key. */
export function withheldKey(key: string): string {
  return `[withheld key ${key.length} chars #${digest(key)}]`;
}
