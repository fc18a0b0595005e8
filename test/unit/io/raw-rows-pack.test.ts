// The data sheets' rows as they cross from the reading worker (io/raw-rows-pack.ts): packed into typed
// arrays and one string, unpacked on the main thread into the very rows the reader gave — every kind of
// value (text of any characters, empty text, numbers of every shape with -0, NaN and the infinities,
// booleans, null, numbers with a format), rows without values, a sheet or none, formats first met in an
// earlier batch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowPacker, RowUnpacker, transferList } from '../../../src/io/raw-rows-pack.js';
import type { ReadRow } from '../../../src/io/read-types.js';
import type { SourceValue } from '../../../src/shared/sheet-model.js';

const value: fc.Arbitrary<SourceValue> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'Rep 212', 'Account 2443 Holdings Ltd', '张三', '\ud83d\ude00', 'lone \ud83d', '=1+1'),
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 46037, 1e21),
  fc.boolean(),
  fc.constant(null),
  fc.record({ n: fc.oneof(fc.double(), fc.integer()), fmt: fc.constantFrom('yyyy-mm-dd', '#,##0.00', 'yyyy/m/d', '0') }),
);

const batches = (sheet: string | undefined): fc.Arbitrary<ReadRow[][]> =>
  fc.array(
    fc.array(
      fc.record({ row: fc.integer({ min: 1, max: 2_000_000 }), raw: fc.option(fc.array(value, { maxLength: 14 }), { nil: undefined }) }).map(({ row, raw }): ReadRow => {
        const source = sheet !== undefined ? { file: 'q3.xlsx', sheet, row } : { file: 'q3.xlsx', row };
        return raw === undefined ? { source } : { source, raw };
      }),
      { maxLength: 20 },
    ),
    { maxLength: 5 },
  );

/** Numbers compared with Object.is (-0 is not 0), everything else structurally. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('packed rows', () => {
  it('unpack to the rows packed, value for value and key for key, batch after batch (property)', () => {
    fc.assert(
      fc.property(fc.option(fc.constantFrom('Deals', 'Q3 明细'), { nil: undefined }).chain(batches), (list) => {
        const packer = new RowPacker();
        const unpacker = new RowUnpacker('q3.xlsx');
        for (const batch of list) {
          // through a real structured clone, with the buffers transferred, as between threads
          const p = packer.pack(batch);
          const back = unpacker.unpack(structuredClone(p, { transfer: transferList(p) }));
          expect(back.length).toBe(batch.length);
          for (let i = 0; i < batch.length; i++) if (!same(back[i], batch[i])) expect(back[i]).toEqual(batch[i]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a batch of rows from two sheets (one reader reads one sheet)', () => {
    const rows: ReadRow[] = [
      { source: { file: 'a.xlsx', sheet: 'A', row: 2 }, raw: ['x'] },
      { source: { file: 'a.xlsx', sheet: 'B', row: 3 }, raw: ['y'] },
    ];
    expect(() => new RowPacker().pack(rows)).toThrow(/two sheets/);
  });
});
