/**
 * Open pipeline as coverage of the remaining target (issue 15, "Pacing during the period"): the shipped
 * zh-CN sample declares `pacing: { pipeline: open_pipeline, covers: revenue }`; with `--as-of` inside
 * 2026-Q3 every format shows open ÷ (target − actual) per rep and group, and without `--as-of` none does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import { repoRoot, run } from './evaluate-helpers.js';

const ARGS = ['evaluate', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '--no-workbook', '--as-of', '2026-08-15'];

interface Coverage {
  open: string | null;
  remaining: string | null;
  coverage: string | null;
}
interface Json {
  pacing: { pipeline?: { metric: string; kpi: string; unit: string } } | null;
  reps: { rep: string; team: string; kpis: { kpi: string; actual: string | null; target: string | null }[]; metrics: Record<string, { value: string | null }>; pipeline?: Coverage }[];
  teams: { name: string; members: string[]; pipeline?: Coverage }[];
  regions: { name: string; pipeline?: Coverage }[];
  company: { pipeline?: Coverage };
}

function json(args: string[]): Json {
  const r = run(repoRoot, [...args, '-f', 'json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

describe('open pipeline coverage of the remaining target (--as-of)', () => {
  test('JSON: per rep open ÷ max(target − actual, 0) from its own revenue KPI; a team\'s open is its members\' sum', () => {
    const ev = json(ARGS);
    expect(ev.pacing?.pipeline).toMatchObject({ metric: 'open_pipeline', kpi: 'revenue', unit: 'money' });
    expect(ev.reps.length).toBeGreaterThan(10);
    for (const r of ev.reps) {
      const k = r.kpis.find((x) => x.kpi === 'revenue')!;
      const remaining = Decimal.max(new Decimal(k.target!).minus(k.actual ?? 0), 0);
      expect(r.pipeline, r.rep).toBeDefined();
      expect(r.pipeline!.open).toBe(r.metrics.open_pipeline!.value);
      expect(new Decimal(r.pipeline!.remaining!).eq(remaining), r.rep).toBe(true);
      if (remaining.isZero()) expect(r.pipeline!.coverage).toBeNull();
      else expect(new Decimal(r.pipeline!.coverage!).minus(new Decimal(r.pipeline!.open!).div(remaining)).abs().lt(1e-15), r.rep).toBe(true);
    }
    // 李娜: ¥538,400 open against ¥1,200,000 − ¥681,800 still needed
    expect(ev.reps.find((r) => r.rep === '李娜')!.pipeline).toMatchObject({ open: '538400', remaining: '518200' });
    const openOf = new Map(ev.reps.map((r) => [r.rep, new Decimal(r.pipeline!.open ?? 0)]));
    for (const t of ev.teams) {
      const sum = t.members.reduce((s, m) => s.plus(openOf.get(m) ?? 0), new Decimal(0));
      expect(new Decimal(t.pipeline!.open!).eq(sum), t.name).toBe(true);
    }
    expect(ev.regions.every((g) => g.pipeline !== undefined)).toBe(true);
    expect(ev.company.pipeline).toBeDefined();
  });

  test('without --as-of: no coverage anywhere (the JSON shape as before)', () => {
    const ev = json(ARGS.slice(0, -2));
    expect(ev.pacing).toBeNull();
    expect(ev.reps.some((r) => 'pipeline' in r)).toBe(false);
    expect(ev.teams.some((g) => 'pipeline' in g)).toBe(false);
  });

  test('terminal, Markdown and CSV show it; --locale en in English', () => {
    const table = run(repoRoot, ARGS);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/赢单金额 每工作日需 +在谈商机 覆盖倍数\n/);
    expect(table.stdout).toMatch(/\n {2}李娜 .* ¥15,704 +1\.04×\n/);
    expect(table.stdout).toMatch(/\n {2}上海一组 .* 0\.68× +1\/2\/1\n/);
    expect(table.stdout).toContain('在谈商机覆盖倍数：在谈商机 ÷ 赢单金额距全期目标的差额（目标 − 已完成）');

    const md = run(repoRoot, [...ARGS, '-f', 'md']);
    expect(md.stdout).toContain('| ¥15,704 | ¥538,400 ÷ ¥518,200 = 1.04× |');
    expect(md.stdout).toContain('| ¥1,636,700 ÷ ¥2,398,100 = 0.68× |');

    const csv = run(repoRoot, [...ARGS, '-f', 'csv']).stdout.split('\r\n');
    expect(csv[0]!.endsWith(',在谈商机,赢单金额 尚差,在谈商机 覆盖倍数')).toBe(true);
    expect(csv.find((l) => l.includes(',李娜,'))!.endsWith(',538400,518200,1.038981')).toBe(true);
    expect(csv.find((l) => l.startsWith(',,上海一组,'))!.endsWith(',1636700,2398100,0.682499')).toBe(true);

    const en = run(repoRoot, [...ARGS, '--locale', 'en']);
    expect(en.stdout).toMatch(/Open pipeline coverage\n/);
    expect(en.stdout).toContain('Open pipeline coverage: Open pipeline ÷ what Revenue won still needs to reach');
  });

  test('workbook: the Pacing sheet has the open pipeline, what is still needed and the coverage, teams and regions below the reps', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-pipeline-'));
    const out = join(dir, 'out.xlsx');
    const r = run(repoRoot, [...ARGS.filter((a) => a !== '--no-workbook'), '-w', out]);
    expect(r.status, r.stderr).toBe(0);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('时间进度')!;
    const head = ws.getRow(3).values as unknown[];
    const col = head.indexOf('覆盖倍数');
    expect(col).toBeGreaterThan(2);
    expect(head[col - 2]).toBe('在谈商机');
    expect(head[col - 1]).toBe('赢单金额 尚差');
    const rowOf = (name: string): number => {
      for (let i = 4; i <= ws.rowCount; i++) if (ws.getRow(i).getCell(1).value === name) return i;
      return -1;
    };
    const li = ws.getRow(rowOf('李娜'));
    expect([li.getCell(col - 2).value, li.getCell(col - 1).value, li.getCell(col).value]).toEqual([538400, 518200, 1.04]);
    expect(li.getCell(col).numFmt).toBe('0.00"×"');
    const team = ws.getRow(rowOf('上海一组'));
    expect([team.getCell(2).value, team.getCell(col).value]).toEqual(['团队', 0.68]);
  }, 60_000);
});
