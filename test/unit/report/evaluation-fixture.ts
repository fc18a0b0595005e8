// A hand-built Evaluation for the renderer tests: 4 reps (one with no activity, one not in the
// roster), 4 KPIs (revenue capped, win rate with a zero denominator for one rep, new customers,
// visits), 3 tiers, two teams, findings. Numbers are consistent with each other by hand:
// points = weight × clamp(attainment, 0, cap); score = Σ points rounded half-up to 2 places.
import { Decimal } from 'decimal.js';
import type { DecisionFact, Evaluation, KpiResult, MovementFact, RepEvaluation, GroupEvaluation, Unit } from '../../../src/engine/types.js';

const D = (v: string | number) => new Decimal(v);

function kpi(
  kpi: string,
  label: string,
  weight: number,
  actual: string | null,
  target: string,
  extra: Partial<KpiResult> = {},
): KpiResult {
  const a = actual === null ? null : D(actual).div(D(target));
  const capped = extra.capped ?? false;
  const cap = kpi === 'revenue' ? D(1.5) : kpi === 'win_rate' ? D(1.2) : kpi === 'visits' ? D(1) : null;
  const eff = a === null ? null : cap && a.gt(cap) ? cap : a;
  const unit: Unit = kpi === 'revenue' ? 'money' : kpi === 'win_rate' ? 'percent' : 'count';
  return {
    kpi,
    metric: kpi,
    label,
    weight,
    direction: 'higher',
    actual: actual === null ? null : D(actual),
    target: D(target),
    targetSource: 'default',
    attainment: a,
    points: eff === null ? D(0) : eff.mul(weight),
    excluded: false,
    capped,
    floored: false,
    belowThreshold: false,
    // The facts the engine would return; report/evaluation-text.ts words them.
    explanationFacts:
      a === null
        ? { code: 'kpi-no-value', unit, excluded: false }
        : { code: 'kpi-points', unit, perfect: false, curve: cap && a.gt(cap) ? [{ code: 'capped', at: cap.toNumber() }] : [], factor: eff!, bands: false },
    ...extra,
  };
}

/** A decision's reason as facts: the score as shown, no blocked gate, the movement. */
function why(score: string, qualified: string, movement: MovementFact): DecisionFact {
  return { score, qualified, blocked: [], movement };
}

function rep(r: Partial<RepEvaluation> & Pick<RepEvaluation, 'rep' | 'team' | 'region' | 'kpis' | 'rank' | 'decision'>): RepEvaluation {
  const raw = r.kpis.reduce((s, k) => s.add(k.points), D(0));
  return {
    inRoster: true,
    metrics: {},
    score: raw.toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
    rawScore: raw,
    ...r,
  };
}

// Built afresh on every call, so a test may mutate its copy.
function buildReps(): RepEvaluation[] {
  // 张伟: revenue 1,800,000 / 1,200,000 = 1.5 (capped at 1.5 → 75 pts); win 0.4/0.3 = 1.333.. capped 1.2 → 24;
  // new customers 9/6 = 1.5 → 22.5; visits 66/60 = 1.1 capped 1 → 15. Score 136.50.
  const zhangwei = rep({
    rep: '张伟',
    team: '上海一组',
    region: '上海区',
    manager: '陈静',
    rank: 1,
    kpis: [
      kpi('revenue', '回款', 50, '1800000', '1200000', { capped: true }),
      kpi('win_rate', '赢单率', 20, '0.4', '0.3', { capped: true }),
      kpi('new_customers', '新客户', 15, '9', '6'),
      kpi('visits', '拜访', 15, '66', '60', { capped: true }),
    ],
    metrics: {
      revenue: {
        metric: 'revenue',
        value: D('1800000'),
        rows: 7,
        sample: [
          { file: 'east-china-2026.xlsx', sheet: '商机明细', row: 12 },
          { file: 'east-china-2026.xlsx', sheet: '商机明细', row: 40 },
        ],
        formulaFacts: { code: 'metric-rows', unit: 'money', agg: 'sum', field: 'amount', where: 'stage ∈ {赢单}', dateField: 'close_date', period: '2026-Q3', rows: 7 },
      },
      deals_won: {
        metric: 'deals_won',
        value: D(4),
        rows: 4,
        sample: [{ file: 'east-china-2026.xlsx', sheet: '商机明细', row: 12 }],
        formulaFacts: { code: 'metric-rows', unit: 'count', agg: 'count', dateField: 'close_date', period: '2026-Q3', rows: 4 },
      },
      deals_closed: { metric: 'deals_closed', value: D(10), rows: 10, sample: [], formulaFacts: { code: 'metric-rows', unit: 'count', agg: 'count', dateField: 'close_date', period: '2026-Q3', rows: 10 } },
      win_rate: {
        metric: 'win_rate',
        value: D('0.4'),
        rows: 10,
        sample: [],
        formulaFacts: { code: 'metric-ratio', unit: 'percent', num: { metric: 'deals_won', value: D(4), unit: 'count' }, den: { metric: 'deals_closed', value: D(10), unit: 'count' } },
      },
    },
    decision: {
      current: 'senior',
      qualified: 'senior',
      tier: 'senior',
      movement: 'unchanged',
      promoteRun: 0,
      demoteRun: 0,
      inGrace: false,
      gates: [{ tier: 'senior', results: [{ metric: 'csat', min: 4.2, actual: D('4.6'), passed: true }] }],
      reasonFacts: why('136.50', 'senior', { code: 'unchanged', tier: 'senior' }),
    },
    action: { bonus_multiplier: 1.5, training: '领导力培训' },
  });

  // 王芳: revenue 1,020,000/1,200,000 = 0.85 → 42.5; win 0.25/0.3 = 0.8333.. → 16.666..; new 5/6 → 12.5;
  // visits 48/60 = 0.8 → 12. Raw 83.666.., score 83.67.
  const wangfang = rep({
    rep: '王芳',
    team: '上海一组',
    region: '上海区',
    manager: '陈静',
    rank: 2,
    kpis: [
      kpi('revenue', '回款', 50, '1020000', '1200000'),
      kpi('win_rate', '赢单率', 20, '0.25', '0.3'),
      kpi('new_customers', '新客户', 15, '5', '6'),
      kpi('visits', '拜访', 15, '48', '60'),
    ],
    decision: {
      current: 'intermediate',
      qualified: 'intermediate',
      tier: 'intermediate',
      movement: 'held',
      promoteRun: 0,
      demoteRun: 0,
      inGrace: false,
      gates: [],
      reasonFacts: why('83.67', 'intermediate', { code: 'held-down', run: 1, need: 2, tier: 'intermediate' }),
    },
    distanceToNext: { tier: 'senior', points: D('11.33'), kpi: { kpi: 'revenue', metric: 'revenue', amount: D('271920') } },
    // the tier history: new in 2026-Q1, qualified for 高级 in Q2 (a run of 1, held)
    trail: [
      { period: '2026-Q1', source: 'data', score: D('80.25'), qualified: 'intermediate', tier: 'intermediate', movement: 'new' },
      { period: '2026-Q2', source: 'data', score: D('97.5'), current: 'intermediate', qualified: 'senior', tier: 'intermediate', movement: 'held' },
    ],
  });

  // 林涛 (not in the roster): revenue 300,000 → 0.25 → 12.5; win no value (0 closed) → 0; new 1/6 → 2.5;
  // visits 12/60 → 3. Score 18.00.
  const lintao = rep({
    rep: '林涛',
    team: '(unassigned)',
    region: '(unassigned)',
    inRoster: false,
    rank: 3,
    kpis: [
      kpi('revenue', '回款', 50, '300000', '1200000'),
      kpi('win_rate', '赢单率', 20, null, '0.3'),
      kpi('new_customers', '新客户', 15, '1', '6'),
      kpi('visits', '拜访', 15, '12', '60'),
    ],
    decision: {
      qualified: 'junior',
      tier: 'junior',
      movement: 'new',
      promoteRun: 0,
      demoteRun: 0,
      inGrace: false,
      gates: [],
      reasonFacts: why('18.00', 'junior', { code: 'new', tier: 'junior' }),
    },
  });

  // 吴婷 (roster, no activity): all zeros, win rate no value.
  const wuting = rep({
    rep: '吴婷',
    team: '上海二组',
    region: '上海区',
    manager: '赵磊',
    rank: 4,
    kpis: [
      kpi('revenue', '回款', 50, '0', '1200000'),
      kpi('win_rate', '赢单率', 20, null, '0.3'),
      kpi('new_customers', '新客户', 15, '0', '6'),
      kpi('visits', '拜访', 15, '0', '60'),
    ],
    decision: {
      current: 'junior',
      qualified: 'junior',
      tier: 'junior',
      movement: 'unchanged',
      promoteRun: 0,
      demoteRun: 0,
      inGrace: true,
      gates: [],
      reasonFacts: why('0.00', 'junior', { code: 'unchanged', tier: 'junior' }),
    },
    action: { bonus_multiplier: 0.5, training: '基础培训' },
  });

  return [zhangwei, wangfang, lintao, wuting];
}

function groupOf(reps: RepEvaluation[], level: GroupEvaluation['level'], name: string, members: string[], tierCounts: Record<string, number>): GroupEvaluation {
  const mine = reps.filter((r) => members.includes(r.rep));
  const metrics: Record<string, Decimal | null> = {};
  const targets: Record<string, Decimal | null> = {};
  for (const k of ['revenue', 'new_customers', 'visits']) {
    metrics[k] = mine.reduce((s, r) => s.add(r.kpis.find((x) => x.kpi === k)!.actual ?? 0), D(0));
    targets[k] = mine.reduce((s, r) => s.add(r.kpis.find((x) => x.kpi === k)!.target ?? 0), D(0));
  }
  metrics.win_rate = null;
  targets.win_rate = D('0.3');
  return { level, name, members, metrics, targets, tierCounts };
}

export function fixtureEvaluation(): Evaluation {
  const reps = buildReps();
  const group = (level: GroupEvaluation['level'], name: string, members: string[], tierCounts: Record<string, number>) =>
    groupOf(reps, level, name, members, tierCounts);
  return {
    manifest: {
      salesgradeVersion: '0.1.0',
      rubric: { name: '华东直销 FY2026', path: 'salesgrade.yaml', sha256: 'a'.repeat(64) },
      inputs: [{ path: 'east-china-2026.xlsx', sha256: 'b'.repeat(64), rows: 120 }],
      roster: { path: 'roster.xlsx', sha256: 'c'.repeat(64), rows: 3 },
      period: '2026-Q3',
    },
    locale: 'zh-CN',
    currency: 'CNY',
    period: { kind: 'quarter', label: '2026-Q3', start: '2026-07-01', end: '2026-09-30' },
    periods: [
      { kind: 'quarter', label: '2026-Q2', start: '2026-04-01', end: '2026-06-30' },
      { kind: 'quarter', label: '2026-Q3', start: '2026-07-01', end: '2026-09-30' },
    ],
    kpis: [
      { kpi: 'revenue', metric: 'revenue', label: '回款', weight: 50, unit: 'money' },
      { kpi: 'win_rate', metric: 'win_rate', label: '赢单率', weight: 20, unit: 'percent' },
      { kpi: 'new_customers', metric: 'new_customers', label: '新客户', weight: 15, unit: 'count' },
      { kpi: 'visits', metric: 'visits', label: '拜访', weight: 15, unit: 'count' },
    ],
    tiers: [
      { id: 'senior', label: '高级', minScore: 95 },
      { id: 'intermediate', label: '中级', minScore: 75 },
      { id: 'junior', label: '初级', minScore: 0 },
    ],
    reps,
    teams: [
      group('team', '上海一组', ['张伟', '王芳'], { senior: 1, intermediate: 1, junior: 0 }),
      group('team', '上海二组', ['吴婷'], { senior: 0, intermediate: 0, junior: 1 }),
      group('team', '(unassigned)', ['林涛'], { senior: 0, intermediate: 0, junior: 1 }),
    ],
    regions: [group('region', '上海区', ['张伟', '王芳', '吴婷'], { senior: 1, intermediate: 1, junior: 1 })],
    company: group('company', '公司', ['张伟', '王芳', '林涛', '吴婷'], { senior: 1, intermediate: 1, junior: 2 }),
    distribution: [
      { tier: 'senior', label: '高级', count: 1, share: 0.25 },
      { tier: 'intermediate', label: '中级', count: 1, share: 0.25 },
      { tier: 'junior', label: '初级', count: 2, share: 0.5 },
    ],
    findings: [
      { code: 'duplicate', message: 'exact duplicate of row 40', severity: 'warning', source: 'east-china-2026.xlsx', sheet: '商机明细', row: 41 },
      { code: 'rep-not-in-roster', message: '林涛 is not in the roster', severity: 'warning', source: 'east-china-2026.xlsx', sheet: '商机明细', cell: 'C57' },
      { code: 'totals-row', message: 'totals row excluded', severity: 'info', source: 'east-china-2026.xlsx', sheet: '商机明细', row: 124 },
    ],
    rows: { read: 120, counted: 60, excluded: { 'out-of-period': 55, duplicate: 1, 'totals-row': 1, filtered: 3 } },
  };
}
