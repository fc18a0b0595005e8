// Header detection's column matching looks each alias up by name (`match` in src/io/header.ts)
// instead of comparing it with every column of every scanned row (`matchReference`, what it was): the
// same header row, mapping, aliases, columns and score for any rows, rules and hidden columns.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BUILTIN_FIELDS } from '../../../src/io/aliases.js';
import type { RawRow } from '../../../src/io/csv.js';
import { detectHeader, detectHeaderReference, fieldRules } from '../../../src/io/header.js';
import type { RawCell } from '../../../src/io/values.js';

// Built-in aliases (some with a unit, full-width or spaced differently: the same normalised name),
// names two fields share, blanks, data values, and the rubric's own headers below.
const builtinAliases = Object.values(BUILTIN_FIELDS).flatMap((f) => f.headers.slice(0, 4));
const words = [...builtinAliases, 'Amount (CNY)', '金额（元）', 'Sales  Rep', 'ＲＥＰ', 'rep', 'Region', '大区', 'Notes', 'Stage', '阶段', 'Deal', 'Value (USD)', ''];
const own = ['Rep', 'Seller', 'Date', 'Booked', 'Amount', 'Revenue', '金额', 'Region'];

const cell: fc.Arbitrary<RawCell | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...words).map((v): RawCell => ({ t: 's', v })) },
  { weight: 1, arbitrary: fc.constantFrom(...own).map((v): RawCell => ({ t: 's', v })) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map((n): RawCell => ({ t: 'n', v: String(n) })) },
);
const rowsArb = fc
  .array(fc.array(cell, { maxLength: 9 }), { minLength: 1, maxLength: 6 })
  .chain((rows) => fc.array(fc.boolean(), { minLength: rows.length, maxLength: rows.length }).map((gaps) => ({ rows, gaps })))
  .map(({ rows, gaps }): RawRow[] => {
    let row = 0;
    // a gap skips a row number: a two-row header needs consecutive rows
    return rows.map((cells, i) => ({ row: (row += gaps[i] ? 2 : 1), cells }));
  });
const sourceArb = fc.option(
  fc.uniqueArray(fc.constantFrom('rep', 'date', 'amount', 'region', 'stage', 'booked'), { maxLength: 4 }).chain((fields) =>
    fc.tuple(...fields.map((f) => fc.uniqueArray(fc.constantFrom(...own), { maxLength: 3 }).map((headers) => [f, { headers }] as const))),
  ),
  { nil: undefined },
);

describe('detectHeader: alias lookup by name equals the column scan', () => {
  it('for any rows, rubric fields, hidden columns and forced header row', () => {
    fc.assert(
      fc.property(rowsArb, sourceArb, fc.boolean(), fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { maxLength: 4 }), { nil: undefined }), fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }), (rows, fields, allBuiltins, hiddenCols, headerRow) => {
        const source = fields === undefined ? undefined : { fields: Object.fromEntries(fields) };
        const rules = fieldRules(source as Parameters<typeof fieldRules>[0], BUILTIN_FIELDS, allBuiltins);
        const hidden = hiddenCols === undefined ? undefined : (col: number) => hiddenCols.includes(col);
        expect(detectHeader(rows, rules, headerRow, hidden)).toEqual(detectHeaderReference(rows, rules, headerRow, hidden));
      }),
      { numRuns: 1500 },
    );
  });

  it('a header given twice takes the visible copy, an exact name beats one without its unit', () => {
    const rows: RawRow[] = [{ row: 1, cells: ['Amount (CNY)', 'Rep', 'Amount', 'Amount', 'Date'].map((v): RawCell => ({ t: 's', v })) }];
    const rules = fieldRules(undefined);
    const hidden = (col: number) => col === 2;
    const m = detectHeader(rows, rules, undefined, hidden)!;
    expect(m.mapping.get('amount')).toBe(3);
    expect(m.mapping.get('rep')).toBe(1);
    expect(m).toEqual(detectHeaderReference(rows, rules, undefined, hidden));
  });
});
