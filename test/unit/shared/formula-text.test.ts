import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvSafe } from '../../../src/report/safe-text.js';
import { looksLikeFormula } from '../../../src/shared/formula-text.js';

// The reference: OWASP's list of formula-starting characters, plus the full-width forms Excel and WPS fold.
const REFERENCE = /^[=+\-@\t\r\n＝＋－＠]/;

describe('shared/formula-text: one list of formula prefixes', () => {
  it.each(['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'].map((p) => [JSON.stringify(p), p]))('%s starts a formula', (_, p) => {
    expect(looksLikeFormula(`${p}HYPERLINK("x")`)).toBe(true);
  });

  it.each([['张三'], [''], ['1+1'], ["'=1"], [' =1']])('%j does not', (text) => {
    expect(looksLikeFormula(text)).toBe(false);
  });

  it('equals the regular-expression reference on any text', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠', 'a', ' ', '张') }), (s) => {
      expect(looksLikeFormula(s)).toBe(REFERENCE.test(s));
    }), { numRuns: 2000 });
  });

  // The CSV writer's copy missed LF while the workbook writer's had it: a CSV cell starting with a line
  // break and then `=` was written as it was.
  it('the CSV output makes a value starting with a line feed inert, like the workbook writer', () => {
    expect(csvSafe('\n=HYPERLINK("http://x")')).toBe('\'\n=HYPERLINK("http://x")');
  });
});
