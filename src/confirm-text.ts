// Text for a confirmation prompt, which a person reads before a write. Parts of it come from Panther
// (alert titles, detection names) and so may have been written by an attacker: invisible and
// direction-changing characters are removed so what is shown is what is there, and lengths are capped.
//
// A minimal local cleaner: src/untrusted/ (the fencing of tool results) has the full one; this one
// follows the same rule for the few words a prompt shows.

/** Format characters (zero-width, bidi controls…), tag characters, and C0/C1 controls but \t \n \r. */
const HIDDEN = /(?![\t\n\r])[\p{Cf}\p{Cc}\u{E0000}-\u{E007F}]/gu;

/** The longest confirmation message sent; longer ones end with a note that the list goes on. */
export const MAX_MESSAGE_CHARS = 4000;

/** `text` without hidden characters, on one line, cut to `max` characters (… marks a cut). */
export function shown(text: string, max = 80): string {
  const clean = text.replace(HIDDEN, "").replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A heading and one line per item, cut to MAX_MESSAGE_CHARS at a line's end, saying how many lines were left out. */
export function messageOf(heading: string, items: readonly string[], footer?: string): string {
  const head = heading.replace(HIDDEN, "");
  const tail = footer ? `\n${footer.replace(HIDDEN, "")}` : "";
  const lines = items.map((item) => `\n- ${item.replace(HIDDEN, "")}`);
  const full = head + lines.join("") + tail;
  if (full.length <= MAX_MESSAGE_CHARS) return full;
  const more = (n: number) => (n > 0 ? `\n…and ${n} more (all are in the call's arguments)` : "");
  let text = head;
  let kept = 0;
  while (kept < lines.length && text.length + lines[kept].length + more(lines.length - kept - 1).length + tail.length <= MAX_MESSAGE_CHARS)
    text += lines[kept++];
  return (text + more(lines.length - kept) + tail).slice(0, MAX_MESSAGE_CHARS);
}

/** A whole message as sent: hidden characters removed, at most MAX_MESSAGE_CHARS. */
export function cleanMessage(message: string): string {
  const clean = message.replace(HIDDEN, "");
  return clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS - 1)}…` : clean;
}
