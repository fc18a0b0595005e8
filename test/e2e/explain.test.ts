// `salesgrade explain` end to end, on the e2e fixture rubric (see evaluate.test.ts for the arithmetic).
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyInto, run, workdir } from './evaluate-helpers.js';

const DATA = [
  'Deal ID,Rep,Date,Close Date,Amount,Stage,Activity Type',
  'D1,Alice,2026-07-01,2026-07-10,"60,000",Won,',
  'D2,Alice,2026-07-02,2026-08-20,"$50,000",Won,',
  'D3,Alice,2026-07-03,2026-09-01,20000,Lost,',
  ...Array.from({ length: 12 }, (_, i) => `,Alice,2026-08-${String(i + 1).padStart(2, '0')},,,,Visit`),
  'D4,Bob,2026-07-04,2026-07-15,40000,Won,',
  // The data reaches the end of the quarter: without it, 2026-Q3 would be covered only until 09-01
  // and graded without movement (a partly covered period).
  ',Bob,2026-09-30,,,,Visit',
].join('\n');

let w: { dir: string; cleanup: () => void };
function setup(): string {
  w = workdir({ 'q3.csv': `${DATA}\n` });
  copyInto(w.dir, 'test/fixtures/evaluate/salesgrade.yaml', 'salesgrade.yaml');
  copyInto(w.dir, 'test/fixtures/evaluate/roster.csv', 'roster.csv');
  return w.dir;
}
afterEach(() => w?.cleanup());

describe('salesgrade explain', () => {
  it('prints every step for one rep, with the CSV lines that fed each metric', () => {
    const dir = setup();
    const r = run(dir, ['explain', 'q3.csv', '--rep', 'alice', '--rows', '2']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('period 2026-Q3: the latest in the data (choose another with --period)\n');
    const out = r.stdout;
    expect(out.split('\n').slice(0, 3)).toEqual([
      'Alice · North A · North · Manager Mia',
      'Period 2026-Q3 (2026-07-01 – 2026-09-30) · Rubric Inside sales test',
      'Rank 1/4 · Score 111.67 · Tier Senior',
    ]);
    expect(out).toContain('  revenue = $110,000    ');
    expect(out).toContain('    2 rows: q3.csv:2, q3.csv:3\n');
    expect(out).toContain('    12 rows, first 2: q3.csv:5, q3.csv:6\n');
    expect(out).toContain('  55.00 + 26.6667 + 30.00 = ');
    expect(out).toContain('  → 111.67\n');
    expect(out).toContain('  Qualified tier: Senior\n');
    expect(out).toMatch(/Previous tier Mid → New tier Senior \(promoted ↑\)/);
  });

  it('an unknown rep is one line with suggestions, exit 2', () => {
    const dir = setup();
    const r = run(dir, ['explain', 'q3.csv', '--rep', 'Al', '-q']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('salesgrade: no rep "Al" in 2026-Q3 (did you mean: Alice)\n');
    const none = run(dir, ['explain', 'q3.csv', '--rep', 'Zed', '-q']);
    expect(none.stderr).toBe('salesgrade: no rep "Zed" in 2026-Q3 (reps: Alice, Bob, Cara, Dan)\n');
    const missing = run(dir, ['explain', 'q3.csv', '-q']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('salesgrade: explain needs --rep NAME, --team NAME or --region NAME\n');
    const both = run(dir, ['explain', 'q3.csv', '--rep', 'Alice', '--team', 'North A', '-q']);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('salesgrade: explain takes one of --rep, --team, not 2\n');
  });

  it('--team explains a manager\'s grade down to the members; --region too; a mistyped team gets a suggestion', () => {
    const dir = setup();
    writeFileSync(
      join(dir, 'salesgrade.yaml'),
      `${readFileSync(join(dir, 'salesgrade.yaml'), 'utf8')}
levels:
  team:
    kpis: [{ metric: revenue, weight: 100, target: members }]
    tiers: [{ id: a, label: Strong, min_score: 100 }, { id: b, label: Weak, min_score: 0 }]
`,
    );
    const r = run(dir, ['explain', 'q3.csv', '--team', 'north a', '-q']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('North A · Team · Manager Mia');
    expect(lines[2]).toMatch(/^Score \d+\.\d\d · Tier (Strong|Weak)$/);
    // each member's own numbers, and the sum they make
    expect(r.stdout).toMatch(/\n {2}Alice · Score 111\.67 · Senior · Revenue \$110,000/);
    expect(r.stdout).toContain('  revenue = $150,000    sum of the members: $110,000 + $40,000');
    expect(r.stdout).toMatch(/Target = Alice \$[\d,]+ \+ Bob \$[\d,]+/);
    expect(r.stdout).not.toContain(' b ');
    const region = run(dir, ['explain', 'q3.csv', '--region', 'South', '-q']);
    expect(region.status).toBe(0);
    expect(region.stdout.split('\n')[0]).toBe('South · Region');
    expect(region.stdout).toContain('not graded: the rubric has no levels.region');
    const typo = run(dir, ['explain', 'q3.csv', '--team', 'North', '-q']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe('salesgrade: no team "North" in 2026-Q3 (did you mean: North A)\n');
  });
});
