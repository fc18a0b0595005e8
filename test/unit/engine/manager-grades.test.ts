// Issue 15: managers graded on their team carry the manager's name, and the level's tiers reach the
// reports (labels, KPI columns).
import { describe, expect, test } from 'vitest';
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
