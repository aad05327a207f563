// Text for a confirmation prompt, which a person reads before a write. Parts of it come from Panther
// (alert titles, detection names) and so may have been written by an attacker: they go through the one
// cleaner of untrusted text (src/untrusted/clean.ts: invisible and direction-changing characters removed,
// fence markers neutralised), so what is shown is what is there, and lengths are capped.
import { headOf } from "./text.js";
import { cleanText } from "./untrusted/index.js";

/** `text` as the cleaner leaves it (the count of removed characters is not shown in a prompt). */
const clean = (text: string): string => cleanText(text).text;

/** The longest confirmation message sent; longer ones end with a note that the list goes on. */
export const MAX_MESSAGE_CHARS = 4000;

/** `text` cleaned, on one line, cut to `max` characters (… marks a cut). */
export function shown(text: string, max = 80): string {
  const line = clean(text).replace(/\s+/g, " ").trim();
  return line.length > max ? `${headOf(line, max - 1)}…` : line;
}

/** A heading and one line per item, cut to MAX_MESSAGE_CHARS at a line's end, saying how many lines were left out. */
export function messageOf(heading: string, items: readonly string[], footer?: string): string {
  const head = clean(heading);
  const tail = footer ? `\n${clean(footer)}` : "";
  const lines = items.map((item) => `\n- ${clean(item)}`);
  const full = head + lines.join("") + tail;
  if (full.length <= MAX_MESSAGE_CHARS) return full;
  const more = (n: number) => (n > 0 ? `\n…and ${n} more (all are in the call's arguments)` : "");
  let text = head;
  let kept = 0;
  while (kept < lines.length && text.length + lines[kept].length + more(lines.length - kept - 1).length + tail.length <= MAX_MESSAGE_CHARS)
    text += lines[kept++];
  return (text + more(lines.length - kept) + tail).slice(0, MAX_MESSAGE_CHARS);
}

/** A whole message as sent: cleaned, at most MAX_MESSAGE_CHARS. */
export function cleanMessage(message: string): string {
  const text = clean(message);
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}
