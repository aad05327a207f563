// The one scrubber for text that comes from Panther (or goes to a log line): every secret the server
// holds is removed in the encodings an upstream might reflect it in, and upstream text that reaches a
// message is cut to one size.
import { headOf } from "../text.js";
import { cleanText, removeHidden } from "../untrusted/clean.js";

/** The most characters of upstream text (an error message, a redirect target) put into one message. */
export const MAX_UPSTREAM_TEXT = 300;

/** What a secret is replaced with. */
export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not scrubbed: they would match ordinary text. */
const MIN_SECRET = 8;

/** Encoded forms shorter than this are not scrubbed (a base64 fragment of a short secret). */
const MIN_FORM = 8;

/**
 * Removes secrets from text and from parsed JSON. Forms caught: the secret itself in any letter
 * case, with any of its characters percent-encoded (once or twice, either hex case, as any URL
 * encoder may choose), hex, and base64 / base64url at each of the three alignments it can have
 * inside a longer encoded string (e.g. `Basic base64(user:token)`).
 */
export class Scrubber {
  /** Forms whose letter case does not matter (the secret, URL and hex encodings). */
  private readonly folded: RegExp | undefined;
  /** Base64 forms, where case is significant. */
  private readonly exact: RegExp | undefined;

  constructor(secrets: readonly string[]) {
    const usable = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET))];
    const folded: string[] = [];
    const exact = new Set<string>();
    for (const secret of usable) {
      folded.push(percentTolerant(secret), escape(Buffer.from(secret, "utf8").toString("hex")));
      for (const form of base64Forms(secret)) exact.add(escape(form));
    }
    this.folded = alternation(folded, "gi");
    this.exact = alternation([...exact], "g");
  }

  /** Whether there is anything to scrub for. */
  get active(): boolean {
    return this.folded !== undefined;
  }

  /**
   * The text with every secret form replaced. Untrusted text later loses its invisible characters
   * (src/untrusted/clean.ts), which could join a secret split by them; when removing them here would
   * reveal a secret, the text is scrubbed without them (the only case that changes them here).
   */
  text(text: string): string {
    if (!this.folded) return text;
    const out = this.replaceForms(text);
    const hidden = removeHidden(out);
    if (hidden.removed === 0) return out;
    const joined = this.replaceForms(hidden.text);
    return joined === hidden.text ? out : joined;
  }

  private replaceForms(text: string): string {
    let out = text.replace(this.folded!, REDACTED);
    if (this.exact) out = out.replace(this.exact, REDACTED);
    return out;
  }

  /** A parsed JSON value with every string (and key) scrubbed; returns the same value when nothing matched. */
  value<T>(value: T): T {
    if (!this.folded) return value;
    return this.walk(value) as T;
  }

  /** Upstream text for a message: scrubbed, whitespace collapsed, cut to MAX_UPSTREAM_TEXT. */
  message(text: string): string {
    return upstreamText(this.text(text));
  }

  private walk(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.walk(value[i]);
      return value;
    }
    if (value && typeof value === "object") {
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        const clean = this.text(key);
        const inner = this.walk(object[key]);
        if (clean !== key) {
          delete object[key];
          object[clean] = inner;
        } else {
          object[key] = inner;
        }
      }
    }
    return value;
  }
}

/**
 * Already-scrubbed upstream text (e.g. a field of an answer, which the request core scrubbed on
 * arrival) made fit for a message: cleaned like any untrusted text (src/untrusted/clean.ts: invisible
 * and direction-changing characters removed, fence markers neutralised), whitespace collapsed, cut to
 * MAX_UPSTREAM_TEXT. Messages are our sentences and are never fenced, so Panther's words in them (an
 * error body, a GraphQL error, a failed query's reason, which an attacker may have shaped) are cleaned
 * here: every quote of upstream text in a message passes through this function (Scrubber.message too),
 * whether the message ends in an error result, in a result's notes or in a log notification.
 */
export function upstreamText(text: string): string {
  return clip(cleanText(text).text.replace(/\s+/g, " ").trim());
}

/** Text cut to `max` characters with an ellipsis (never splitting a surrogate pair). */
export function clip(text: string, max = MAX_UPSTREAM_TEXT): string {
  return text.length <= max ? text : `${headOf(text, max)}…`;
}

/**
 * The base64 and base64url characters that depend only on the secret's bytes, for each of the three
 * byte offsets the secret can start at inside a longer encoded value.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    // Character j covers bits [6j, 6j+6); keep those wholly inside the secret's bits.
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length)) / 6);
    const stable = encoded.slice(first, last);
    if (stable.length < MIN_FORM) continue;
    forms.push(stable, stable.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/** A pattern for the secret in which each character may also be written %XX or %25XX (double encoding). */
function percentTolerant(secret: string): string {
  return [...secret]
    .map((char) => {
      const bytes = [...Buffer.from(char, "utf8")].map((b) => b.toString(16).padStart(2, "0"));
      const once = bytes.map((h) => `%${h}`).join("");
      const twice = bytes.map((h) => `%25${h}`).join("");
      return `(?:${escape(char)}|${once}|${twice})`;
    })
    .join("");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

function alternation(patterns: string[], flags: string): RegExp | undefined {
  if (!patterns.length) return undefined;
  return new RegExp(patterns.join("|"), flags);
}
