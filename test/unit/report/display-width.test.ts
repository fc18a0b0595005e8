// displayWidth's fast paths (printable ASCII; ASCII with CJK ideographs, CJK punctuation and full-width
// forms) against string-width alone, its reference twin: the same column count for any such string, and
// for strings outside those alphabets (emoji, combining marks, controls) the reference itself is used.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { displayWidth, displayWidthReference } from '../../../src/report/terminal.js';
import { same } from '../shared/adversarial.js';

const ranges: [number, number][] = [
  [0x20, 0x7e],
  // narrow symbols of reports: Latin-1 (the no-break space, not the soft hyphen), Δ Σ, dashes, quotes, bullet, ellipsis, per mille, euro, ℹ,
  // arrows, ∈, minus, ≈ ≤ ≥, box drawing and blocks, ⚠ ✔ ✖
  [0xa0, 0xac],
  [0xae, 0xff],
  [0x394, 0x394],
  [0x3a3, 0x3a3],
  [0x2013, 0x2014],
  [0x2018, 0x2019],
  [0x201c, 0x201d],
  [0x2022, 0x2022],
  [0x2026, 0x2026],
  [0x2030, 0x2030],
  [0x20ac, 0x20ac],
  [0x2139, 0x2139],
  [0x2190, 0x2193],
  [0x2208, 0x2208],
  [0x2212, 0x2212],
  [0x2248, 0x2248],
  [0x2264, 0x2265],
  [0x2500, 0x259f],
  [0x26a0, 0x26a0],
  [0x2714, 0x2714],
  [0x2716, 0x2716],
  [0x4e00, 0x9fff],
  [0x3001, 0x3003],
  [0x3008, 0x3011],
  [0xff01, 0xff60],
];
const fastChar = fc.integer({ min: 0, max: ranges.length - 1 }).chain((i) => fc.integer({ min: ranges[i]![0], max: ranges[i]![1] }).map((c) => String.fromCharCode(c)));
// Around the fast alphabet's edges, and things only string-width knows: emoji, combining marks, half-width katakana.
const edgeChar = fc.constantFrom('\u00ad', '\u009f', '\u0393', '\u2138', '\u2209', '\u2249', '\u26a1', '\u2715', '\u2717', '\ufe0f', '\u2012', '\u2015', '\u2027', '\u2194', '\u2263', '\u25a0', '\u3000', '\u3004', '\u3007', '\u3012', '\u302a', '\u303f', '\u4dff', '\ua000', '\uff00', '\uff61', '\uff9e', '\u0301', '\u00e9', '🚀', '👍🏽', '\u200d', '\t', '\x1b[31m');

describe('displayWidth: fast paths equal string-width', () => {
  it('on strings of the fast alphabets (ASCII, CJK ideographs and punctuation, full-width forms)', () => {
    fc.assert(
      fc.property(fc.array(fastChar, { maxLength: 24 }).map((a) => a.join('')), (s) => {
        same(displayWidth(s), displayWidthReference(s), JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('on strings mixing in characters just outside them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fastChar, edgeChar), { maxLength: 16 }).map((a) => a.join('')), (s) => {
        same(displayWidth(s), displayWidthReference(s), JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('every character of the fast alphabets, one by one, and after a combining mark', () => {
    const wrong: string[] = [];
    for (const [a, b] of ranges) {
      for (let c = a; c <= b; c++) {
        const ch = String.fromCharCode(c);
        // (one expect at the end, not two per character: vitest's expect costs ~10 µs a call)
        for (const s of [ch, `${ch}\u0301`]) {
          const got = displayWidth(s);
          const want = displayWidthReference(s);
          if (got !== want && wrong.length < 20) wrong.push(`${JSON.stringify(s)}: ${got}, reference ${want}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['¥5,000 · 84%…', 13],
    ['张三', 4],
    ['华东区 East', 11],
    ['（已离职）', 10],
    ['🚀', 2],
    ['👍🏽', 2],
    ['⚠ 张三', 6],
    ['⚠\ufe0f', 2],
  ])('%s is %i columns', (s, w) => {
    expect(displayWidth(s)).toBe(w);
  });
});
