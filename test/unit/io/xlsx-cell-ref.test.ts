// cellRef (a character loop, read once per XLSX cell) against its reference twin, the regular expression.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellRef, cellRefReference } from '../../../src/io/xlsx-sheet.js';
import { sameJson } from '../shared/adversarial.js';

const SEEDS = ['A1', 'b12', 'XFD1048576', 'XFE1', 'XFD1048577', 'AAAA1', 'A0', 'A01', '1A', 'A', '', 'Z9999999', 'Z10000000', 'a1 ', ' A1', 'A1B', 'ÄA1', 'A١', '@1', '[1', '`1', '{1'];
const refLike = fc.tuple(fc.stringMatching(/^[A-Za-z@[`{]{0,4}$/), fc.stringMatching(/^[0-9]{0,8}$/)).map(([a, b]) => a + b);

describe('cellRef is cellRefReference', () => {
  it('gives the same column and row, or the same refusal, for any reference-like text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(refLike, fc.string({ maxLength: 9 }), fc.constantFrom(...SEEDS)), (ref) => {
        sameJson(cellRef(ref), cellRefReference(ref), JSON.stringify(ref));
      }),
      { numRuns: 20000 },
    );
  });

  it('reads the edges of the sheet and refuses past them', () => {
    expect(cellRef('A1')).toEqual({ col: 0, row: 1 });
    expect(cellRef('xfd1048576')).toEqual({ col: 16383, row: 1048576 });
    for (const bad of ['XFE1', 'A1048577', 'A0', 'A01', 'AAAA1', 'A', '1', 'A1 ']) expect(cellRef(bad), bad).toBeUndefined();
  });
});
