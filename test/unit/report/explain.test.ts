import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { closestNames, findRep, formatSourceRows, renderExplain, wrapLine } from '../../../src/report/explain.js';
import { displayWidth } from '../../../src/report/terminal.js';
import { fixtureEvaluation } from './evaluation-fixture.js';

describe('explain', () => {
  it('walks every step for one rep: metrics with rows, KPIs, score, gates, tier, movement, action', () => {
    const ev = fixtureEvaluation();
    const text = renderExplain(ev, ev.reps[0]!, { color: false });
    expect(text.split('\n')).toEqual([
      '张伟 · 上海一组 · 上海区 · 经理 陈静',
      '考核期 2026-Q3 (2026-07-01 – 2026-09-30) · 考核方案 华东直销 FY2026',
      '排名 1/4 · 总分 136.50 · 等级 高级',
      '',
      '1. 指标值及来源行',
      '  revenue = ¥1,800,000    sum(amount) 条件 stage ∈ {赢单}；按 close_date 计入 2026-Q3：7 行 =',
      '    ¥1,800,000',
      '    共 7 行，前 2 行：east-china-2026.xlsx: 商机明细!12, 商机明细!40',
      '  win_rate = 40.0%    deals_won ÷ deals_closed = 4 ÷ 10 = 40.0%',
      '    共 10 行',
      '  deals_closed = 10    count(rows)；按 close_date 计入 2026-Q3：10 行 = 10',
      '    共 10 行',
      '  deals_won = 4    count(rows)；按 close_date 计入 2026-Q3：4 行 = 4',
      '    共 4 行，前 1 行：east-china-2026.xlsx: 商机明细!12',
      '',
      '2. 目标、达成率与得分',
      '  回款 (revenue) · 权重 50 · 已封顶',
      '    实际 ¥1,800,000 · 目标 ¥1,200,000 (来源：default) · 达成率 150.0% · 得分点 75.00',
      '    回款 ¥1,800,000 ÷ 目标 ¥1,200,000 = 150.0%；50 × 150.0% = 75.00 分',
      '  赢单率 (win_rate) · 权重 20 · 已封顶',
      '    实际 40.0% · 目标 30.0% (来源：default) · 达成率 133.3% · 得分点 24.00',
      '    赢单率 40.0% ÷ 目标 30.0% = 133.3%；封顶 120.0%；20 × 120.0% = 24.00 分',
      '  新客户 (new_customers) · 权重 15',
      '    实际 9 · 目标 6 (来源：default) · 达成率 150.0% · 得分点 22.50',
      '    新客户 9 ÷ 目标 6 = 150.0%；15 × 150.0% = 22.50 分',
      '  拜访 (visits) · 权重 15 · 已封顶',
      '    实际 66 · 目标 60 (来源：default) · 达成率 110.0% · 得分点 15.00',
      '    拜访 66 ÷ 目标 60 = 110.0%；封顶 100.0%；15 × 100.0% = 15.00 分',
      '',
      '3. 总分',
      '  75.00 + 24.00 + 22.50 + 15.00 = 136.5 (未取整)',
      '  → 136.50',
      '',
      '4. 等级判定',
      '  门槛条件 高级：csat 4.60 ≥ 4.2 → 通过',
      '  高级 ≥ 95 · 中级 ≥ 75 · 初级 ≥ 0',
      '  本期达标等级：高级',
      '',
      '5. 升降',
      '  原等级 高级 → 新等级 高级 (不变 =)',
      '  连续高于当前等级 0 · 连续低于当前等级 0',
      '  总分 136.50，达标等级 高级；本期达标等级与当前等级 高级 相同，连续计数清零',
      '',
      '6. 距下一等级',
      '  已是最高等级',
      '',
      '7. 本等级措施',
      '  奖金系数 1.5 · 培训 领导力培训',
      '',
    ]);
  });

  it('shows the distance to the next tier in points and in the heaviest KPI, and a new rep', () => {
    const ev = fixtureEvaluation();
    const wang = renderExplain(ev, ev.reps[1]!, { color: false, locale: 'en' });
    expect(wang).toContain('  11.33 points short of 高级; or ¥271,920 more 回款 alone\n');
    expect(wang).toContain('  42.50 + 16.6667 + 12.50 + 12.00 = ≈83.6667 (unrounded)\n');
    const lin = renderExplain(ev, ev.reps[2]!, { color: false, locale: 'en' });
    expect(lin.split('\n')[0]).toBe('林涛 · (unassigned) (not in the roster)');
    expect(lin).toContain('  Previous tier — → New tier 初级 (new new)\n');
    expect(lin).toContain('    Actual no value · Target 30.0% (Source: default) · Attainment no value · Points 0.00\n');
  });

  it('without a roster nobody is "not in the roster"', () => {
    const ev = fixtureEvaluation();
    delete ev.manifest.roster;
    expect(renderExplain(ev, ev.reps[2]!, { color: false, locale: 'en' }).split('\n')[0]).toBe('林涛 · (unassigned)');
  });

  it('a rep qualified for the top tier but held below it is not "already in the top tier"', () => {
    const ev = fixtureEvaluation();
    const r = ev.reps[1]!; // 王芳, held at 中级
    r.decision = { ...r.decision, qualified: 'senior', tier: 'intermediate', movement: 'held', promoteRun: 1 };
    delete r.distanceToNext;
    const text = renderExplain(ev, r, { color: false, locale: 'en' });
    expect(text).not.toContain('already in the top tier');
    expect(text).toContain('  qualified for 高级; the movement rules keep 中级 for now (see 5)\n');
    const top = ev.reps[0]!;
    expect(renderExplain(ev, top, { color: false, locale: 'en' })).toContain('  already in the top tier\n');
  });

  it('writes the rescaled score when a KPI is excluded (missing: exclude)', () => {
    const ev = fixtureEvaluation();
    const r = ev.reps[2]!;
    r.kpis[1]!.excluded = true;
    r.rawScore = new Decimal('18').mul(100).div(80);
    expect(renderExplain(ev, r, { color: false, locale: 'en' })).toContain('  (12.50 + 2.50 + 3.00) × 100 ÷ 80 = 22.5 (unrounded)\n');
  });

  it('finds a rep exactly, then ignoring case and spaces, else suggests', () => {
    const ev = fixtureEvaluation();
    ev.reps[0]!.rep = 'Alice Chen';
    expect(findRep(ev, 'Alice Chen').rep?.rep).toBe('Alice Chen');
    expect(findRep(ev, ' alice  chen ').rep?.rep).toBe('Alice Chen');
    expect(findRep(ev, 'Alice')).toEqual({ suggestions: ['Alice Chen'] });
    expect(findRep(ev, 'Zed')).toEqual({ suggestions: [] });
  });

  it('names source rows as file: sheet!row, and CSV lines as file:line', () => {
    expect(
      formatSourceRows([
        { file: 'a.xlsx', sheet: 'Deals 2026', row: 5 },
        { file: 'a.xlsx', sheet: 'Deals 2026', row: 9 },
        { file: 'b.csv', row: 3 },
      ]),
    ).toBe("a.xlsx: 'Deals 2026'!5, 'Deals 2026'!9; b.csv:3");
  });

  it('rounds the unrounded score for display: no 40-digit decimals', () => {
    const ev = fixtureEvaluation();
    const r = ev.reps[1]!;
    r.rawScore = new Decimal(251).div(3); // 83.666… to 40 digits
    const text = renderExplain(ev, r, { color: false, locale: 'en' });
    expect(text).toContain('= ≈83.6667 (unrounded)\n');
    expect(text).not.toMatch(/\d{10}/);
  });

  it('writes a gate in its KPI\'s own unit: win rate 40.0% ≥ 60.0%', () => {
    const ev = fixtureEvaluation();
    const r = ev.reps[0]!;
    r.decision.gates = [{ tier: 'senior', results: [{ metric: 'win_rate', min: 0.6, actual: new Decimal('0.4'), passed: false }] }];
    const text = renderExplain(ev, r, { color: false, locale: 'en' });
    expect(text).toContain('win_rate 40.0% ≥ 60.0% → failed');
    expect(text).not.toContain('≥ 0.6');
  });

  it('says 1 row, not 1 rows', () => {
    const ev = fixtureEvaluation();
    const r = ev.reps[0]!;
    r.metrics.deals_won!.rows = 1;
    const en = renderExplain(ev, r, { color: false, locale: 'en' });
    expect(en).toContain('    1 row: east-china-2026.xlsx: 商机明细!12\n');
    expect(en).not.toMatch(/\b1 rows\b/);
  });

  it('keeps every line within 100 columns, a long formula continuing on the next line', () => {
    const ev = fixtureEvaluation();
    const r = ev.reps[0]!;
    r.metrics.revenue!.formulaFacts = { code: 'metric-rows', unit: 'money', agg: 'sum', field: 'amount', where: `stage ∈ {${Array.from({ length: 20 }, (_, i) => `赢单阶段${i}`).join(', ')}}`, dateField: 'close_date', period: '2026-Q3', rows: 7 };
    r.kpis[0]!.targetSource = `default, per year, ${'x'.repeat(130)}`;
    const lines = renderExplain(ev, r, { color: false }).split('\n');
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(100);
    expect(lines.join(' ')).toContain('赢单阶段19');
    expect(wrapLine('  a b', 100)).toEqual(['  a b']);
    expect(wrapLine(`  ${'长'.repeat(60)}`, 100).map(displayWidth)).toEqual([100, 26]); // 2 + 49 × 2, then 4 + 11 × 2
  });

  it('suggests the closest names for a mistyped rep (edit distance), nearest first', () => {
    const ev = fixtureEvaluation();
    expect(findRep(ev, '王方')).toEqual({ suggestions: ['王芳'] });
    ev.reps[0]!.rep = 'Ben Ortiz';
    expect(findRep(ev, 'ben ortis')).toEqual({ suggestions: ['Ben Ortiz'] });
    expect(closestNames(['Ann Lee', 'Anne Lee', 'Bob'], 'Anm Lee')).toEqual(['Ann Lee', 'Anne Lee']);
    expect(closestNames(['Ann Lee'], 'Zed')).toEqual([]);
  });

  it('tells the tier history in one sentence, then period by period', () => {
    const ev = fixtureEvaluation();
    const r = ev.reps[1]!; // 王芳: new in Q1 (中级), qualified 高级 in Q2, promoted in Q3
    r.decision = { ...r.decision, current: 'intermediate', qualified: 'senior', tier: 'senior', movement: 'promoted', promoteRun: 2 };
    const en = renderExplain(ev, r, { color: false, locale: 'en' });
    expect(en).toContain('  Tier history: 中级 since 2026-Q1; qualified for 高级 in 2026-Q2, 2026-Q3 → promoted 高级\n');
    expect(en).toContain('    2026-Q1 中级 80.25 · 2026-Q2 中级 97.50 (qualified 高级) · 2026-Q3 高级 83.67\n');
    const zh = renderExplain(ev, r, { color: false });
    expect(zh).toContain('  等级历史：自 2026-Q1 起为中级；2026-Q2、2026-Q3 达标高级 → 晋升 高级\n');
    // no history: no line
    expect(renderExplain(ev, ev.reps[0]!, { color: false })).not.toContain('等级历史');
  });
});
