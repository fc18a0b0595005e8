// Teams and regions from the export's own `team` / `region` fields (issue 15, "Managers"): without a
// roster they build the hierarchy; the roster wins where it places a rep. And `(unassigned)` is listed
// but never graded as if it were a team.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { rec, rubric, run, s } from './helpers.js';
import type { ActivityRecord, Evaluation } from '../../../src/engine/types.js';
import type { Diagnostic } from '../../../src/shared/diagnostic.js';

const R = rubric({
  metrics: { revenue: { sum: 'amount' } },
  kpis: [{ metric: 'revenue', weight: 100, target: 100 }],
  tiers: [
    { id: 'top', min_score: 100 },
    { id: 'base', min_score: 0 },
  ],
  levels: {
    team: { kpis: [{ metric: 'revenue', weight: 100, target: 'members' }], tiers: [{ id: 'A', min_score: 100 }, { id: 'B', min_score: 0 }] },
    region: { kpis: [{ metric: 'revenue', weight: 100, target: 'members' }], tiers: [{ id: 'A', min_score: 100 }, { id: 'B', min_score: 0 }] },
  },
});

const codes = (ev: Evaluation, code: string): Diagnostic[] => ev.findings.filter((f) => f.code === code);

describe('teams and regions from the data, without a roster', () => {
  test('a team column builds the teams, which are graded; nobody is (unassigned)', () => {
    const { evaluation } = run(R, [
      rec('Ann', { date: '2026-07-01', amount: 120, team: 'East', region: 'North' }),
      rec('Bob', { date: '2026-07-02', amount: 50, team: 'West', region: 'North' }),
      rec('Cai', { date: '2026-07-03', amount: 80, team: 'East', region: 'South' }),
    ]);
    expect(evaluation.reps.map((r) => [r.rep, r.team, r.region])).toEqual([
      ['Ann', 'East', 'North'],
      ['Cai', 'East', 'South'],
      ['Bob', 'West', 'North'],
    ]);
    expect(evaluation.teams.map((g) => [g.name, g.members, s(g.score), g.tier])).toEqual([
      ['East', ['Ann', 'Cai'], '100', 'A'],
      ['West', ['Bob'], '50', 'B'],
    ]);
    expect(evaluation.regions.map((g) => g.name)).toEqual(['North', 'South']);
    expect(codes(evaluation, 'rep-team-conflict')).toEqual([]);
  });

  test('rows naming several teams: the team of the most rows, and a located warning with the counts', () => {
    const { evaluation } = run(R, [
      rec('Ann', { date: '2026-07-01', amount: 10, team: 'East' }, 10),
      rec('Ann', { date: '2026-07-02', amount: 10, team: 'West' }, 11),
      rec('Ann', { date: '2026-07-03', amount: 10, team: 'East' }, 12),
      rec('Ann', { date: '2026-09-30', amount: 10, team: 'East' }, 13),
    ]);
    expect(evaluation.reps[0]!.team).toBe('East');
    const f = codes(evaluation, 'rep-team-conflict');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', source: 'data.csv', row: 11 });
    expect(f[0]!.message).toContain('East 3 rows, West 1 row');
    expect(f[0]!.message).toContain('counted under East');
  });

  test('the counts are facts, not words: no report language in the engine\'s finding data (issue 15)', () => {
    const { evaluation } = run(R, [
      rec('Ann', { date: '2026-07-01', amount: 10, team: 'East' }, 10),
      rec('Ann', { date: '2026-07-02', amount: 10, team: 'West' }, 11),
      rec('Ann', { date: '2026-07-03', amount: 10, team: 'East' }, 12),
    ]);
    const f = codes(evaluation, 'rep-team-conflict');
    expect(f[0]!.data).toEqual({ rep: 'Ann', field: 'team', name: 'East', groups: 2, group1: 'East', rows1: 2, group2: 'West', rows2: 1, period: '2026-Q3' });
    for (const v of Object.values(f[0]!.data!)) expect(String(v)).not.toMatch(/[行，]/u);
  });

  test('a tie goes to the team of the latest row by date, whatever the order the rows come in', () => {
    const rows = (): ActivityRecord[] => [
      rec('Ann', { date: '2026-08-20', amount: 10, team: 'West' }, 5),
      rec('Ann', { date: '2026-07-01', amount: 10, team: 'East' }, 6),
      rec('Ann', { date: '2026-07-02', amount: 10, team: 'East' }, 7),
      rec('Ann', { date: '2026-07-03', amount: 10, team: 'West' }, 8),
    ];
    expect(run(R, rows()).evaluation.reps[0]!.team).toBe('West');
    fc.assert(
      fc.property(fc.shuffledSubarray(rows(), { minLength: 4, maxLength: 4 }), (shuffled) => {
        expect(run(R, shuffled).evaluation.reps[0]!.team).toBe('West');
      }),
      { numRuns: 30 },
    );
  });

  test('only the rows of the evaluated period decide', () => {
    const { evaluation } = run(
      R,
      [
        rec('Ann', { date: '2026-04-01', amount: 10, team: 'Old' }),
        rec('Ann', { date: '2026-04-02', amount: 10, team: 'Old' }),
        rec('Ann', { date: '2026-07-01', amount: 10, team: 'New' }),
      ],
      { period: '2026-Q3' },
    );
    expect(evaluation.reps[0]!.team).toBe('New');
    expect(codes(evaluation, 'rep-team-conflict')).toEqual([]);
  });

  test('a data team spelled "(unassigned)" is a team of its own, kept apart from reps without a team', () => {
    const { evaluation } = run(R, [
      rec('Ann', { date: '2026-07-01', amount: 100, team: '(unassigned)' }),
      rec('Bob', { date: '2026-07-01', amount: 100 }),
    ]);
    expect(evaluation.teams.map((g) => [g.name, g.members, g.tier ?? null])).toEqual([
      ['(unassigned) [data]', ['Ann'], 'A'],
      ['(unassigned)', ['Bob'], null],
    ]);
  });
});

describe('with a roster', () => {
  test('the roster wins; a data team that disagrees is an info finding; a rep the roster lacks takes the data team', () => {
    const { evaluation } = run(
      R,
      [
        rec('Ann', { date: '2026-07-01', amount: 10, team: 'West' }, 3),
        rec('Ann', { date: '2026-07-02', amount: 10, team: 'East' }, 4),
        rec('Bob', { date: '2026-07-02', amount: 10, team: 'East' }, 5),
        rec('Eve', { date: '2026-07-02', amount: 10, team: 'West' }, 6),
      ],
      { roster: [{ rep: 'Ann', team: 'East' }, { rep: 'Bob', team: 'East' }] },
    );
    expect(evaluation.reps.map((r) => [r.rep, r.team, r.inRoster])).toEqual([
      ['Ann', 'East', true],
      ['Bob', 'East', true],
      ['Eve', 'West', false],
    ]);
    const mismatch = codes(evaluation, 'roster-team-mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]).toMatchObject({ severity: 'info', row: 3 });
    expect(mismatch[0]!.message).toContain('the roster puts them in team East');
    expect(mismatch[0]!.message).toContain('West 1 row');
    const notIn = codes(evaluation, 'rep-not-in-roster');
    expect(notIn.map((f) => f.message)).toEqual(['rep "Eve" is in the data but not in the roster; counted under team West from the data']);
    expect(codes(evaluation, 'rep-team-conflict')).toEqual([]);
  });
});

describe('(unassigned) is listed, never graded as a team', () => {
  test('no score, tier or level KPIs for the (unassigned) team and region; its members\' numbers stay', () => {
    const { evaluation } = run(
      R,
      [rec('Ann', { date: '2026-07-01', amount: 120 }), rec('Eve', { date: '2026-07-01', amount: 30 })],
      { roster: [{ rep: 'Ann', team: 'East', region: 'North' }] },
    );
    for (const groups of [evaluation.teams, evaluation.regions]) {
      const un = groups.find((g) => g.name === '(unassigned)')!;
      expect([un.members, s(un.metrics.revenue), un.score, un.tier, un.kpis]).toEqual([['Eve'], '30', undefined, undefined, undefined]);
      const graded = groups.find((g) => g.name !== '(unassigned)')!;
      expect([s(graded.score), graded.tier]).toEqual(['120', 'A']);
    }
  });
});
