// Issue 15: managers graded on their team carry the manager's name, and the level's tiers reach the
// reports (labels, KPI columns).
import { describe, expect, test } from 'vitest';
import { Decimal } from 'decimal.js';
import { ratio } from '../../../src/shared/rational.js';
import { rec, rubric, run } from './helpers.js';

const R = rubric({
  period: 'month',
  source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' } } },
  metrics: { revenue: { sum: 'amount', label: 'Revenue' } },
  kpis: [{ metric: 'revenue', weight: 100, target: 100 }],
  tiers: [
    { id: 'a', min_score: 100 },
    { id: 'b', min_score: 0 },
  ],
  levels: {
    team: {
      kpis: [{ metric: 'revenue', weight: 100, target: 'members' }],
      tiers: [
        { id: 'A', label: 'Strong', min_score: 100 },
        { id: 'B', label: 'Weak', min_score: 0 },
      ],
    },
  },
});

describe('manager of a team or region', () => {
  test('the roster manager of the most members, every name kept; region_manager for a region; none for (unassigned)', () => {
    const rows = ['Ann', 'Bo', 'Cy', 'Di', 'Ed'].map((r) => rec(r, { date: '2026-03-02', amount: 100 }));
    const { evaluation: ev } = run(R, rows, {
      roster: [
        { rep: 'Ann', team: 'East', region: 'R1', manager: 'Mia', regionManager: 'Zoe' },
        { rep: 'Bo', team: 'East', region: 'R1', manager: 'Lee' },
        { rep: 'Cy', team: 'East', region: 'R1', manager: 'Lee' },
        { rep: 'Di', team: 'West', region: 'R1' },
      ],
    });
    const east = ev.teams.find((g) => g.name === 'East')!;
    expect([east.manager, east.managers]).toEqual(['Lee', ['Lee', 'Mia']]);
    expect(ev.teams.find((g) => g.name === 'West')!.manager).toBeUndefined();
    expect(ev.regions.find((g) => g.name === 'R1')!.manager).toBe('Zoe');
    const un = ev.teams.find((g) => g.name === '(unassigned)')!;
    expect([un.manager, un.score, un.tier]).toEqual([undefined, undefined, undefined]);
    expect(ev.teams.map((g) => g.name)).toEqual(['East', 'West', '(unassigned)']);
    expect(ev.levels?.team?.tiers.map((t) => [t.id, t.label])).toEqual([
      ['A', 'Strong'],
      ['B', 'Weak'],
    ]);
    expect(ev.levels?.region).toBeUndefined();
  });
});

describe("a manager's movement", () => {
  // Team East: A needs 100% of the members' revenue target. Two months: Jan at 60 (B), Feb at 120 (A).
  const months = (jan: number, feb: number) => [
    rec('Ann', { date: '2026-01-05', amount: jan }),
    rec('Ann', { date: '2026-01-31', amount: 0 }),
    rec('Ann', { date: '2026-02-02', amount: feb }),
    rec('Ann', { date: '2026-02-28', amount: 0 }),
  ];
  const roster = [{ rep: 'Ann', team: 'East', manager: 'Mia' }];

  test('walks the earlier periods like a rep: qualified for A once after B is held with promote_after 2', () => {
    const rules = rubric({ ...R, movement: { promote_after: 2, demote_after: 1, grace_periods: 0 } });
    const { evaluation: ev } = run(rules, months(60, 120), { roster });
    const east = ev.teams.find((g) => g.name === 'East')!;
    expect(east.score?.toFixed(2)).toBe('120.00');
    expect(east.decision).toMatchObject({ current: 'B', qualified: 'A', tier: 'B', movement: 'held', promoteRun: 1 });
    expect(east.tier).toBe('B'); // the tier after movement, not the qualified one
    expect(east.decision!.trail.map((t) => [t.period, t.score?.toFixed(2), t.qualified, t.tier, t.movement])).toEqual([['2026-01', '60.00', 'B', 'B', 'new']]);
  });

  test('levels.team.movement overrides the rubric movement: promote_after 1 promotes', () => {
    const rules = rubric({
      ...R,
      movement: { promote_after: 2, demote_after: 1, grace_periods: 0 },
      levels: { team: { ...R.levels!.team!, movement: { promote_after: 1, demote_after: 1, grace_periods: 0 } } },
    });
    const east = run(rules, months(60, 120), { roster }).evaluation.teams.find((g) => g.name === 'East')!;
    expect(east.decision).toMatchObject({ current: 'B', tier: 'A', movement: 'promoted' });
    expect(east.tier).toBe('A');
  });

  test('a team first seen in the evaluated period is new', () => {
    const east = run(R, months(0, 120).slice(2), { roster }).evaluation.teams.find((g) => g.name === 'East')!;
    expect(east.decision).toMatchObject({ qualified: 'A', tier: 'A', movement: 'new', trail: [] });
    expect(east.decision!.current).toBeUndefined();
  });
});

describe("a level KPI's own prorated target is scored exactly (issue 15)", () => {
  // Team East's own target is 1000 per year; the rubric grades by quarter, so 2026-Q3's target is
  // 1000 × 92/365 = 252.054794520547945205479452… (repeating). The team's revenue is that number cut to
  // 40 significant digits (…5479, just BELOW the exact target): with `threshold: 1` the team is below
  // the threshold. It used to be scored on the 40-digit Decimal shown (attainment exactly 1: full points).
  test('the exact target decides the threshold, not its 40-digit display value', () => {
    const R2 = rubric({
      period: 'quarter',
      source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' } } },
      metrics: { revenue: { sum: 'amount' } },
      kpis: [{ metric: 'revenue', weight: 100, target: 100 }],
      tiers: [
        { id: 'a', min_score: 100 },
        { id: 'b', min_score: 0 },
      ],
      levels: {
        team: {
          kpis: [{ metric: 'revenue', weight: 100, threshold: 1, target: { default: 1000, per: 'year' } }],
          tiers: [
            { id: 'A', min_score: 100 },
            { id: 'B', min_score: 0 },
          ],
        },
      },
    });
    const shown = '252.0547945205479452054794520547945205479';
    const row = rec('Ann', { date: '2026-08-03' });
    row.fields.amount = new Decimal(shown);
    const { evaluation: ev } = run(R2, [row], { roster: [{ rep: 'Ann', team: 'East' }] });
    const k = ev.teams.find((g) => g.name === 'East')!.kpis![0]!;
    expect(k.target!.toFixed()).toBe(shown); // displayed to 40 digits
    expect(k.exact?.target).toEqual(ratio(92000, 365)); // scored on the exact value
    expect([k.belowThreshold, k.points.toFixed(), ev.teams.find((g) => g.name === 'East')!.tier]).toEqual([true, '0', 'B']);
  });
});

describe("a level KPI's members' target is their exact targets summed (issue 15)", () => {
  // Ann and Bo each have 1000 per year, so 1000 × 92/365 in 2026-Q3 (repeating decimals); each sells
  // that target cut to 40 significant digits, just below it. Team East's target: members is the exact
  // sum 184000/365, so the team (sales = the sum of the two cut values) is below threshold 1. It used to
  // be scored against the sum of the two 40-digit Decimals: attainment exactly 1, full points.
  test('the members\' exact targets decide the threshold, not the sum of their 40-digit display values', () => {
    const R3 = rubric({
      period: 'quarter',
      source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' } } },
      metrics: { revenue: { sum: 'amount' } },
      kpis: [{ metric: 'revenue', weight: 100, target: { default: 1000, per: 'year' } }],
      tiers: [
        { id: 'a', min_score: 100 },
        { id: 'b', min_score: 0 },
      ],
      levels: {
        team: {
          kpis: [{ metric: 'revenue', weight: 100, threshold: 1, target: 'members' }],
          tiers: [
            { id: 'A', min_score: 100 },
            { id: 'B', min_score: 0 },
          ],
        },
      },
    });
    const shown = '252.0547945205479452054794520547945205479';
    const rows = ['Ann', 'Bo'].map((rep) => {
      const r = rec(rep, { date: '2026-08-03' });
      r.fields.amount = new Decimal(shown);
      return r;
    });
    const roster = [{ rep: 'Ann', team: 'East' }, { rep: 'Bo', team: 'East' }];
    const { evaluation: ev } = run(R3, rows, { roster });
    const east = ev.teams.find((g) => g.name === 'East')!;
    const k = east.kpis![0]!;
    expect(k.target!.toFixed()).toBe('504.1095890410958904109589041095890410958'); // shown: the members' shown targets summed
    expect(k.exact?.target).toEqual(ratio(184000, 365));
    expect([k.belowThreshold, k.points.toFixed(), east.tier]).toEqual([true, '0', 'B']);
  });
});
