// Lockdown (PANTHER_LOCKDOWN=true): attacker-controllable text never reaches the model. Each untrusted
// string is replaced by a placeholder with its length and a short hash, so a model can still count,
// compare and group values; strings that can only be structure pass as they are: ISO-8601 dates and
// timestamps, UUIDs, hex IDs, IP addresses and decimal numbers. None of these shapes can spell an
// instruction. Panther's own event fields (p_log_type, p_rule_id, severities) pass when their value
// has the shape Panther gives it. Object keys inside an untrusted subtree (log field names) pass when they look like
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

/** A log type or detection ID as Panther names them: dotted words, e.g. AWS.CloudTrail, Okta.SystemLog, AWS.IAM.AccessKeyCreated. */
const DOTTED_NAME = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+){1,4}$/;
const SEVERITY = /^(?:INFO|LOW|MEDIUM|HIGH|CRITICAL)$/;

/**
 * Panther's own fields of an event, which Panther sets at parse or match time (a log can't set them),
 * and the shape their values must have to pass lockdown. A value of another shape is withheld like any
 * other: the key alone proves nothing. p_source_label and the p_any_* fields are left out: the first is
 * a name people type, the others are copied from the log.
 */
const PANTHER_FIELDS: Readonly<Record<string, RegExp>> = {
  p_log_type: DOTTED_NAME,
  p_rule_id: DOTTED_NAME,
  p_rule_severity: SEVERITY,
  p_alert_severity: SEVERITY,
};

/** Whether an untrusted string held under `key` (a field of a log event) may pass lockdown as it is. */
export function passesLockdownAt(key: string | undefined, text: string): boolean {
  const shape = key === undefined || !Object.hasOwn(PANTHER_FIELDS, key) ? undefined : PANTHER_FIELDS[key];
  return (shape !== undefined && text.length <= 128 && shape.test(text)) || passesLockdown(text);
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
