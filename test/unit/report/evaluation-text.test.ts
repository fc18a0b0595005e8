// report/evaluation-text.ts: one row per fact code, in both languages. These are the sentences the
// engine used to write itself (engine/explain.ts phrases, scoring.ts, tiers.ts, score.ts); the engine
// now returns the facts and this module is the one place they are worded.
import { describe, expect, it, test } from 'vitest';
import { Decimal } from 'decimal.js';
import type { CurveFact, DecisionFact, FormulaFact, KpiFact, MovementFact, TargetOrigin } from '../../../src/engine/types.js';
import type { TargetProration } from '../../../src/shared/proration-facts.js';
import { decisionReason, formulaText, kpiExplanation, movementText, targetOriginText, targetSourceText, type ExplainedKpi } from '../../../src/report/evaluation-text.js';

const D = (v: string | number) => new Decimal(v);
const LABELS: Record<string, string> = { top: 'Top', mid: 'Middle' };
const label = (id: string) => LABELS[id] ?? id;

/** A KPI result around facts: Revenue, weight 50, actual 1,284,300 against 1,200,000. */
function kpi(f: KpiFact, over: Partial<ExplainedKpi> = {}): ExplainedKpi {
  return { label: 'Revenue', weight: 50, direction: 'higher', actual: D(1284300), target: D(1200000), attainment: D('1.07025'), points: D('53.5125'), belowThreshold: false, explanationFacts: f, ...over };
}
const points = (curve: CurveFact[], factor: string, extra: Partial<Extract<KpiFact, { code: 'kpi-points' }>> = {}): KpiFact => ({ code: 'kpi-points', unit: 'money', perfect: false, curve, factor: D(factor), bands: false, ...extra });

describe('kpiExplanation: one row per KPI fact code and curve step', () => {
  it.each<[string, ExplainedKpi, string, string]>([
    ['kpi-points', kpi(points([], '1.07025')), 'Revenue ¥1,284,300 ÷ target ¥1,200,000 = 107.0%; 50 × 107.0% = 53.51 points', 'Revenue ¥1,284,300 ÷ 目标 ¥1,200,000 = 107.0%；50 × 107.0% = 53.51 分'],
    ['capped', kpi(points([{ code: 'capped', at: 1.5 }], '1.5'), { actual: D(2000000), attainment: D('1.666666666666666666666666666666666666667'), points: D(75) }), 'Revenue ¥2,000,000 ÷ target ¥1,200,000 = 166.7%; capped at 150.0%; 50 × 150.0% = 75.00 points', 'Revenue ¥2,000,000 ÷ 目标 ¥1,200,000 = 166.7%；封顶 150.0%；50 × 150.0% = 75.00 分'],
    ['floored', kpi(points([{ code: 'floored', at: D('0.2') }], '0.2'), { actual: D(120000), attainment: D('0.1'), points: D(10) }), 'Revenue ¥120,000 ÷ target ¥1,200,000 = 10.0%; floor 20.0%; 50 × 20.0% = 10.00 points', 'Revenue ¥120,000 ÷ 目标 ¥1,200,000 = 10.0%；保底 20.0%；50 × 20.0% = 10.00 分'],
    ['below-threshold', kpi(points([{ code: 'below-threshold', at: 0.5 }], '0'), { actual: D(480000), attainment: D('0.4'), points: D(0), belowThreshold: true }), 'Revenue ¥480,000 ÷ target ¥1,200,000 = 40.0%; below threshold 50.0% → 0 points', 'Revenue ¥480,000 ÷ 目标 ¥1,200,000 = 40.0%；低于门槛 50.0% → 0 分'],
    ['band', kpi(points([{ code: 'band', at: D(1), factor: D('1.2') }], '1.2', { bands: true }), { points: D(60) }), 'Revenue ¥1,284,300 ÷ target ¥1,200,000 = 107.0%; band ≥ 100.0% → factor 1.2; 50 × 1.2 = 60.00 points', 'Revenue ¥1,284,300 ÷ 目标 ¥1,200,000 = 107.0%；档位 ≥ 100.0% → 系数 1.2；50 × 1.2 = 60.00 分'],
    ['linear-band', kpi(points([{ code: 'linear-band', factor: D('1.02810') }], '1.0281', { bands: true }), { points: D('51.405') }), 'Revenue ¥1,284,300 ÷ target ¥1,200,000 = 107.0%; linear band → factor 1.0281; 50 × 1.0281 = 51.41 points', 'Revenue ¥1,284,300 ÷ 目标 ¥1,200,000 = 107.0%；线性档位 → 系数 1.0281；50 × 1.0281 = 51.41 分'],
    ['below-bands', kpi(points([{ code: 'below-bands', at: D('0.5') }], '0', { bands: true }), { actual: D(480000), attainment: D('0.4'), points: D(0), belowThreshold: true }), 'Revenue ¥480,000 ÷ target ¥1,200,000 = 40.0%; below the lowest band 50.0% → 0 points', 'Revenue ¥480,000 ÷ 目标 ¥1,200,000 = 40.0%；低于最低档位 50.0% → 0 分'],
    ['lower is better', kpi({ ...points([], '1.25'), unit: 'percent' }, { label: 'Churn', weight: 10, direction: 'lower', actual: D('0.04'), target: D('0.05'), attainment: D('1.25'), points: D('12.5') }), 'Churn: target 5.0% ÷ 4.0% = 125.0%; 10 × 125.0% = 12.50 points', 'Churn 目标 5.0% ÷ 4.0% = 125.0%；10 × 125.0% = 12.50 分'],
    ['perfect (lower, actual 0)', kpi({ ...points([], '1.5', { perfect: true }), unit: 'count' }, { label: 'Lost', weight: 10, direction: 'lower', actual: D(0), target: D(2), attainment: D('1.5'), points: D(15) }), 'Lost 0; actual is 0 (lower is better) → counted as 150.0%; 10 × 150.0% = 15.00 points', 'Lost 0；实际为 0（越低越好）→ 按 150.0% 计；10 × 150.0% = 15.00 分'],
    ['kpi-no-value', kpi({ code: 'kpi-no-value', unit: 'money', excluded: false }, { actual: null, attainment: null, points: D(0) }), 'Revenue: no value; 0 points', 'Revenue：无数据；0 分'],
    [
      'kpi-no-value, a ratio with a zero denominator, excluded',
      kpi({ code: 'kpi-no-value', unit: 'percent', excluded: true, ratio: { num: { metric: 'won', value: D(0), unit: 'count' }, den: { metric: 'closed', value: D(0), unit: 'count' } } }, { label: 'Win rate', actual: null, attainment: null, points: D(0) }),
      'Win rate: no value (won ÷ closed = 0 ÷ 0: zero denominator); excluded from the score (missing: exclude); the other weights are rescaled',
      'Win rate：无数据（won ÷ closed = 0 ÷ 0: 分母为 0）；不计入总分（missing: exclude），权重按其余指标折算',
    ],
    [
      'kpi-no-value, a ratio of an average with no value',
      kpi({ code: 'kpi-no-value', unit: 'number', excluded: false, ratio: { num: { metric: 'csat', value: null, unit: 'number' }, den: { metric: 'visits', value: D(3), unit: 'count' } } }, { label: 'CSAT per visit', actual: null, attainment: null, points: D(0) }),
      'CSAT per visit: no value (csat ÷ visits = no value ÷ 3: no value); 0 points',
      'CSAT per visit：无数据（csat ÷ visits = 无数据 ÷ 3: 无数据）；0 分',
    ],
    ['kpi-no-target', kpi({ code: 'kpi-no-target', unit: 'count', excluded: false }, { label: 'X', actual: D(3), target: null, attainment: null, points: D(0) }), 'X 3; no target; 0 points', 'X 3；无目标；0 分'],
    ['kpi-no-attainment', kpi({ code: 'kpi-no-attainment', unit: 'count', excluded: true }, { label: 'X', actual: D(3), target: D(0), attainment: null, points: D(0) }), 'X 3; no value; excluded from the score (missing: exclude); the other weights are rescaled', 'X 3；无数据；不计入总分（missing: exclude），权重按其余指标折算'],
    ['no facts (an earlier period, a hand-built result)', kpi(undefined as unknown as KpiFact, { explanationFacts: undefined }), '', ''],
  ])('%s', (_, k, en, zh) => {
    expect([kpiExplanation(k, 'CNY', 'en'), kpiExplanation(k, 'CNY', 'zh-CN')]).toEqual([en, zh]);
  });
});

describe('movementText: one row per movement code', () => {
  it.each<[MovementFact, string, string]>([
    [{ code: 'new', tier: 'top' }, 'no earlier tier: takes the qualified tier Top', '无历史等级，按本期达标等级 Top 定级'],
    [{ code: 'unchanged', tier: 'mid' }, 'qualified for the current tier Middle; both runs reset', '本期达标等级与当前等级 Middle 相同，连续计数清零'],
    [{ code: 'promoted', run: 2, tier: 'top' }, 'qualified above the current tier for 2 consecutive periods: promoted to Top (the lowest tier qualified for in that run)', '连续 2 期达到更高等级，晋升为 Top（该连续期内达到的最低等级）'],
    [{ code: 'promoted', run: 1, tier: 'top' }, 'qualified above the current tier for 1 consecutive period: promoted to Top (the lowest tier qualified for in that run)', '连续 1 期达到更高等级，晋升为 Top（该连续期内达到的最低等级）'],
    [{ code: 'held-up', run: 1, need: 2, tier: 'mid' }, 'qualified above the current tier 1 of 2 consecutive periods needed: stays Middle', '连续 1/2 期达到更高等级，暂保持 Middle'],
    [{ code: 'demoted', run: 3, tier: 'mid' }, 'qualified below the current tier for 3 consecutive periods: demoted to Middle (the highest tier qualified for in that run)', '连续 3 期低于当前等级，降为 Middle（该连续期内达到的最高等级）'],
    [{ code: 'held-down', run: 1, need: 1, tier: 'top' }, 'qualified below the current tier 1 of 1 consecutive period needed: stays Top', '连续 1/1 期低于当前等级，暂保持 Top'],
    [{ code: 'grace', tier: 'top', grace: 2 }, 'within the first 2 periods (grace): no demotion, stays Top', '处于前 2 期保护期，不降级，保持 Top'],
    [{ code: 'grace', tier: 'top', grace: 1 }, 'within the first period (grace): no demotion, stays Top', '处于前 1 期保护期，不降级，保持 Top'],
    [{ code: 'partial', tier: 'mid', coverage: { period: '2026-Q2', until: '2026-05-15' } }, '2026-Q2 is covered by the data only until 2026-05-15: not counted toward promotion or demotion, stays Middle', '2026-Q2 的数据仅到 2026-05-15 为止，不计入晋升/降级连续期，保持 Middle'],
    [
      { code: 'new-partial', tier: 'top', coverage: { period: '2026-Q3', from: '2026-07-10', until: '2026-09-01' } },
      'no earlier tier: takes the qualified tier Top; 2026-Q3 is covered by the data only from 2026-07-10; 2026-Q3 is covered by the data only until 2026-09-01',
      '无历史等级，按本期达标等级 Top 定级；2026-Q3 的数据仅从 2026-07-10 开始；2026-Q3 的数据仅到 2026-09-01 为止',
    ],
  ])('%j', (f, en, zh) => {
    expect([movementText(f, label, 'en'), movementText(f, label, 'zh-CN')]).toEqual([en, zh]);
  });
});

describe('decisionReason: score, blocked gates, movement', () => {
  it.each<[DecisionFact, string, string]>([
    [{ score: '107.03', qualified: 'top', blocked: [], movement: { code: 'new', tier: 'top' } }, 'score 107.03 qualifies for Top; no earlier tier: takes the qualified tier Top', '总分 107.03，达标等级 Top；无历史等级，按本期达标等级 Top 定级'],
    [
      {
        score: '120.00',
        qualified: 'mid',
        blocked: [{ tier: 'top', failed: [{ metric: 'csat', min: 4.2, value: D(4), unit: 'number' }, { metric: 'refunds', max: 1000, value: D(1500), unit: 'money' }, { metric: 'visits', min: 10, value: null, unit: 'count' }] }],
        movement: { code: 'unchanged', tier: 'mid' },
      },
      'score 120.00 qualifies for Middle; Top gate failed: csat ≥ 4.2 (4), refunds ≤ 1000 (¥1,500), visits ≥ 10 (no value); qualified for the current tier Middle; both runs reset',
      '总分 120.00，达标等级 Middle；Top 门槛未通过：csat ≥ 4.2 (4), refunds ≤ 1000 (¥1,500), visits ≥ 10 (无数据)；本期达标等级与当前等级 Middle 相同，连续计数清零',
    ],
    [
      // A gate with both bounds names the one that failed (it said `≥ 1` for a value above the maximum).
      {
        score: '99.00',
        qualified: 'mid',
        blocked: [{ tier: 'top', failed: [{ metric: 'discount', min: 0.01, max: 0.2, value: D('0.35'), unit: 'percent' }, { metric: 'csat', min: 3, max: 5, value: null, unit: 'number' }] }],
        movement: { code: 'unchanged', tier: 'mid' },
      },
      'score 99.00 qualifies for Middle; Top gate failed: discount ≤ 0.2 (35.0%), csat ≥ 3 ≤ 5 (no value); qualified for the current tier Middle; both runs reset',
      '总分 99.00，达标等级 Middle；Top 门槛未通过：discount ≤ 0.2 (35.0%), csat ≥ 3 ≤ 5 (无数据)；本期达标等级与当前等级 Middle 相同，连续计数清零',
    ],
  ])('%j', (f, en, zh) => {
    expect([decisionReason(f, label, 'CNY', 'en'), decisionReason(f, label, 'CNY', 'zh-CN')]).toEqual([en, zh]);
  });
});

describe('formulaText: one row per formula code', () => {
  it.each<[FormulaFact, Decimal | null, string, string]>([
    [{ code: 'metric-rows', unit: 'money', agg: 'sum', field: 'amount', where: 'stage ∈ {Won, 赢单} and region = East', dateField: 'close_date', period: '2026-Q3', rows: 2 }, D(90000), 'sum(amount) where stage ∈ {Won, 赢单} and region = East; by close_date in 2026-Q3: 2 rows = ¥90,000', 'sum(amount) 条件 stage ∈ {Won, 赢单} 且 region = East；按 close_date 计入 2026-Q3：2 行 = ¥90,000'],
    [{ code: 'metric-rows', unit: 'count', agg: 'count', dateField: 'date', period: '2026-07', rows: 1 }, D(1), 'count(rows); by date in 2026-07: 1 row = 1', 'count(rows)；按 date 计入 2026-07：1 行 = 1'],
    [{ code: 'metric-rows', unit: 'number', agg: 'avg', field: 'csat', dateField: 'date', period: '2026-07', rows: 0 }, null, 'avg(csat); by date in 2026-07: 0 rows = no value', 'avg(csat)；按 date 计入 2026-07：0 行 = 无数据'],
    [{ code: 'metric-ratio', unit: 'percent', num: { metric: 'won', value: D(2), unit: 'count' }, den: { metric: 'closed', value: D(3), unit: 'count' } }, D('0.6666666666666666666666666666666666666667'), 'won ÷ closed = 2 ÷ 3 = 66.7%', 'won ÷ closed = 2 ÷ 3 = 66.7%'],
  ])('%j', (f, value, en, zh) => {
    const t = { value, formulaFacts: f };
    expect([formulaText(t, 'CNY', 'en'), formulaText(t, 'CNY', 'zh-CN')]).toEqual([en, zh]);
  });
});

describe('targetSourceText: one row per proration code', () => {
  it.each<[TargetProration | undefined, string, string]>([
    [undefined, 'default', 'default'],
    [{ code: 'prorated', by: 'workdays', calendar: 'cn', parts: [{ label: '2026', percent: '25.00' }] }, 'default, prorated by working days (cn): 25.00% of 2026', 'default，折算 按工作日 (cn): 2026 的 25.00%'],
    // The engine's own default (outside the CLI, which prorates by the quota rules).
    [{ code: 'prorated-calendar-days', parts: [{ label: '2026', inside: 92, days: 365 }, { label: '2027' }] }, 'default, prorated by calendar days: 92/365 days of 2026 + 2027', 'default，按日历天数折算：2026 的 92/365 天 + 2027'],
  ])('%j', (p, en, zh) => {
    const k = { targetSource: 'default', ...(p ? { targetProration: p } : {}) };
    expect([targetSourceText(k, 'en'), targetSourceText(k, 'zh-CN')]).toEqual([en, zh]);
  });
});

describe('targetOriginText: where a target came from, in the report language', () => {
  const cases: [TargetOrigin, string, string][] = [
    [{ from: { code: 'rubric', key: 'default' } }, 'default', 'default'],
    [{ from: { code: 'rubric', key: 'by_rep.张三' }, per: 'year' }, 'by_rep.张三, per year', 'by_rep.张三，按年给出'],
    [{ from: { code: 'file', where: 'targets.csv:5:3', level: 'rep', name: '李四' } }, 'file targets.csv:5:3 (rep 李四)', '文件 targets.csv:5:3（销售 李四）'],
    [{ from: { code: 'file', where: 'Targets!C4', level: 'team', name: 'East' }, per: 'quarter' }, 'file Targets!C4 (team East), per quarter', '文件 Targets!C4（团队 East），按季度给出'],
    [{ from: { code: 'members', rule: 'sum' } }, 'members (sum)', '成员（合计）'],
    [{ from: { code: 'members', rule: 'distinct-none' } }, 'members (none for a distinct count)', '成员（去重计数没有成员目标）'],
    [{ from: { code: 'none' } }, 'none', '无'],
  ];
  test.each(cases)('%j', (origin, en, zh) => {
    expect(targetOriginText(origin, 'en')).toBe(en);
    expect(targetOriginText(origin, 'zh-CN')).toBe(zh);
  });
});
