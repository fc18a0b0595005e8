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
