import { describe, expect, test } from 'vitest';
import { Decimal } from 'decimal.js';
import { rec, rubric, run, s } from './helpers.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { createEvaluator } from '../../../src/engine/evaluate.js';
import { manifest } from './helpers.js';
import { formulaText, kpiExplanation, repReason, targetSourceText } from '../../../src/report/evaluation-text.js';

const tiers = [
  { id: 'top', min_score: 100 },
  { id: 'base', min_score: 0 },
];

describe('metrics', () => {
  const R = rubric({
    metrics: {
      total: { sum: 'amount' },
      n: { count: 'rows' },
      customers: { distinct: 'customer' },
      avg_csat: { avg: 'csat' },
      min_csat: { min: 'csat' },
      max_csat: { max: 'csat' },
      big: { count: 'rows', where: { amount: { gte: 100 } } },
      share: { ratio: ['big', 'n'] },
    },
    kpis: [{ metric: 'total', weight: 100, target: 100 }],
    tiers,
  });

  test('sum, count, distinct (ignores empty), avg/min/max (ignore empty), ratio', () => {
    const { evaluation } = run(R, [
      rec('A', { date: '2026-07-01', amount: 100.1, customer: 'x', csat: 4 }),
      rec('A', { date: '2026-07-02', amount: 0.2, customer: ' x ', csat: null }),
      rec('A', { date: '2026-07-03', amount: null, customer: '', csat: 5 }),
      rec('A', { date: '2026-07-04', customer: 'y' }),
    ]);
    const m = evaluation.reps[0]!.metrics;
    expect(s(m.total!.value)).toBe('100.3'); // exact, no float drift
    expect(m.total!.rows).toBe(2);
    expect(s(m.n!.value)).toBe('4');
    expect(s(m.customers!.value)).toBe('2'); // x (trimmed) and y
    expect(s(m.avg_csat!.value)).toBe('4.5');
    expect(s(m.min_csat!.value)).toBe('4');
    expect(s(m.max_csat!.value)).toBe('5');
    expect(s(m.share!.value)).toBe('0.25');
  });

  test('avg/min/max of nothing is no value; a rep with rows only in other periods gets zeros', () => {
    const { evaluation } = run(R, [rec('A', { date: '2026-07-01', amount: 1 }), rec('B', { date: '2026-07-01' })], {
      roster: [{ rep: 'A' }, { rep: 'B' }, { rep: 'C' }],
    });
    const c = evaluation.reps.find((r) => r.rep === 'C')!;
    expect([s(c.metrics.total!.value), s(c.metrics.n!.value), c.metrics.avg_csat!.value, c.metrics.share!.value]).toEqual([
      '0',
      '0',
      null,
      null,
    ]);
  });

  test('a million-cent sum stays exact', () => {
    const ev = createEvaluator(R, { manifest });
    for (let i = 0; i < 10_000; i++) ev.add({ rep: 'A', fields: { date: '2026-07-01', amount: new Decimal('0.1') }, source: { file: 'f', row: i + 2 } });
    expect(s(ev.finish().reps[0]!.metrics.total!.value)).toBe('1000');
  });
});

describe('targets', () => {
  const R = rubric({
    period: 'quarter',
    metrics: { revenue: { sum: 'amount' } },
    kpis: [
      {
        metric: 'revenue',
        weight: 100,
        target: { default: 365, per: 'year', by_team: { T: 730 }, by_rep: { Ann: 3650 }, by_region: { North: 1095 } },
      },
    ],
    tiers,
  });
  const roster = [
    { rep: 'Ann', team: 'T' },
    { rep: 'Bob', team: 'T' },
    { rep: 'Cai', team: 'U', region: 'North' },
    { rep: 'Dan', team: 'U', region: 'South' },
  ];

  test('precedence by_rep > by_team > by_region > default; per year prorated by calendar days (Q3: 92/365)', () => {
    const { evaluation } = run(R, [rec('Ann', { date: '2026-07-01', amount: 1 })], { roster });
    // the engine keeps where the target came from and the proration's facts; report/ words them
    const t = Object.fromEntries(evaluation.reps.map((r) => [r.rep, [s(r.kpis[0]!.target), targetSourceText(r.kpis[0]!, 'en')]]));
    expect(evaluation.reps[0]!.kpis[0]!.targetProration).toEqual({ code: 'prorated-calendar-days', parts: [{ label: '2026', inside: 92, days: 365 }], factor: '0.2521' });
    expect(t).toEqual({
      Ann: ['920', 'by_rep.Ann, per year, prorated by calendar days: 92/365 days of 2026; target ×0.2521 from year'],
      Bob: ['184', 'by_team.T, per year, prorated by calendar days: 92/365 days of 2026; target ×0.2521 from year'],
      Cai: ['276', 'by_region.North, per year, prorated by calendar days: 92/365 days of 2026; target ×0.2521 from year'],
      Dan: ['92', 'default, per year, prorated by calendar days: 92/365 days of 2026; target ×0.2521 from year'],
    });
  });

  test('file targets sit between by_rep and by_team; an injected prorate is used', () => {
    const { evaluation } = run(R, [rec('Ann', { date: '2026-07-01', amount: 1 })], {
      roster,
      fileTargets: { revenue: { byRep: { Bob: new Decimal(4000) }, byTeam: { U: new Decimal(2000) }, source: 'targets.csv' } },
      prorate: (amount) => ({ amount: amount.div(4), facts: { code: 'prorated', by: 'workdays', calendar: 'test', parts: [{ label: '2026', percent: '25.00' }] } }),
    });
    const t = Object.fromEntries(evaluation.reps.map((r) => [r.rep, [s(r.kpis[0]!.target), r.kpis[0]!.targetSource, targetSourceText(r.kpis[0]!, 'en')]]));
    const how = 'prorated by working days (test): 25.00% of 2026';
    expect(t.Ann).toEqual(['912.5', 'by_rep.Ann, per year', `by_rep.Ann, per year, ${how}`]);
    expect(t.Bob).toEqual(['1000', 'file targets.csv (rep Bob), per year', `file targets.csv (rep Bob), per year, ${how}`]);
    expect(t.Cai).toEqual(['500', 'file targets.csv (team U), per year', `file targets.csv (team U), per year, ${how}`]);
    expect(evaluation.reps[0]!.kpis[0]!.targetProration).toEqual({ code: 'prorated', by: 'workdays', calendar: 'test', parts: [{ label: '2026', percent: '25.00' }] });
  });

  test('a monthly target for a quarter is three months', () => {
    const M = rubric({ metrics: { revenue: { sum: 'amount' } }, kpis: [{ metric: 'revenue', weight: 100, target: { default: 10, per: 'month' } }], tiers });
    const k = run(M, [rec('Ann', { date: '2026-08-01', amount: 30 })]).evaluation.reps[0]!.kpis[0]!;
    expect([s(k.target), s(k.attainment)]).toEqual(['30', '1']);
  });

  test('no target → finding and 0 points', () => {
    const M = rubric({ metrics: { revenue: { sum: 'amount' } }, kpis: [{ metric: 'revenue', weight: 100, target: { by_rep: { X: 1 } } }], tiers });
    const { evaluation } = run(M, [rec('Ann', { date: '2026-08-01', amount: 30 })]);
    expect(evaluation.reps[0]!.kpis[0]!.target).toBeNull();
    // (one row on 08-01 covers the quarter only from 08-01 until 08-01)
    expect(evaluation.findings.map((f) => f.code)).toEqual(['period-partly-covered', 'target-missing']);
  });
});

describe('periods and errors', () => {
  const R = rubric({ metrics: { revenue: { sum: 'amount', date: 'close_date' } }, kpis: [{ metric: 'revenue', weight: 100, target: 10 }], tiers });

  test('default period is the latest with rows; --period picks another', () => {
    const rows = [rec('A', { close_date: '2026-04-01', amount: 5 }), rec('A', { close_date: '2026-07-01', amount: 7 })];
    expect(run(R, rows).evaluation.period.label).toBe('2026-Q3');
    const q2 = run(R, rows, { period: '2026-Q2' }).evaluation;
    expect([q2.period.label, s(q2.reps[0]!.kpis[0]!.actual)]).toEqual(['2026-Q2', '5']);
  });

  test('a period with no rows is one clear error', () => {
    try {
      run(R, [rec('A', { close_date: '2026-07-01', amount: 7 })], { period: '2026-Q1' });
      expect.unreachable();
    } catch (e) {
      expect((e as SalesgradeError).code).toBe('no-data');
      expect((e as SalesgradeError).toLine()).toBe('no rows fall in period 2026-Q1 (2026-01-01 … 2026-03-31) (the data covers 2026-Q3)');
    }
  });

  test('no dated rows at all names the date field', () => {
    expect(() => run(R, [rec('A', { date: '2026-07-01', amount: 7 })])).toThrow(
      expect.objectContaining({ code: 'no-data', hint: 'metrics place rows in periods by close_date; check that the export has this date column with dates' }),
    );
  });

  test('unknown metric in a KPI is a rubric error', () => {
    const bad = { ...R, kpis: [{ ...R.kpis[0]!, metric: 'nope' }] };
    expect(() => createEvaluator(bad, { manifest })).toThrow('kpis[0]: unknown metric "nope"');
  });

  test('reader exclusions are counted', () => {
    const ev = createEvaluator(R, { manifest });
    ev.add(rec('A', { close_date: '2026-07-01', amount: 7 }));
    ev.exclude({ source: { file: 'f', row: 9 }, reason: 'totals-row' });
    ev.exclude({ source: { file: 'f', row: 10 }, reason: 'duplicate' });
    expect(ev.finish().rows).toEqual({ read: 3, counted: 1, excluded: { duplicate: 1, 'totals-row': 1 } });
  });
});

describe('pacing', () => {
  test('workdays elapsed ÷ total, period-to-date target, projection', () => {
    const R = rubric({ metrics: { revenue: { sum: 'amount' }, csat: { avg: 'csat' } }, kpis: [{ metric: 'revenue', weight: 70, target: 1000 }, { metric: 'csat', weight: 30, target: 4 }], tiers });
    const { evaluation } = run(R, [rec('A', { date: '2026-07-01', amount: 400, csat: 5 })], { asOf: '2026-08-15' });
    // Q3 2026: 66 weekdays; 1 Jul – 15 Aug: 33 → 0.5.
    expect([evaluation.pacing?.elapsedWorkdays, evaluation.pacing?.totalWorkdays, s(evaluation.pacing?.fraction)]).toEqual([33, 66, '0.5']);
    const [rev, csat] = evaluation.reps[0]!.kpis;
    expect([s(rev!.pacing?.target), s(rev!.pacing?.attainment), s(rev!.pacing?.projected), s(rev!.pacing?.projectedAttainment)]).toEqual([
      '500',
      '0.8',
      '800',
      '0.8',
    ]);
    expect(s(csat!.pacing?.projected)).toBe('5'); // not additive: as is
    // and its to-date target is the full target: an average of 4 half-way is still 4, not 2
    expect([s(csat!.pacing?.target), s(csat!.pacing?.attainment)]).toEqual(['4', '1.25']);
    expect(evaluation.manifest.asOf).toBe('2026-08-15');
    expect(run(R, [rec('A', { date: '2026-07-01', amount: 1 })], { asOf: '2026-10-01' }).evaluation.pacing).toBeUndefined();
  });
});

describe('levels', () => {
  test('region KPIs with their own targets; company totals', () => {
    const R = rubric({
      metrics: { revenue: { sum: 'amount' }, deals: { count: 'rows' }, avg_deal: { ratio: ['revenue', 'deals'] } },
      kpis: [{ metric: 'revenue', weight: 100, target: 100 }],
      tiers,
      levels: {
        region: {
          kpis: [
            { metric: 'revenue', weight: 50, target: { default: 1000, by_region: { N: 200 } } },
            { metric: 'avg_deal', weight: 50, target: 50 },
          ],
          tiers: [{ id: 'A', min_score: 100 }, { id: 'B', min_score: 0 }],
        },
      },
    });
    const { evaluation } = run(
      R,
      [rec('a', { date: '2026-07-01', amount: 100 }), rec('b', { date: '2026-07-01', amount: 50 }), rec('b', { date: '2026-07-02', amount: 50 })],
      { roster: [{ rep: 'a', region: 'N' }, { rep: 'b', region: 'N' }] },
    );
    const n = evaluation.regions[0]!;
    // revenue 200 ÷ 200 → 50 points; avg deal 200 ÷ 3 = 66.67 ÷ 50 = 1.3333 → 66.67 points; score 116.67 → A
    expect([n.name, s(n.metrics.revenue), n.kpis!.map((k) => k.targetSource), s(n.score), n.tier]).toEqual([
      'N',
      '200',
      ['by_region.N', 'default'],
      '116.67',
      'A',
    ]);
    expect(s(evaluation.company.metrics.deals)).toBe('3');
    expect(evaluation.company.kpis).toBeUndefined();
  });
});

describe('zh-CN sentences', () => {
  test('metric formula, KPI sentence and decision reason', () => {
    const R = rubric({
      locale: 'zh-CN',
      source: { fields: { amount: { headers: ['金额'], type: 'money' } } },
      metrics: { revenue: { sum: 'amount', label: '回款', where: { stage: ['赢单', 'Won'] }, date: 'close_date' } },
      kpis: [{ metric: 'revenue', weight: 100, target: 1200000, cap: 1.5 }],
      tiers: [
        { id: 'senior', label: '高级', min_score: 100 },
        { id: 'junior', label: '初级', min_score: 0 },
      ],
    });
    const { evaluation } = run(R, [rec('张三', { close_date: '2026-07-01', amount: 1284300, stage: '赢单' }, 7)]);
    const r = evaluation.reps[0]!;
    expect(formulaText(r.metrics.revenue!, 'CNY', 'zh-CN')).toBe('sum(amount) 条件 stage ∈ {赢单, Won}；按 close_date 计入 2026-Q3：1 行 = ¥1,284,300');
    expect(kpiExplanation(r.kpis[0]!, 'CNY', 'zh-CN')).toBe('回款 ¥1,284,300 ÷ 目标 ¥1,200,000 = 107.0%；100 × 107.0% = 107.03 分');
    // One row on 2026-07-01: the quarter is covered only until then (graded, not counted toward movement).
    expect(repReason(evaluation, r.decision.reasonFacts, 'zh-CN')).toBe('总分 107.03，达标等级 高级；无历史等级，按本期达标等级 高级 定级；2026-Q3 的数据仅到 2026-07-01 为止');
  });
});

describe('distance to the next tier', () => {
  const top = [
    { id: 'top', min_score: 110 },
    { id: 'base', min_score: 0 },
  ];
  test('through a linear band: 10 points = factor 1.1 = attainment 1.25 → 25 more', () => {
    const R = rubric({
      metrics: { revenue: { sum: 'amount' } },
      kpis: [{ metric: 'revenue', weight: 100, target: 100, bands: { mode: 'linear', points: [{ at: 0.5, factor: 0.5 }, { at: 1, factor: 1 }, { at: 1.5, factor: 1.2 }] } }],
      tiers: top,
    });
    const d = run(R, [rec('A', { date: '2026-07-01', amount: 100 })]).evaluation.reps[0]!.distanceToNext!;
    expect([d.tier, s(d.points), s(d.kpi?.amount)]).toEqual(['top', '10', '25']);
  });

  test('lower is better: the amount is a reduction (100 → 62.5)', () => {
    const R = rubric({
      metrics: { cost: { sum: 'amount' } },
      kpis: [{ metric: 'cost', weight: 100, target: 50, direction: 'lower', cap: 2 }],
      tiers: [{ id: 'top', min_score: 80 }, { id: 'base', min_score: 0 }],
    });
    const d = run(R, [rec('A', { date: '2026-07-01', amount: 100 })]).evaluation.reps[0]!.distanceToNext!;
    expect([s(d.points), s(d.kpi?.amount)]).toEqual(['30', '37.5']);
  });

  test('counts round up to whole units', () => {
    const R = rubric({
      metrics: { visits: { count: 'rows' } },
      kpis: [{ metric: 'visits', weight: 100, target: 3 }],
      tiers: [{ id: 'top', min_score: 100 }, { id: 'base', min_score: 0 }],
    });
    // 1 visit = 33.33 points (raw 33.333…); the gap is computed from the unrounded score, so 2 more
    // visits (3 ÷ 3 = 100 points), not 2.0001 rounded up to 3.
    const d = run(R, [rec('A', { date: '2026-07-01' })]).evaluation.reps[0]!.distanceToNext!;
    expect([s(d.points), s(d.kpi?.amount)]).toEqual(['66.67', '2']);
    // From 2 visits (66.67) to 150 points: a = 1.5 → 4.5 visits → 2.5 more → 3 whole visits.
    const R2 = rubric({ ...R, tiers: [{ id: 'top', min_score: 150 }, { id: 'base', min_score: 0 }] } as never);
    const d2 = run(R2, [rec('A', { date: '2026-07-01' }), rec('A', { date: '2026-07-02' })]).evaluation.reps[0]!.distanceToNext!;
    expect([s(d2.points), s(d2.kpi?.amount)]).toEqual(['83.33', '3']);
  });
});

describe('the unassigned key', () => {
  test('is the key the renderers translate', async () => {
    const { UNASSIGNED } = await import('../../../src/engine/rollup.js');
    const { UNASSIGNED_GROUP } = await import('../../../src/report/labels.js');
    expect(UNASSIGNED).toBe(UNASSIGNED_GROUP);
  });
});
