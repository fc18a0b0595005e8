/**
 * The MetricTable's column store (engine/cell-store.ts, issue 11's memory bar).
 *
 * - Differential: random rows fed into a `CellStore` give, cell for cell, the accumulators that
 *   `metrics.feed` gives one `Acc` object per cell × metric (the layout it replaced): the same rows,
 *   exact sums (integer part and Decimal part), min / max, distinct values, samples, and an
 *   accumulator exactly where the reference has one.
 * - Density: what the store allocates is what the cells need — no accumulator for a metric no row of
 *   the cell was placed in and passed the `where` of; a distinct metric's set only once it has a value;
 *   a Decimal part only for a sum that needs one (a value with more than four decimals); no sample arrays
 *   when rows are not sampled — counted by `census()` and seen through the table's public shape.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import type { FieldValue, SourceRef } from '../../../src/engine/types.js';
import { CellStore } from '../../../src/engine/cell-store.js';
import { compileMetrics, feed, newAcc, type Acc } from '../../../src/engine/metrics.js';
import { createAggregator } from '../../../src/engine/aggregate.js';
import { rec, rubric } from './helpers.js';
import { same, sameJson } from '../shared/adversarial.js';

const r = rubric({
  period: 'month',
  source: { fields: { amount: { headers: ['Amount'], type: 'money' }, score: { headers: ['Score'], type: 'number' } } },
  metrics: {
    revenue: { sum: 'amount', where: { stage: 'Won' }, date: 'close_date' },
    deals: { count: 'rows', where: { stage: ['Won', 'Lost'] }, date: 'close_date' },
    customers: { distinct: 'customer', where: { stage: 'Won' }, date: 'close_date' },
    visits: { count: 'rows', where: { kind: 'Visit' } },
    score: { avg: 'score' },
    low: { min: 'amount', date: 'close_date' },
    high: { max: 'amount', date: 'close_date' },
    win_rate: { ratio: ['revenue', 'deals'] },
  },
  kpis: [{ metric: 'revenue', weight: 100, target: 1000 }],
  tiers: [{ id: 'a', min_score: 0 }],
});
const metrics = compileMetrics(r);
const base = metrics.filter((m) => !m.ratio);

/** An accumulator as comparable text (an empty distinct set and none are the same: no values). */
function show(a: Acc | undefined): string {
  if (a === undefined) return '∅';
  return JSON.stringify({
    rows: a.rows,
    sum: a.sum.toFixed(),
    cents: a.cents,
    min: a.min?.toFixed() ?? null,
    max: a.max?.toFixed() ?? null,
    set: a.set && a.set.size > 0 ? [...a.set] : null,
    sample: a.sample,
  });
}

const amountArb = fc.oneof(
  fc.integer({ min: -50_000, max: 5_000_000 }).map((c) => new Decimal(c).div(100)), // up to four decimals: integer cents
  fc.integer({ min: 1, max: 999_999 }).map((c) => new Decimal(c).div(1e6)), // six decimals: a Decimal part
  fc.constant(new Decimal('123456789012.5')), // too large for the integer part
  fc.constantFrom<FieldValue>('12.50', ' 7 ', '', null, 'n/a'),
);
const rowArb = fc.record({
  cell: fc.integer({ min: 0, max: 11 }),
  metric: fc.integer({ min: 0, max: base.length - 1 }),
  amount: amountArb,
  customer: fc.constantFrom<FieldValue>('c1', ' c1', 'c2', 'C3', '', null),
  score: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  row: fc.integer({ min: 2, max: 500 }),
});

describe('CellStore', () => {
  test('feeds every cell as metrics.feed feeds an accumulator object per cell × metric, and allocates only what a cell needs', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 80 }), fc.constantFrom(0, 2), (rows, sampleLimit) => {
        const store = new CellStore(metrics, sampleLimit > 0);
        const cells = Array.from({ length: 12 }, () => store.newCell());
        const ref: (Acc | undefined)[][] = cells.map(() => metrics.map(() => undefined));
        for (const x of rows) {
          const m = base[x.metric]!;
          const fields: Record<string, FieldValue> = { amount: x.amount, customer: x.customer, score: x.score === null ? null : new Decimal(x.score) };
          const source: SourceRef = { file: 'a.csv', row: x.row };
          const created = store.open(cells[x.cell]!, m.index);
          // (same/sameJson, not expect, inside the property: ~10 µs a call saved, thousands of calls)
          same(created, ref[x.cell]![m.index] === undefined, `open cell ${x.cell} ${m.id}`);
          const acc = (ref[x.cell]![m.index] ??= newAcc(m.agg));
          same(store.feed(cells[x.cell]!, m, fields, source, sampleLimit), feed(acc, m, fields, source, sampleLimit), `feed cell ${x.cell} ${m.id}`);
        }
        for (let c = 0; c < cells.length; c++) {
          for (const m of metrics) {
            same(show(store.acc(cells[c]!, m.index)), show(ref[c]![m.index]), `cell ${c} ${m.id}`);
            same(store.has(cells[c]!, m.index), ref[c]![m.index] !== undefined, `has cell ${c} ${m.id}`);
          }
          sameJson(store.view(cells[c]!).map(show), ref[c]!.map(show), `view cell ${c}`);
        }
        const all = ref.flat().filter((a): a is Acc => a !== undefined);
        expect(store.census()).toEqual({
          cells: 12,
          accumulators: all.length,
          sets: all.filter((a) => a.set !== null && a.set.size > 0).length,
          decimals: all.filter((a) => !a.sum.isZero()).length,
          extremes: all.filter((a) => a.min !== null || a.max !== null).length,
          samples: all.filter((a) => a.sample.length > 0).length,
        });
      }),
      { numRuns: 100 },
    );
  });

  test('a sample skipped for a row in read order (the bound) is the sample its reference twin keeps: rows in order, out of order, across files and sheets, a second limit, put and drop', () => {
    // Rows mostly in read order (the shortcut's case), with jumps back, other files and sheets.
    const srcArb = fc.record({
      file: fc.constantFrom('z.csv', 'z.csv', 'z.csv', 'z.csv', 'a.csv', 'm.xlsx'),
      sheet: fc.constantFrom<string | undefined>('S2', undefined, undefined, undefined, undefined, 'S1'),
      step: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: -30, max: -1 }) }),
    });
    const stepArb = fc.record({ cell: fc.integer({ min: 0, max: 3 }), metric: fc.integer({ min: 0, max: base.length - 1 }), src: srcArb, again: fc.boolean() });
    const plan = fc.record({
      steps: fc.array(stepArb, { minLength: 40, maxLength: 150 }),
      limit: fc.constantFrom(1, 2, 5),
      // at this step: nothing, a second limit, a `put` into cell 0, a `drop` of cell 1
      event: fc.constantFrom('none', 'none', 'limit', 'put', 'drop'),
      at: fc.integer({ min: 10, max: 39 }),
    });
    let skipped = 0;
    fc.assert(
      fc.property(plan, ({ steps, limit, event, at }) => {
        const fast = new CellStore(metrics, true);
        const twin = new CellStore(metrics, true, true);
        const fc0 = Array.from({ length: 4 }, () => fast.newCell());
        const tc0 = Array.from({ length: 4 }, () => twin.newCell());
        const ref: (Acc | undefined)[][] = fc0.map(() => metrics.map(() => undefined));
        let row = 2;
        let source: SourceRef = { file: 'z.csv', row };
        let lim = limit;
        steps.forEach((x, k) => {
          if (k === at && event === 'limit') lim = limit + 1;
          if (k === at && event === 'put') {
            const acc = newAcc('count');
            acc.rows = 9;
            acc.sample = [{ file: 'z.csv', row: 1 }];
            fast.put(fc0[0]!, base[0]!.index, acc);
            twin.put(tc0[0]!, base[0]!.index, acc);
          }
          if (k === at && event === 'drop') {
            fast.drop(fc0[1]!);
            twin.drop(tc0[1]!);
          }
          // the same source object for a row's several metrics (`again`), as the aggregator feeds them
          if (!x.again) {
            row = Math.max(2, row + x.src.step);
            source = x.src.sheet === undefined ? { file: x.src.file, row } : { file: x.src.file, sheet: x.src.sheet, row };
          }
          const m = base[x.metric]!;
          const fields: Record<string, FieldValue> = { amount: new Decimal(row), customer: 'c1', score: new Decimal(1) };
          fast.open(fc0[x.cell]!, m.index);
          twin.open(tc0[x.cell]!, m.index);
          same(fast.feed(fc0[x.cell]!, m, fields, source, lim), twin.feed(tc0[x.cell]!, m, fields, source, lim), `feed ${k}`);
          if (event === 'none' && lim === limit) feed((ref[x.cell]![m.index] ??= newAcc(m.agg)), m, fields, source, lim);
        });
        for (let c = 0; c < 4; c++) {
          for (const m of base) {
            const a = fast.acc(fc0[c]!, m.index);
            same(show(a), show(twin.acc(tc0[c]!, m.index)), `cell ${c} ${m.id} against the twin`);
            if (event === 'none') same(show(a), show(ref[c]![m.index]), `cell ${c} ${m.id} against metrics.feed`);
            if (a && a.rows > lim) skipped++;
          }
        }
      }),
      { numRuns: 150 },
    );
    // not vacuous: many accumulators had more rows than their sample holds (the shortcut's case)
    expect(skipped).toBeGreaterThan(100);
  });

  test('an aggregated table: no accumulator for a metric with no row in a cell, no set without a value, no Decimal for cents, no samples unless sampled', () => {
    for (const sampleRows of [0, 3]) {
      const agg = createAggregator(r, { sampleRows });
      // Ann: March has two won deals and a visit; April only visits; May a won deal with no customer
      agg.add(rec('Ann', { close_date: '2026-03-02', stage: 'Won', amount: 100.25, customer: 'c1' }));
      agg.add(rec('Ann', { close_date: '2026-03-09', stage: 'Won', amount: 50, customer: 'c1' }));
      agg.add(rec('Ann', { date: '2026-03-10', kind: 'Visit' }));
      agg.add(rec('Ann', { date: '2026-04-01', kind: 'Visit' }));
      agg.add(rec('Ann', { date: '2026-04-02', kind: 'Visit' }));
      agg.add(rec('Ann', { close_date: '2026-05-04', stage: 'Won', amount: 10, customer: '' }));
      const t = agg.table();
      const ann = t.reps.get('Ann')!.periods;
      const id = (x: string): number => t.metrics.find((m) => m.id === x)!.index;
      // April: the visits and the average score (dated by the same field, no where: the rows were placed
      // in it, with no score), and nothing for the deal metrics
      const april = ann.get('2026-04')!;
      expect(april.map((a, i) => (a ? t.metrics[i]!.id : null)).filter((x) => x !== null)).toEqual(['score', 'visits']);
      expect(april[id('visits')]!.rows).toBe(2);
      expect(april[id('score')]!.rows).toBe(0);
      // May: a won deal with no customer: the distinct accumulator exists (the row passed its where) but holds no set
      const may = ann.get('2026-05')!;
      expect(may[id('customers')]!.rows).toBe(0);
      expect(may[id('customers')]!.set).toBeNull();
      // March: 150.25 adds up in the integer part, no Decimal
      expect(ann.get('2026-03')![id('revenue')]!.cents).toBe(1_502_500);
      expect(ann.get('2026-03')![id('revenue')]!.sum.isZero()).toBe(true);
      const census = ann.store.census();
      // March: revenue, deals, customers, low, high, visits, score; April: visits, score; May: revenue, deals, customers, low, high
      expect(census).toEqual({ cells: 3, accumulators: 14, sets: 1, decimals: 0, extremes: 4, samples: sampleRows > 0 ? 11 : 0 });
    }
  });

  test('a view is a copy: writing to it changes nothing in the table', () => {
    const agg = createAggregator(r, { sampleRows: 0 });
    agg.add(rec('Ann', { date: '2026-04-01', kind: 'Visit' }));
    const t = agg.table();
    const i = t.metrics.find((m) => m.id === 'visits')!.index;
    const view = t.reps.get('Ann')!.periods.get('2026-04')!;
    try {
      view[i]!.rows = 99;
    } catch {
      // (a shared view may be frozen)
    }
    view[i] = undefined;
    expect(t.reps.get('Ann')!.periods.get('2026-04')![i]!.rows).toBe(1);
  });
});
