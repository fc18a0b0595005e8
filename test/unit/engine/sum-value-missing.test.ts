/**
 * `sum-value-missing`: rows that pass a sum metric's `where` without a number in its field (an empty
 * cell, a marker read as empty) add nothing to the sum. Before, a won deal without an amount counted as
 * won and added nothing to the revenue without a word; now a KPI's sum names them for the graded period.
 */
import { describe, expect, test } from 'vitest';
import { createAggregator } from '../../../src/engine/aggregate.js';
import { tableFromJson, tableToJson } from '../../../src/engine/metric-table.js';
import { score } from '../../../src/engine/score.js';
import type { ActivityRecord } from '../../../src/engine/types.js';
import type { RubricInput } from '../../../src/rubric/schema.js';
import { manifest, rec, rubric, run } from './helpers.js';

const tiers = [
  { id: 'a', label: 'A', min_score: 80 },
  { id: 'b', label: 'B', min_score: 0 },
];

function rubricWith(metrics: RubricInput['metrics'], kpis: RubricInput['kpis'] = [{ metric: 'revenue', weight: 100, target: 100 }]) {
  return rubric({ period: 'quarter', source: { fields: { amount: { headers: ['Amount'], type: 'money' } } }, metrics, kpis, tiers });
}

const won = { revenue: { sum: 'amount', where: { stage: 'Won' } }, deals_won: { count: 'rows', where: { stage: 'Won' } } } satisfies RubricInput['metrics'];

const data: ActivityRecord[] = [
  rec('Ann', { date: '2026-08-01', amount: 50, stage: 'Won' }, 10),
  rec('Ann', { date: '2026-08-02', amount: null, stage: 'Won' }, 11), // no amount: counted won, adds nothing
  rec('Ann', { date: '2026-08-03', amount: null, stage: 'Lost' }, 12), // kept out by where: not a finding
  rec('Bob', { date: '2026-08-04', stage: 'Won' }, 13), // the column missing from the record: the same
  rec('Bob', { date: '2026-05-04', amount: null, stage: 'Won' }, 14), // another quarter
];

function missing(ev: ReturnType<typeof run>['evaluation']) {
  return ev.findings.filter((f) => f.code === 'sum-value-missing');
}

describe('sum-value-missing', () => {
  test('rows passing the sum\'s where without a number: counted, placed, a warning — an error under --strict', () => {
    const { evaluation } = run(rubricWith(won), data, { period: '2026-Q3' });
    const f = missing(evaluation);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('warning');
    expect(f[0]!.message).toBe(
      'revenue: 2 row(s) in 2026-Q3 pass its filter but have no amount (an empty cell or a marker such as N/A), so they add nothing to the sum; first at data.csv:11, data.csv:13',
    );
    expect(f[0]!.data).toEqual({ metric: 'revenue', field: 'amount', rows: 2, period: '2026-Q3', at: 'data.csv:11, data.csv:13' });
    // the grade itself is unchanged: the finding says why it may be low
    expect(evaluation.reps.find((r) => r.rep === 'Ann')!.kpis[0]!.actual!.toString()).toBe('50');
    expect(missing(run(rubricWith(won), data, { period: '2026-Q3', strict: true }).evaluation)[0]!.severity).toBe('error');
    expect(missing(run(rubricWith(won), data, { period: '2026-Q2' }).evaluation)[0]!.message).toMatch(/^revenue: 1 row\(s\) in 2026-Q2 .* first at data\.csv:14$/);
  });

  test('no finding when the where asks for a value, when no KPI reads the sum, or when every row has its number', () => {
    const explicit = rubricWith({ ...won, revenue: { sum: 'amount', where: { stage: 'Won', amount: { empty: false } } } });
    expect(missing(run(explicit, data, { period: '2026-Q3' }).evaluation)).toEqual([]);
    const unread = rubricWith(won, [{ metric: 'deals_won', weight: 100, target: 2 }]);
    expect(missing(run(unread, data, { period: '2026-Q3' }).evaluation)).toEqual([]);
    const full = data.filter((r) => r.fields.amount !== null && r.fields.amount !== undefined);
    expect(missing(run(rubricWith(won), full, { period: '2026-Q3' }).evaluation)).toEqual([]);
  });

  test('a sum read through a ratio or a tier gate is named too', () => {
    const metrics = { ...won, big: { sum: 'amount', where: { stage: 'Won' }, date: 'date' }, avg_deal: { ratio: ['big', 'deals_won'] } } satisfies RubricInput['metrics'];
    const viaRatio = rubricWith(metrics, [{ metric: 'avg_deal', weight: 100, target: 10 }]);
    expect(missing(run(viaRatio, data, { period: '2026-Q3' }).evaluation).map((f) => f.data!.metric)).toEqual(['big']);
    const gated = rubric({
      period: 'quarter',
      source: { fields: { amount: { headers: ['Amount'], type: 'money' } } },
      metrics: won,
      kpis: [{ metric: 'deals_won', weight: 100, target: 2 }],
      tiers: [{ id: 'a', label: 'A', min_score: 80, gates: [{ metric: 'revenue', min: 10 }] }, tiers[1]!],
    });
    expect(missing(run(gated, data, { period: '2026-Q3' }).evaluation).map((f) => f.data!.metric)).toEqual(['revenue']);
  });

  test('the fast path counts as its reference twin, and the MetricTable JSON carries the counts to a score of the read-back table', () => {
    const r = rubricWith(won);
    const tables = [false, true].map((reference) => {
      const agg = createAggregator(r, { reference });
      for (const x of data) agg.add(x);
      return agg.table();
    });
    expect(tables[0]!.ledger.emptySums).toEqual(tables[1]!.ledger.emptySums);
    expect(tables[0]!.ledger.emptySums!.map((b) => [b.metric, b.period, b.rows, b.sample.map((s) => s.row)])).toEqual([
      ['revenue', '2026-Q3', 2, [11, 13]],
      ['revenue', '2026-Q2', 1, [14]],
    ]);
    const back = tableFromJson(JSON.parse(JSON.stringify(tableToJson(tables[0]!))) as ReturnType<typeof tableToJson>, r);
    const ev = score(r, back, { manifest, period: '2026-Q3' });
    expect(ev.findings.filter((f) => f.code === 'sum-value-missing').map((f) => f.data)).toEqual([{ metric: 'revenue', field: 'amount', rows: 2, period: '2026-Q3', at: 'data.csv:11, data.csv:13' }]);
  });

  test('a borrowing aggregator (diff) names the rows its borrowed sum did not add, as aggregating alone does', () => {
    const before = rubricWith(won);
    const after = rubricWith({ ...won, deals_won: { count: 'rows', where: { stage: ['Won', 'won'] } } });
    const lender = createAggregator(before);
    const borrower = createAggregator(after, { lender });
    const alone = createAggregator(after);
    for (const x of data) {
      lender.add(x);
      borrower.add(x);
      alone.add(x);
    }
    expect(borrower.table().ledger.emptySums).toEqual(alone.table().ledger.emptySums);
    expect(borrower.table().ledger.emptySums!.map((b) => b.rows)).toEqual([2, 1]);
  });
});
