// Issue 9.2 end to end: a 10,000-row export saved from a US sheet, where most amounts have three
// decimals (219.582) beside two- and four-decimal ones (261.96, 41.9136). Before, every 3-decimal
// amount was an ambiguous-number error and its row was dropped (exit 0), so the rep with the most such
// deals fell to the bottom of a normal-looking leaderboard. Now the column's own values settle the
// decimal point: every amount counts, the revenue is exact, and the ranking follows it.
import { Decimal } from 'decimal.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyInto, repoRoot, run, workdir } from './evaluate-helpers.js';

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());
beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
});

describe('US decimals (issue 9.2)', () => {
  it('10,000 rows: 3-decimal amounts are read as decimals, revenue is exact, the ranking is right', () => {
    // Ann sells the most, and almost all of her amounts have three decimals; Eve the least, with two
    const reps = [
      { name: 'Ann', max: 30, three: 0.95 },
      { name: 'Bob', max: 26, three: 0.6 },
      { name: 'Cid', max: 22, three: 0.3 },
      { name: 'Dee', max: 18, three: 0.1 },
      { name: 'Eve', max: 14, three: 0 },
    ];
    let seed = 20261130;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const lines = ['Deal ID,Rep,Date,Close Date,Amount,Stage,Activity Type'];
    const revenue = new Map(reps.map((r) => [r.name, new Decimal(0)]));
    for (let i = 0; i < 10_000; i++) {
      const rep = reps[i % reps.length]!;
      const places = rnd() < rep.three ? 3 : i % 2 === 0 ? 2 : 4;
      const whole = 1 + Math.floor(rnd() * rep.max);
      const amount = `${whole}.${String(Math.floor(rnd() * 10 ** places)).padStart(places, '0')}`;
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(`D${i},${rep.name},2026-08-${day},2026-08-${day},${amount},Won,`);
      revenue.set(rep.name, revenue.get(rep.name)!.plus(amount));
    }
    // One Lost deal with a visit: otherwise stage Lost and kind Visit match no row, an error under --strict.
    lines.push('L1,Ann,2026-08-01,2026-08-01,1.000,Lost,Visit');
    w = workdir({ 'us.csv': `${lines.join('\n')}\n` });
    copyInto(w.dir, 'test/fixtures/evaluate/salesgrade.yaml', 'salesgrade.yaml');
    copyInto(w.dir, 'test/fixtures/evaluate/roster.csv', 'roster.csv');
    const r = run(w.dir, ['evaluate', 'us.csv', '--period', '2026-Q3', '-f', 'json', '--no-workbook', '--strict', '-q']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.filter((f: any) => f.source === 'us.csv' && f.code !== 'rep-not-in-roster')).toEqual([]);
    expect(doc.rows.counted).toBe(10_001);
    const actual = Object.fromEntries(doc.reps.filter((x: any) => revenue.has(x.rep)).map((x: any) => [x.rep, x.kpis.find((k: any) => k.kpi === 'revenue').actual]));
    expect(actual).toEqual(Object.fromEntries([...revenue].map(([k, v]) => [k, v.toString()])));
    const ranked = doc.reps.filter((x: any) => revenue.has(x.rep)).sort((a: any, b: any) => a.rank - b.rank).map((x: any) => x.rep);
    expect(ranked).toEqual(['Ann', 'Bob', 'Cid', 'Dee', 'Eve']);
  });
});
