// Issue 10 item 6: a distinct count rolls up as a union, so a sum of members' targets is no target
// for it; the roll-up must never make a group look worse than all of its members by construction.
import { describe, expect, test } from 'vitest';
import { rec, rubric, run, s } from './helpers.js';

const R = rubric({
  period: 'month',
  source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' }, customer: ['Customer'] } },
  metrics: { revenue: { sum: 'amount' }, customers: { distinct: 'customer' } },
  kpis: [
    { metric: 'revenue', weight: 50, target: 100 },
    { metric: 'customers', weight: 50, target: 3 },
  ],
  tiers: [
    { id: 'a', min_score: 100 },
    { id: 'b', min_score: 0 },
  ],
  levels: {
    team: {
      kpis: [
        { metric: 'revenue', weight: 50, target: 'members' },
        { metric: 'customers', weight: 50, target: 'members' },
      ],
      tiers: [
        { id: 'A', min_score: 100 },
        { id: 'B', min_score: 0 },
      ],
    },
  },
});

// Two members, each on target (100 revenue, 3 customers), sharing two of their customers.
const rows = [
  ...['X', 'Y', 'Z'].map((c) => rec('Ann', { date: '2026-03-02', amount: 100 / 3, customer: c })),
  ...['X', 'Y', 'W'].map((c) => rec('Bo', { date: '2026-03-02', amount: 100 / 3, customer: c })),
];
const roster = [
  { rep: 'Ann', team: 'East' },
  { rep: 'Bo', team: 'East' },
];

describe('roll-ups of distinct metrics', () => {
  const ev = run(R, rows, { roster }).evaluation;
  const east = ev.teams.find((t) => t.name === 'East')!;

  test('members are on target', () => {
    for (const r of ev.reps) expect(r.kpis.find((k) => k.kpi === 'customers')!.attainment!.toFixed()).toBe('1');
  });

  test('the team counts the union but has no summed target for it (4 of 6 would read 67% while everyone is at 100%)', () => {
    expect(s(east.metrics.customers)).toBe('4');
    expect(east.targets.customers).toBeNull();
    expect(s(east.targets.revenue)).not.toBeNull(); // sums keep their summed target
  });

  test('a levels KPI with target: members on a distinct metric is left out of the group score, not scored 0', () => {
    const k = east.kpis!.find((x) => x.metric === 'customers')!;
    expect(k.target).toBeNull();
    expect(k.excluded).toBe(true);
    // revenue alone: (100/3 × 3 ≈ 100) × 2 vs 200 → about 100 % → the group is not below its members
    const members = ev.reps.map((r) => Number(r.score.toFixed()));
    expect(Number(east.score!.toFixed())).toBeGreaterThanOrEqual(Math.min(...members));
  });

  test('a group with only such KPIs gets no score rather than 0', () => {
    const only = rubric({ ...R, levels: { team: { kpis: [{ metric: 'customers', weight: 100, target: 'members' }], tiers: [{ id: 'A', min_score: 0 }] } } } as never);
    const t = run(only, rows, { roster }).evaluation.teams[0]!;
    expect(t.kpis).toHaveLength(1);
    expect(t.score).toBeUndefined();
    expect(t.tier).toBeUndefined();
  });
});
