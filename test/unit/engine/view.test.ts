// Views (engine/view.ts): a rubric graded by one period kind asked for another.
import { describe, expect, test } from 'vitest';
import { periodKindOf } from '../../../src/engine/periods.js';
import { viewOf, viewRubric } from '../../../src/engine/view.js';
import { rec, rubric, run, s } from './helpers.js';

const R = rubric({
  period: 'quarter',
  source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' } } },
  metrics: { revenue: { sum: 'amount' }, deals: { count: 'rows' }, avg_deal: { avg: 'amount' } },
  kpis: [
    { metric: 'revenue', weight: 50, target: 300 },
    { metric: 'deals', weight: 30, target: { default: 40, per: 'year' } },
    { metric: 'avg_deal', weight: 20, target: { default: 100, per: 'quarter' } },
  ],
  tiers: [
    { id: 'a', min_score: 90, gates: [{ metric: 'deals', min: 3 }] },
    { id: 'b', min_score: 0 },
  ],
  movement: { promote_after: 1, demote_after: 1, grace_periods: 0 },
});

describe('period labels and views', () => {
  test.each([
    ['2026-W27', 'week'],
    ['2026-07', 'month'],
    ['2026-Q3', 'quarter'],
    ['2026-H1', 'half'],
    ['2026', 'year'],
    ['2026-13', undefined],
    ['soon', undefined],
  ] as const)('%s is a %s', (label, kind) => {
    expect(periodKindOf(label)).toBe(kind);
  });
  test('fiscal labels with a fiscal year, calendar months and weeks', () => {
    expect([periodKindOf('FY2026', 4), periodKindOf('FY2026-H2', 4), periodKindOf('2026', 4), periodKindOf('2026-05', 4)]).toEqual(['year', 'half', undefined, 'month']);
  });
  test("the rubric's own kind is no view", () => {
    expect(viewOf(R, '2026-Q3')).toBeUndefined();
    expect(viewOf(R, '2026')).toEqual({ code: 'period-view', kind: 'year', of: 'quarter' });
  });
  test('re-shaped targets: sums and counts per the rubric kind unless per: says otherwise; a rate never prorated', () => {
    const v = viewRubric(R, viewOf(R, '2026')!);
    expect(v.period).toBe('year');
    expect(v.kpis.map((k) => k.target)).toEqual([{ default: 300, per: 'quarter' }, { default: 40, per: 'year' }, { default: 100 }]);
    expect(R.kpis[0]!.target).toBe(300); // the rubric itself is not changed
  });
});

describe('grading a view', () => {
  const rows = [
    rec('Ann', { date: '2026-02-02', amount: 300 }),
    rec('Ann', { date: '2026-05-04', amount: 300 }),
    rec('Ann', { date: '2026-08-03', amount: 300 }),
    rec('Ann', { date: '2026-11-02', amount: 300 }),
    rec('Bo', { date: '2026-08-03', amount: 1000 }),
  ];
  test('the year: every quarter\'s rows, the quarter target ×4 (calendar days by default), no movement, gates said', () => {
    const { evaluation: ev } = run(R, rows, { period: '2026', roster: [{ rep: 'Ann', tier: 'b' }, { rep: 'Bo', tier: 'a' }] });
    expect(ev.view).toEqual({ code: 'period-view', kind: 'year', of: 'quarter' });
    const ann = ev.reps.find((r) => r.rep === 'Ann')!;
    expect(ann.kpis.map((k) => [k.kpi, s(k.actual), s(k.target), k.targetProration?.factor ?? null])).toEqual([
      ['revenue', '1200', '1200', '4'],
      ['deals', '4', '40', null],
      ['avg_deal', '300', '100', null],
    ]);
    // Ann qualified for a in the year (score ≥ 90, 4 deals ≥ 3), held b: shown as qualified, nothing decided
    expect([ann.decision.current, ann.decision.qualified, ann.decision.tier, ann.decision.movement]).toEqual(['b', 'a', 'a', 'view']);
    const bo = ev.reps.find((r) => r.rep === 'Bo')!;
    expect([bo.decision.current, bo.decision.qualified, bo.decision.tier, bo.decision.movement]).toEqual(['a', 'b', 'b', 'view']);
    const f = ev.findings.find((x) => x.code === 'period-view')!;
    expect([f.severity, f.data]).toEqual(['info', { period: '2026', kind: 'year', of: 'quarter', history: 0, gates: 'deals ≥ 3' }]);
    expect(f.message).toContain('tier gates on sums and counts are compared as written, not converted (deals ≥ 3)');
  });
  test('history is not read in a view (counted in the finding); in the rubric\'s own period it moves tiers as before', () => {
    const history = [{ rep: 'Ann', period: '2026-Q2', qualified: 'a', tier: 'a', file: 'q2.json' }];
    const view = run(R, rows, { period: '2026', history }).evaluation;
    expect(view.findings.find((x) => x.code === 'period-view')!.data!.history).toBe(1);
    expect(view.reps.every((r) => r.decision.movement === 'view' && (r.trail ?? []).length === 0)).toBe(true);
    const own = run(R, rows, { period: '2026-Q3', history }).evaluation;
    expect(own.view).toBeUndefined();
    expect(own.reps.find((r) => r.rep === 'Ann')!.decision.movement).not.toBe('view');
  });
});
