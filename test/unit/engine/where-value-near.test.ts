/**
 * `where-value-near`: a data value a `where` list does not name but that looks like a listed value the
 * data holds more often (`Closed Wonn`, `Closed-Won` beside `Closed Won`). Before, such rows were left
 * out of every metric filtering on `Closed Won` without a word.
 */
import { describe, expect, test } from 'vitest';
import { createWhereAudit } from '../../../src/engine/where.js';
import { tableFromJson, tableToJson } from '../../../src/engine/metric-table.js';
import { createAggregator } from '../../../src/engine/aggregate.js';
import { score } from '../../../src/engine/score.js';
import type { ActivityRecord, FieldValue } from '../../../src/engine/types.js';
import type { ConditionShape } from '../../../src/engine/rubric-shape.js';
import { manifest, rec, rubric, run } from './helpers.js';

const metrics: { id: string; def: { where: Record<string, ConditionShape> } }[] = [
  { id: 'won', def: { where: { stage: ['Closed Won', '赢单'] } } },
  { id: 'closed', def: { where: { stage: { in: ['Closed Won', 'Closed Lost', '赢单', '输单'] } } } },
  { id: 'open', def: { where: { stage: { not_in: ['Closed Won', 'Closed Lost'] } } } },
  { id: 'stage1', def: { where: { step: 'Stage 1' } } },
];

/** The audit over `rows` (each a stage value and how many rows hold it), by both observe paths. */
function near(rows: [string, number][], field = 'stage') {
  const out = [false, true].map((reference) => {
    const audit = createWhereAudit(metrics, { reference });
    let row = 2;
    for (const [value, n] of rows) for (let i = 0; i < n; i++) audit.observe({ [field]: value } as Record<string, FieldValue>, { file: 'd.csv', row: row++ });
    return audit.nearValues();
  });
  expect(out[0]).toEqual(out[1]);
  return out[0]!.map((x) => [x.value, x.like, x.rows, x.likeRows, x.metrics.join(' '), x.first?.row]);
}

describe('where-value-near: which data values look like a listed one', () => {
  test.each([
    ['a typing slip in a long word', [['Closed Won', 5], ['Closed Wonn', 1]], [['Closed Wonn', 'Closed Won', 1, 5, 'closed open won', 7]]],
    ['a transposition', [['Closed Won', 5], ['Closde Won', 2]], [['Closde Won', 'Closed Won', 2, 5, 'closed open won', 7]]],
    ['punctuation, spaces and case', [['Closed Won', 5], ['closed-won', 1], ['ClosedWon', 1]], [['closed-won', 'Closed Won', 1, 5, 'closed open won', 7], ['ClosedWon', 'Closed Won', 1, 5, 'closed open won', 8]]],
    ['CJK with punctuation between', [['赢单', 5], ['赢-单', 1]], [['赢-单', '赢单', 1, 5, 'closed won', 7]]],
    ['CJK one character apart is another word', [['赢单', 5], ['丢单', 1]], []],
    ['a short word one letter apart is another word', [['Won', 5], ['Wan', 1], ['Closed Won', 1]], []],
    ['the same spelling, cased or spaced, is the value itself', [['Closed Won', 5], ['CLOSED WON', 1], [' closed won ', 1]], []],
    ['a spelling the data holds more often is its own convention', [['Closed Won', 2], ['Closed Wonn', 3]], []],
    ['a listed value the data does not hold is where-value-unmatched\'s', [['Closed Wonn', 3]], []],
    ['values far apart', [['Closed Won', 5], ['Negotiation', 4]], []],
  ] as [string, [string, number][], unknown[]][])('%s', (_name, rows, expected) => {
    expect(near(rows)).toEqual(expected);
  });

  test('digits are never taken for each other', () => {
    expect(near([['Stage 1', 5], ['Stage 2', 1], ['Stage 11', 1]], 'step')).toEqual([]);
    expect(near([['Stage 1', 5], ['Stgae 1', 1]], 'step')).toEqual([['Stgae 1', 'Stage 1', 1, 5, 'stage1', 7]]);
  });
});

const tiers = [
  { id: 'a', label: 'A', min_score: 80 },
  { id: 'b', label: 'B', min_score: 0 },
];
const R = (kpiMetric: string) =>
  rubric({
    period: 'quarter',
    source: { fields: { amount: { headers: ['Amount'], type: 'money' } } },
    metrics: {
      revenue: { sum: 'amount', where: { stage: 'Closed Won' } },
      won: { count: 'rows', where: { stage: 'Closed Won' } },
      visits: { count: 'rows', where: { kind: 'Visit' } },
    },
    kpis: [{ metric: kpiMetric, weight: 100, target: 100 }],
    tiers,
  });
const data: ActivityRecord[] = [
  rec('Ann', { date: '2026-08-01', amount: 50, stage: 'Closed Won' }, 10),
  rec('Ann', { date: '2026-08-02', amount: 70, stage: 'Closed Won' }, 11),
  rec('Bob', { date: '2026-08-03', amount: 90, stage: 'Closed Wonn' }, 12),
  rec('Bob', { date: '2026-08-04', kind: 'Visit' }, 13),
];

describe('where-value-near findings', () => {
  test('a warning at the first row holding the value, for the KPIs\' metrics; an error under --strict', () => {
    const f = run(R('revenue'), data, { period: '2026-Q3' }).evaluation.findings.filter((x) => x.code === 'where-value-near');
    expect(f).toEqual([
      {
        code: 'where-value-near',
        severity: 'warning',
        message: 'stage: "Closed Wonn" (1 row) is not "Closed Won" (2 rows), which the filter of revenue names: rows with it are not counted as "Closed Won"',
        source: 'data.csv',
        row: 12,
        data: { field: 'stage', value: 'Closed Wonn', rows: 1, like: 'Closed Won', likeRows: 2, metrics: 'revenue' },
      },
    ]);
    const strict = run(R('revenue'), data, { period: '2026-Q3', strict: true }).evaluation.findings.find((x) => x.code === 'where-value-near');
    expect(strict?.severity).toBe('error');
    // no KPI reads a metric filtering on the stage: nothing to say
    expect(run(R('visits'), data, { period: '2026-Q3' }).evaluation.findings.map((x) => x.code)).not.toContain('where-value-near');
  });

  test('the MetricTable JSON carries the values to a score of the read-back table', () => {
    const r = R('won');
    const agg = createAggregator(r);
    for (const x of data) agg.add(x);
    const back = tableFromJson(JSON.parse(JSON.stringify(tableToJson(agg.table()))) as ReturnType<typeof tableToJson>, r);
    const f = score(r, back, { manifest, period: '2026-Q3' }).findings.filter((x) => x.code === 'where-value-near');
    expect(f.map((x) => [x.row, x.data])).toEqual([[12, { field: 'stage', value: 'Closed Wonn', rows: 1, like: 'Closed Won', likeRows: 2, metrics: 'won' }]]);
  });
});
