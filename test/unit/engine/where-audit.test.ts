// Issue 10 item 5: a `where` value that matches no row (`stage: [Won, Lsot]`) gave everyone a 100 %
// win rate with no finding. Now: one warning per metric × value, with the column's top values.
import { describe, expect, test } from 'vitest';
import { createWhereAudit, editDistance } from '../../../src/engine/where.js';
import { rec, rubric, run } from './helpers.js';

const make = (closed: unknown, extra: Record<string, unknown> = {}) =>
  rubric({
    period: 'month',
    source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, stage: ['Stage'], kind: ['Kind'] } },
    metrics: {
      won: { count: 'rows', where: { stage: ['Won', '赢单'] } },
      closed: { count: 'rows', where: { stage: closed } },
      win_rate: { ratio: ['won', 'closed'] },
      ...extra,
    } as never,
    kpis: [{ metric: 'win_rate', weight: 100, target: 0.5 }],
    tiers: [{ id: 'all', min_score: 0 }],
  });

const rows = [
  ...Array.from({ length: 3 }, (_, i) => rec('Ann', { date: '2026-03-02', stage: 'Won' }, 10 + i)),
  ...Array.from({ length: 5 }, (_, i) => rec('Ann', { date: '2026-03-03', stage: 'Lost' }, 20 + i)),
  rec('Ann', { date: '2026-03-04', stage: 'open' }, 30),
  rec('Ann', { date: '2026-03-04', stage: ' won ' }, 31),
];
const unmatched = (r: ReturnType<typeof make>) => run(r, rows).evaluation.findings.filter((f) => f.code === 'where-value-unmatched');

describe('where values that match nothing', () => {
  test('a misspelt value: one warning naming the metric, the value, the likely value and the top values', () => {
    const fs = unmatched(make(['Won', 'Lsot']));
    expect(fs).toEqual([
      {
        code: 'where-value-unmatched',
        severity: 'warning',
        message:
          'metrics.closed.where.stage: "Lsot" matches no row (did you mean "Lost"?); the column holds "Lost" (5 rows), "Won" (3 rows), " won " (1 row), "open" (1 row)',
        source: 'rubric.yaml',
        path: ['metrics', 'closed', 'where', 'stage'],
        data: { metric: 'closed', field: 'stage', value: 'Lsot', near: 'Lost', top: '"Lost" ×5, "Won" ×3, " won " ×1, "open" ×1', more: false },
      },
    ]);
  });

  test.each([
    ['spelt right, any case', ['won', 'LOST']],
    ['an alias in another language the data does not use', ['Won', 'Lost', '赢单', '输单']],
    ['numbers are not audited', ['Won', 'Lost', '42']],
  ])('%s: no finding', (_name, closed) => {
    expect(unmatched(make(closed))).toEqual([]);
  });

  test('no value of a list matches anything: every value is reported, once per metric × value', () => {
    const fs = unmatched(make({ in: ['Closed Won', 'Closed Lost'] }, { closed2: { count: 'rows', where: { stage: ['Closed Won'] } } }));
    expect(fs.map((f) => [f.path!.join('.'), /"([^"]+)" matches/.exec(f.message)![1]])).toEqual([
      ['metrics.closed.where.stage', 'Closed Lost'],
      ['metrics.closed.where.stage', 'Closed Won'],
      ['metrics.closed2.where.stage', 'Closed Won'],
    ]);
  });

  test('a column the export lacks', () => {
    const r = make(['Won', 'Lost'], { visits: { count: 'rows', where: { kind: 'Visit' } } });
    const fs = unmatched(r);
    expect(fs.map((f) => f.message)).toEqual(['metrics.visits.where.kind: "Visit" matches no row; no row has a kind value']);
  });

  test('top 5 only, most frequent first, ties by value', () => {
    const audit = createWhereAudit([{ id: 'm', def: { where: { stage: { not_in: ['Lsot'] } } } }]);
    for (const [v, n] of [['a', 1], ['b', 2], ['c', 2], ['Lost', 9], ['e', 3], ['f', 1]] as const) for (let i = 0; i < n; i++) audit.observe({ stage: v });
    const [u] = audit.unmatched();
    expect(u!.top).toEqual([
      { value: 'Lost', rows: 9 },
      { value: 'e', rows: 3 },
      { value: 'b', rows: 2 },
      { value: 'c', rows: 2 },
      { value: 'a', rows: 1 },
    ]);
    expect(u!.near).toBe('Lost');
  });

  test.each([
    ['lsot', 'lost', 1],
    ['won', 'own', 1],
    ['closed won', 'closed-won', 1],
    ['赢单', '输单', 1],
  ])('editDistance(%s, %s) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
