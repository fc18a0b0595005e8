// Issue 15: each rep's own statement (`evaluate --statements DIR`): one file per rep, their numbers
// only, safe file names, never over an input, a manifest; `--statements-by team` one per manager.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { copyInto, ownerDateAmountRubric, run, workdir } from './evaluate-helpers.js';

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());

function sample(): string {
  w = workdir();
  copyInto(w.dir, 'samples', 'samples');
  copyInto(w.dir, 'rules', 'rules');
  return w.dir;
}

const SAMPLE = ['evaluate', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml'];

async function xlsxText(path: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => out.push(String(c.value ?? '')))));
  return out.join('\n');
}

/** Every other rep's name, and each money actual of theirs that is not also one of this rep's numbers. */
function leaks(text: string, me: any, reps: any[]): string[] {
  const mine = new Set(me.kpis.flatMap((k: any) => [k.actual, k.target]).filter(Boolean).map((v: string) => Number(v).toLocaleString('en-US')));
  const found: string[] = [];
  for (const r of reps) {
    if (r.rep === me.rep) continue;
    if (text.includes(r.rep)) found.push(`name ${r.rep}`);
    for (const k of r.kpis) {
      if (k.metric !== 'revenue' || k.actual === null || Number(k.actual) === 0) continue;
      const shown = Number(k.actual).toLocaleString('en-US');
      if (!mine.has(shown) && text.includes(shown)) found.push(`${r.rep}'s ${k.metric} ${shown}`);
    }
  }
  return found;
}

describe('evaluate --statements', () => {
  it('one xlsx per rep of the sample, each with only that rep\'s name and numbers, and a manifest', async () => {
    const dir = sample();
    const json = run(dir, [...SAMPLE, '-f', 'json', '--no-workbook', '-q']);
    const reps = JSON.parse(json.stdout).reps;
    const r = run(dir, [...SAMPLE, '--no-workbook', '--statements', 'out']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`已在 out 写入 ${reps.length} 份个人报告及 manifest.json\n`); // the zh-CN sample: notes in its language
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'salesgrade-statements', period: '2026-Q3', by: 'rep', fileFormat: 'xlsx' });
    expect(manifest.files.map((f: any) => f.rep).sort()).toEqual(reps.map((x: any) => x.rep).sort());
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([...manifest.files.map((f: any) => f.file), 'manifest.json'].sort());
    for (const f of manifest.files) {
      const me = reps.find((x: any) => x.rep === f.rep);
      const text = await xlsxText(join(dir, 'out', f.file));
      expect(text).toContain(me.rep);
      expect(text).toContain(me.score);
      expect(leaks(text, me, reps)).toEqual([]);
    }
    // 王芳: the gate that holds her, her training, her history and her source rows
    const wang = await xlsxText(join(dir, 'out', '王芳.xlsx'));
    expect(wang).toContain('高级 门槛未通过：csat ≥ 4.2');
    expect(wang).toContain('2026-Q2');
    expect(wang).toMatch(/商机明细!\d+/);
  });

  it('Markdown statements; --statements-by team: one per manager with only that team', () => {
    const dir = sample();
    const reps = JSON.parse(run(dir, [...SAMPLE, '-f', 'json', '--no-workbook', '-q']).stdout).reps;
    const md = run(dir, [...SAMPLE, '--no-workbook', '-q', '--statements', 'md', '--statements-format', 'md']);
    expect(md.status).toBe(0);
    for (const me of reps) {
      const text = readFileSync(join(dir, 'md', `${me.rep}.md`), 'utf8');
      expect(text.startsWith(`# 个人考评报告 · ${me.rep} · 2026-Q3\n`)).toBe(true);
      expect(leaks(text, me, reps)).toEqual([]);
    }
    const teams = run(dir, [...SAMPLE, '--no-workbook', '-q', '--statements', 'teams', '--statements-format', 'md', '--statements-by', 'team']);
    expect(teams.status).toBe(0);
    const files = readdirSync(join(dir, 'teams')).sort();
    expect(files).toEqual(['manifest.json', '上海一组.md', '上海二组.md', '南京组.md', '杭州组.md']);
    const shanghai1 = readFileSync(join(dir, 'teams', '上海一组.md'), 'utf8');
    expect(shanghai1).toContain('| 经理 | 陈静 |');
    const members = reps.filter((x: any) => x.team === '上海一组').map((x: any) => x.rep);
    for (const x of reps) expect([x.rep, shanghai1.includes(x.rep)]).toEqual([x.rep, members.includes(x.rep)]);
    // the leak check has teeth: a team statement names others than its first member
    expect(leaks(shanghai1, reps.find((x: any) => x.rep === members[0]), reps).length).toBeGreaterThan(0);
  });

  it('safe file names for any rep name; never over an input (nothing written then)', () => {
    const names = ['../evil', 'a/b', 'Chen  Wei', '张 三', 'CON', '..', 'Ann', 'ann', 'manifest'];
    const csv = ['Owner,Date,Amount', ...names.map((n, i) => `"${n}",2026-03-0${(i % 9) + 1},${100 * (i + 1)}`)].join('\n');
    w = workdir({ 'salesgrade.yaml': ownerDateAmountRubric('Names'), 'q.csv': `${csv}\n` });
    const r = run(w.dir, ['evaluate', 'q.csv', '--no-workbook', '-q', '--statements', 'out', '--statements-format', 'md']);
    expect(r.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(w.dir, 'out', 'manifest.json'), 'utf8'));
    const byRep = Object.fromEntries(manifest.files.map((f: any) => [f.rep, f.file]));
    expect(byRep).toEqual({
      '../evil': '_evil.md',
      '..': '_.md',
      'a/b': 'a_b.md',
      'Chen Wei': 'Chen Wei.md', // the reader makes a doubled space one
      '张 三': '张 三.md',
      CON: '_CON.md',
      Ann: 'Ann.md',
      ann: 'ann-2.md',
      manifest: 'manifest-2.md',
    });
    expect(existsSync(join(w.dir, 'evil.md'))).toBe(false);
    expect(readdirSync(join(w.dir, 'out'))).toHaveLength(names.length + 1);
    expect(readFileSync(join(w.dir, 'out', '_evil.md'), 'utf8')).toContain('../evil');

    // a statement that would replace an input: exit 2, no statement, no report
    // (the rubric, an input, is out/Ann.md: Ann's statement would replace it)
    const d = w.dir;
    const rubric = ownerDateAmountRubric('Names');
    writeFileSync(join(d, 'out', 'Ann.md'), rubric);
    const before = statSync(join(d, 'out', '_evil.md')).mtimeMs;
    const again = run(d, ['evaluate', 'q.csv', '-r', 'out/Ann.md', '--no-workbook', '--statements', 'out', '--statements-format', 'md']);
    expect(again.status).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('salesgrade: out/Ann.md: refusing to write a statement here: it is an input file');
    expect(readFileSync(join(d, 'out', 'Ann.md'), 'utf8')).toBe(rubric);
    expect(statSync(join(d, 'out', '_evil.md')).mtimeMs).toBe(before);
  });

  it('--as-of with a pacing pipeline: each rep statement and team statement shows the open-pipeline coverage, as the JSON has it (md and xlsx)', async () => {
    const dir = sample();
    const ev = JSON.parse(run(dir, [...SAMPLE, '-f', 'json', '--no-workbook', '-q', '--as-of', '2026-08-15']).stdout);
    expect(ev.pacing.pipeline).toMatchObject({ metric: 'open_pipeline', kpi: 'revenue' });
    const money = (v: string) => `¥${Number(v).toLocaleString('en-US')}`;
    const md = run(dir, [...SAMPLE, '--no-workbook', '-q', '--as-of', '2026-08-15', '--statements', 'md', '--statements-format', 'md']);
    expect(md.status, md.stderr).toBe(0);
    let covered = 0;
    for (const me of ev.reps) {
      const text = readFileSync(join(dir, 'md', `${me.rep}.md`), 'utf8');
      expect(text, me.rep).toContain('## 在谈商机 覆盖倍数');
      expect(text, me.rep).toContain(`| 在谈商机 | ${money(me.pipeline.open)} |`);
      expect(text, me.rep).toContain(`| 赢单金额 尚差 | ${money(me.pipeline.remaining)} |`);
      if (me.pipeline.coverage !== null) {
        covered++;
        const x = Number(me.pipeline.coverage).toFixed(2);
        expect(text, me.rep).toContain(`| 覆盖倍数 | ${money(me.pipeline.open)} ÷ ${money(me.pipeline.remaining)} = ${x}× |`);
      }
      expect(leaks(text, me, ev.reps)).toEqual([]);
    }
    expect(covered).toBeGreaterThan(0);
    // the xlsx statement says the same
    const x = run(dir, [...SAMPLE, '--no-workbook', '-q', '--as-of', '2026-08-15', '--statements', 'xlsx']);
    expect(x.status, x.stderr).toBe(0);
    const li = ev.reps.find((r: any) => r.rep === '李娜');
    const text = await xlsxText(join(dir, 'xlsx', '李娜.xlsx'));
    expect(text).toContain(`${money(li.pipeline.open)} ÷ ${money(li.pipeline.remaining)} = ${Number(li.pipeline.coverage).toFixed(2)}×`);
    expect(text).toContain('在谈商机覆盖倍数：在谈商机 ÷ 赢单金额距全期目标的差额（目标 − 已完成）');
    // a team statement: the team's coverage and each member's
    const teams = run(dir, [...SAMPLE, '--no-workbook', '-q', '--as-of', '2026-08-15', '--statements', 'teams', '--statements-format', 'md', '--statements-by', 'team', '--locale', 'en']);
    expect(teams.status, teams.stderr).toBe(0);
    const team = ev.teams.find((g: any) => g.name === '上海一组');
    const t1 = readFileSync(join(dir, 'teams', '上海一组.md'), 'utf8');
    expect(t1).toContain(`| Open pipeline | ${money(team.pipeline.open)} |`);
    expect(t1).toContain('| Rep | Revenue won |');
    expect(t1).toMatch(/ \| Open pipeline coverage \|\n/);
    // without --as-of: no pacing, no coverage section
    const plain = run(dir, [...SAMPLE, '--no-workbook', '-q', '--statements', 'plain', '--statements-format', 'md']);
    expect(readFileSync(join(dir, 'plain', '李娜.md'), 'utf8')).not.toContain('覆盖倍数');
  });

  it('a view period (--period 2026 on a quarter rubric): every statement says so under its title, in its language (md and xlsx)', async () => {
    const dir = sample();
    const view = /^> \*\*ℹ 2026 是按季度考评的规则的年视图：未写 per: 的目标按季度给出，按配额规则（季节性 × 工作日）换算/;
    const md = run(dir, [...SAMPLE, '--no-workbook', '-q', '--period', '2026', '--statements', 'md', '--statements-format', 'md']);
    expect(md.status, md.stderr).toBe(0);
    const files = readdirSync(join(dir, 'md')).filter((f) => f.endsWith('.md'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(join(dir, 'md', f), 'utf8').split('\n')[2], f).toMatch(view);
    const en = run(dir, [...SAMPLE, '--no-workbook', '-q', '--period', '2026', '--locale', 'en', '--statements', 'teams', '--statements-format', 'md', '--statements-by', 'team']);
    expect(en.status, en.stderr).toBe(0);
    expect(readFileSync(join(dir, 'teams', '上海一组.md'), 'utf8').split('\n')[2]).toMatch(/^> \*\*ℹ 2026 is a year view of a rubric graded by quarter: targets without per: are taken per quarter and converted/);
    const x = run(dir, [...SAMPLE, '--no-workbook', '-q', '--period', '2026', '--statements', 'xlsx']);
    expect(x.status, x.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'xlsx', '李娜.xlsx'));
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('个人考评报告 · 李娜 · 2026');
    expect(String(ws.getCell('A3').value)).toMatch(/^ℹ 2026 是按季度考评的规则的年视图/);
    expect(ws.getCell('A3').font?.bold).toBe(true);
    // the quarter itself is no view: no such line
    const q = run(dir, [...SAMPLE, '--no-workbook', '-q', '--statements', 'q', '--statements-format', 'md']);
    expect(q.status).toBe(0);
    expect(readFileSync(join(dir, 'q', '李娜.md'), 'utf8')).not.toContain('视图');
  });

  it("the report header's alerts reach every statement: rows lost to data problems, a period the data covers only in part (md and xlsx)", async () => {
    w = workdir();
    const dir = w.dir;
    writeFileSync(join(dir, 'r.yaml'), ownerDateAmountRubric('Alerts'));
    // July covered from the 10th only; one July row's amount unreadable (it would have fed revenue)
    writeFileSync(join(dir, 'd.csv'), 'Owner,Date,Amount\nAnn,2026-07-10,500\nAnn,2026-07-12,abc\nBob,2026-07-20,900\nBob,2026-07-31,100\n');
    const md = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-q', '--statements', 'st', '--statements-format', 'md']);
    expect(md.status, md.stderr).toBe(0);
    for (const rep of ['Ann', 'Bob']) {
      const text = readFileSync(join(dir, 'st', `${rep}.md`), 'utf8');
      expect(text, rep).toContain('> **⚠ 1 row(s) that would feed a KPI in 2026-07 were NOT counted because of data problems');
      expect(text, rep).toContain('> **⚠ the data covers 2026-07 only from 2026-07-10');
    }
    const x = run(dir, ['evaluate', 'd.csv', '-r', 'r.yaml', '--no-workbook', '-q', '--statements', 'sx']);
    expect(x.status, x.stderr).toBe(0);
    const text = await xlsxText(join(dir, 'sx', 'Ann.xlsx'));
    expect(text).toContain('⚠ 1 row(s) that would feed a KPI in 2026-07 were NOT counted');
    expect(text).toContain('⚠ the data covers 2026-07 only from 2026-07-10');
  });
});
