// Attacker-controlled text in tool results (issue 10): one entry for the call path. A result whose plan
// reaches untrusted text is cleaned (or withheld in lockdown), serialised under the result cap less the
// fence's room, and fenced; any other result is plain JSON as before.
import { MAX_RESULT_CHARS, serializeCapped } from "../result-cap.js";
import type { UntrustedPlan } from "../runtime/tool.js";
import { applyUntrusted, type UntrustedOptions } from "./apply.js";
import { cleanText } from "./clean.js";
import { fence, FENCE_ROOM, removalNote } from "./fence.js";

export { applyUntrusted, type UntrustedOptions, type UntrustedOutcome } from "./apply.js";
export { cleanText, FENCE_MARKER_STAND_IN, neutraliseMarkers, removeHidden } from "./clean.js";
export { fence, FENCE_ROOM, FENCE_TAG, removalNote } from "./fence.js";
export { keyPassesLockdown, passesLockdown, passesLockdownAt, withheld, withheldKey } from "./withhold.js";

/**
 * The text of a successful tool result: `value` as capped JSON, fenced when its plan reached untrusted
 * text. Last, the whole JSON text is cleaned as untrusted text is, whatever the marks say: a field
 * marked trusted (a detection's name, a delivery label) is still text some person typed, and nothing
 * inside a fence may look like one of its tags. Cleaning JSON text keeps it JSON: the characters removed
 * and the marker look-alikes only occur inside strings, and the stand-in has no quote or backslash.
 */
export function resultText(value: unknown, plan: UntrustedPlan | undefined, options: UntrustedOptions = {}): string {
  const applied = plan ? applyUntrusted(value, plan, options) : undefined;
  if (!applied?.found) {
    const whole = cleanText(serializeCapped(applied ? applied.value : value));
    return whole.removed > 0 ? `${whole.text}\n${removalNote(whole.removed)}` : whole.text;
  }
  const whole = cleanText(serializeCapped(applied.value, MAX_RESULT_CHARS - FENCE_ROOM));
  return fence(whole.text, applied.removed + whole.removed);
}
