import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffRubrics, lineOf, type RubricChange } from '../../../src/rubric/diff.js';
import { loadRubric } from '../../../src/rubric/load.js';

// line numbers below are 1-based lines of this text
const BASE = `salesgrade: 1
name: Field sales
locale: en
currency: CNY
period: quarter
source:
  fields:
    rep: [Rep]
    date: { headers: [Date], type: date }
    amount: { headers: [Amount], type: money }
    stage: [Stage]
    csat: { headers: [CSAT], type: number }
metrics:
  revenue: { sum: amount, where: { stage: [Won, Closed Won] } }
  won: { count: rows, where: { stage: [Won, Closed Won] } }
  closed: { count: rows, where: { stage: [Won, Lost] } }
  win_rate: { ratio: [won, closed], unit: percent }
  csat: { avg: csat }
kpis:
  - metric: revenue
    weight: 80
    target: { default: 1000000, by_tier: { senior: 1200000 }, by_team: { East: 900000 } }
  - metric: win_rate
    weight: 20
    target: 0.3
tiers:
  - { id: senior, min_score: 110, gates: [{ metric: csat, min: 4.2 }] }
  - { id: intermediate, min_score: 80 }
  - { id: junior, min_score: 0 }
`;

interface Expected {
  kind: RubricChange['kind'];
  name: string;
  before?: unknown;
  after?: unknown;
  /** file:line on each side; undefined = not checked */
  old?: string;
  new?: string;
}

const cases: { title: string; edit: (t: string) => string; expect: Expected[] }[] = [
  { title: 'no change', edit: (t) => t, expect: [] },
  {
    title: 'comment and spacing only',
    edit: (t) => t.replace('kpis:\n', '# the KPIs\nkpis:\n').replace('weight: 80', 'weight:    80'),
    expect: [],
  },
  {
    title: 'tier threshold',
    edit: (t) => t.replace('min_score: 110', 'min_score: 115'),
    expect: [{ kind: 'changed', name: 'tiers.senior.min_score', before: 110, after: 115, old: 'old.yaml:27', new: 'new.yaml:27' }],
  },
  {
    title: 'two weights',
    edit: (t) => t.replace('weight: 80', 'weight: 75').replace('weight: 20', 'weight: 25'),
    expect: [
      { kind: 'changed', name: 'kpis.revenue.weight', before: 80, after: 75, old: 'old.yaml:21', new: 'new.yaml:21' },
      { kind: 'changed', name: 'kpis.win_rate.weight', before: 20, after: 25, old: 'old.yaml:24', new: 'new.yaml:24' },
    ],
  },
  {
    title: 'KPIs reordered: no change',
    edit: (t) =>
      t.replace(
        '  - metric: revenue\n    weight: 80\n    target: { default: 1000000, by_tier: { senior: 1200000 }, by_team: { East: 900000 } }\n  - metric: win_rate\n    weight: 20\n    target: 0.3\n',
        '  - metric: win_rate\n    weight: 20\n    target: 0.3\n  - metric: revenue\n    weight: 80\n    target: { default: 1000000, by_tier: { senior: 1200000 }, by_team: { East: 900000 } }\n',
      ),
    expect: [],
  },
  {
    title: 'gate raised',
    edit: (t) => t.replace('min: 4.2', 'min: 4.5'),
    expect: [{ kind: 'changed', name: 'tiers.senior.gates.csat.min', before: 4.2, after: 4.5, old: 'old.yaml:27', new: 'new.yaml:27' }],
  },
  {
    title: 'gate removed',
    edit: (t) => t.replace(', gates: [{ metric: csat, min: 4.2 }]', ''),
    expect: [{ kind: 'removed', name: 'tiers.senior.gates.csat', before: { metric: 'csat', min: 4.2 }, old: 'old.yaml:27' }],
  },
  {
    title: "a metric's where",
    edit: (t) => t.replace('closed: { count: rows, where: { stage: [Won, Lost] } }', 'closed: { count: rows, where: { stage: [Won, Lost, Abandoned] } }'),
    expect: [{ kind: 'changed', name: 'metrics.closed.where.stage', before: ['Won', 'Lost'], after: ['Won', 'Lost', 'Abandoned'], old: 'old.yaml:16', new: 'new.yaml:16' }],
  },
  {
    title: 'target by tier changed, by rep added, by team removed',
    edit: (t) => t.replace('by_tier: { senior: 1200000 }, by_team: { East: 900000 }', 'by_tier: { senior: 1300000 }, by_rep: { Ann: 500000 }'),
    expect: [
      { kind: 'changed', name: 'kpis.revenue.target.by_tier.senior', before: 1200000, after: 1300000, old: 'old.yaml:22', new: 'new.yaml:22' },
      { kind: 'added', name: 'kpis.revenue.target.by_rep', after: { Ann: 500000 }, new: 'new.yaml:22' },
      { kind: 'removed', name: 'kpis.revenue.target.by_team', before: { East: 900000 }, old: 'old.yaml:22' },
    ],
  },
  {
    title: 'scalar target becomes a spec',
    edit: (t) => t.replace('target: 0.3', 'target: { default: 0.3, by_tier: { senior: 0.35 } }'),
    expect: [{ kind: 'changed', name: 'kpis.win_rate.target', before: 0.3, after: { default: 0.3, by_tier: { senior: 0.35 } }, new: 'new.yaml:25' }],
  },
  {
    title: 'KPI added and removed',
    edit: (t) =>
      t
        .replace('  - metric: win_rate\n    weight: 20\n    target: 0.3\n', '  - metric: csat\n    weight: 20\n    target: 4.5\n')
        .replace('  csat: { avg: csat }\n', '  csat: { avg: csat }\n  calls: { count: rows }\n'),
    expect: [
      { kind: 'added', name: 'metrics.calls', after: { count: 'rows' }, new: 'new.yaml:19' },
      { kind: 'added', name: 'kpis.csat', new: 'new.yaml:24' },
      { kind: 'removed', name: 'kpis.win_rate', old: 'old.yaml:23' },
    ],
  },
  {
    title: 'tier added',
    edit: (t) => t.replace('  - { id: junior, min_score: 0 }\n', '  - { id: associate, min_score: 60 }\n  - { id: junior, min_score: 0 }\n'),
    expect: [{ kind: 'added', name: 'tiers.associate', after: { id: 'associate', min_score: 60, gates: [] }, new: 'new.yaml:29' }],
  },
];

describe('diffRubrics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-rdiff-'));
  test.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const sub = mkdtempSync(join(dir, 'c-'));
    writeFileSync(join(sub, 'old.yaml'), BASE);
    writeFileSync(join(sub, 'new.yaml'), c.edit(BASE));
    const [a, b] = await Promise.all([loadRubric('old.yaml', { cwd: sub }), loadRubric('new.yaml', { cwd: sub })]);
    const changes = diffRubrics(a, b);
    expect(changes.map((ch) => `${ch.kind} ${ch.name}`)).toEqual(c.expect.map((e) => `${e.kind} ${e.name}`));
    for (const [i, e] of c.expect.entries()) {
      const ch = changes[i]!;
      if ('before' in e) expect(ch.before).toEqual(e.before);
      if ('after' in e) expect(ch.after).toEqual(e.after);
      if (e.old) expect(lineOf(ch.old)).toBe(e.old);
      if (e.new) expect(lineOf(ch.new)).toBe(e.new);
      if (e.kind === 'added') expect(ch).not.toHaveProperty('before');
      if (e.kind === 'removed') expect(ch).not.toHaveProperty('after');
    }
  });

  test('a value moved into the base file is no change; a changed base is located in the base', async () => {
    const sub = mkdtempSync(join(dir, 'ext-'));
    mkdirSync(join(sub, 'a'));
    mkdirSync(join(sub, 'b'));
    writeFileSync(join(sub, 'a', 'base.yaml'), BASE);
    writeFileSync(join(sub, 'a', 'x.yaml'), 'salesgrade: 1\nname: East\nextends: ./base.yaml\n');
    writeFileSync(join(sub, 'b', 'base.yaml'), BASE.replace('min_score: 80', 'min_score: 85'));
    writeFileSync(join(sub, 'b', 'x.yaml'), 'salesgrade: 1\nname: East\nextends: ./base.yaml\n');
    const [a, b] = await Promise.all([loadRubric('a/x.yaml', { cwd: sub }), loadRubric('b/x.yaml', { cwd: sub })]);
    const changes = diffRubrics(a, b);
    expect(changes.map((c) => [c.name, c.before, c.after, lineOf(c.old), lineOf(c.new)])).toEqual([
      ['tiers.intermediate.min_score', 80, 85, 'a/base.yaml:28', 'b/base.yaml:28'],
    ]);
  });
});
