// The fence around a result that holds attacker-controllable text: the whole JSON result between
// <untrusted-data-NONCE> and </untrusted-data-NONCE>, NONCE a fresh random UUID per result, so text inside
// cannot guess the closer (and cleaning has already rewritten anything that looks like a marker). One
// fence per result, not per value: its two tags are paid once, however many values it holds.
import { randomUUID } from "node:crypto";

export const FENCE_TAG = "untrusted-data";

/** Characters a fence and its note add to a result at most; the result cap keeps this room free. */
export const FENCE_ROOM = 200;

/** The line after a fence that says how many hidden characters cleaning removed (one wording for any count, to match on). */
export function removalNote(removed: number): string {
  return `Removed ${removed} invisible or direction-changing characters from the data above.`;
}

/** `json` fenced with a fresh nonce, followed by the removal note when characters were removed. */
export function fence(json: string, removed: number, nonce: string = randomUUID()): string {
  const text = `<${FENCE_TAG}-${nonce}>\n${json}\n</${FENCE_TAG}-${nonce}>`;
  return removed > 0 ? `${text}\n${removalNote(removed)}` : text;
}
