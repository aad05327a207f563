// Attacker-controlled text in tool results (issue 10): one entry for the call path. A result whose plan
// reaches untrusted text is cleaned (or withheld in lockdown), serialised under the result cap less the
// fence's room, and fenced; any other result is plain JSON as before.
import { MAX_RESULT_CHARS, serializeCapped } from "../result-cap.js";
import type { UntrustedPlan } from "../runtime/tool.js";
import { applyUntrusted, type UntrustedOptions } from "./apply.js";
import { fence, FENCE_ROOM } from "./fence.js";

export { applyUntrusted, type UntrustedOptions, type UntrustedOutcome } from "./apply.js";
export { cleanText, FENCE_MARKER_STAND_IN, neutraliseMarkers, removeHidden } from "./clean.js";
export { fence, FENCE_ROOM, FENCE_TAG, removalNote } from "./fence.js";
export { keyPassesLockdown, passesLockdown, passesLockdownAt, withheld, withheldKey } from "./withhold.js";

/** The text of a successful tool result: `value` as capped JSON, fenced when its plan reached untrusted text. */
export function resultText(value: unknown, plan: UntrustedPlan | undefined, options: UntrustedOptions = {}): string {
  if (!plan) return serializeCapped(value);
  const applied = applyUntrusted(value, plan, options);
  if (!applied.found) return serializeCapped(applied.value);
  return fence(serializeCapped(applied.value, MAX_RESULT_CHARS - FENCE_ROOM), applied.removed);
}
