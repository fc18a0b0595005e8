import { describe, expect, test } from 'vitest';
import { initialState, orderTiers, step, type MovementRules } from '../../../src/engine/tiers.js';
import { rec, rubric, run } from './helpers.js';

const tiers = orderTiers([
  // Deliberately not highest-first in the rubric: ordering is by min_score.
  { id: 'junior', min_score: 0, gates: [] },
  { id: 'senior', min_score: 95, gates: [] },
  { id: 'intermediate', min_score: 75, gates: [] },
]);

interface Case {
  name: string;
  start?: string;
  rules: Partial<MovementRules>;
  qualified: string[];
  /** tier after each period, with the movement */
  expected: [string, string][];
  tenure?: number[];
}

const cases: Case[] = [
  { name: 'no prior tier takes the qualified tier', rules: {}, qualified: ['intermediate'], expected: [['intermediate', 'new']] },
  {
    name: 'promote_after 1 promotes at once',
    start: 'junior',
    rules: { promote_after: 1 },
    qualified: ['senior'],
    expected: [['senior', 'promoted']],
  },
  {
    name: 'promotion to the lowest tier qualified for in the run',
    start: 'junior',
    rules: { promote_after: 2 },
    qualified: ['senior', 'intermediate'],
    expected: [
      ['junior', 'held'],
      ['intermediate', 'promoted'],
    ],
  },
  {
    name: 'demotion to the highest tier qualified for in the run',
    start: 'senior',
    rules: { demote_after: 2 },
    qualified: ['junior', 'intermediate'],
    expected: [
      ['senior', 'held'],
      ['intermediate', 'demoted'],
    ],
  },
  {
    name: 'a period at the current tier resets the runs',
    start: 'intermediate',
    rules: { promote_after: 2 },
    qualified: ['senior', 'intermediate', 'senior', 'senior'],
    expected: [
      ['intermediate', 'held'],
      ['intermediate', 'unchanged'],
      ['intermediate', 'held'],
      ['senior', 'promoted'],
    ],
  },
  {
    name: 'a period above breaks a demote run',
    start: 'intermediate',
    rules: { demote_after: 2, promote_after: 3 },
    qualified: ['junior', 'senior', 'junior', 'junior'],
    expected: [
      ['intermediate', 'held'],
      ['intermediate', 'held'],
      ['intermediate', 'held'],
      ['junior', 'demoted'],
    ],
  },
  {
    name: 'no demotion within the grace periods; the run still counts',
    start: 'senior',
    rules: { demote_after: 1, grace_periods: 2 },
    qualified: ['junior', 'intermediate', 'junior'],
    tenure: [0, 1, 2],
    expected: [
      ['senior', 'held'],
      ['senior', 'held'],
      ['intermediate', 'demoted'], // highest qualified in the 3-period run
    ],
  },
  {
    name: 'grace does not stop promotion',
    start: 'junior',
    rules: { grace_periods: 5 },
    qualified: ['senior'],
    tenure: [0],
    expected: [['senior', 'promoted']],
  },
];

describe('movement', () => {
  test.each(cases)('$name', (c) => {
    const rules: MovementRules = { promote_after: 1, demote_after: 1, grace_periods: 0, ...c.rules };
    const state = initialState(c.start);
    const got = c.qualified.map((q, i) => {
      const st = step(state, q, tiers, rules, c.tenure?.[i] ?? i);
      return [st.tier, st.movement];
    });
    expect(got).toEqual(c.expected);
  });
});

const R = rubric({
  metrics: { revenue: { sum: 'amount' } },
  kpis: [{ metric: 'revenue', weight: 100, target: { default: 100, by_tier: { senior: 200 } } }],
  tiers: [
    { id: 'senior', min_score: 100 },
    { id: 'junior', min_score: 0 },
  ],
  // One row per period: each period is only partly covered by such data; count them anyway.
  movement: { promote_after: 2, demote_after: 2, grace_periods: 1, count_partial_periods: true },
});

describe('history', () => {
  test('from result files: replayed runs continue into the data', () => {
    // Q1 published: qualified senior while junior (run 1). Q3 data qualifies senior → run 2 → promoted.
    const { evaluation } = run(R, [rec('Ann', { date: '2026-07-01', amount: 150 })], {
      history: [
        { rep: 'Ann', period: '2026-Q1', qualified: 'junior', tier: 'junior' },
        { rep: 'Ann', period: '2026-Q2', qualified: 'senior', tier: 'junior' },
      ],
    });
    const d = evaluation.reps[0]!.decision;
    expect([d.current, d.qualified, d.tier, d.movement, d.promoteRun]).toEqual(['junior', 'senior', 'senior', 'promoted', 2]);
    expect(evaluation.reps[0]!.trail).toEqual([
      { period: '2026-Q1', source: 'history', qualified: 'junior', tier: 'junior' },
      { period: '2026-Q2', source: 'history', current: 'junior', qualified: 'senior', tier: 'junior' },
    ]);
  });

  test('history tier drives by_tier targets', () => {
    const { evaluation } = run(R, [rec('Ann', { date: '2026-07-01', amount: 150 })], {
      history: [{ rep: 'Ann', period: '2026-Q2', qualified: 'senior', tier: 'senior' }],
    });
    const k = evaluation.reps[0]!.kpis[0]!;
    expect([k.target?.toFixed(), k.targetSource]).toEqual(['200', 'by_tier.senior']);
    // 150 ÷ 200 = 75 → junior; senior held by demote_after 2.
    expect(evaluation.reps[0]!.decision.movement).toBe('held');
  });

  test('a history period that is not a period of the rubric is an error', () => {
    expect(() =>
      run(R, [rec('Ann', { date: '2026-07-01', amount: 1 })], { history: [{ rep: 'Ann', period: '2026-07', qualified: 'junior', tier: 'junior' }] }),
    ).toThrow('history: "2026-07" (rep Ann) is not a quarter period of this rubric');
  });

  test('grace counts periods since the roster start date', () => {
    // Started in Q3: first period → in grace → no demotion from the roster tier.
    const records = [rec('Ann', { date: '2026-07-01', amount: 10 })];
    const inGrace = run(R, records, { roster: [{ rep: 'Ann', tier: 'senior', startDate: '2026-07-01' }] }).evaluation.reps[0]!.decision;
    expect([inGrace.inGrace, inGrace.tier, inGrace.movement]).toEqual([true, 'senior', 'held']);
    const old = run(R, records, { roster: [{ rep: 'Ann', tier: 'senior', startDate: '2020-01-01' }] }).evaluation.reps[0]!.decision;
    expect([old.inGrace, old.tier, old.demoteRun]).toEqual([false, 'senior', 1]);
  });
});
