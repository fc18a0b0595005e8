/**
 * The one definition of the characters that text cleaning changes: spaces of every kind (turned into
 * one ASCII space) and invisible characters (removed). `cleanIdentifier` applies it; `isPlainText`
 * (its fast twin), the totals-label precheck and the readers look characters up in the same table, so
 * the lists cannot drift apart (they had: a copy missed U+3000 at the end of a label).
 */

/** Inclusive code-point ranges that become one ASCII space. */
const SPACE_RANGES: readonly (readonly [number, number])[] = [
  [0x09, 0x0d], // tab, LF, VT, FF, CR
  [0x20, 0x20],
  [0xa0, 0xa0], // NBSP
  [0x1680, 0x1680],
  [0x2000, 0x200a], // en quad … hair space
  [0x2028, 0x2029], // line / paragraph separator
  [0x202f, 0x202f], // narrow NBSP
  [0x205f, 0x205f],
  [0x3000, 0x3000], // ideographic (full-width) space
];

/** Inclusive code-point ranges that are removed: controls, zero-width and bidi marks, BOM, non-characters. */
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08],
  [0x0e, 0x1f],
  [0x7f, 0x9f], // DEL, C1 controls
  [0xad, 0xad], // soft hyphen
  [0x061c, 0x061c], // Arabic letter mark
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200f], // ZWSP, ZWNJ, ZWJ, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x2064], // word joiner, invisible operators
  [0x2066, 0x206f], // bidi isolates, deprecated format characters
  [0xfeff, 0xfeff], // BOM / zero-width no-break space
  [0xfff9, 0xfffb], // interlinear annotation
  [0xfffe, 0xffff], // non-characters
];

const KEEP = 0;
const SPACE = 1;
const INVISIBLE = 2;

// One byte per BMP code unit: 64 KB, built once. Astral characters (surrogate pairs) are kept.
const CLASS = new Uint8Array(0x10000);
for (const [lo, hi] of SPACE_RANGES) CLASS.fill(SPACE, lo, hi + 1);
for (const [lo, hi] of INVISIBLE_RANGES) CLASS.fill(INVISIBLE, lo, hi + 1);

/** True when cleaning changes or drops this UTF-16 code unit (a space of any kind, or an invisible character). */
export function isSpaceOrInvisible(code: number): boolean {
  return CLASS[code] !== KEEP;
}

/** Every code point of the classes, for tests: `[lo, hi, kind]`. */
export const CLEANED_RANGES: readonly (readonly [number, number, 'space' | 'invisible'])[] = [
  ...SPACE_RANGES.map(([lo, hi]) => [lo, hi, 'space'] as const),
  ...INVISIBLE_RANGES.map(([lo, hi]) => [lo, hi, 'invisible'] as const),
];

/**
 * A text value or identifier as it should be compared: invisible characters removed, every kind of
 * space turned into one ASCII space, runs of spaces collapsed, trimmed. `'张三\u3000'` and `' 张三 '`
 * both give `'张三'`.
 */
export function cleanIdentifier(text: string): string {
  if (isPlainText(text)) return text;
  let out = '';
  let pendingSpace = false;
  let runStart = -1; // start of a run of kept characters not yet copied
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const k = CLASS[text.charCodeAt(i)]!;
    if (k === KEEP) {
      if (runStart < 0) {
        if (pendingSpace && out !== '') out += ' ';
        pendingSpace = false;
        runStart = i;
      }
      continue;
    }
    if (runStart >= 0) {
      out += text.slice(runStart, i);
      runStart = -1;
    }
    if (k === SPACE) pendingSpace = true;
  }
  if (runStart >= 0) out += text.slice(runStart);
  return out;
}

/**
 * True when `cleanIdentifier(text)` is `text` itself: no invisible character, no space other than
 * single inner ASCII spaces. A character loop (the common texts are short and already clean).
 */
export function isPlainText(text: string): boolean {
  const n = text.length;
  let prevSpace = true; // a leading space needs cleaning
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x20 && c < 0x7f) {
      prevSpace = false;
      continue;
    }
    if (c === 0x20) {
      if (prevSpace) return false;
      prevSpace = true;
      continue;
    }
    if (CLASS[c] !== KEEP) return false;
    prevSpace = false;
  }
  return n === 0 || !prevSpace;
}

/**
 * A header as it is matched against aliases — by the export reader, the roster, target and calendar
 * files, the quota inputs, and the `duplicate-header-alias` lint rule (one definition, so the rule
 * flags exactly the aliases the reader would treat as one header): cleaned like an identifier, NFKC
 * (full-width letters, digits and punctuation to ASCII), lower case, without spaces, underscores,
 * hyphens, dots, colons, asterisks, `#` or quotes. `'Close Date'`, `'close_date'`, `'Close-Date'` and
 * `'ＣＬＯＳＥ　ＤＡＴＥ'` all give `'closedate'`.
 */
export function normalizeHeader(text: string): string {
  return cleanIdentifier(text)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.:*#'"`]/g, '');
}

/** Spreadsheet column letters from a 0-based index: 0 → A, 25 → Z, 26 → AA, 16383 → XFD. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based column index from upper-case letters: A → 0, AA → 26 (the inverse of `columnLetter`). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}
