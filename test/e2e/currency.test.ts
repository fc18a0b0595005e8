// Issue 10.3 end to end: an amount in another currency is an error at its cell (and --strict fails),
// unless the rubric gives a rate; then it is converted exactly, the finding says how, and the rates
// are in the run manifest (JSON and the workbook's Summary).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEvaluationSchema, validate } from '../unit/report/evaluation-schema-check.js';
import { dumpWorkbook } from '../unit/report/workbook-dump.js';
import { copyInto, repoRoot, run, workdir } from './evaluate-helpers.js';

const CSV = ['Deal ID,Rep,Date,Close Date,Amount,Stage,Activity Type', 'D1,Alice,2026-07-01,2026-07-10,"60,000",Won,', 'D2,Alice,2026-07-02,2026-08-20,"$1,200.00",Won,', 'D3,Bob,2026-07-04,2026-07-15,€800.00,Won,', 'D4,Bob,2026-07-05,2026-07-16,"¥2,000",Won,', 'D5,Bob,2026-07-06,2026-07-17,100,Lost,Visit', ''].join('\n');

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());
beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
});

function setup(money: string): string {
  w = workdir({ 'q3.csv': CSV });
  copyInto(w.dir, 'test/fixtures/evaluate/salesgrade.yaml', 'salesgrade.yaml');
  copyInto(w.dir, 'test/fixtures/evaluate/roster.csv', 'roster.csv');
  const path = join(w.dir, 'salesgrade.yaml');
  writeFileSync(path, readFileSync(path, 'utf8').replace('currency: USD', money));
  return w.dir;
}

describe('mixed currencies in one amount column (issue 10.3)', () => {
  it('under currency CNY without rates: $ and € are errors at their cells, --strict fails', () => {
    const dir = setup('currency: CNY');
    const r = run(dir, ['evaluate', 'q3.csv', '--period', '2026-Q3', '-f', 'json', '--no-workbook', '--strict', '-q']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    const found = doc.findings.filter((f: any) => f.code === 'foreign-currency').map((f: any) => [f.line, f.column, f.severity]);
    expect(found).toEqual([
      [3, 32, 'error'],
      [4, 30, 'error'],
    ]);
    expect(doc.rows.excluded['bad-value']).toBe(2);
    expect(doc.manifest.fx).toBeUndefined();
  });

  it('with fx rates: converted exactly, each conversion a finding at its cell, the rates in the JSON manifest and the workbook Summary', async () => {
    const dir = setup('currency: CNY\nfx: { USD: 7.2, EUR: 7.8 }');
    const r = run(dir, ['evaluate', 'q3.csv', '--period', '2026-Q3', '-f', 'json', '--no-workbook', '--strict', '-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc, loadEvaluationSchema())).toEqual([]);
    expect(doc.manifest.fx).toEqual({ USD: '7.2', EUR: '7.8' });
    expect(doc.findings.filter((f: any) => f.code === 'currency-converted').map((f: any) => [f.line, f.column, f.message])).toEqual([
      [3, 32, 'amount: 1200 USD × 7.2 (fx) = 8640 CNY'],
      [4, 30, 'amount: 800 EUR × 7.8 (fx) = 6240 CNY'],
    ]);
    const revenue = Object.fromEntries(doc.reps.map((x: any) => [x.rep, x.kpis.find((k: any) => k.kpi === 'revenue')?.actual]));
    expect(revenue).toMatchObject({ Alice: '68640', Bob: '8240' });
    const wb = run(dir, ['evaluate', 'q3.csv', '--period', '2026-Q3', '-w', 'out.xlsx', '-q']);
    expect(wb.status).toBe(0);
    const dump = await dumpWorkbook(readFileSync(join(dir, 'out.xlsx')));
    const summary = dump[0]!;
    // the data sheet notes the conversion on the row (a CSV finding has a line:column, so it notes the row's first cell)
    const data = dump.find((x) => x.name.startsWith('Data'))!;
    expect(data.cells.A3!.note).toBe('currency-converted: amount: 1200 USD × 7.2 (fx) = 8640 CNY');
    const rows = Object.entries(summary.cells).filter(([a]) => a.startsWith('A'));
    const at = rows.find(([, c]) => c.v === 'Exchange rates (CNY per unit)');
    expect(at).toBeDefined();
    expect(summary.cells[`B${at![0].slice(1)}`]!.v).toBe('USD 7.2 · EUR 7.8');
  });
});
