/**
 * Periods, as-of and history (issue 10, items 7–10): partly covered periods, the default period,
 * rows after --as-of, run lengths read back from result files.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ActivityRecord, HistoryEntry } from '../../../src/engine/types.js';
import { createEvaluator } from '../../../src/engine/evaluate.js';
import { manifest, rec, rubric, run, s } from './helpers.js';
import { repReason } from '../../../src/report/evaluation-text.js';

const tiers = [
  { id: 'senior', min_score: 100 },
  { id: 'junior', min_score: 0 },
];
const R = (movement: Record<string, unknown> = {}) =>
  rubric({
    metrics: { revenue: { sum: 'amount' } },
    kpis: [{ metric: 'revenue', weight: 100, target: 100 }],
    tiers,
    movement: { promote_after: 1, demote_after: 1, grace_periods: 0, ...movement },
  });

/** One row per working day (Mon–Fri) from `from` to `to`, each of `amount`. */
function daily(rep: string, from: string, to: string, amount: number): ActivityRecord[] {
  const out: ActivityRecord[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 864e5) {
    const day = new Date(d).getUTCDay();
    if (day === 0 || day === 6) continue;
    out.push(rec(rep, { date: new Date(d).toISOString().slice(0, 10), amount }));
  }
  return out;
}

describe('partly covered periods (item 7)', () => {
  // Q1 covered only from 03-02 (a Monday): ~21 of 64 working days → 2 × 21 = 42 < 100 → junior.
  // Q2 fully covered: 2 × 62 = 124 → senior.
  const data = [...daily('Ann', '2026-03-02', '2026-03-31', 2), ...daily('Ann', '2026-04-01', '2026-06-30', 2)];

  test('a quarter covered only from 03-02 is flagged and does not count toward promotion', () => {
    const { evaluation } = run(R(), data, { period: '2026-Q2' });
    const d = evaluation.reps[0]!.decision;
    // Before: Q1 "new" junior, Q2 "promoted" — an artefact of the missing January and February.
    expect([d.current, d.qualified, d.tier, d.movement]).toEqual([undefined, 'senior', 'senior', 'new']);
    expect(evaluation.reps[0]!.trail).toEqual([
      { period: '2026-Q1', source: 'data', score: evaluation.reps[0]!.trail![0]!.score, qualified: 'junior', tier: 'junior', partial: { from: '2026-03-02' } },
    ]);
    const f = evaluation.findings.find((x) => x.code === 'period-partly-covered')!;
    expect([f.severity, f.message]).toEqual([
      'info',
      'period 2026-Q1 (2026-01-01 … 2026-03-31) is covered by the data only from 2026-03-02; it does not count toward promotion or demotion runs (set movement.count_partial_periods: true to count it)',
    ]);
    expect(evaluation.coverage).toBeUndefined();
    expect(evaluation.dataRange).toEqual({ first: '2026-03-02', last: '2026-06-30' });
  });

  test('movement.count_partial_periods: true counts it', () => {
    const d = run(R({ count_partial_periods: true }), data, { period: '2026-Q2' }).evaluation.reps[0]!.decision;
    expect([d.current, d.tier, d.movement]).toEqual(['junior', 'senior', 'promoted']);
  });

  test('an evaluated period covered only until a date is graded but holds the tier', () => {
    // Q2 data ends 05-15: 2 × 33 working days = 66 → junior; the roster tier senior is held, runs untouched.
    const short = [...daily('Ann', '2026-01-01', '2026-03-31', 2), ...daily('Ann', '2026-04-01', '2026-05-15', 2)];
    const { evaluation } = run(R(), short, { roster: [{ rep: 'Ann', tier: 'senior' }] });
    expect(evaluation.period.label).toBe('2026-Q2');
    const d = evaluation.reps[0]!.decision;
    expect([d.current, d.qualified, d.tier, d.movement, d.demoteRun, d.partial]).toEqual(['senior', 'junior', 'senior', 'held', 0, { until: '2026-05-15' }]);
    expect(repReason(evaluation, d.reasonFacts, 'en')).toContain('2026-Q2 is covered by the data only until 2026-05-15: not counted toward promotion or demotion, stays senior');
    expect(evaluation.coverage).toEqual({ until: '2026-05-15' });
    expect(evaluation.findings.find((x) => x.code === 'period-partly-covered')?.severity).toBe('warning');
  });

  test('a few days missing at the edges (≤ a tenth of the working days) is still covered', () => {
    const { evaluation } = run(R(), daily('Ann', '2026-04-03', '2026-06-25', 2), { roster: [{ rep: 'Ann', tier: 'junior' }] });
    expect(evaluation.coverage).toBeUndefined();
    expect(evaluation.findings.map((f) => f.code)).not.toContain('period-partly-covered');
    expect(evaluation.reps[0]!.decision.movement).toBe('promoted');
  });

  test('with --as-of inside the period, the period is in progress: partly covered, the tier held', () => {
    const { evaluation } = run(R(), daily('Ann', '2026-04-01', '2026-05-15', 2), { asOf: '2026-05-15' });
    // Before: coverage undefined, so half a quarter against a whole quarter's target moved tiers.
    expect(evaluation.coverage).toEqual({ until: '2026-05-15', inProgress: '2026-05-15' });
    expect(evaluation.reps[0]!.decision.partial).toEqual({ until: '2026-05-15', inProgress: '2026-05-15' });
    const f = evaluation.findings.find((x) => x.code === 'period-partly-covered')!;
    expect(f.message).toMatch(/is in progress until --as-of 2026-05-15/);
  });
});

describe('the default period (item 8)', () => {
  const q3 = daily('Ann', '2026-07-01', '2026-09-30', 2);

  test('one mistyped 9999-12-31 does not move the default period, and is flagged at its row', () => {
    const typo = rec('Ann', { date: '9999-12-31', amount: 5 }, 900);
    const { evaluation } = run(R(), [...q3, typo]);
    // Before: 9999-Q4, graded on one row.
    expect(evaluation.period.label).toBe('2026-Q3');
    const out = evaluation.findings.find((f) => f.code === 'date-out-of-range')!;
    expect([out.severity, out.row]).toEqual(['warning', 900]);
    expect(out.message).toMatch(/^date 9999-12-31 lies far outside the data's dates \(middle half 2026-07-23 … 2026-09-09\): 1 row\(s\) at data\.csv:900; a typo\?/);
    const sparse = evaluation.findings.find((f) => f.code === 'period-sparse')!;
    expect(sparse.message).toBe(
      "period 9999-Q4 holds 1 row(s), under a tenth of the busiest period 2026-Q3 (66) and lies outside the data's range: the default period is 2026-Q3; evaluate it with --period 9999-Q4",
    );
    expect(evaluation.dataRange).toEqual({ first: '2026-07-01', last: '2026-09-30' });
  });

  test('a date read as 12/31/2026 (a later quarter with a handful of rows) does not move it either', () => {
    const late = [rec('Ann', { date: '2026-12-31', amount: 5 }), rec('Ann', { date: '2026-12-31', amount: 5 })];
    const { evaluation } = run(R(), [...q3, ...late]);
    expect(evaluation.period.label).toBe('2026-Q3');
    expect(evaluation.findings.map((f) => f.code)).toContain('period-sparse');
    // Not far outside (within a year of the data): no date-out-of-range.
    expect(evaluation.findings.map((f) => f.code)).not.toContain('date-out-of-range');
  });

  test('a later period with at least a tenth of the busiest period’s rows is chosen', () => {
    const { evaluation } = run(R(), [...q3, ...daily('Ann', '2026-10-01', '2026-10-09', 2)]);
    expect(evaluation.period.label).toBe('2026-Q4');
  });
});

describe('--as-of (item 9)', () => {
  test('rows dated after the as-of date are excluded as after-as-of', () => {
    const early = rec('Ann', { date: '2026-08-10', amount: 30 });
    const future = rec('Ann', { date: '2026-08-25', amount: 70 });
    const { evaluation, evaluator } = run(R(), [early, future], { period: '2026-Q3', asOf: '2026-08-20' });
    // Before: 100 (the future row counted).
    expect(s(evaluation.reps[0]!.kpis[0]!.actual)).toBe('30');
    expect(evaluation.rows).toEqual({ read: 2, counted: 1, excluded: { 'after-as-of': 1 } });
    expect(evaluator.classify(future)).toEqual({ excluded: 'after-as-of', detail: '2026-08-20' });
    expect(evaluator.classify(early)).toEqual({ metrics: ['revenue'] });
  });

  test('a row with one date before and one after the as-of date counts for the first', () => {
    const M = rubric({
      metrics: { revenue: { sum: 'amount', date: 'close_date' }, visits: { count: 'rows' } },
      kpis: [
        { metric: 'revenue', weight: 50, target: 100 },
        { metric: 'visits', weight: 50, target: 1 },
      ],
      tiers,
    });
    const r = rec('Ann', { date: '2026-08-01', close_date: '2026-09-01', amount: 70 });
    const { evaluation, evaluator } = run(M, [r], { period: '2026-Q3', asOf: '2026-08-20' });
    expect(evaluation.reps[0]!.kpis.map((k) => s(k.actual))).toEqual(['0', '1']);
    expect(evaluation.rows.counted).toBe(1);
    expect(evaluator.classify(r)).toEqual({ metrics: ['visits'] });
  });
});

describe('history read back (item 10)', () => {
  const H = rubric({
    metrics: { revenue: { sum: 'amount' } },
    kpis: [{ metric: 'revenue', weight: 100, target: 100 }],
    tiers: [
      { id: 'senior', min_score: 100 },
      { id: 'mid', min_score: 50 },
      { id: 'junior', min_score: 0 },
    ],
    movement: { promote_after: 3, demote_after: 3, grace_periods: 2 },
  });
  const q4 = daily('Ann', '2026-10-01', '2026-12-31', 2); // 2 × 66 = 132 → senior

  // The chain: Q1 new junior; Q2 qualified senior (run 1); Q3 qualified mid (run 2) — as result files
  // written by this version store them.
  const chain: HistoryEntry[] = [
    { rep: 'Ann', period: '2026-Q1', qualified: 'junior', tier: 'junior', movement: 'new', promoteRun: 0, demoteRun: 0, promoteRunTiers: [], demoteRunTiers: [], periodsAssessed: 1 },
    { rep: 'Ann', period: '2026-Q2', qualified: 'senior', tier: 'junior', movement: 'held', promoteRun: 1, demoteRun: 0, promoteRunTiers: ['senior'], demoteRunTiers: [], periodsAssessed: 2 },
    { rep: 'Ann', period: '2026-Q3', qualified: 'mid', tier: 'junior', movement: 'held', promoteRun: 2, demoteRun: 0, promoteRunTiers: ['senior', 'mid'], demoteRunTiers: [], periodsAssessed: 3 },
  ];

  test('the last result file alone gives the same tier as the whole chain', () => {
    const full = run(H, q4, { history: chain }).evaluation.reps[0]!.decision;
    const last = run(H, q4, { history: [chain[2]!] }).evaluation.reps[0]!.decision;
    // Run 3 of 3 → promoted to the lowest tier qualified for in the run: mid.
    expect([full.tier, full.movement, full.promoteRun]).toEqual(['mid', 'promoted', 3]);
    // Before: the last file alone restarted the run (1 of 3) and held junior.
    expect([last.tier, last.movement, last.promoteRun]).toEqual([full.tier, full.movement, full.promoteRun]);
    expect(last.periodsAssessed).toBe(4);
  });

  test('the decision stores what the next run needs to resume', () => {
    const d = run(H, q4, { history: [chain[1]!] }).evaluation.reps[0]!.decision;
    // Q2 run 1 (senior), then Q3 missing, Q4 senior → run 2 of 3, both senior.
    expect([d.tier, d.movement, d.promoteRun, d.promoteRunTiers, d.periodsAssessed]).toEqual(['junior', 'held', 2, ['senior', 'senior'], 3]);
  });

  test('a gap between the history and the evaluated period is a warning', () => {
    const { evaluation } = run(H, q4, { history: [chain[1]!] });
    const gap = evaluation.findings.find((f) => f.code === 'history-gap')!;
    expect(gap.severity).toBe('warning');
    expect(gap.message).toMatch(/^history: no result and no data for 2026-Q3 before 2026-Q4/);
    expect(run(H, q4, { history: chain }).evaluation.findings.map((f) => f.code)).not.toContain('history-gap');
  });
});

describe('rows lost to data problems, roster reps never seen (item 11, issue 9 rule)', () => {
  const M = rubric({
    source: { fields: { amount: { headers: ['Amount'], type: 'money' } } },
    metrics: {
      revenue: { sum: 'amount', where: { stage: 'Won' } },
      won: { count: 'rows', where: { stage: 'Won' } },
      visits: { count: 'rows', where: { kind: 'Visit' } },
    },
    kpis: [
      { metric: 'revenue', weight: 50, target: 100 },
      { metric: 'visits', weight: 50, target: 1 },
    ],
    tiers,
  });
  const data = [rec('Ann', { date: '2026-08-01', amount: 50, stage: 'Won' }), rec('Ann', { date: '2026-08-02', kind: 'Visit' })];
  const lost = (fields: Record<string, unknown>, reason: 'no-rep' | 'bad-value', row: number, badFields?: string[]) => {
    const r = rec('', fields as Record<string, string | number | null>, row);
    return { source: r.source, reason, fields: r.fields, ...(badFields ? { badFields } : {}) };
  };

  function evaluate(strict: boolean) {
    const ev = createEvaluator(M, { manifest, period: '2026-Q3', strict });
    for (const r of data) ev.add(r);
    ev.exclude(lost({ date: '2026-08-03', amount: 1200, stage: 'Won' }, 'no-rep', 40)); // would feed revenue
    ev.exclude(lost({ date: '2026-08-04', kind: 'Visit' }, 'no-rep', 41)); // would feed visits
    ev.exclude(lost({ date: '2026-05-04', amount: 99, stage: 'Won' }, 'no-rep', 42)); // another quarter
    ev.exclude(lost({ date: '2026-08-05', amount: 7, stage: 'Lost' }, 'no-rep', 43)); // feeds no KPI
    ev.exclude(lost({ date: '2026-08-06', amount: null, stage: 'Won' }, 'bad-value', 44, ['amount'])); // unreadable amount
    ev.exclude(lost({ date: null, amount: 5, stage: 'Won' }, 'bad-value', 45, ['date'])); // unknown period
    return ev.finish();
  }

  test('money rows with no rep that would feed a KPI: counted, summed, a warning — an error under --strict', () => {
    const ev = evaluate(false);
    expect(ev.dataLoss).toMatchObject({ rows: 4, byReason: { 'bad-value': 2, 'no-rep': 2 }, unknownAmounts: 1 });
    expect(ev.dataLoss!.money.map((m) => [m.field, s(m.amount)])).toEqual([['amount', '1205']]);
    expect(ev.dataLoss!.sample.map((x) => x.row)).toEqual([40, 41, 44, 45]);
    const f = ev.findings.find((x) => x.code === 'kpi-rows-lost')!;
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      '4 row(s) that would feed a KPI in 2026-Q3 were not counted because of data problems (bad-value 2, no-rep 2); not counted: amount ¥1,205; 1 of them with an unreadable amount; first at data.csv:40, data.csv:41, data.csv:44, data.csv:45',
    );
    expect(evaluate(true).findings.find((x) => x.code === 'kpi-rows-lost')!.severity).toBe('error');
  });

  test('no finding when nothing that feeds a KPI was lost', () => {
    const ev = createEvaluator(M, { manifest, period: '2026-Q3', strict: true });
    for (const r of data) ev.add(r);
    ev.exclude(lost({ date: '2026-05-04', amount: 99, stage: 'Won' }, 'no-rep', 42));
    const out = ev.finish();
    expect(out.dataLoss).toBeUndefined();
    expect(out.findings.map((x) => x.code)).not.toContain('kpi-rows-lost');
  });

  test('roster reps never seen in the data are an info finding at their roster row', () => {
    const roster = [
      { rep: 'Ann', team: 'East' },
      { rep: 'Zed', team: 'East', source: { file: 'roster.csv', row: 3 } },
    ];
    const { evaluation } = run(M, data, { period: '2026-Q3', roster });
    const f = evaluation.findings.filter((x) => x.code === 'roster-rep-no-data');
    expect(f.map((x) => [x.severity, x.source, x.row, x.message])).toEqual([
      ['info', 'roster.csv', 3, 'roster: rep "Zed" has no row in the data (any period); graded on zeros'],
    ]);
  });
});

describe('history files that cannot be history (item 10)', () => {
  const H = rubric({ metrics: { revenue: { sum: 'amount' } }, kpis: [{ metric: 'revenue', weight: 100, target: 100 }], tiers });
  const q3 = daily('Ann', '2026-07-01', '2026-09-30', 2);

  test('a result file for the evaluated period (or later) is a warning, not silently dropped', () => {
    const { evaluation } = run(H, q3, { history: [{ rep: 'Ann', period: '2026-Q3', qualified: 'senior', tier: 'senior', file: 'q3.json' }] });
    const f = evaluation.findings.filter((x) => x.code === 'history-not-before');
    expect(f.map((x) => [x.severity, x.source, x.message])).toEqual([['warning', 'q3.json', 'history: q3.json is for 2026-Q3, not before the evaluated 2026-Q3; ignored']]);
  });

  test('two files disagreeing on one rep and period are an error naming both', () => {
    const { evaluation } = run(H, q3, {
      history: [
        { rep: 'Ann', period: '2026-Q2', qualified: 'senior', tier: 'senior', file: 'a.json' },
        { rep: 'Ann', period: '2026-Q2', qualified: 'junior', tier: 'junior', file: 'b.json' },
      ],
    });
    const f = evaluation.findings.find((x) => x.code === 'history-conflict')!;
    expect([f.severity, f.message]).toEqual([
      'error',
      'history: Ann in 2026-Q2 is senior (qualified senior) in a.json but junior (qualified junior) in b.json; the later file is used',
    ]);
  });
});

describe('history read back: a property (item 10)', () => {
  test('the last result file alone, the whole chain of files, and all the data at once give the same decisions', async () => {
    const { renderEvaluationJson, historyFromJson } = await import('../../../src/report/evaluation-json.js');
    const quarters = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'];
    const starts = ['2025-02-01', '2025-05-01', '2025-08-01', '2025-11-01', '2026-02-01', '2026-05-01'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(10, 60, 120), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.constantFrom<string | undefined>(undefined, 'senior', 'junior'),
        (amounts, up, down, grace, start) => {
          const R3 = rubric({
            metrics: { revenue: { sum: 'amount' } },
            kpis: [{ metric: 'revenue', weight: 100, target: 100 }],
            tiers: [
              { id: 'senior', min_score: 100 },
              { id: 'mid', min_score: 50 },
              { id: 'junior', min_score: 0 },
            ],
            // one row per quarter: count those periods (coverage is not what this property is about)
            movement: { promote_after: up, demote_after: down, grace_periods: grace, count_partial_periods: true },
          });
          const roster = start ? [{ rep: 'Ann', tier: start }] : undefined;
          const rows = amounts.map((a, i) => rec('Ann', { date: starts[i]!, amount: a }));
          const asFile = (e: ReturnType<typeof run>['evaluation'], name: string) => historyFromJson(renderEvaluationJson(e), name);
          let chain: ReturnType<typeof historyFromJson> = [];
          let last: ReturnType<typeof historyFromJson> = [];
          for (let i = 0; i < quarters.length; i++) {
            const opts = { period: quarters[i]!, ...(roster ? { roster } : {}) };
            const a = run(R3, [rows[i]!], { ...opts, history: chain }).evaluation;
            const b = run(R3, [rows[i]!], { ...opts, history: last }).evaluation;
            const all = run(R3, rows.slice(0, i + 1), opts).evaluation;
            const pick = (e: typeof a) => {
              const d = e.reps.find((r) => r.rep === 'Ann')!.decision;
              return [d.current, d.qualified, d.tier, d.movement, d.promoteRun, d.demoteRun, d.inGrace, d.promoteRunTiers, d.demoteRunTiers, d.periodsAssessed];
            };
            expect(pick(b)).toEqual(pick(a));
            expect(pick(a)).toEqual(pick(all));
            chain = [...chain, ...asFile(a, `${quarters[i]}.json`)];
            last = asFile(b, `${quarters[i]}.json`);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
