// The decimal-separator rule of a number column (io/number-columns.ts), held to a small reference model:
// the currency and locale's usual separator holds unless at least OVERRULE_MIN values settle the other
// one and they are at least three quarters of the values that settle either; whichever wins, a value of
// the losing convention is a bad value at its cell, and a value that fits both readings is read with the
// winner, except (overruled) every such value, or (not overruled, the other convention not outnumbered)
// one whose reading with the usual separator is a three-decimal fraction: refused at its cell.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExport, type ReadRow } from '../../../src/io/read-export.js';
import { OVERRULE_MIN, overrules } from '../../../src/io/number-columns.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-sep-rule-'));
let n = 0;
const AMOUNT = { fields: { rep: ['rep'], amount: { headers: ['amount'], type: 'money' as const } } };

type Kind = 'whole' | 'dot' | 'comma' | 'either-dot' | 'either-comma';
interface Cell {
  kind: Kind;
  text: string;
  /** The value read with "." and with "," as the decimal separator (undefined: not a number that way). */
  withDot: string | undefined;
  withComma: string | undefined;
}

const cell = fc.oneof(
  fc.integer({ min: 1, max: 99999 }).map((i): Cell => ({ kind: 'whole', text: String(i), withDot: String(i), withComma: String(i) })),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 99 })).map(([i, f]): Cell => {
    const frac = String(f).padStart(2, '0');
    return { kind: 'dot', text: `${i}.${frac}`, withDot: new Decimal(`${i}.${frac}`).toString(), withComma: undefined };
  }),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1, max: 99 })).map(([i, f]): Cell => {
    const frac = String(f).padStart(2, '0');
    return { kind: 'comma', text: `"${i},${frac}"`, withDot: undefined, withComma: new Decimal(`${i}.${frac}`).toString() };
  }),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 })).map(([i, f]): Cell => {
    const g = String(f).padStart(3, '0');
    return { kind: 'either-dot', text: `${i}.${g}`, withDot: new Decimal(`${i}.${g}`).toString(), withComma: String(i * 1000 + f) };
  }),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 })).map(([i, f]): Cell => {
    const g = String(f).padStart(3, '0');
    return { kind: 'either-comma', text: `"${i},${g}"`, withDot: String(i * 1000 + f), withComma: new Decimal(`${i}.${g}`).toString() };
  }),
);

/** The model: each cell's value as read, or null when its row is refused. */
function model(cells: Cell[], usual: '.' | ','): (string | null)[] {
  const dots = cells.filter((c) => c.kind === 'dot').length;
  const commas = cells.filter((c) => c.kind === 'comma').length;
  const agree = usual === '.' ? dots : commas;
  const against = usual === '.' ? commas : dots;
  const overruled = overrules(against, agree);
  const sep = overruled ? (usual === '.' ? ',' : '.') : usual;
  const refuseFraction = !overruled && against > 0 && against >= agree;
  return cells.map((c) => {
    const value = sep === '.' ? c.withDot : c.withComma;
    if (value === undefined) return null; // the losing convention: a bad value
    if (c.kind === 'either-dot' || c.kind === 'either-comma') {
      if (overruled) return null;
      const fraction = (c.kind === 'either-dot') === (usual === '.');
      if (refuseFraction && fraction) return null;
    }
    return value;
  });
}

async function readColumn(cells: Cell[], currency: string, locale: string) {
  const path = join(dir, `c${++n}.csv`);
  // a trailing line break: every row is in the sample the column is decided from
  writeFileSync(path, `rep,amount\n${cells.map((c, i) => `R${i},${c.text}`).join('\n')}\n`);
  const reader = await openExport(path, { source: AMOUNT, displayName: 'c.csv', currency, locale });
  const rows: ReadRow[] = [];
  for await (const b of reader.batches()) rows.push(...b);
  return { rows, findings: reader.findings };
}

describe('the decimal separator rule: the usual separator holds unless the values overrule it by a clear margin', () => {
  it('OVERRULE_MIN values, and three quarters of the values that settle it', () => {
    expect(OVERRULE_MIN).toBe(3);
    expect([overrules(1, 0), overrules(2, 0), overrules(3, 0), overrules(3, 1), overrules(3, 2), overrules(30, 10), overrules(30, 11)]).toEqual([false, false, true, true, false, true, false]);
  });

  it.each([
    ['USD', 'en', '.'],
    ['EUR', 'de', ','],
  ] as const)('the reader reads every value as the model does, each refused row with an error at its cell (property, %s/%s)', async (currency, locale, usual) => {
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { minLength: 1, maxLength: 24 }), async (cells) => {
        const { rows, findings } = await readColumn(cells, currency, locale);
        const want = model(cells, usual);
        expect(rows).toHaveLength(cells.length);
        rows.forEach((r, i) => {
          const got = r.record ? String(r.record.fields.amount) : null;
          expect(got, `${cells[i]!.text} (row ${i + 2})`).toBe(want[i]);
          if (got === null) {
            expect(r.excluded?.reason).toBe('bad-value');
            // located: a finding at the row's line, or (a value that fits both readings) the column's count
            const at = findings.filter((f) => f.range?.start.line === i + 1 && f.severity === 'error');
            const column = findings.some((f) => f.code === 'ambiguous-number' && f.range === undefined && f.cell === undefined);
            expect(at.length > 0 || column, `no error for ${cells[i]!.text} at line ${i + 2}`).toBe(true);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
