/**
 * How many terminal columns a string takes. Its own small module so the CLI's start-up (the zh help
 * wraps by display width) does not load the terminal renderer.
 */
import stringWidth from 'string-width';

// string-width measures by grapheme cluster with Unicode's East Asian Width data: CJK and full-width
// forms 2, an emoji with a skin tone or a ZWJ family 2 (one glyph), combining marks and ANSI codes 0.
// The hand-written table this replaced got 🚀 (1) and 👍🏽 (4) wrong. Printable ASCII is its own length.
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
// Printable ASCII mixed with the common characters of reports in Chinese and English, each a fixed
// width without string-width's per-grapheme work (~15 µs a call: 37,000 Chinese cells took 9 s; the
// leaderboard's ¥ and … sent every money cell there):
//   narrow (1): Latin-1 symbols and letters (¥ £ · × ÷ é …, the no-break space, not the soft hyphen), Δ Σ,
//               – — ‘ ’ “ ” • … ‰ € ℹ ← ↑ → ↓ ∈ − ≈ ≤ ≥, box drawing and block elements (─ │ ░ █), ⚠ ✔ ✖
//               (the report's marks: a warning line was measured by string-width once per word as it wrapped)
//   wide (2):   CJK unified ideographs, CJK punctuation (、。〃 and the brackets 〈…】), full-width forms
// A combining mark, an emoji or anything else leaves the fast path. `displayWidthReference`
// (string-width alone) is its twin, tied by test/unit/report/display-width.test.ts, which also checks
// every character of these sets one by one.
const NARROW = '\xa0-\xac\xae-\xff\u0394\u03a3\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2030\u20ac\u2139\u2190-\u2193\u2208\u2212\u2248\u2264\u2265\u2500-\u259f\u26a0\u2714\u2716';
const WIDE_SET = '\u4e00-\u9fff\u3001-\u3003\u3008-\u3011\uff01-\uff60';
const PLAIN = new RegExp(`^[\\x20-\\x7e${NARROW}${WIDE_SET}]*$`);
const WIDE = new RegExp(`[${WIDE_SET}]`, 'g');

/** Columns a string takes in a terminal: CJK, full-width and emoji count 2, ANSI codes 0. */
export function displayWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) return text.length;
  if (PLAIN.test(text)) return text.length + (text.match(WIDE)?.length ?? 0);
  return stringWidth(text);
}

/** `displayWidth` by string-width alone: the reference its fast paths are tested against. */
export function displayWidthReference(text: string): number {
  return stringWidth(text);
}
