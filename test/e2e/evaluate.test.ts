// `salesgrade evaluate` end to end, through the binary in a temp directory.
//
// The data (2026-Q3, plus Q2 rows that only count for the period list) and the hand computation,
// with the fixture rubric (revenue 50 pts target 100,000 cap 1.5; win rate 20 pts target 0.5;
// visits 30 pts target 10 cap 1):
//   Alice  revenue 60,000 + 50,000 = 110,000 → 1.1 → 55; win 2/3 ÷ 0.5 = 1.3333… → 26.666…;
//          visits 12 → 1.2 capped 1 → 30.            Σ 111.666… → 111.67 Senior (roster mid → promoted)
//   Bob    revenue 40,000 → 0.4 → 20; win 1/3 ÷ 0.5 → 13.333…; visits 8 → 24.  Σ 57.333… → 57.33 Junior
//   Cara   revenue 90,000 → 0.9 → 45; win 1/1 ÷ 0.5 = 2 (no cap) → 40; visits 0 → 0.  Σ 85.00 Mid
//   Eve    (not in the roster) visits 5 → 15; no closed deal: win rate has no value → 0.  Σ 15.00 Junior
//   Dan    (roster, no activity) 0.00 Junior
// Messy rows: a Total row, an exact duplicate of a Bob deal, a bad amount (an error finding).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEvaluationSchema, validate } from '../unit/report/evaluation-schema-check.js';
import { copyInto, normalise, repoRoot, run, workdir } from './evaluate-helpers.js';

function dataCsv(options: { badAmount?: boolean; formulaRep?: boolean } = {}): string {
  const rows: string[] = ['Deal ID,Rep,Date,Close Date,Amount,Stage,Activity Type'];
  const visit = (rep: string, n: number, month = '08') => {
    for (let i = 1; i <= n; i++) rows.push(`,${rep},2026-${month}-${String(i).padStart(2, '0')},,,,Visit`);
  };
  rows.push('D1,Alice,2026-07-01,2026-07-10,"60,000",Won,');
  rows.push('D2,Alice,2026-07-02,2026-08-20,"$50,000",Won,');
  rows.push('D3,Alice,2026-07-03,2026-09-01,20000,Lost,');
  visit('Alice', 12);
  rows.push('D4,Bob,2026-07-04,2026-07-15,40000,Won,');
  rows.push('D4,Bob,2026-07-04,2026-07-15,40000,Won,'); // exact duplicate
  rows.push('D5,Bob,2026-07-05,2026-08-15,10000,Lost,');
  rows.push('D6,Bob,2026-07-06,2026-09-15,5000,Lost,');
  visit('Bob', 8);
  rows.push('D7,Cara,2026-07-07,2026-09-29,90000,Won,');
  visit('Eve', 5, '09');
  visit('Alice', 3, '05'); // 2026-Q2: not in the evaluated period
  if (options.badAmount) rows.push('D8,Cara,2026-07-08,2026-07-20,lots,Won,');
  if (options.formulaRep) rows.push(',"=HYPERLINK(""http://x"")",2026-08-03,,,,Visit');
  rows.push('Total,,,,"275,000",,');
  return `${rows.join('\n')}\n`;
}

let w: { dir: string; cleanup: () => void };
function setup(options: Parameters<typeof dataCsv>[0] = {}): string {
  w = workdir({ 'q3.csv': dataCsv(options) });
  copyInto(w.dir, 'test/fixtures/evaluate/salesgrade.yaml', 'salesgrade.yaml');
  copyInto(w.dir, 'test/fixtures/evaluate/roster.csv', 'roster.csv');
  return w.dir;
}
afterEach(() => w?.cleanup());

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
});

describe('salesgrade evaluate', () => {
  it('scores the hand-computed example (JSON), byte-identical between runs', () => {
    const dir = setup();
    const a = run(dir, ['evaluate', 'q3.csv', '-f', 'json', '--no-workbook']);
    expect(a.stderr).toBe('period 2026-Q3: the latest in the data (choose another with --period)\n');
    expect(a.status).toBe(0);
    const b = run(dir, ['evaluate', 'q3.csv', '-f', 'json', '--no-workbook']);
    expect(b.stdout).toBe(a.stdout);
    const doc = JSON.parse(a.stdout);
    expect(validate(doc, loadEvaluationSchema())).toEqual([]);
    const score = Object.fromEntries(doc.reps.map((r: any) => [r.rep, [r.rank, r.score, r.decision.tier, r.decision.movement]]));
    expect(score).toEqual({
      Alice: [1, '111.67', 'senior', 'promoted'],
      // The data covers 2026-Q2 only from 05-01 (three visits): a partly covered period is graded but
      // does not count toward movement, so Cara (no Q2 rows) is not demoted there and stays the roster's
      // mid — before, she was demoted in Q2 and "promoted" back in Q3, an artefact of the missing April.
      Cara: [2, '85', 'mid', 'unchanged'],
      Bob: [3, '57.33', 'junior', 'unchanged'],
      Eve: [4, '15', 'junior', 'new'],
      Dan: [5, '0', 'junior', 'unchanged'],
    });
    const alice = doc.reps[0];
    expect(alice.kpis.map((k: any) => [k.kpi, k.actual, k.attainment, k.points])).toEqual([
      ['revenue', '110000', '1.1', '55'],
      ['win_rate', expect.stringMatching(/^0\.6666/), expect.stringMatching(/^1\.3333/), expect.stringMatching(/^26\.666/)],
      ['visits', '12', '1.2', '30'],
    ]);
    const eve = doc.reps.find((r: any) => r.rep === 'Eve');
    expect(eve).toMatchObject({ inRoster: false, team: '(unassigned)' });
    expect(eve.kpis[1]).toMatchObject({ actual: null, attainment: null, points: '0' });
    expect(doc.manifest).toMatchObject({
      rubric: { name: 'Inside sales test', path: 'salesgrade.yaml' },
      inputs: [{ path: 'q3.csv', rows: expect.any(Number) }],
      roster: { path: 'roster.csv' },
      period: '2026-Q3',
      asOf: null,
    });
    expect(doc.periods).toEqual(['2026-Q2', '2026-Q3']);
    expect(doc.rows.excluded['totals-row']).toBe(1);
    expect(doc.rows.excluded.duplicate).toBe(1);
    expect(doc.distribution.map((d: any) => [d.tier, d.count])).toEqual([
      ['senior', 1],
      ['mid', 1],
      ['junior', 3],
    ]);
  });

  it('prints the terminal report (golden), within 100 columns, and writes the workbook in the cwd', async () => {
    const dir = setup();
    const r = run(dir, ['evaluate', 'q3.csv']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('wrote q3.salesgrade.xlsx');
    await expect(normalise(r.stdout)).toMatchFileSnapshot('golden/evaluate-table.txt');
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(existsSync(join(dir, 'q3.salesgrade.xlsx'))).toBe(true);
    // same inputs, same workbook bytes
    const first = readFileSync(join(dir, 'q3.salesgrade.xlsx'));
    expect(run(dir, ['evaluate', 'q3.csv', '-w', 'again.xlsx']).status).toBe(0);
    expect(readFileSync(join(dir, 'again.xlsx')).equals(first)).toBe(true);
  });

  it('annotates every source row in the workbook data sheet; --data-rows leaves the data sheets out', async () => {
    const dir = setup();
    expect(run(dir, ['evaluate', 'q3.csv', '-w', 'out.xlsx', '-q']).status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'out.xlsx'));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Summary', 'Scorecard', 'Teams', 'Regions', 'Tier history', 'Findings', 'Data q3']);
    const data = wb.getWorksheet('Data q3')!;
    const values = (r: number) => Array.from((data.getRow(r).values as unknown[]).slice(1), (v) => v ?? null);
    expect(values(1).slice(-3)).toEqual(['Counted in', 'Excluded because', 'Source row']);
    expect(values(2).slice(-3)).toEqual(['deals_closed, deals_won, revenue, win_rate', null, 2]); // D1 Alice Won
    expect(data.rowCount).toBe(38); // header + every one of the 37 source rows, counted or not
    const reasons = Array.from({ length: 37 }, (_, i) => values(i + 2).at(-2)).filter(Boolean);
    expect(reasons).toEqual([
      expect.stringMatching(/^duplicate/),
      expect.stringMatching(/^out of period/),
      expect.stringMatching(/^out of period/),
      expect.stringMatching(/^out of period/),
      expect.stringMatching(/^totals row/),
    ]);
    const limited = run(dir, ['evaluate', 'q3.csv', '-w', 'small.xlsx', '--data-rows', '10']);
    expect(limited.status).toBe(0);
    expect(limited.stderr).toContain('note: more than 10 source rows: the workbook leaves out the data sheets (raise with --data-rows N)\n');
    const small = new ExcelJS.Workbook();
    await small.xlsx.readFile(join(dir, 'small.xlsx'));
    expect(small.worksheets.map((ws) => ws.name)).toEqual(['Summary', 'Scorecard', 'Teams', 'Regions', 'Tier history', 'Findings']);
  });

  it('renders CSV and Markdown; a formula-looking rep name stays inert text', async () => {
    const dir = setup({ formulaRep: true });
    const csv = run(dir, ['evaluate', 'q3.csv', '-f', 'csv', '--no-workbook']);
    expect(csv.status).toBe(0);
    const lines = csv.stdout.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Rank,Rep,Team,Region,Manager,Score,Tier,Previous tier,Qualified tier,Movement,Revenue Actual,Revenue Target,Revenue Attainment,Revenue Points,Win rate Actual,Win rate Target,Win rate Attainment,Win rate Points,Visits Actual,Visits Target,Visits Attainment,Visits Points,To next tier (Points),Bonus ×,Training,Level',
    );
    // Previous tier: the roster's Mid (the partly covered 2026-Q2 no longer demotes her first).
    expect(lines[1]!.startsWith('1,Alice,North A,North,Mia,111.67,Senior,Mid,Senior,promoted,110000,100000,1.1,55,')).toBe(true);
    expect(lines.filter((l) => l.includes('HYPERLINK'))).toEqual([expect.stringContaining(`,"'=HYPERLINK(""http://x"")",(unassigned),`)]);
    expect(lines.some((l) => /(^|,)=/.test(l))).toBe(false);
    const md = run(dir, ['evaluate', 'q3.csv', '-f', 'md', '--no-workbook']);
    expect(md.status).toBe(0);
    await expect(normalise(md.stdout)).toMatchFileSnapshot('golden/evaluate-md.md');
  });

  it('reads several exports as one: the same scores as the single file, one input per file', () => {
    const dir = setup();
    const [header, ...body] = dataCsv().trimEnd().split('\n');
    const half = Math.floor(body.length / 2);
    writeFileSync(join(dir, 'part1.csv'), `${[header, ...body.slice(0, half)].join('\n')}\n`);
    writeFileSync(join(dir, 'part2.csv'), `${[header, ...body.slice(half)].join('\n')}\n`);
    const one = JSON.parse(run(dir, ['evaluate', 'q3.csv', '-f', 'json', '--no-workbook', '-q']).stdout);
    const two = JSON.parse(run(dir, ['evaluate', 'part1.csv', 'part2.csv', '-f', 'json', '--no-workbook', '-q']).stdout);
    const scores = (doc: any) => doc.reps.map((r: any) => [r.rep, r.score, r.decision.tier]);
    expect(scores(two)).toEqual(scores(one));
    expect(two.manifest.inputs.map((f: any) => [f.path, f.rows])).toEqual([
      ['part1.csv', half],
      ['part2.csv', body.length - half],
    ]);
    expect(two.rows.read).toBe(one.rows.read);
  });

  it('--strict exits 1 when the data has errors; without it the run succeeds', () => {
    const dir = setup({ badAmount: true });
    const plain = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json']);
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout).findings.filter((f: any) => f.severity === 'error')).toHaveLength(1);
    const strict = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '--strict', '-q']);
    expect(strict.status).toBe(1);
    // -q silences notes, not the reason for a failing exit (before: nothing on stderr).
    expect(strict.stderr).toMatch(/^salesgrade: --strict: \d+ data errors? found.*\n$/);
  });

  it('--history reads an earlier JSON result as the tier history', () => {
    const dir = setup();
    const q2 = run(dir, ['evaluate', 'q3.csv', '--period', '2026-Q2', '-f', 'json', '--no-workbook']);
    expect(q2.status).toBe(0);
    writeFileSync(join(dir, 'q2.json'), q2.stdout);
    const withHistory = run(dir, ['evaluate', 'q3.csv', '--history', 'q2.json', '-f', 'json', '--no-workbook']);
    expect(withHistory.status).toBe(0);
    const doc = JSON.parse(withHistory.stdout);
    expect(doc.reps.find((r: any) => r.rep === 'Alice').decision.current).toBeDefined();
    const broken = run(dir, ['evaluate', 'q3.csv', '--history', 'roster.csv', '--no-workbook']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^salesgrade: roster\.csv: not JSON: /);
  });

  it('never writes the report over an input', () => {
    const dir = setup();
    const before = readFileSync(join(dir, 'q3.csv'));
    const r = run(dir, ['evaluate', 'q3.csv', '-o', 'q3.csv']);
    expect(r.status).toBe(2);
    // refused before the data is read (issue 10 item 19): one error line, no period note, no report
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'q3.csv')).equals(before)).toBe(true);
  });

  it('-o writes the -f payload, never an XLSX zip under a .csv name (issue 16); an extension that contradicts -f is a usage error', () => {
    const dir = setup();
    const r = run(dir, ['evaluate', 'q3.csv', '-f', 'csv', '-o', 'ranks.csv']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('wrote ranks.csv\n');
    expect(readFileSync(join(dir, 'ranks.csv'), 'utf8')).toMatch(/^\uFEFF?Rank,Rep,/);
    // -f json with a .csv name: refused first (a data file that does not exist is not even looked at)
    const contradicts = run(dir, ['evaluate', 'nope.csv', '-o', 'out.csv', '-f', 'json']);
    expect(contradicts.stderr).toBe('salesgrade: -o out.csv: a .csv name, but -f json writes JSON (use -f csv, or a name ending .json)\n');
    expect(contradicts.status).toBe(2);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    // .xlsx in any case is still read as the workbook (-w), with a warning
    const upper = run(dir, ['evaluate', 'q3.csv', '-f', 'json', '-o', 'Q3.XLSX']);
    expect(upper.status).toBe(0);
    expect(JSON.parse(upper.stdout).format).toBe('salesgrade-evaluation');
    expect(upper.stderr).toContain('salesgrade: warning: -o Q3.XLSX: -o FILE.xlsx is read as -w FILE.xlsx for now');
    expect(existsSync(join(dir, 'Q3.XLSX'))).toBe(true);
  });
});

describe('salesgrade evaluate: wrong inputs end in one line, exit 2', () => {
  const cases: [string, (dir: string) => string[], RegExp][] = [
    [
      'a metric field missing from the export',
      (dir) => {
        writeFileSync(join(dir, 'nostage.csv'), 'Rep,Date,Close Date,Amount,Activity Type\nAlice,2026-07-01,2026-07-02,100,Visit\n');
        return ['evaluate', 'nostage.csv'];
      },
      /^salesgrade: nostage\.csv: no column for field "stage" \(tried: Stage\), needed by metric revenue, deals_won, deals_closed \(header row 1 has: Rep, Date, Close Date, Amount, Activity Type\)\n$/,
    ],
    ['a period with no rows', () => ['evaluate', 'q3.csv', '--period', '2025-Q1'], /^salesgrade: q3\.csv: no rows fall in period 2025-Q1 \(2025-01-01 … 2025-03-31\) \(the data covers 2026-Q2, 2026-Q3\)\n$/],
    [
      'a roster in another format',
      (dir) => {
        writeFileSync(join(dir, 'people.csv'), 'Employee No,Dept\n1001,A\n');
        return ['evaluate', 'q3.csv', '--roster', 'people.csv'];
      },
      /^salesgrade: people\.csv: the roster has no rep column: expected one of .*; found "Employee No", "Dept" \(name the column in roster\.fields\.rep\)\n$/,
    ],
    ['a data file that does not exist', () => ['evaluate', 'nope.xlsx'], /^salesgrade: .*nope\.xlsx.*\n$/],
    ['a bad --as-of', () => ['evaluate', 'q3.csv', '--as-of', '2026/08/01'], /^salesgrade: --as-of: expected a date YYYY-MM-DD, found "2026\/08\/01"\n$/],
    // Before: accepted (Date.parse rolls it to 03-02) and silently ignored by the engine, all of Q3 counted.
    ['an impossible --as-of (2026-02-30)', () => ['evaluate', 'q3.csv', '--as-of', '2026-02-30'], /^salesgrade: --as-of: expected a date YYYY-MM-DD, found "2026-02-30"\n$/],
    ['an impossible --as-of (2026-13-01)', () => ['evaluate', 'q3.csv', '--as-of', '2026-13-01'], /^salesgrade: --as-of: expected a date YYYY-MM-DD, found "2026-13-01"\n$/],
    ['a bad --period', () => ['evaluate', 'q3.csv', '--period', 'Q7'], /^salesgrade: .*Q7.*\n$/],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => {
      const dir = setup();
      const r = run(dir, [...args(dir), '--no-workbook', '-q']);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(expected);
      expect(r.status).toBe(2);
    });
  }
});
