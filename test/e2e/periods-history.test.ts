// Periods, as-of, history and lost rows through the CLI (issue 10, items 7–12, and issue 9's rule that
// money or counts lost to data problems make the header loud and `--strict` fail). The fixture rubric
// of evaluate.test.ts: revenue (Won deals by close date), win rate, visits (by date), quarterly.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEvaluationSchema, validate } from '../unit/report/evaluation-schema-check.js';
import { copyInto, run, workdir } from './evaluate-helpers.js';

const HEADER = 'Deal ID,Rep,Date,Close Date,Amount,Stage,Activity Type';
/** Visits every working day of 2026-Q3 for Alice and Bob, and two Won deals: a fully covered quarter. */
function q3Rows(): string[] {
  const rows: string[] = [];
  let n = 0;
  for (let d = Date.UTC(2026, 6, 1); d <= Date.UTC(2026, 8, 30); d += 864e5) {
    const day = new Date(d).getUTCDay();
    if (day === 0 || day === 6) continue;
    const date = new Date(d).toISOString().slice(0, 10);
    rows.push(`,${n++ % 2 ? 'Alice' : 'Bob'},${date},,,,Visit`);
  }
  rows.push('D1,Alice,2026-07-01,2026-07-10,60000,Won,');
  rows.push('D2,Bob,2026-07-02,2026-09-20,40000,Won,');
  return rows;
}

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());
function setup(rows: string[]): string {
  w = workdir({ 'q3.csv': `${[HEADER, ...rows].join('\n')}\n` });
  copyInto(w.dir, 'test/fixtures/evaluate/salesgrade.yaml', 'salesgrade.yaml');
  copyInto(w.dir, 'test/fixtures/evaluate/roster.csv', 'roster.csv');
  return w.dir;
}

describe('rows lost to data problems (issue 9 rule, item 11)', () => {
  it('a Won deal with no rep: a loud header line, exit 0 — and exit 1 under --strict', () => {
    const dir = setup([...q3Rows(), 'D9,,2026-07-03,2026-08-01,"12,300",Won,']);
    const table = run(dir, ['evaluate', 'q3.csv', '--no-workbook']);
    expect(table.status).toBe(0);
    // Before: exit 0 under --strict too, and nothing in the header.
    // (wrapped to 100 columns: compare with the line breaks folded)
    expect(table.stdout.split('\n').slice(0, 6).join(' ').replace(/\s+/g, ' ')).toContain(
      '⚠ 1 row(s) that would feed a KPI in 2026-Q3 were NOT counted because of data problems (no rep 1): amount $12,300 — grades may be wrong; see finding kpi-rows-lost',
    );
    const md = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'md']);
    expect(md.stdout).toContain('> **⚠ 1 row(s) that would feed a KPI in 2026-Q3 were NOT counted');
    const json = JSON.parse(run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json']).stdout);
    expect(json.dataLoss).toEqual({
      rows: 1,
      byReason: { 'no-rep': 1 },
      money: [{ field: 'amount', amount: '12300' }],
      unknownAmounts: 0,
      sample: [{ file: 'q3.csv', row: json.dataLoss.sample[0].row }],
    });
    expect(validate(json, loadEvaluationSchema())).toEqual([]);
    const strict = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '--strict']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('salesgrade: --strict: 1 data error found; 1 row that would feed a KPI not counted\n');
  });

  it('a no-rep row in another quarter is not a loss: --strict passes', () => {
    const dir = setup([...q3Rows(), 'D9,,2026-04-03,2026-04-10,500,Won,']);
    const strict = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '--strict', '-q']);
    expect(strict.status).toBe(0);
    expect(strict.stdout).not.toContain('⚠');
  });
});

describe('--strict fails when a grade could be affected (review m, items 3–5)', () => {
  it('a where value that matches no row (stage: Wonn) is an error under --strict: exit 1', () => {
    const dir = setup(q3Rows());
    const rubric = join(dir, 'salesgrade.yaml');
    writeFileSync(rubric, readFileSync(rubric, 'utf8').replace('revenue: { sum: amount, where: { stage: Won }', 'revenue: { sum: amount, where: { stage: Wonn }'));
    const plain = JSON.parse(run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json']).stdout);
    expect(plain.findings.find((f: any) => f.code === 'where-value-unmatched').severity).toBe('warning');
    // Before: still a warning under --strict, exit 0 with everyone's revenue zeroed.
    const strict = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json', '--strict']);
    expect(strict.status).toBe(1);
    expect(JSON.parse(strict.stdout).findings.find((f: any) => f.code === 'where-value-unmatched').severity).toBe('error');
    expect(strict.stderr).toContain('salesgrade: --strict: 1 data error found\n');
  });

  it('--strict -q still says why it exits 1', () => {
    const dir = setup([...q3Rows(), 'D9,,2026-07-03,2026-08-01,"12,300",Won,']);
    const strict = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '--strict', '-q']);
    expect(strict.status).toBe(1);
    // Before: nothing on stderr at all.
    expect(strict.stderr).toBe('salesgrade: --strict: 1 data error found; 1 row that would feed a KPI not counted\n');
  });

  it('a data rep differing from a roster name only by case/width/spaces: "did you mean", an error under --strict', () => {
    // 'ＢＯＢ' (full width, upper case) does not name roster rep Bob exactly; Zed is simply not in the roster.
    const dir = setup([...q3Rows(), 'D7,ＢＯＢ,2026-07-03,2026-08-01,500,Won,', 'D8,Zed,2026-07-03,2026-08-01,500,Won,']);
    const plain = JSON.parse(run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json']).stdout);
    const nir = plain.findings.filter((f: any) => f.code === 'rep-not-in-roster');
    expect(nir.map((f: any) => [f.severity, f.message])).toEqual([
      ['warning', 'rep "ＢＯＢ" is in the data but not in the roster; counted under (unassigned) (did you mean "Bob"?)'],
      ['warning', 'rep "Zed" is in the data but not in the roster; counted under (unassigned)'],
    ]);
    // Not merged: ＢＯＢ stays a rep of its own.
    expect(plain.reps.map((r: any) => r.rep)).toEqual(expect.arrayContaining(['Bob', 'ＢＯＢ']));
    const strict = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json', '--strict']);
    // Before: a bare warning, exit 0.
    expect(strict.status).toBe(1);
    const sev = JSON.parse(strict.stdout).findings.filter((f: any) => f.code === 'rep-not-in-roster').map((f: any) => f.severity);
    expect(sev.sort()).toEqual(['error', 'warning']);
    // Zed alone (no near roster name) does not fail --strict.
    w?.cleanup();
    const zed = setup([...q3Rows(), 'D8,Zed,2026-07-03,2026-08-01,500,Won,']);
    expect(run(zed, ['evaluate', 'q3.csv', '--no-workbook', '--strict', '-q']).status).toBe(0);
  });
});

describe('one rep written two ways in the data', () => {
  it('"李　四" (a space to line it up with three-character names) beside "李四": rep-name-variants names both, an error under --strict', () => {
    const rows = [...q3Rows(), 'D7,李四,2026-07-03,2026-08-01,500,Won,', 'D8,李\u3000四,2026-07-03,2026-08-02,700,Won,'];
    const dir = setup(rows);
    const plain = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json']);
    expect(plain.status, plain.stderr).toBe(0);
    const doc = JSON.parse(plain.stdout);
    // not merged (which spelling is right cannot be told): two reps, and a finding at the later one's row
    expect(doc.reps.map((r: any) => r.rep)).toEqual(expect.arrayContaining(['李四', '李 四']));
    const v = doc.findings.filter((f: any) => f.code === 'rep-name-variants');
    expect(v.map((f: any) => [f.severity, f.message, f.row])).toEqual([
      ['warning', 'rep "李四" and rep "李 四" differ only in case, width or spaces; they are graded as two people, each with part of the rows (write one spelling in the export)', rows.length],
    ]);
    const zh = JSON.parse(run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json', '--locale', 'zh-CN']).stdout);
    expect(zh.findings.find((f: any) => f.code === 'rep-name-variants').message).toBe('销售代表 "李四" 与 "李 四" 只有大小写、全半角或空格不同；按两个人分别考评，各占一部分数据行（请在导出表中统一写法）');
    // Before: a bare rep-not-in-roster warning each, exit 0 under --strict
    expect(run(dir, ['evaluate', 'q3.csv', '--no-workbook', '--strict', '-q']).status).toBe(1);
    // without a roster too (before: nothing at all)
    writeFileSync(join(dir, 'salesgrade.yaml'), readFileSync(join(dir, 'salesgrade.yaml'), 'utf8').replace(/^roster:[^\n]*\n(?:[ \t]+[^\n]*\n)*/m, ''));
    const bare = JSON.parse(run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json']).stdout);
    expect(bare.findings.filter((f: any) => f.code === 'rep-not-in-roster')).toEqual([]);
    expect(bare.findings.filter((f: any) => f.code === 'rep-name-variants')).toHaveLength(1);
  });
});

describe('--as-of and the default period (items 8, 9)', () => {
  it('rows after --as-of are excluded (after-as-of) in the counts and the header', () => {
    const dir = setup(q3Rows());
    const doc = JSON.parse(run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json', '--as-of', '2026-08-31']).stdout);
    // D2 closes 09-20: after the as-of date, so Bob's revenue is 0 (before: 40,000).
    expect(doc.reps.find((r: any) => r.rep === 'Bob').kpis[0].actual).toBe('0');
    expect(doc.rows.excluded['after-as-of']).toBe(22);
    const table = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '--as-of', '2026-08-31']);
    expect(table.stdout).toMatch(/after as-of 22/);
  });

  it('--as-of inside the evaluated period makes it in progress: partly covered, tiers held', () => {
    const dir = setup(q3Rows());
    const r = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json', '--as-of', '2026-08-15']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    // Before: coverage null and decision.partial null — half a quarter graded as a whole one.
    expect(doc.coverage).toEqual({ from: null, until: '2026-08-15' });
    for (const rep of doc.reps) expect(rep.decision.partial).toEqual({ from: null, until: '2026-08-15' });
    const f = doc.findings.find((x: any) => x.code === 'period-partly-covered');
    expect(f.severity).toBe('warning');
    expect(f.message).toMatch(/2026-Q3 .* is in progress until --as-of 2026-08-15/);
    const table = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '--as-of', '2026-08-15']);
    expect(table.stdout.replace(/\s+/g, ' ')).toContain('⚠ 2026-Q3 is in progress until 2026-08-15: graded on partial data, not counted toward promotion or demotion');
  });

  it('one mistyped 9999-12-31 neither moves the default period nor passes silently, even with -q', () => {
    const dir = setup([...q3Rows(), ',Alice,9999-12-31,,,,Visit']);
    const r = run(dir, ['evaluate', 'q3.csv', '--no-workbook', '-f', 'json', '-q']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.period.label).toBe('2026-Q3');
    expect(doc.findings.map((f: any) => f.code)).toEqual(expect.arrayContaining(['date-out-of-range', 'period-sparse']));
    expect(doc.dataRange).toEqual({ first: '2026-07-01', last: '2026-09-30' });
  });
});

describe('history and the manifest (items 10, 12)', () => {
  it('the last result file alone gives the same tiers as the whole chain; every deciding file is hashed', () => {
    // Q1 and Q2 full of visits for Alice only, Q3 as above.
    const more: string[] = [];
    for (let d = Date.UTC(2026, 0, 1); d <= Date.UTC(2026, 5, 30); d += 864e5) {
      const day = new Date(d).getUTCDay();
      if (day !== 0 && day !== 6) more.push(`,Alice,${new Date(d).toISOString().slice(0, 10)},,,,Visit`);
    }
    const dir = setup([...more, ...q3Rows()]);
    const q1 = run(dir, ['evaluate', 'q3.csv', '--period', '2026-Q1', '-f', 'json', '--no-workbook']);
    writeFileSync(join(dir, 'q1.json'), q1.stdout);
    const q2 = run(dir, ['evaluate', 'q3.csv', '--period', '2026-Q2', '-f', 'json', '--no-workbook', '--history', 'q1.json']);
    writeFileSync(join(dir, 'q2.json'), q2.stdout);
    // Only Q3 rows in the data now: the history must carry the runs.
    writeFileSync(join(dir, 'q3only.csv'), `${[HEADER, ...q3Rows()].join('\n')}\n`);
    const chain = JSON.parse(run(dir, ['evaluate', 'q3only.csv', '-f', 'json', '--no-workbook', '--history', 'q1.json', 'q2.json']).stdout);
    const last = JSON.parse(run(dir, ['evaluate', 'q3only.csv', '-f', 'json', '--no-workbook', '--history', 'q2.json']).stdout);
    const tiers = (doc: any) => doc.reps.map((r: any) => [r.rep, r.decision.tier, r.decision.movement, r.decision.promoteRun, r.decision.demoteRun]);
    expect(tiers(last)).toEqual(tiers(chain));
    expect(last.manifest.files.map((f: any) => [f.role, f.path])).toEqual([
      ['rubric', 'salesgrade.yaml'],
      ['roster', 'roster.csv'],
      ['history', 'q2.json'],
    ]);
    expect(last.manifest.files.every((f: any) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    // Q1 is in no file given and not in the data: a gap warning when only Q1 is given.
    const gap = JSON.parse(run(dir, ['evaluate', 'q3only.csv', '-f', 'json', '--no-workbook', '--history', 'q1.json']).stdout);
    expect(gap.findings.find((f: any) => f.code === 'history-gap').message).toMatch(/^history: no result and no data for 2026-Q2 before 2026-Q3/);
  });
});

describe('manifest: every file that decided the result (item 12)', () => {
  it('hashes what the rubric extends, the roster, the target file and the calendar file', () => {
    const dir = setup(q3Rows());
    writeFileSync(
      join(dir, 'base.yaml'),
      readFileSync(join(dir, 'salesgrade.yaml'), 'utf8').replace(
        '  - { metric: revenue, label: Revenue, weight: 50, target: 100000, cap: 1.5 }',
        '  - { metric: revenue, label: Revenue, weight: 50, target: { default: 100000, file: targets.csv }, cap: 1.5 }',
      ) + 'quota:\n  annual: { revenue: 1000000 }\n  calendar: { base: cn, file: holidays.csv }\n',
    );
    writeFileSync(join(dir, 'child.yaml'), 'salesgrade: 1\nname: child\nextends: ./base.yaml\n');
    writeFileSync(join(dir, 'targets.csv'), 'Rep,Revenue\nAlice,90000\n');
    writeFileSync(join(dir, 'holidays.csv'), 'date,kind,name\n2027-01-01,off,New Year\n');
    const r = run(dir, ['evaluate', 'q3.csv', '-r', 'child.yaml', '-f', 'json', '--no-workbook', '-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    // Before: only the top rubric (and the roster) carried a sha256.
    expect(doc.manifest.files.map((f: any) => [f.role, f.path])).toEqual([
      ['rubric', 'child.yaml'],
      ['extends', 'base.yaml'],
      ['roster', 'roster.csv'],
      ['calendar', 'holidays.csv'],
      ['target', 'targets.csv'],
    ]);
    expect(doc.manifest.files.every((f: any) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(validate(doc, loadEvaluationSchema())).toEqual([]);
  });
});
