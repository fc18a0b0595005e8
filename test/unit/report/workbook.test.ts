import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { workbookBytes } from '../../../src/io/xlsx-write.js';
import { buildEvaluationWorkbook, type DataRowInput } from '../../../src/report/workbook.js';
import { tint } from '../../../src/report/workbook-style.js';
import { enEvaluation, INJECTIONS, zhDataSheets, zhEvaluation } from '../../fixtures/workbook/evaluations.js';
import { dumpWorkbook, readEntries, type SheetDump } from './workbook-dump.js';

const DATE = new Date('2026-09-30T00:00:00Z');

async function zhBytes(): Promise<Buffer> {
  return workbookBytes(buildEvaluationWorkbook(zhEvaluation(), { locale: 'zh-CN', dataSheets: zhDataSheets() }), DATE);
}

function sheet(dump: SheetDump[], name: string): SheetDump {
  const s = dump.find((d) => d.name === name);
  if (!s) throw new Error(`no sheet ${name}: ${dump.map((d) => d.name).join(', ')}`);
  return s;
}

describe('buildEvaluationWorkbook, zh-CN (read back)', async () => {
  const buf = await zhBytes();
  const dump = await dumpWorkbook(buf);
  // scripts/check-workbook.sh opens these in LibreOffice when the repo has no samples.
  if (process.env.SG_WORKBOOK_DIR) writeFileSync(join(process.env.SG_WORKBOOK_DIR, 'fixture-zh-CN.xlsx'), buf);

  it('matches the golden', async () => {
    await expect(JSON.stringify(dump, null, 1)).toMatchFileSnapshot('../../fixtures/workbook/golden-zh-CN.json');
  });

  it('has the sheets in order, named in the locale', () => {
    expect(dump.map((d) => d.name)).toEqual(['概览', '评分卡', '团队', '区域', '数据问题', '明细 商机明细']);
  });

  it('Scorecard: headers, formats, frozen panes, filter, notes on computed numbers', () => {
    const sc = sheet(dump, '评分卡');
    expect(sc.frozen).toEqual({ x: 1, y: 2 });
    expect(sc.autoFilter).toBe('A2:X7');
    expect(sc.merges).toEqual(['D1', 'H1', 'L1']);
    expect(sc.cells.D1!.v).toBe('回款 (50%)');
    expect(['A2', 'B2', 'C2', 'D2', 'E2', 'F2', 'G2'].map((a) => sc.cells[a]!.v)).toEqual(['销售代表', '团队', '区域', '实际', '目标', '达成率', '得分点']);
    // ranked order: 张三, @SUM(1), =HYPERLINK…, +cmd…, －1+1
    expect(['A3', 'A4', 'A5', 'A6', 'A7'].map((a) => sc.cells[a]!.v)).toEqual(['张三', INJECTIONS.at, INJECTIONS.hyperlink, INJECTIONS.cmd, INJECTIONS.fullWidth]);
    // revenue has a value with cents (600,000.50) → the whole column shows cents
    expect(sc.cells.D3).toMatchObject({ v: 1284300, fmt: '"¥"#,##0.00;-"¥"#,##0.00' });
    expect(sc.cells.D3!.note).toBe('回款: ¥1,284,300\nsum(金额) 条件 阶段 ∈ {赢单, Won}；按 成交日期 计入 2026-Q3：1 行 = ¥1,284,300；来源 1 行\n例如 商机明细!3');
    expect(sc.cells.E3).toMatchObject({ v: 1200000, note: '目标 ¥1,200,000，来源：default' });
    expect(sc.cells.F3).toMatchObject({ v: 1.07025, fmt: '0.0%', note: '回款 ¥1,284,300 ÷ 目标 ¥1,200,000 = 107.0%；50 × 107.0% = 53.51 分' });
    expect(sc.cells.G3).toMatchObject({ v: 53.5125, fmt: '0.00', note: '权重 50：回款 ¥1,284,300 ÷ 目标 ¥1,200,000 = 107.0%；50 × 107.0% = 53.51 分' });
    expect(sc.cells.J3).toMatchObject({ v: 1.2, fmt: '0.0%', note: '赢单率 36.0% ÷ 目标 30.0% = 120.0%；30 × 120.0% = 36.00 分' });
    // score, rank, tier (fill from the rubric colour), qualified, previous, movement
    expect(sc.cells.P3).toMatchObject({ v: 109.51, fmt: '0.00', note: '各项得分相加：回款 53.5125 + 赢单率 36 + 拜访 20 = 109.5125；取整为 109.51' });
    expect(sc.cells.Q3).toMatchObject({ v: 1, note: '共 5 人，排第 1（并列同名次，再按姓名排序）' });
    expect(sc.cells.R3).toMatchObject({ v: '高级', fill: tint('#2E7D32', 0.3) });
    expect(sc.cells.R3!.note).toBe('总分 109.51，达标等级 高级；连续 2 期达到更高等级，晋升为 高级（该连续期内达到的最低等级）\n本期达标等级：高级\n高级 门槛 csat ≥ 4.2：实际 4.5 → 通过');
    expect(sc.cells.T3!.v).toBe('中级');
    expect(sc.cells.U3).toMatchObject({ v: '↑ 晋升', note: '连续高于当前等级 2 期，连续低于当前等级 0 期' });
    expect(sc.cells.V3).toMatchObject({ v: '—', note: '已是最高等级' });
    expect(sc.cells.W3!.v).toBe('领导力培训');
    expect(sc.cells.X3).toMatchObject({ v: 1.5, fmt: '0.0#"×"' });
    // a KPI with no value shows the word, greyed, and explains
    expect(sc.cells.H6).toMatchObject({ v: '无数据', font: 'italic FF8C8C8C' });
    // distance to the next tier, with the heaviest KPI's amount
    expect(sc.cells.V5).toMatchObject({ v: 14, note: '再得 14 分可达高级\n或仅靠回款再增加 ¥336,000' });
    // a rep not in the roster says so on the name
    expect(sc.cells.A7!.note).toBe('不在花名册中');
  });

  it('Scorecard: colour scale on every attainment column, data bar on the score', () => {
    const sc = sheet(dump, '评分卡');
    const refs = sc.conditional.map((c) => (c as { ref: string }).ref);
    expect(refs).toEqual(['F3:F7', 'J3:J7', 'N3:N7', 'P3:P7']);
    expect(sc.conditional[0]).toMatchObject({
      rules: [{ type: 'colorScale', cfvo: [{ type: 'num', value: 0 }, { type: 'num', value: 1 }, { type: 'num', value: 1.5 }] }],
    });
    expect(sc.conditional[3]).toMatchObject({ rules: [{ type: 'dataBar', cfvo: [{ type: 'num', value: 0 }, { type: 'max' }] }] });
  });

  it('Summary: manifest, hashes, row counts, distribution with a bar, roll-ups', () => {
    const s = sheet(dump, '概览');
    const pairs = Object.fromEntries(
      Object.entries(s.cells)
        .filter(([a]) => a.startsWith('A'))
        .map(([a, c]) => [c.v, s.cells[`B${a.slice(1)}`]?.v]),
    );
    expect(pairs).toMatchObject({
      考核方案: '华东直销 FY2026',
      '考核方案 sha256': 'a'.repeat(64),
      考核期: '2026-Q3（2026-07-01 至 2026-09-30）',
      截至: '2026-09-30',
      'salesgrade 版本': '0.1.0',
      读取行数: 7,
      计入行数: 4,
      排除行数: 3,
      '  其中：不在考核期': 1,
    });
    const inputRow = Object.entries(s.cells).find(([, c]) => c.v === 'q3.xlsx')![0].slice(1);
    expect([s.cells[`C${inputRow}`]!.v, s.cells[`D${inputRow}`]!.v]).toEqual([7, 'b'.repeat(64)]);
    const senior = Object.entries(s.cells).find(([a, c]) => a.startsWith('A') && c.v === '高级')![0].slice(1);
    expect(s.cells[`C${senior}`]!.v).toBe(1);
    expect(s.cells[`D${senior}`]).toMatchObject({ v: 0.2, fmt: '0.0%' });
    expect(s.cells[`E${senior}`]).toMatchObject({ v: '████', font: 'FF2E7D32' });
    const team = Object.entries(s.cells).find(([, c]) => c.v === '华东一组')![0].slice(1);
    expect([s.cells[`B${team}`]!.v, s.cells[`C${team}`]!.v, s.cells[`D${team}`]!.v]).toEqual([2, 96.71, 'b']);
  });

  it('Teams: level KPIs with attainment and points, tier counts', () => {
    const t = sheet(dump, '团队');
    expect(t.cells.D1!.v).toBe('回款 (70%)');
    expect(['A3', 'B3', 'C3'].map((a) => t.cells[a]!.v)).toEqual(['华东一组', '华东', 2]);
    expect(t.cells.D3).toMatchObject({ v: 2244300, note: '回款：2 名成员汇总' });
    expect(t.cells.E3!.note).toBe('目标 ¥2,400,000，来源：members');
    expect(t.cells.F3).toMatchObject({ v: 0.935125, fmt: '0.0%' });
    expect(t.cells.L3!.v).toBe(96.71);
  });

  it('Findings: sorted, with severity, and in-document links to the data cell', () => {
    const f = sheet(dump, '数据问题');
    expect(['A1', 'B1', 'C1', 'D1', 'E1'].map((a) => f.cells[a]!.v)).toEqual(['级别', '代码', '说明', '位置', '跳转']);
    expect(['B2', 'B3', 'B4', 'B5'].map((a) => f.cells[a]!.v)).toEqual(['bad-value', 'rep-not-in-roster', 'totals-row', 'roster-duplicate']);
    expect(f.cells.A2).toMatchObject({ v: '错误', fill: 'FFFDE2E1' });
    expect(f.cells.D2!.v).toBe('q3.xlsx 商机明细!D7');
    // a whole-row place is worded in the report's language (findingPlace), not "row 9"
    expect(f.cells.D4!.v).toBe('q3.xlsx 商机明细 第 9 行');
    expect(f.links).toEqual({ E2: "'明细 商机明细'!D7", E3: "'明细 商机明细'!B8", E4: "'明细 商机明细'!A9" });
    // a finding in a file with no data sheet has no link, and its formula-looking message is text
    expect(f.cells.E5).toBeUndefined();
    expect(f.cells.C5!.v).toBe('=HYPERLINK("x") 重复');
  });

  it('Data sheet: rows at their source row numbers, what each fed or why excluded, bad cells noted', () => {
    const d = sheet(dump, '明细 商机明细');
    expect(d.frozen).toEqual({ x: 0, y: 2 });
    expect(['A2', 'E2', 'F2', 'G2', 'H2'].map((a) => d.cells[a]!.v)).toEqual(['日期', '阶段', '计入指标', '排除原因', '源行号']);
    expect(d.cells.A1).toBeUndefined();
    expect(d.cells.F3!.v).toBe('revenue, deals_won, deals_closed');
    expect(d.cells.G5).toMatchObject({ v: '不在考核期', font: 'FF8C8C8C', fill: 'FFF2F2F2' });
    expect(d.cells.A5).toMatchObject({ v: '2026-06-30', font: 'FF8C8C8C', fill: 'FFF2F2F2' });
    expect(d.cells.G7!.v).toBe('数值错误: 金额 "abc"');
    expect(d.cells.D7).toMatchObject({ v: 'abc', note: 'bad-value：金额：应为数字，实际为 "abc"', fill: 'FFFDE2E1' });
    expect(d.cells.B8!.note).toBe('rep-not-in-roster：－1+1 不在花名册中');
    expect(d.cells.C7!.v).toBe('Acme Ltd');
    expect(d.cells.H9!.v).toBe(9);
    expect(d.autoFilter).toBe('A2:H9');
  });

  it('formula-injection names are inert string cells; the file has no formulas at all', async () => {
    const entries = await readEntries(buf);
    for (const [name, xml] of entries) {
      if (name.startsWith('xl/worksheets/sheet')) expect(xml, name).not.toMatch(/<f[ >]/);
    }
    const strings = dump.flatMap((s) => Object.values(s.cells).filter((c) => typeof c.v === 'string' && c.t === undefined).map((c) => c.v));
    for (const text of [INJECTIONS.hyperlink, INJECTIONS.cmd, INJECTIONS.at, INJECTIONS.fullWidth, INJECTIONS.tab, '=HYPERLINK("http://evil.example/x","x")']) {
      expect(strings).toContain(text);
    }
    for (const s of dump) for (const c of Object.values(s.cells)) expect(c.t ?? 'ok').not.toBe('formula');
  });

  it('is byte-identical when built and written twice', async () => {
    const again = await zhBytes();
    expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(buf).digest('hex'));
  });
});

describe('buildEvaluationWorkbook, en (read back)', async () => {
  const buf = await workbookBytes(buildEvaluationWorkbook(enEvaluation(), { locale: 'en' }), DATE);
  const dump = await dumpWorkbook(buf);
  if (process.env.SG_WORKBOOK_DIR) writeFileSync(join(process.env.SG_WORKBOOK_DIR, 'fixture-en.xlsx'), buf);

  it('matches the golden', async () => {
    await expect(JSON.stringify(dump, null, 1)).toMatchFileSnapshot('../../fixtures/workbook/golden-en.json');
  });

  it('has no Regions sheet and no data sheets', () => {
    expect(dump.map((d) => d.name)).toEqual(['Summary', 'Scorecard', 'Teams', 'Findings']);
  });

  it('money in the rubric currency, missing: exclude explained in the score note', () => {
    const sc = sheet(dump, 'Scorecard');
    expect(sc.cells.D3).toMatchObject({ v: 262500, fmt: '"$"#,##0.00;-"$"#,##0.00' });
    expect(sc.cells.A4!.v).toBe('Bob Diaz');
  });

  it('pacing in the Summary', () => {
    const s = sheet(dump, 'Summary');
    const row = Object.entries(s.cells).find(([, c]) => c.v === 'Pacing')![0].slice(1);
    expect(s.cells[`B${row}`]!.v).toBe('14 of 23 workdays (60.9%)');
  });
});

describe('data sheets over the row limit', () => {
  it('a sheet with no rows and `omitted` is left out, and the Summary says so', async () => {
    const [ds] = zhDataSheets();
    const wb = buildEvaluationWorkbook(zhEvaluation(), { locale: 'zh-CN', dataSheets: [{ ...ds!, rows: [], omitted: 250_000 }] });
    const dump = await dumpWorkbook(await workbookBytes(wb, DATE));
    expect(dump.map((d) => d.name)).toEqual(['概览', '评分卡', '团队', '区域', '数据问题']);
    const notes = Object.values(dump[0]!.cells).filter((c) => typeof c.v === 'string' && c.v.startsWith('明细表'));
    expect(notes).toEqual([{ v: '明细表“商机明细”未写入：250,000 行超过行数上限（见 README“工作簿”一节）', font: 'italic FFB45F06' }]);
    // findings keep their location text but have no link to follow
    expect(dump[4]!.links).toEqual({});
  });

  it('a sheet with some rows and `omitted` is written, and the Summary counts the rest (en)', async () => {
    const [ds] = zhDataSheets();
    const wb = buildEvaluationWorkbook(enEvaluation(), { locale: 'en', dataSheets: [{ ...ds!, rows: (ds!.rows as DataRowInput[]).slice(0, 2), omitted: 5 }] });
    const dump = await dumpWorkbook(await workbookBytes(wb, DATE));
    expect(dump.map((d) => d.name)).toEqual(['Summary', 'Scorecard', 'Teams', 'Findings', 'Data 商机明细']);
    const notes = Object.values(dump[0]!.cells).filter((c) => typeof c.v === 'string' && c.v.startsWith('Data sheet'));
    expect(notes.map((c) => c.v)).toEqual(['Data sheet “商机明细”: 5 more rows over the row limit are not shown']);
  });
});

describe('reps missing from the roster', () => {
  it('show the (unassigned) team and region in the report language', async () => {
    const ev = zhEvaluation();
    const rep = ev.reps[1]!;
    rep.team = '(unassigned)';
    rep.region = '(unassigned)';
    rep.inRoster = false;
    ev.teams.push({ ...ev.teams[0]!, name: '(unassigned)', members: [rep.rep] });
    const dump = await dumpWorkbook(await workbookBytes(buildEvaluationWorkbook(ev, { locale: 'zh-CN' }), DATE));
    const sc = sheet(dump, '评分卡');
    const row = Object.entries(sc.cells).find(([a, c]) => a.startsWith('A') && c.v === rep.rep)![0].slice(1);
    expect([sc.cells[`B${row}`]!.v, sc.cells[`C${row}`]!.v]).toEqual(['（未分配）', '（未分配）']);
    const names = Object.values(sheet(dump, '团队').cells).map((c) => c.v);
    expect(names).toContain('（未分配）');
    expect(names).not.toContain('(unassigned)');
    const summary = Object.values(sheet(dump, '概览').cells).map((c) => c.v);
    expect(summary).toContain('（未分配）');
  });
});

describe('Pacing and History sheets, print setup', () => {
  // 张三 half-way through the quarter: revenue ¥1,284,300 of ¥1,200,000 (to date ¥600,000), 30 of 60 workdays
  function paced() {
    const ev = zhEvaluation();
    ev.manifest.asOf = '2026-08-15';
    ev.pacing = { elapsedWorkdays: 30, totalWorkdays: 60, fraction: new Decimal('0.5') };
    for (const r of ev.reps) {
      for (const k of r.kpis) {
        const additive = k.kpi !== 'win_rate';
        const target = k.target === null ? null : additive ? k.target.mul('0.5') : k.target;
        const projected = k.actual === null ? null : additive ? k.actual.div('0.5') : k.actual;
        k.pacing = { target, attainment: null, projected, projectedAttainment: projected && k.target ? projected.div(k.target) : null };
      }
    }
    ev.reps[1]!.trail = [{ period: '2026-Q2', source: 'history', score: new Decimal('77.5'), qualified: 'intermediate', tier: 'intermediate', movement: 'new' }];
    return ev;
  }

  it('Pacing: per KPI the to-date target, actual, projection and projected attainment; the heaviest KPI per remaining workday', async () => {
    const dump = await dumpWorkbook(await workbookBytes(buildEvaluationWorkbook(paced(), { locale: 'zh-CN' }), DATE));
    expect(dump.map((d) => d.name)).toEqual(['概览', '评分卡', '团队', '区域', '时间进度', '等级历史', '数据问题']);
    const p = sheet(dump, '时间进度');
    expect(p.cells.A1!.v).toBe('截至 2026-08-15：已过 30/60 个工作日（50.0%）');
    expect(['A3', 'B3', 'C2', 'C3', 'D3', 'E3', 'F3'].map((a) => p.cells[a]!.v)).toEqual(['销售代表', '团队', '回款', '截至当前目标', '实际', '期末预计', '预计达成率']);
    // 张三: 600,000 to date, 1,284,300 so far, 2,568,600 projected = 214.05 % of 1,200,000
    expect(['A4', 'C4', 'D4', 'E4', 'F4'].map((a) => p.cells[a]!.v)).toEqual(['张三', 600000, 1284300, 2568600, 2.1405]);
    expect(p.cells.F4!.fmt).toBe('0.0%');
    // win rate is a ratio: its to-date target is the full 30 %
    expect(p.cells.G4!.v).toBe(0.3);
    // the heaviest KPI (回款, 50): already reached → on pace; a rep short of it → the amount per remaining workday
    const need = Object.entries(p.cells).filter(([a]) => /^O\d+$/.test(a) && a !== 'O2' && a !== 'O3');
    expect(need[0]).toEqual(['O4', { v: '已达成', fill: expect.any(String) }]);
    expect(p.frozen).toEqual({ x: 1, y: 3 });
  });

  it('History: one row per rep × period, the earlier ones from the trail, the evaluated one last', async () => {
    const dump = await dumpWorkbook(await workbookBytes(buildEvaluationWorkbook(paced(), { locale: 'zh-CN' }), DATE));
    const h = sheet(dump, '等级历史');
    const rows = Object.entries(h.cells).filter(([a]) => a.startsWith('C') && a !== 'C1');
    expect(rows.length).toBe(zhEvaluation().reps.length + 1);
    const name = zhEvaluation().reps[1]!.rep;
    const first = Object.entries(h.cells).find(([a, c]) => a.startsWith('A') && c.v === name)![0].slice(1);
    const n = Number(first);
    expect([`C${n}`, `D${n}`, `E${n}`, `H${n}`].map((a) => h.cells[a]!.v)).toEqual(['2026-Q2', 77.5, '中级', '--history 文件']);
    expect(h.cells[`C${n + 1}`]!.v).toBe('2026-Q3');
    expect(h.cells[`H${n + 1}`]!.v).toBe('本期');
  });

  it('every sheet prints well: fit to width (or landscape for the wide data sheets), header rows repeated', () => {
    const model = buildEvaluationWorkbook(paced(), { locale: 'zh-CN', dataSheets: zhDataSheets() });
    const print = Object.fromEntries(model.sheets.map((s) => [s.name, s.print]));
    expect(print).toEqual({
      概览: { fitToWidth: true },
      评分卡: { landscape: true, fitToWidth: true, printTitleRows: '1:2' },
      团队: { landscape: true, fitToWidth: true, printTitleRows: '1:2' },
      区域: { landscape: true, fitToWidth: true, printTitleRows: '1:2' },
      时间进度: { landscape: true, fitToWidth: true, printTitleRows: '2:3' },
      等级历史: { fitToWidth: true, printTitleRows: '1:1' },
      数据问题: { landscape: true, fitToWidth: true, printTitleRows: '1:1' },
      '明细 商机明细': { landscape: true, printTitleRows: expect.stringMatching(/^\d+:\d+$/) },
    });
  });
});

describe('Scorecard rows share their styles (issue 10 item 16)', () => {
  it('each distinct style of the rep rows is one object: a number cell adds no style object of its own', async () => {
    // A fresh `{ numFmt }` per number cell cost the writer a JSON key and a WeakMap entry per cell
    // (~40 a row: 2.4 M at 61,000 reps × 10 KPIs).
    for (const [ev, locale] of [[zhEvaluation(), 'zh-CN'], [enEvaluation(), 'en']] as const) {
      const model = buildEvaluationWorkbook(ev, { locale });
      const sc = model.sheets[1]!;
      const rows = typeof sc.rows === 'function' ? sc.rows() : sc.rows;
      const objects = new Set<unknown>();
      const contents = new Set<string>();
      let styled = 0;
      for await (const row of rows) {
        if (row.r < 3) continue;
        for (const c of row.cells) {
          if (c?.s === undefined || typeof c.s === 'string') continue;
          styled++;
          objects.add(c.s);
          contents.add(JSON.stringify(c.s));
        }
      }
      expect(styled).toBeGreaterThan(3 * ev.reps.length);
      expect(objects.size).toBe(contents.size);
    }
  });
});
