/**
 * A warehouse MetricTable's distinct counts (engine/metrics.ts `CountedValues`): a rep cell holds its
 * count, not that many placeholder texts; a roll-up's union of counted cells is the sum of their counts
 * (values no other cell holds), a group's own count is the query's; and a count is never mixed silently
 * with real values (a row fed into it, or a union with a Set of values, is an internal error).
 */
import { expect, test } from 'vitest';
import fc from 'fast-check';
import { CountedValues, mergeAcc, newAcc, newGroupAcc, accValue, compileMetrics } from '../../../src/engine/metrics.js';
import { CellStore } from '../../../src/engine/cell-store.js';
import { tableFromSqlFile } from '../../../src/engine/sql/to-table.js';
import { metricTableFromRows } from '../../../src/io/metric-table-file.js';
import { Rubric } from '../../../src/rubric/schema.js';
import { SalesgradeError } from '../../../src/shared/errors.js';

const RUBRIC = Rubric.parse({
  salesgrade: 1,
  name: 'counted',
  period: 'quarter',
  source: { fields: { rep: ['Owner'], team: ['Team'], customer: ['Account'], date: { headers: ['Date'], type: 'date' } } },
  metrics: { customers: { distinct: 'customer' } },
  kpis: [{ metric: 'customers', weight: 100, target: 10 }],
  tiers: [{ id: 'a', min_score: 0 }],
});

test("a table's rep cells hold their distinct count as a count; merged, the counts add (their values are the cells' own)", () => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 5_000 }), { minLength: 1, maxLength: 12 }), (counts) => {
      const headers = ['level', 'period', 'rep', 'team', 'region', 'rows', 'customers__rows', 'customers__distinct'];
      const rows = counts.map((n, i) => ({ row: i + 2, values: ['rep', '2026-Q1', `Rep ${i}`, 'T', null, String(n + 1), String(n), String(n)] }));
      const total = counts.reduce((a, b) => a + b, 0);
      for (const level of ['team', 'company'] as const) rows.push({ row: rows.length + 2, values: [level, '2026-Q1', null, level === 'team' ? 'T' : null, null, String(total), String(total), String(total)] });
      const table = tableFromSqlFile(RUBRIC, metricTableFromRows({ headers, headerLine: 1, rows }, 'table.csv', true));
      const m = table.metrics.find((x) => x.id === 'customers')!;
      const group = newGroupAcc('distinct');
      counts.forEach((n, i) => {
        const acc = table.reps.get(`Rep ${i}`)!.periods.get('2026-Q1')![m.index]!;
        // (a cell with no values keeps none, as an empty Set was not kept)
        if (n > 0) expect(acc.set).toBeInstanceOf(CountedValues);
        expect(acc.set?.size ?? 0).toBe(n);
        expect(accValue(m, acc)!.toNumber()).toBe(n);
        mergeAcc(group, acc);
      });
      expect(group.set!.size).toBe(total);
      if (total > 0) expect(group.set).toBeInstanceOf(CountedValues);
      expect(accValue(m, group)!.toNumber()).toBe(total);
    }),
    { numRuns: 40 },
  );
});

test('a union of values and a count is refused, never guessed; values with values, and empties, merge as before', () => {
  const counted = (n: number) => ({ ...newAcc('distinct'), set: new CountedValues(n) });
  const values = (...v: string[]) => ({ ...newAcc('distinct'), set: new Set(v) });
  // counted ∪ counted, empty ∪ counted, counted ∪ empty: sums
  const g = newGroupAcc('distinct');
  mergeAcc(g, counted(3));
  mergeAcc(g, values());
  mergeAcc(g, counted(4));
  expect(g.set).toBeInstanceOf(CountedValues);
  expect(g.set!.size).toBe(7);
  // values ∪ values: the union (a value in both counted once)
  const h = newGroupAcc('distinct');
  mergeAcc(h, values('a', 'b'));
  mergeAcc(h, values('b', 'c'));
  expect([...(h.set as Set<string>)].sort()).toEqual(['a', 'b', 'c']);
  // values ∪ count and count ∪ values: which counted values are among the texts cannot be told
  for (const [first, second] of [
    [values('a'), counted(2)],
    [counted(2), values('a')],
  ] as const) {
    const x = newGroupAcc('distinct');
    mergeAcc(x, first);
    let err: unknown;
    try {
      mergeAcc(x, second);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SalesgradeError);
    expect((err as SalesgradeError).code).toBe('internal');
  }
});

test("a row fed into a warehouse table's counted cell is an internal error, not a silent count", () => {
  const metrics = compileMetrics(RUBRIC);
  const m = metrics.find((x) => x.id === 'customers')!;
  const store = new CellStore(metrics, false);
  const cell = store.newCell();
  store.put(cell, m.index, { ...newAcc('distinct'), rows: 2, set: new CountedValues(2) });
  expect(() => store.feed(cell, m, { customer: 'Acme' }, { file: 'x.csv', row: 2 }, 0)).toThrow(/warehouse table's distinct count/);
});
