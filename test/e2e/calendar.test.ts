// Calendars past their data (issue 10, item 4), end to end through `evaluate` and `explain`.
//
// The week 2026-W53 runs Monday 2026-12-28 … Sunday 2027-01-03. The bundled cn data ends with 2026, so
// the four days of 2026 are known and 2027-01-01 (a Friday, New Year's Day) is not. A yearly target of
// 1,000,000 prorated by working days (no seasonality: each month's share by its working days):
//   cn 2026 has 248 working days, December 23  → Dec 28–31 = 4/23 of December = 4/248 of 2026
//   with a calendar file giving 2027-01-01 off → Jan 1 is not a working day: 0 of 2027
//     target = 1,000,000 × 4/248 = 16,129.03…
//   with --weekday-fallback (2027 Monday–Friday: 261 days, January 21) → + 1/261 of 2027
//     target = 1,000,000 × (4/248 + 1/261) = 19,960.45… — 23.75% too high, which is why it is refused by default
// Pacing as of Wednesday 2026-12-30: 3 of 4 working days with the file, 3 of 5 with the fallback.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { run, workdir } from './evaluate-helpers.js';

const RUBRIC = `salesgrade: 1
name: Week test
locale: en
currency: CNY
period: week
source:
  fields:
    rep: [Rep]
    date: { headers: [Date], type: date }
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount }
kpis:
  - { metric: revenue, weight: 100, target: { default: 1000000, per: year } }
tiers:
  - { id: a, min_score: 50 }
  - { id: b, min_score: 0 }
quota:
  annual: { revenue: 1000000 }
  calendar: CALENDAR
`;
const DATA = 'Rep,Date,Amount\nAnn,2026-12-28,5000\nBob,2026-12-29,3000\n';
// A plausible whole 2027 (17 weekday holidays, two make-up Saturdays), as a company would list it
// before the State Council's notice is in the bundled data.
const HOLIDAYS_2027 = [
  'date,kind,name',
  '2027-01-01,off,New Year',
  ...['06', '07', '08', '09', '10', '11', '12'].map((d) => `2027-02-${d},off,Spring Festival`),
  '2027-02-20,work,make-up day',
  '2027-04-05,off,Qingming',
  ...['03', '04', '05'].map((d) => `2027-05-${d},off,Labour Day`),
  '2027-06-09,off,Dragon Boat',
  '2027-09-15,off,Mid-Autumn',
  ...['01', '04', '05', '06', '07'].map((d) => `2027-10-${d},off,National Day`),
  '2027-10-09,work,make-up day',
  '',
].join('\n');
/** Only New Year's Day and a weekend: a file that forgot the rest of the year. */
const THIN_2027 = 'date,kind,name\n2027-01-01,off,New Year\n2027-02-06,off,Spring Festival\n2027-02-07,off,Spring Festival\n';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(calendar: string, files: Record<string, string> = {}): string {
  const w = workdir({ 'r.yaml': RUBRIC.replace('CALENDAR', calendar), 'd.csv': DATA, ...files });
  cleanup = w.cleanup;
  return w.dir;
}

function annTarget(stdout: string): { target: string; targetSource: string } {
  const j = JSON.parse(stdout) as { reps: { rep: string; kpis: { target: string; targetSource: string }[] }[] };
  return j.reps.find((r) => r.rep === 'Ann')!.kpis[0]!;
}

describe('a 2027 week on the cn calendar', () => {
  it('evaluate refuses without a calendar file or --weekday-fallback: exit 2, one line naming the year and the fixes', () => {
    const dir = setup('cn');
    for (const args of [
      ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook'],
      ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '--strict', '-f', 'json'],
      ['explain', 'd.csv', '-r', 'r.yaml', '--rep', 'Ann'],
    ]) {
      const r = run(dir, args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('salesgrade:'));
      expect(lines).toEqual([
        "salesgrade: the cn calendar has China's official holidays and make-up workdays for 2004–2026 (chinese-days 1.5.7); 2027 is not covered (list 2027's holidays and workdays in a calendar file (calendar: { base: cn, file: … }), or pass --weekday-fallback to count Monday–Friday with a warning)",
      ]);
    }
  });

  it('pacing inside the week is refused too (not counted 3/5)', () => {
    const dir = setup('cn');
    const r = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '--as-of', '2026-12-30', '--period', '2026-W53']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('2027 is not covered');
  });

  it('--weekday-fallback: Monday–Friday, a warning in the report header, the JSON manifest and the findings', () => {
    const dir = setup('cn');
    const t = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '--weekday-fallback', '--as-of', '2026-12-30']);
    expect(t.status).toBe(0);
    const head = t.stdout.split('\n\n')[0]!;
    expect(head).toContain('Pacing 3/5 workdays');
    expect(head).toContain('warning: no official cn holidays for 2027: working days counted Monday–Friday (--weekday-fallback)');

    const j = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '--weekday-fallback', '-f', 'json']);
    expect(j.status).toBe(0);
    const doc = JSON.parse(j.stdout) as { manifest: { calendar?: unknown }; findings: { code: string; severity: string; message: string }[] };
    expect(doc.manifest.calendar).toEqual({ name: 'cn, 2027 Monday–Friday', weekdayFallback: [2027] });
    // The one-week export also covers 2026-W53 only in part (period-partly-covered): not this test's concern.
    const own = doc.findings.filter((f) => f.code !== 'period-partly-covered');
    expect(own.map((f) => [f.code, f.severity])).toEqual([['calendar-weekday-fallback', 'warning']]);
    const k = annTarget(j.stdout);
    expect(k.target.slice(0, 11)).toBe('19960.44988');
    // the proration names what was really used, not "working days (cn)"
    expect(k.targetSource).toBe('default, per year, prorated by working days (cn, 2027 Monday–Friday): 1.61% of 2026 + 0.38% of 2027; target ×0.02 from year');

    const md = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '--weekday-fallback', '-f', 'md']);
    expect(md.stdout).toContain('no official cn holidays for 2027');
  });

  it('a calendar file that gives 2027 (date, off/work, name) extends cn: 4 working days, no warning', () => {
    const dir = setup('{ base: cn, file: holidays-2027.csv }', { 'holidays-2027.csv': HOLIDAYS_2027 });
    const j = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json', '--as-of', '2026-12-30']);
    expect(j.status).toBe(0);
    const doc = JSON.parse(j.stdout) as { manifest: { calendar?: unknown }; findings: { code: string }[]; pacing: unknown };
    expect(doc.manifest.calendar).toBeUndefined();
    expect(doc.findings.filter((f) => (f as { code: string }).code !== 'period-partly-covered')).toEqual([]);
    expect(doc.pacing).toEqual({ elapsedWorkdays: 3, totalWorkdays: 4, fraction: '0.75' });
    const k = annTarget(j.stdout);
    expect(k.target.slice(0, 11)).toBe('16129.03225'); // 1,000,000 × 4/248
    expect(k.targetSource).toBe('default, per year, prorated by working days (cn+custom): 1.61% of 2026 + 0.00% of 2027; target ×0.0161 from year');
    // the same with the flag: the file wins, nothing falls back
    const f = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json', '--weekday-fallback']);
    expect(annTarget(f.stdout).target).toBe(k.target);
    expect((JSON.parse(f.stdout) as { manifest: { calendar?: unknown } }).manifest.calendar).toBeUndefined();
  });

  it('a calendar file that gives 2027 only New Year and a weekend: used, but warned (calendar-year-thin) in en and zh-CN; --fail-on warning fails; quota warns', () => {
    const dir = setup('{ base: cn, file: holidays-2027.csv }', { 'holidays-2027.csv': THIN_2027 });
    const j = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json']);
    expect(j.status, j.stderr).toBe(0);
    const doc = JSON.parse(j.stdout) as { findings: { code: string; severity: string; message: string; data?: Record<string, string> }[] };
    const thin = doc.findings.filter((f) => f.code === 'calendar-year-thin');
    expect(thin).toHaveLength(1);
    expect(thin[0]).toMatchObject({ severity: 'warning', data: { year: '2027', holidays: '1' } });
    expect(thin[0]!.message).toContain('quota.calendar gives 2027 too few holidays to be its whole schedule (weekday holidays: 1; an official cn year has at least 16)');
    // the same target as with the whole file: this week's one 2027 weekday is New Year either way
    expect(annTarget(j.stdout).target.slice(0, 11)).toBe('16129.03225');
    const zh = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '--locale', 'zh-CN']);
    expect(zh.stdout).toContain('calendar-year-thin        ×1  r.yaml:20:13  quota.calendar 给出的 2027 年假日太少');
    expect(run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '--fail-on', 'warning']).status).toBe(1);
    // the whole year: no warning
    const full = setup('{ base: cn, file: holidays-2027.csv }', { 'holidays-2027.csv': HOLIDAYS_2027 });
    const f = JSON.parse(run(full, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json']).stdout) as { findings: { code: string }[] };
    expect(f.findings.map((x) => x.code)).not.toContain('calendar-year-thin');
    // quota plans 2027 with the thin file and says the same on stderr, located at quota.calendar
    const qdir = setup('{ base: cn, file: holidays-2027.csv }', { 'roster.csv': 'Rep,Team\nAnn,East\nBob,East\n', 'holidays-2027.csv': THIN_2027 });
    const q = run(qdir, ['quota', '-r', 'r.yaml', '--roster', 'roster.csv', '--year', '2027', '-f', 'json']);
    expect(q.status, q.stderr).toBe(0);
    expect(q.stderr).toMatch(/r\.yaml:20:13.*quota\.calendar gives 2027 too few holidays.*calendar-year-thin/);
  });

  // A calendar workbook read its first visible sheet: a cover sheet before the dates ended the run, a
  // second sheet of dates was dropped without a word. The sheet is chosen by its date and kind columns.
  it('an XLSX calendar: a cover sheet passed over; a second sheet of dates is a sheet-ambiguous error naming both sheets', async () => {
    const dir = setup('{ base: cn, file: h.xlsx }');
    const rows = HOLIDAYS_2027.trimEnd().split('\n').map((l) => l.split(','));
    const write = async (sheets: [string, string[][]][]) => {
      const wb = new ExcelJS.Workbook();
      for (const [name, r] of sheets) wb.addWorksheet(name).addRows(r);
      await wb.xlsx.writeFile(join(dir, 'h.xlsx'));
    };
    await write([
      ['Cover', [['2027 holidays'], ['from the State Council notice']]],
      ['2027', rows],
    ]);
    const ok = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json', '--as-of', '2026-12-30']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(annTarget(ok.stdout).target.slice(0, 11)).toBe('16129.03225');
    await write([
      ['H1', rows.slice(0, 12)],
      ['H2', [rows[0]!, ...rows.slice(12)]],
    ]);
    const two = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-f', 'json', '--as-of', '2026-12-30']);
    expect([two.status, two.stdout]).toEqual([2, '']);
    expect(two.stderr).toMatch(/^salesgrade: h\.xlsx H1: read sheet "H1", the first visible sheet whose header has date and 2 more fields \(kind, name\); "H2" has a matching header too and is not read, so its rows are not used/);
  });

  it('a calendar file row with a bad date or kind is refused at its line:col', () => {
    const dir = setup('{ base: cn, file: h.csv }', { 'h.csv': 'date,kind,name\n2027-01-01,off,New Year\n2027-02-07,wrk,Spring Festival\n' });
    const r = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('salesgrade: h.csv:3:12: kind: expected off or work, found "wrk" (run: salesgrade check)');
  });

  it('a missing calendar file is refused, naming it', () => {
    const dir = setup('{ base: cn, file: nowhere.csv }');
    const r = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nowhere\.csv.*not found/);
  });

  it('quota behaves alike: refuses 2027 without the file, plans it with the file', () => {
    const dir = setup('cn', { 'roster.csv': 'Rep,Team\nAnn,East\nBob,East\n' });
    const r = run(dir, ['quota', '-r', 'r.yaml', '--roster', 'roster.csv', '--year', '2027']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('2027 is not covered');
    const withFile = setup('{ base: cn, file: holidays-2027.csv }', { 'roster.csv': 'Rep,Team\nAnn,East\nBob,East\n', 'holidays-2027.csv': HOLIDAYS_2027 });
    const q = run(withFile, ['quota', '-r', 'r.yaml', '--roster', 'roster.csv', '--year', '2027', '-f', 'json']);
    expect(q.status).toBe(0);
    const plan = JSON.parse(q.stdout) as { calendar: { name: string } };
    expect(plan.calendar.name).toBe('cn+custom');
  });
});
