/**
 * How many terminal columns a string takes. Its own small module so the CLI's start-up (the zh help
 * wraps by display width) does not load the terminal renderer.
 */
import stringWidth from 'string-width';

// string-width measures by grapheme cluster with Unicode's East Asian Width data: CJK and full-width
// forms 2, an emoji with a skin tone or a ZWJ family 2 (one glyph), combining marks and ANSI codes 0.
// The hand-written table this replaced got 🚀 (1) and 👍🏽 (4) wrong. Printable ASCII is its own length.
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
// Printable ASCII mixed with the common wide characters of Chinese text only — CJK unified ideographs,
// CJK punctuation (、。〃 and the brackets 〈…】) and the full-width forms — each wide one 2 columns,
// without string-width's per-grapheme work (~15 µs a call: 37,000 Chinese cells took 9 s).
// `displayWidthReference` (string-width alone) is its twin, tied by test/unit/report/display-width.test.ts.
const PLAIN_CJK = /^[\x20-\x7e\u4e00-\u9fff\u3001-\u3003\u3008-\u3011\uff01-\uff60]*$/;
const WIDE = /[^\x20-\x7e]/g;

/** Columns a string takes in a terminal: CJK, full-width and emoji count 2, ANSI codes 0. */
export function displayWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) return text.length;
  if (PLAIN_CJK.test(text)) return text.length + (text.match(WIDE)?.length ?? 0);
  return stringWidth(text);
}

/** `displayWidth` by string-width alone: the reference its fast paths are tested against. */
export function displayWidthReference(text: string): number {
  return stringWidth(text);
}
