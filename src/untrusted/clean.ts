// Cleaning of attacker-controllable text before a model reads it (issue 10). Two steps, in this order:
// 1. hidden characters are removed and counted: every format character (\p{Cf}: zero-width characters,
//    bidi controls and marks, the word joiner family, soft hyphen, BOM), every default-ignorable code
//    point (\p{DI}: Unicode tag characters U+E0000–E0FFF, Hangul fillers, variation selectors…) and every
//    control character except tab, line feed and carriage return. A variation selector survives only
//    where text uses it: U+FE00–FE0F right after a visible character (emoji and text presentation), and
//    U+E0100–E01EF right after an ideograph; a run of them, which can smuggle bytes, keeps none.
// 2. fence-marker look-alikes are neutralised: "untrusted" and "data" with up to three non-alphanumeric
//    characters between them (any case) become FENCE_MARKER_STAND_IN, so text cannot open or close the
//    fence our results are wrapped in (src/untrusted/fence.ts). Matching runs on a folded copy (NFKC, lower
//    case, a few Cyrillic/Greek/Armenian look-alikes of the marker's letters), so fullwidth, mathematical
//    or circled letters cannot slip past; the original is rewritten where the copy matched. Step 2 runs
//    after step 1, so hidden characters inside a marker (`untrusted\u200b-data`) cannot split it.

/** What a fence-marker look-alike in untrusted text is replaced with: readable, and matches no marker. */
export const FENCE_MARKER_STAND_IN = "[fence-marker]";

/** Characters removed as hidden (tab, line feed and carriage return are kept: they are visible layout). */
const HIDDEN = /(?![\t\n\r])[\p{Cf}\p{DI}\p{Cc}]/u;

/**
 * Any character but printable ASCII, tab, line feed and carriage return. Text without one (most of what
 * Panther sends: ids, dates, English prose, JSON) has nothing to remove and no look-alike to fold, and
 * this plain class is tested several times faster than HIDDEN (whose lookahead and property classes
 * cost ~3 µs on a 1 KB result), so such text skips the rest.
 */
const UNUSUAL = /[^\x20-\x7e\t\n\r]/;

const isPresentationSelector = (cp: number) => cp >= 0xfe00 && cp <= 0xfe0f;
const isIdeographicSelector = (cp: number) => cp >= 0xe0100 && cp <= 0xe01ef;
const IDEOGRAPH = /\p{Ideographic}/u;

/** Whether a variation selector `cp` that follows `previous` (undefined: start, or a removed character) is kept. */
function keepsSelector(cp: number, previous: string | undefined): boolean {
  if (previous === undefined) return false;
  const before = previous.codePointAt(0)!;
  if (isPresentationSelector(before) || isIdeographicSelector(before)) return false;
  if (isPresentationSelector(cp)) return true;
  return isIdeographicSelector(cp) && IDEOGRAPH.test(previous);
}

/** `text` without hidden characters, and how many were removed. */
export function removeHidden(text: string): { text: string; removed: number } {
  return UNUSUAL.test(text) ? removeHiddenFromUnusual(text) : { text, removed: 0 };
}

/** removeHidden for text already known to hold an UNUSUAL character (cleanText tests that once, for both steps). */
function removeHiddenFromUnusual(text: string): { text: string; removed: number } {
  if (!HIDDEN.test(text)) return { text, removed: 0 };
  let out = "";
  let removed = 0;
  let previous: string | undefined;
  for (const ch of text) {
    if (HIDDEN.test(ch) && !keepsSelector(ch.codePointAt(0)!, previous)) {
      removed += 1;
      previous = undefined;
      continue;
    }
    out += ch;
    previous = ch;
  }
  return { text: out, removed };
}

/** Look-alikes of the marker's letters that NFKC keeps apart from them. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: "a", // Cyrillic
  ԁ: "d",
  е: "e",
  ҽ: "e",
  г: "r",
  ѕ: "s",
  т: "t",
  п: "n",
  α: "a", // Greek
  ε: "e",
  τ: "t",
  υ: "u",
  ս: "u", // Armenian
  ո: "n",
  ɑ: "a", // Latin alpha
};

/** The marker on the folded copy: the two words with up to three separators (or none) between them. */
const MARKER = /untrusted[^\p{L}\p{N}]{0,3}data/gu;
/** The same on text that is all ASCII, which needs no folded copy. */
const ASCII_MARKER = /untrusted[^\p{L}\p{N}]{0,3}data/giu;
const NON_ASCII = /[^\p{ASCII}]/u;
/** neutraliseMarkers for text known to be all ASCII: no folded copy needed. */
const neutraliseAscii = (text: string) => text.replace(ASCII_MARKER, FENCE_MARKER_STAND_IN);

/** Each character of `text` folded for matching, with the span of `text` each folded character came from. */
function folded(text: string): { copy: string; from: number[]; to: number[] } {
  let copy = "";
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const fold = code < 0x80 ? ch.toLowerCase() : [...ch.normalize("NFKC").toLowerCase()].map((c) => LOOK_ALIKES[c] ?? c).join("");
    for (const unit of fold) {
      // One entry per UTF-16 unit of the copy, so regex indices index these arrays.
      for (let i = 0; i < unit.length; i++) {
        from.push(at);
        to.push(at + ch.length);
      }
      copy += unit;
    }
    at += ch.length;
  }
  return { copy, from, to };
}

const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join("")}]`, "gu");
const MARK = /\p{M}/gu;
const MARKER_ANYWHERE = new RegExp(MARKER.source, "u");

/**
 * Whether `text` may hold a marker, folded whole in one pass (decomposed, marks dropped): a quick test
 * that the per-character fold below can only agree with or refine, so text without a marker skips it.
 */
function mayHoldMarker(text: string): boolean {
  const quick = text
    .normalize("NFKD")
    .replace(MARK, "")
    .toLowerCase()
    .replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c]);
  return MARKER_ANYWHERE.test(quick);
}

/** `text` with every fence-marker look-alike replaced by FENCE_MARKER_STAND_IN. */
export function neutraliseMarkers(text: string): string {
  if (!NON_ASCII.test(text)) return neutraliseAscii(text);
  if (!mayHoldMarker(text)) return text;
  const { copy, from, to } = folded(text);
  let out = "";
  let done = 0;
  for (const match of copy.matchAll(MARKER)) {
    const start = from[match.index];
    if (start < done) continue;
    out += text.slice(done, start) + FENCE_MARKER_STAND_IN;
    done = to[match.index + match[0].length - 1];
  }
  return done === 0 ? text : out + text.slice(done);
}

/** Untrusted text as a model may read it: hidden characters removed (counted), then fence markers neutralised. */
export function cleanText(text: string): { text: string; removed: number } {
  if (!UNUSUAL.test(text)) return { text: neutraliseAscii(text), removed: 0 };
  const visible = removeHiddenFromUnusual(text);
  return { text: neutraliseMarkers(visible.text), removed: visible.removed };
}
