// `salesgrade quota` through the built CLI (in-process, test/e2e/evaluate-helpers.ts), in a temp folder holding copies of the fixtures.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { run } from './evaluate-helpers.js';

const root = join(import.meta.dirname, '..', '..');

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-quota-'));
  cpSync(join(root, 'test/fixtures/quota'), dir, { recursive: true });
  return dir;
}

function sum(xs: (string | number)[]): bigint {
  return xs.reduce<bigint>((a, b) => a + BigInt(b), 0n);
}

/** `quota -f json` ended cleanly with the three teams' annual targets as the targets file gives them. */
function expectTheThreeTeamTargets(ok: { status: number | null; stdout: string; stderr: string }): void {
  expect([ok.status, ok.stderr]).toEqual([0, '']);
  expect(JSON.parse(ok.stdout).teams.map((t: { name: string; amounts: { revenue: { target: number } } }) => [t.name, t.amounts.revenue.target])).toEqual([
    ['华东一组', 20000000],
    ['华东二组', 3000000],
    ['华南一组', 25000000],
  ]);
}

const dir = workdir();

describe('quota: terminal', () => {
  test('the plan by month with the cn working days and the ramped rep marked', () => {
    const r = run(dir, ['quota', '--year', '2026']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('2026 年度目标分解  2026-01-01 – 2026-12-31 · 日历 cn · 按月');
    expect(lines[1]).toBe('回款：目标 ¥48,000,000 · 计划 ¥44,574,000 · 新人爬坡减少 ¥3,426,000（由团队承担） · 取整到 100');
    expect(lines).toContain('2026-10  2026-10-01  2026-10-31      18   ¥4,320,000    9.7%');
    expect(lines).toContain('合计     2026-01-01  2026-12-31     248  ¥44,574,000  100.0%');
    expect(lines.some((l) => l.startsWith('王五 *    华东二组  初级'))).toBe(true);
    expect(lines).toContain('  王五: 2026-07-15 入职 · 爬坡 25% 50% 75% · 全年有效 41.9%');
  });

  test('--locale en switches the labels', () => {
    const r = run(dir, ['--locale', 'en', 'quota', '--year', '2026', '--by', 'quarter']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Quota plan 2026  2026-01-01 – 2026-12-31 · calendar cn · by quarter');
    expect(r.stdout).toContain('Working days: 01 21 · 02 16 · 03 22 · 04 21 · 05 19 · 06 21 · 07 23 · 08 21 · 09 22 · 10 18 · 11 21 · 12 23');
  });
});

describe('quota: csv and json', () => {
  test('CSV long format: every level × metric × ISO week, columns reconcile', () => {
    const r = run(dir, ['quota', '--year', '2026', '--by', 'week', '-f', 'csv']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['entity', 'level', 'period', 'start', 'end', 'working_days', 'quota', 'metric', 'region', 'team']);
    // (company + 2 regions + 3 teams + 5 reps) × 2 metrics × 53 weeks
    expect(rows.length - 1).toBe(11 * 2 * 53);
    expect(rows[1]).toEqual(['公司', 'company', '2026-W01', '2026-01-01', '2026-01-04', '1', '120300', 'revenue', '', '']);
    const body = rows.slice(1);
    for (const period of ['2026-W01', '2026-W40', '2026-W53']) {
      const at = (level: string) => body.filter((x) => x[1] === level && x[2] === period && x[7] === 'revenue').map((x) => x[6]!);
      expect(sum(at('rep'))).toBe(sum(at('company')));
      expect(sum(at('team'))).toBe(sum(at('company')));
      expect(sum(at('region'))).toBe(sum(at('company')));
    }
    const company = body.filter((x) => x[1] === 'company' && x[7] === 'revenue').map((x) => x[6]!);
    expect(sum(company)).toBe(44_574_000n);
  });

  test('JSON: a stable shape whose levels sum to their parents', () => {
    const r = run(dir, ['quota', '--year', '2026', '-f', 'json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.format).toBe('salesgrade-quota');
    expect(j.rubric.path).toBe('salesgrade.yaml');
    expect(j.roster.path).toBe('roster.csv');
    expect(j.months.map((m: { workingDays: number }) => m.workingDays)).toEqual([21, 16, 22, 21, 19, 21, 23, 21, 22, 18, 21, 23]);
    expect(j.metrics[0]).toEqual({ id: 'revenue', label: '回款', unit: 'money', rounding: 100, target: 48000000, planned: 44574000, relief: 3426000 });
    expect(j.metrics[1]).toMatchObject({ id: 'new_customers', unit: 'count', rounding: 1, target: 120 });
    const reps = j.reps as { amounts: { revenue: { year: number; months: number[] } } }[];
    expect(sum(reps.map((x) => x.amounts.revenue.year))).toBe(BigInt(j.company.amounts.revenue.year));
    for (let m = 0; m < 12; m++) expect(sum(reps.map((x) => x.amounts.revenue.months[m]!))).toBe(BigInt(j.company.amounts.revenue.months[m]));
    expect(j.reps.find((x: { name: string }) => x.name === '王五').amounts.revenue.months.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('quota: workbook', () => {
  test('one sheet per level, a working-days row, SUM totals that reconcile; byte-identical on rerun', async () => {
    const r1 = run(dir, ['quota', '--year', '2026', '--by', 'week', '-w', 'q1.xlsx', '-f', 'json']);
    expect(r1.status).toBe(0);
    expect(r1.stderr).toBe('已写入 q1.xlsx\n'); // the zh-CN rubric's language
    run(dir, ['quota', '--year', '2026', '--by', 'week', '-w', 'q2.xlsx', '-f', 'json']);
    expect(readFileSync(join(dir, 'q1.xlsx')).equals(readFileSync(join(dir, 'q2.xlsx')))).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'q1.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['公司', '区域', '团队', '销售代表', '说明']);
    const company = wb.getWorksheet('公司')!;
    expect(company.getCell('A3').value).toBe('工作日');
    expect(company.getCell('C2').value).toBe('全年');
    expect(company.getCell('D2').value).toBe('2026-W01');
    expect(company.getCell('BD2').value).toBe('2026-W53');
    expect((company.getCell('C3').value as { result: number }).result).toBe(248);
    expect((company.getCell('C4').value as { formula: string; result: number })).toEqual({ formula: 'SUM(D4:BD4)', result: 44574000 });

    const reps = wb.getWorksheet('销售代表')!;
    // columns: name, team, region, tier, start date, ramp, metric, year, weeks…
    expect(reps.getCell('H2').value).toBe('全年');
    const names: string[] = [];
    let total: { formula: string; result: number } | undefined;
    let weekSum = 0;
    reps.eachRow((row, n) => {
      if (n < 4) return;
      const a = row.getCell(1).value;
      if (row.getCell(7).value !== '回款') return;
      if (a === '合计') total = row.getCell(8).value as { formula: string; result: number };
      else {
        names.push(String(a));
        weekSum += (row.getCell(8).value as { result: number }).result;
      }
    });
    // the name cell holds the name alone (sortable, filterable); the ramp has its own column and a note
    expect(names).toEqual(['张三', '李四', '王五', '赵六', '钱七']);
    expect(String(reps.getCell('F6').value)).toContain('2026-07-15 入职');
    expect(total).toEqual({ formula: 'SUM(H4:H8)', result: 44574000 });
    expect(weekSum).toBe(44574000);
    expect(reps.getCell('A6').note).toContain('2026-07-15 入职');
    const notes = wb.getWorksheet('说明')!;
    expect(String(notes.getCell('A4').value)).toContain('调休上班 6 天');
  });
});

describe('quota: inputs and errors', () => {
  test('a custom calendar file extends cn', () => {
    const d = workdir();
    const y = readFileSync(join(d, 'salesgrade.yaml'), 'utf8').replace('calendar: cn', 'calendar: { base: cn, file: holidays.yaml }');
    writeFileSync(join(d, 'salesgrade.yaml'), y);
    const j = JSON.parse(run(d, ['quota', '--year', '2026', '-f', 'json']).stdout);
    expect(j.calendar.name).toBe('cn+custom');
    expect(j.months[11].workingDays).toBe(22);
  });

  test('annual targets per team from a file', () => {
    const d = workdir();
    const y = readFileSync(join(d, 'salesgrade.yaml'), 'utf8').replace('annual: { revenue: 48000000, new_customers: 120 }', 'annual: { file: team-targets.csv, level: team }');
    writeFileSync(join(d, 'salesgrade.yaml'), y);
    const r = run(d, ['quota', '--year', '2026', '-f', 'json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.teams.map((t: { name: string; amounts: { revenue: { target: number } } }) => [t.name, t.amounts.revenue.target])).toEqual([
      ['华东一组', 20000000],
      ['华东二组', 3000000],
      ['华南一组', 25000000],
    ]);
  });

  test('split and seasonality from --history', () => {
    const d = workdir();
    const y = readFileSync(join(d, 'salesgrade.yaml'), 'utf8')
      .replace('split: { by: roster, weights: { senior: 1.5, intermediate: 1.0, junior: 0.7 } }', 'split: { by: history }')
      .replace('seasonality: { months: [6, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 11] }', 'seasonality: { from: history }')
      .replace('annual: { revenue: 48000000, new_customers: 120 }', 'annual: { revenue: 1000000 }')
      .replace('  ramp: { months: [0.25, 0.5, 0.75] }\n', '');
    writeFileSync(join(d, 'salesgrade.yaml'), y);
    const j = JSON.parse(run(d, ['quota', '--year', '2026', '-f', 'json', '--history', 'last-year.csv']).stdout);
    expect(j.seasonality.source).toBe('history');
    // 张三 400k, 李四 200k, 赵六 150k, 钱七 250k; 王五 (new) gets 李四's team mean… team 华东二组 has only
    // him, so the overall mean 250k: weights 400 : 200 : 250 : 150 : 250 of 1,250 (names in code-point order)
    expect(j.reps.map((x: { name: string; amounts: { revenue: { target: number } } }) => [x.name, x.amounts.revenue.target])).toEqual([
      ['张三', 320000],
      ['李四', 160000],
      ['王五', 200000],
      ['赵六', 120000],
      ['钱七', 200000],
    ]);
    // last year's months: Jan 10 %, Mar 15 %, Jun 20 %, Nov 25 %, Dec 30 % (the 合计 row is skipped)
    expect(j.reps[0].amounts.revenue.months).toEqual([32000, 0, 48000, 0, 0, 64000, 0, 0, 0, 0, 80000, 96000]);
  });

  // The annual-targets and history files are read through io/ (io/quota-inputs.ts) with the export
  // rules: a foreign currency sign was stripped and counted, a totals row with another label was counted.
  test('quota inputs: a bad cell stops the run at its place; a totals row is a located note', () => {
    const d = workdir();
    const y = readFileSync(join(d, 'salesgrade.yaml'), 'utf8').replace('annual: { revenue: 48000000, new_customers: 120 }', 'annual: { file: team-targets.csv, level: team }');
    writeFileSync(join(d, 'salesgrade.yaml'), y);
    writeFileSync(join(d, 'team-targets.csv'), '团队,回款\n华东一组,"20,000,000"\n华东二组,"$3,000,000"\n华南一组,25000000\n');
    const bad = run(d, ['quota', '--year', '2026', '-f', 'json']);
    // the finding in the report's language (the rubric is zh-CN; --locale en gives the English one)
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([2, '', 'salesgrade: team-targets.csv:3:6: revenue：应为 ≥ 0 的年度目标，读到 "$3,000,000"（USD）（请换算金额，或在评分规则中给出汇率：fx: { USD: <每 1 USD 合多少 CNY> }）\n']);
    const badEn = run(d, ['--locale', 'en', 'quota', '--year', '2026', '-f', 'json']);
    expect([badEn.status, badEn.stdout, badEn.stderr]).toEqual([2, '', 'salesgrade: team-targets.csv:3:6: revenue: expected an annual target ≥ 0, found "$3,000,000" (USD) (convert the amounts, or give a rate in the rubric: fx: { USD: <CNY per 1 USD> })\n']);
    writeFileSync(join(d, 'team-targets.csv'), '团队,回款\n华东一组,"20,000,000"\n华东二组,3000000\n华南一组,25000000\n总计：,48000000\n');
    const ok = run(d, ['quota', '--year', '2026', '-f', 'json']);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('salesgrade: note: team-targets.csv:5:1: 合计行（"总计："）不作为目标读取 [totals-row]\n');
    expect(JSON.parse(ok.stdout).company.amounts.revenue.target).toBe(48000000);
  });

  // An annual-targets file saved as HTML (.xls) read its first table: a cover table before the targets
  // ended the run, a second targets table was dropped without a word. It is chosen as an export's is.
  test('quota inputs as HTML: a cover table is passed over; a second targets table stops the run (sheet-ambiguous)', () => {
    const d = workdir();
    const y = readFileSync(join(d, 'salesgrade.yaml'), 'utf8').replace('annual: { revenue: 48000000, new_customers: 120 }', 'annual: { file: team-targets.xls, level: team }');
    writeFileSync(join(d, 'salesgrade.yaml'), y);
    const targets = (teams: [string, string][]) => `<table><tr><th>团队</th><th>回款</th></tr>${teams.map(([t, v]) => `<tr><td>${t}</td><td>${v}</td></tr>`).join('')}</table>`;
    const page = (...tables: string[]) => `<html><head><meta charset="utf-8"></head><body>${tables.join('')}</body></html>`;
    const all = targets([
      ['华东一组', '20,000,000'],
      ['华东二组', '3000000'],
      ['华南一组', '25000000'],
    ]);
    writeFileSync(join(d, 'team-targets.xls'), page('<table><tr><td>2026 年度目标</td></tr></table>', all));
    const ok = run(d, ['quota', '--year', '2026', '-f', 'json']);
    expectTheThreeTeamTargets(ok);
    writeFileSync(join(d, 'team-targets.xls'), page(targets([['华东一组', '20,000,000'], ['华东二组', '3000000']]), targets([['华南一组', '25000000']])));
    const two = run(d, ['--locale', 'en', 'quota', '--year', '2026', '-f', 'json']);
    expect([two.status, two.stdout]).toEqual([2, '']);
    expect(two.stderr).toMatch(/^salesgrade: team-targets\.xls: read HTML table 1 \(3 rows\), the first table whose header has team and 1 more field \(revenue\); table 2 \(2 rows\) has a matching header too and is not read, so its rows are not used/);
  });

  // The same file saved as XLSX read its first visible sheet: a cover sheet before the targets ended the
  // run, a second targets sheet was dropped without a word. The sheet is chosen as the HTML table is.
  test('quota inputs as XLSX: a cover sheet is passed over; a second targets sheet stops the run (sheet-ambiguous naming both sheets)', async () => {
    const d = workdir();
    const y = readFileSync(join(d, 'salesgrade.yaml'), 'utf8').replace('annual: { revenue: 48000000, new_customers: 120 }', 'annual: { file: team-targets.xlsx, level: team }');
    writeFileSync(join(d, 'salesgrade.yaml'), y);
    const book = async (sheets: [string, (string | number)[][]][]) => {
      const wb = new ExcelJS.Workbook();
      for (const [name, rows] of sheets) wb.addWorksheet(name).addRows(rows);
      await wb.xlsx.writeFile(join(d, 'team-targets.xlsx'));
    };
    const head = ['团队', '回款'];
    await book([
      ['封面', [['2026 年度目标']]],
      ['目标', [head, ['华东一组', 20000000], ['华东二组', 3000000], ['华南一组', 25000000]]],
    ]);
    const ok = run(d, ['quota', '--year', '2026', '-f', 'json']);
    expectTheThreeTeamTargets(ok);
    await book([
      ['华东', [head, ['华东一组', 20000000], ['华东二组', 3000000]]],
      ['华南', [head, ['华南一组', 25000000]]],
    ]);
    const two = run(d, ['--locale', 'en', 'quota', '--year', '2026', '-f', 'json']);
    expect([two.status, two.stdout]).toEqual([2, '']);
    expect(two.stderr).toMatch(/^salesgrade: team-targets\.xlsx[^\n]*华东[^\n]*: read sheet "华东", the first visible sheet whose header has team and 1 more field \(revenue\); "华南" has a matching header too and is not read, so its rows are not used/);
    const zh = run(d, ['--locale', 'zh-CN', 'quota', '--year', '2026', '-f', 'json']);
    expect(zh.status).toBe(2);
    expect(zh.stderr).toMatch(/已读取工作表 "华东"：第一个表头含 team 及另外 1 个字段（revenue）的可见工作表；"华南" 的表头也匹配，但未读取，其中的行未被使用/);
  });

  test('--locale en and --locale zh-CN JSON differ only in the fields documented as rendered text', () => {
    const en = JSON.parse(run(dir, ['--locale', 'en', 'quota', '--year', '2026', '-f', 'json']).stdout);
    const zh = JSON.parse(run(dir, ['--locale', 'zh-CN', 'quota', '--year', '2026', '-f', 'json']).stdout);
    const paths: string[] = [];
    const walk = (a: unknown, b: unknown, at: string): void => {
      if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
        if (!Object.is(a, b)) paths.push(at);
        return;
      }
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k);
    };
    walk(en, zh, '');
    // src/report/quota-json.ts: locale, metrics[].label, notes, warnings and rampNote are rendered text
    const rendered = [/^locale$/, /^metrics\[\d+\]\.label$/, /^notes\[\d+\]$/, /^warnings\[\d+\]$/, /^(company|(regions|teams|reps)\[\d+\])\.rampNote$/];
    expect(paths.filter((p) => !rendered.some((r) => r.test(p)))).toEqual([]);
    expect(paths).toContain('notes[0]');
    expect(en.noteFacts[0]).toMatchObject({ code: 'seasonality', source: 'months' });
  });

  test('a year outside the cn data: one line, exit 2, nothing on stdout', () => {
    const r = run(dir, ['quota', '--year', '2027']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "salesgrade: the cn calendar has China's official holidays and make-up workdays for 2004–2026 (chinese-days 1.5.7); 2027 is not covered (list 2027's holidays and workdays in a calendar file (calendar: { base: cn, file: … }), or pass --weekday-fallback to count Monday–Friday with a warning)\n",
    );
    const f = run(dir, ['quota', '--year', '2027', '--weekday-fallback', '-f', 'json']);
    expect(f.status).toBe(0);
    // in the report's language (the rubric is zh-CN), like the calendar-weekday-fallback finding
    expect(f.stderr).toBe('salesgrade: warning: cn 日历没有 2027 年的法定节假日和调休工作日：这些年份的工作日按周一至周五计算（--weekday-fallback）；涉及 2027 年的目标和进度可能有偏差\n');
    const en = run(dir, ['--locale', 'en', 'quota', '--year', '2027', '--weekday-fallback', '-f', 'json']);
    expect(en.stderr).toBe('salesgrade: warning: no official cn calendar for 2027: Monday–Friday used (--weekday-fallback)\n');
  });

  test('usage errors', () => {
    expect(run(dir, ['quota', '--year', '26']).stderr).toBe('salesgrade: --year expects a year like 2026, got "26"\n');
    expect(run(dir, ['quota', '--year', '2026', '-f', 'json', '-o', 'q.csv']).status).toBe(2);
    expect(run(dir, ['quota', '--by', 'day']).status).toBe(2);
  });
});
