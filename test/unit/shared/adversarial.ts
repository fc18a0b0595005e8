// Adversarial strings for fast-path / reference property tests: the characters that text cleaning,
// number parsing and label detection treat specially, mixed with ordinary ones.
import fc from 'fast-check';

/**
 * One code point, any of U+0000…U+10FFFF (lone surrogates included): what `fc.string({ unit: 'binary' })`
 * draws, without its cost. fast-check's own 'binary' unit builds a reverse map of all 1,114,112 code
 * points (a Map, ~2 s of CPU; once per thread of the unit project) the first time a string arbitrary
 * is made with it; this one unmaps a character by its code point.
 */
export const binaryUnit: fc.Arbitrary<string> = fc.nat(0x10ffff).map(
  (cp) => String.fromCodePoint(cp),
  (s) => {
    if (typeof s !== 'string') throw new Error('not a string');
    const cp = s.codePointAt(0);
    if (cp === undefined || String.fromCodePoint(cp) !== s) throw new Error('not one code point');
    return cp;
  },
);

export const SPECIAL_CHARS = [
  '\u0000', '\u0007', '\t', '\n', '\r', '\u001f', '\u007f', '\u0085', '\u009f', // C0/C1 controls
  ' ', '\u00a0', '\u1680', '\u2002', '\u200a', '\u2028', '\u202f', '\u205f', '\u3000', // spaces
  '\u00ad', '\u200b', '\u200c', '\u200d', '\u200e', '\u202e', '\u2060', '\u2066', '\ufeff', '\ufffe', '\uffff', // invisibles
  '\u2212', '－', '＋', '１', '２', '３', '０', '．', '，', '（', '）', '％', // full-width digits and signs, U+2212
  '-', '+', '(', ')', '.', ',', '%', 'e', 'E', 'x', '0', '1', '2', '3', '5', '9',
  '¥', '￥', '$', '€', '£', '元', '万', '亿', 'U', 'S', 'D', 'C', 'N', 'Y', 'R', 'M', 'B',
  '合', '计', '小', '总', '汇', 'T', 'o', 't', 'a', 'l', 's', 'G', 'r', 'n', 'd', 'u', 'b', ':', '：', '张', '三', '/',
  'I', 'f', 'i', 'y', 'N', 'a',
];

const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
  { weight: 1, arbitrary: binaryUnit },
);

/** Short strings built mostly from the special characters. */
export const adversarialString = (maxLength = 16): fc.Arbitrary<string> => fc.string({ unit, maxLength });

/** A known-interesting seed text with adversarial characters inserted around and inside it. */
export const mutated = (seeds: readonly string[]): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...seeds), adversarialString(3), adversarialString(3), fc.nat())
    .map(([s, pre, post, at]) => {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      return `${pre}${s.slice(0, i)}${at % 3 === 0 ? post : ''}${s.slice(i)}${at % 3 === 0 ? '' : post}`;
    });

/**
 * `expect(actual).toBe(expected)` for the inside of a property run thousands of times: Object.is, and
 * a thrown Error naming both values (fast-check prints it with the counterexample) instead of
 * vitest's expect, which costs ~10 µs a call.
 */
export function same(actual: unknown, expected: unknown, what = 'value'): void {
  if (!Object.is(actual, expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/**
 * `expect(actual).toEqual(expected)` for plain data (arrays, objects, strings, numbers, booleans, null)
 * inside a property or an exhaustive loop: the same JSON text, which is stricter than toEqual (key
 * order counts, and undefined in an array is null). Throws an Error naming both.
 */
export function sameJson(actual: unknown, expected: unknown, what = 'value'): void {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new Error(`${what}: expected ${b}, got ${a}`);
}
