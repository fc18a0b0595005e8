// The shipped samples, run the way the README shows them (`npm run demo`), in a temp copy of
// samples/ and rules/ so the workbook lands there and not in the repo.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvaluationSchema, validate } from '../unit/report/evaluation-schema-check.js';
import { copyInto, normalise, repoRoot, run, workdir } from './evaluate-helpers.js';
import { differingPaths, undocumentedDifferences } from '../rendered-fields.js';

let w: { dir: string; cleanup: () => void };
beforeAll(() => {
  w = workdir();
  copyInto(w.dir, 'samples', 'samples');
  copyInto(w.dir, 'rules', 'rules');
});
afterAll(() => w.cleanup());

describe('samples', () => {
  it('npm run demo: evaluates the zh-CN export with the roster and the preset rubric', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { demo: string } };
    const args = pkg.scripts.demo.replace(/^npm run build && node bin\/salesgrade\.js /, '').split(' ');
    expect(args).toEqual(['evaluate', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml']);
    const r = run(w.dir, args);
    expect(r.stderr).toBe('考核期 2026-Q3：数据中最新的一期（用 --period 选择其他考核期）\n已写入 east-china-2026.salesgrade.xlsx\n');
    expect(r.status).toBe(0);
    await expect(normalise(r.stdout)).toMatchFileSnapshot('golden/samples-demo.txt');
    // the README shows this very output
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain(r.stdout.trimEnd());
    expect(existsSync(join(w.dir, 'east-china-2026.salesgrade.xlsx'))).toBe(true);
    // the stories the sample is built to tell
    const lines = r.stdout.split('\n');
    const row = (rep: string) => lines.find((l) => l.includes(`  ${rep}  `)) ?? '';
    expect(row('周敏')).toMatch(/高级\s+↑\s+×1\.5$/); // two quarters qualifying for 高级: promoted
    expect(row('黄磊')).toMatch(/初级\s+↓\s+×0\.5$/); // two quarters below 高级: demoted
    expect(row('王芳')).toMatch(/124\.00  中级\^\s+=\s+×1$/); // scores like 张伟 (高级), but her CSAT fails the gate: marked ^
    expect(row('张伟')).toMatch(/124\.00  高级 /);
    expect(lines).toContain('  ^ = 总分已达更高等级，但该等级门槛未通过：高级 csat ≥ 4.2');
    expect(row('吴婷')).toMatch(/0\.00\s+初级/); // on the roster, no activity yet
    expect(row('林涛')).toContain('（未分配）'); // in the data, not on the roster
    for (const code of ['duplicate-row', 'duplicate-unique-key', 'no-rep', 'rep-not-in-roster', 'totals-row']) expect(r.stdout).toContain(`  ${code} `);
  });

  it('--locale en reports the zh-CN sample in English, KPI and tier labels included', () => {
    const r = run(w.dir, ['--locale', 'en', 'evaluate', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '--no-workbook', '-q']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('华东大区直销 2026 · Period 2026-Q3 (2026-07-01 – 2026-09-30)');
    expect(lines).toContain('  Rank  Rep   Team              won  rate  customers  Visits   Score  Tier           Movement  Bonus');
    expect(lines.find((l) => l.includes('王芳'))).toMatch(/124\.00  Intermediate\^  = +×1$/);
  });

  it('the demo JSON validates against the schema and is byte-identical between runs', () => {
    const args = ['evaluate', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '-f', 'json', '--no-workbook', '-q'];
    const a = run(w.dir, args);
    const b = run(w.dir, args);
    expect(a.status).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const doc = JSON.parse(a.stdout);
    expect(validate(doc, loadEvaluationSchema())).toEqual([]);
    expect(doc.manifest.inputs.map((f: any) => f.path)).toEqual(['samples/east-china-2026.xlsx']);
    expect(doc.manifest.roster.path).toBe('samples/roster.xlsx');
    expect(doc.periods).toEqual(['2026-Q2', '2026-Q3']);
  });

  it('--locale en and zh-CN JSON differ only in the fields documented as rendered text (README "Output formats")', () => {
    const args = ['evaluate', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '-f', 'json', '--no-workbook', '-q'];
    const zh = JSON.parse(run(w.dir, ['--locale', 'zh-CN', ...args]).stdout);
    const en = JSON.parse(run(w.dir, ['--locale', 'en', ...args]).stdout);
    const paths = differingPaths(en, zh);
    expect(undocumentedDifferences(en, zh)).toEqual([]);
    // the test can fail: the words are in two languages, the facts beside them the same
    expect(paths).toContain('reps[0].kpis[0].explanation');
    expect(paths).toContain('reps[0].decision.reason');
    expect(en.reps[0].decision.reasonFacts).toEqual(zh.reps[0].decision.reasonFacts);
    expect(en.reps[0].kpis[0].explanationFacts.code).toBe('kpi-points');
  });

  it('explain shows the gate that keeps 王芳 from 高级, with her source rows', () => {
    const r = run(w.dir, ['explain', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '--rep', '王芳', '-q']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^王芳 · 上海一组 · 上海区 · 经理 陈静\n/);
    expect(r.stdout).toMatch(/门槛条件 高级：csat [\d.]+ ≥ 4\.2 → 未通过/);
    expect(r.stdout).toMatch(/共 \d+ 行，前 5 行：samples\/east-china-2026\.xlsx: 商机明细!\d+, 商机明细!\d+/);
    expect(r.stdout).toContain('分数已达到高级，但高级的门槛条件未通过');
  });

  it('the English inside-sales CSV on the monthly preset: 2026-09, a bookings threshold at work', () => {
    const r = run(w.dir, ['evaluate', 'samples/inside-sales-2026.csv', '-r', 'samples/inside-sales.yaml', '-f', 'json', '--no-workbook']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('period 2026-09: the latest in the data (choose another with --period)\n');
    const doc = JSON.parse(r.stdout);
    expect(doc.periods).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(doc.reps.map((x: any) => x.rep)).toEqual(['Alice Chen', 'Dev Patel', 'Farid Haddad', 'Ben Ortiz', 'Chloe Park', 'Emma Rossi']);
    expect(doc.findings).toEqual([]);
    const emma = doc.reps.find((x: any) => x.rep === 'Emma Rossi');
    const bookings = emma.kpis.find((k: any) => k.kpi === 'bookings');
    expect(bookings).toMatchObject({ belowThreshold: true, points: '0' }); // under 50 % of target pays nothing
  });
});
