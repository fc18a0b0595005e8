// Several data files in one run: the same file twice, a renamed copy, overlapping exports (issue 9.7).
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run, workdir } from './evaluate-helpers.js';

const RUBRIC = `salesgrade: 1
name: Dup test
locale: en
currency: USD
period: quarter
source:
  fields:
    rep: [Rep]
    close_date: { headers: [Close Date], type: date }
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount, date: close_date }
kpis:
  - { metric: revenue, weight: 100, target: 10000 }
tiers:
  - { id: a, label: A, min_score: 0 }
`;
const HEADER = 'Rep,Close Date,Amount';
const ROWS = ['Ann,2026-07-01,3000', 'Bob,2026-07-02,4000', 'Ann,2026-07-03,11000', 'Bob,2026-07-04,12000', 'Ann,2026-07-05,5800'];

const w = workdir({
  'salesgrade.yaml': RUBRIC,
  'jan.csv': [HEADER, ...ROWS.slice(0, 4)].join('\n') + '\n',
  'feb.csv': [HEADER, ...ROWS.slice(2)].join('\n') + '\n',
});
afterAll(() => w.cleanup());

describe('evaluate with several inputs', () => {
  it('the same path twice is a usage error, in one line, exit 2', () => {
    const r = run(w.dir, ['evaluate', 'jan.csv', './jan.csv', '-f', 'json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['salesgrade: jan.csv is given twice (as jan.csv and ./jan.csv); its rows would be counted twice (give each export once)']);
  });

  it('a renamed copy (same sha256) is a usage error, in one line, exit 2', () => {
    copyFileSync(join(w.dir, 'jan.csv'), join(w.dir, 'jan-copy.csv'));
    const r = run(w.dir, ['evaluate', 'jan.csv', 'jan-copy.csv', '-f', 'json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^salesgrade: jan-copy\.csv and jan\.csv are the same file \(sha256 [0-9a-f]{12}…\); its rows would be counted twice \(give each export once\)\n$/);
  });

  it('overlapping monthly exports count each deal once: 35,800, not 58,800', () => {
    const r = run(w.dir, ['evaluate', 'jan.csv', 'feb.csv', '-f', 'json', '--period', '2026-Q3']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { reps: { rep: string; kpis: { actual: string | number }[] }[]; findings: { code: string; message: string; source: string }[] };
    const total = out.reps.reduce((s, rep) => s + Number(rep.kpis[0]!.actual), 0);
    expect(total).toBe(35800);
    expect(out.findings.filter((f) => f.code === 'duplicate-row').map((f) => `${f.source}: ${f.message}`)).toEqual([
      'feb.csv: an exact duplicate of jan.csv line 4; the duplicate is not counted',
      'feb.csv: an exact duplicate of jan.csv line 5; the duplicate is not counted',
    ]);
    expect(readFileSync(join(w.dir, 'feb.csv'), 'utf8')).toContain('Ann,2026-07-03,11000');
  });
});
