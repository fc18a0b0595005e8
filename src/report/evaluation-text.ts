/**
 * The evaluation's words: KPI explanations, metric formulas, target sources, movement and decision
 * reasons, rendered from the facts the engine returns (engine/types.ts `KpiFact`, `FormulaFact`,
 * `MovementFact`, `DecisionFact`, shared/proration-facts.ts) in the report's language. The one place
 * these sentences are written: engine/ stays free of prose, and `--locale` changes only these texts
 * (and labels), never a number or a code. Every renderer (terminal, Markdown, CSV, JSON, workbook,
 * statements, explain) calls these when — and only when — it shows the text.
 */
import type { Decimal } from 'decimal.js';
import type { DecisionFact, FailedGateFact, FormulaFact, KpiFact, KpiResult, MetricTrace, MovementFact, CoverageFact, CurveFact, TargetOrigin, Unit, Evaluation, GroupEvaluation } from '../engine/types.js';
import type { TargetProration } from '../shared/proration-facts.js';
import { formatMoney, formatNumber, formatPercent, toFixedHalfUp } from '../shared/format.js';
import type { ReportLocale } from './labels.js';
import { prorationText } from './quota-text.js';

/** A value in its unit: `¥1,284,300`, `12`, `30.0%`, `4.25`; no value: `无数据` / `no value`. */
export function valueText(v: Decimal | null, unit: Unit, currency: string, locale: ReportLocale): string {
  if (v === null) return locale === 'zh-CN' ? '无数据' : 'no value';
  const s = v.toFixed();
  switch (unit) {
    case 'money':
      return formatMoney(s, currency);
    case 'percent':
      return formatPercent(s, 1);
    case 'count':
      return v.isInteger() ? formatNumber(s) : formatNumber(s, 2);
    case 'score':
      return formatNumber(s, 2);
    default:
      return v.isInteger() ? formatNumber(s) : formatNumber(trimZeros(toFixedHalfUp(s, 2)));
  }
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** An attainment or factor as a percent, one decimal: `107.0%`. */
function pct(v: Decimal | number): string {
  return formatPercent(typeof v === 'number' ? String(v) : v.toFixed(), 1);
}

/** Points, two decimals half-up: `53.51`. */
function pts(v: Decimal): string {
  return toFixedHalfUp(v.toFixed(), 2);
}

/** A band factor, at most four decimals: `0.8`, `1.2345`. */
function factorText(f: Decimal): string {
  return trimZeros(toFixedHalfUp(f.toFixed(), 4));
}

const zh = {
  target: '目标',
  noValue: '无数据',
  noTarget: '无目标',
  zeroDen: '分母为 0',
  capped: (c: string) => `封顶 ${c}`,
  floored: (f: string) => `保底 ${f}`,
  threshold: (t: string) => `低于门槛 ${t} → 0 分`,
  band: (at: string, f: string) => `档位 ≥ ${at} → 系数 ${f}`,
  linearBand: (f: string) => `线性档位 → 系数 ${f}`,
  belowBands: (at: string) => `低于最低档位 ${at} → 0 分`,
  points: (expr: string, p: string) => `${expr} = ${p} 分`,
  zeroPoints: '0 分',
  excluded: '不计入总分（missing: exclude），权重按其余指标折算',
  lowerPerfect: (c: string) => `实际为 0（越低越好）→ 按 ${c} 计`,
  sep: '；',
  colon: '：',
};

const en: typeof zh = {
  target: 'target',
  noValue: 'no value',
  noTarget: 'no target',
  zeroDen: 'zero denominator',
  capped: (c) => `capped at ${c}`,
  floored: (f) => `floor ${f}`,
  threshold: (t) => `below threshold ${t} → 0 points`,
  band: (at, f) => `band ≥ ${at} → factor ${f}`,
  linearBand: (f) => `linear band → factor ${f}`,
  belowBands: (at) => `below the lowest band ${at} → 0 points`,
  points: (expr, p) => `${expr} = ${p} points`,
  zeroPoints: '0 points',
  excluded: 'excluded from the score (missing: exclude); the other weights are rescaled',
  lowerPerfect: (c) => `actual is 0 (lower is better) → counted as ${c}`,
  sep: '; ',
  colon: ': ',
};

function phrases(locale: ReportLocale): typeof zh {
  return locale === 'zh-CN' ? zh : en;
}

const movementZh = {
  newRep: (q: string) => `无历史等级，按本期达标等级 ${q} 定级`,
  unchanged: (t: string) => `本期达标等级与当前等级 ${t} 相同，连续计数清零`,
  promoted: (n: number, t: string) => `连续 ${n} 期达到更高等级，晋升为 ${t}（该连续期内达到的最低等级）`,
  heldUp: (run: number, need: number, t: string) => `连续 ${run}/${need} 期达到更高等级，暂保持 ${t}`,
  demoted: (n: number, t: string) => `连续 ${n} 期低于当前等级，降为 ${t}（该连续期内达到的最高等级）`,
  heldDown: (run: number, need: number, t: string) => `连续 ${run}/${need} 期低于当前等级，暂保持 ${t}`,
  grace: (t: string, g: number) => `处于前 ${g} 期保护期，不降级，保持 ${t}`,
  partial: (t: string, why: string) => `${why}，不计入晋升/降级连续期，保持 ${t}`,
  coveredFrom: (p: string, d: string) => `${p} 的数据仅从 ${d} 开始`,
  coveredUntil: (p: string, d: string) => `${p} 的数据仅到 ${d} 为止`,
  score: (s: string, q: string) => `总分 ${s}，达标等级 ${q}`,
  gateFailed: (tier: string, what: string) => `${tier} 门槛未通过：${what}`,
  view: (t: string, per: string) => `视图期间：显示达标等级 ${t}，晋升/降级只按${per}判定`,
};

const movementEn: typeof movementZh = {
  newRep: (q) => `no earlier tier: takes the qualified tier ${q}`,
  unchanged: (t) => `qualified for the current tier ${t}; both runs reset`,
  promoted: (n, t) => `qualified above the current tier for ${n} consecutive period${n === 1 ? '' : 's'}: promoted to ${t} (the lowest tier qualified for in that run)`,
  heldUp: (run, need, t) => `qualified above the current tier ${run} of ${need} consecutive period${need === 1 ? '' : 's'} needed: stays ${t}`,
  demoted: (n, t) => `qualified below the current tier for ${n} consecutive period${n === 1 ? '' : 's'}: demoted to ${t} (the highest tier qualified for in that run)`,
  heldDown: (run, need, t) => `qualified below the current tier ${run} of ${need} consecutive period${need === 1 ? '' : 's'} needed: stays ${t}`,
  grace: (t, g) => `within the first ${g === 1 ? 'period' : `${g} periods`} (grace): no demotion, stays ${t}`,
  partial: (t, why) => `${why}: not counted toward promotion or demotion, stays ${t}`,
  coveredFrom: (p, d) => `${p} is covered by the data only from ${d}`,
  coveredUntil: (p, d) => `${p} is covered by the data only until ${d}`,
  score: (s, q) => `score ${s} qualifies for ${q}`,
  gateFailed: (tier, what) => `${tier} gate failed: ${what}`,
  view: (t, per) => `a view period: shows the qualified tier ${t}; promotion and demotion are decided per ${per} only`,
};

function movementPhrases(locale: ReportLocale): typeof movementZh {
  return locale === 'zh-CN' ? movementZh : movementEn;
}

/** What a KPI explanation reads besides its facts. */
export type ExplainedKpi = Pick<KpiResult, 'label' | 'weight' | 'direction' | 'actual' | 'target' | 'attainment' | 'points' | 'belowThreshold' | 'explanationFacts'>;

function curveText(c: CurveFact, locale: ReportLocale): string {
  const p = phrases(locale);
  switch (c.code) {
    case 'below-threshold':
      return p.threshold(pct(c.at));
    case 'below-bands':
      return p.belowBands(pct(c.at));
    case 'band':
      return p.band(pct(c.at), factorText(c.factor));
    case 'linear-band':
      return p.linearBand(factorText(c.factor));
    case 'floored':
      return p.floored(pct(c.at));
    case 'capped':
      return p.capped(pct(c.at));
  }
}

/**
 * A KPI's explanation: `回款 ¥1,284,300 ÷ 目标 ¥1,200,000 = 107.0%；100 × 107.0% = 107.03 分`,
 * `Win rate: no value (won ÷ closed = 0 ÷ 0: zero denominator); 0 points`. Empty without facts.
 */
export function kpiExplanation(k: ExplainedKpi, currency: string, locale: ReportLocale): string {
  const f: KpiFact | undefined = k.explanationFacts;
  if (f === undefined) return '';
  const p = phrases(locale);
  const fmt = (v: Decimal | null): string => valueText(v, f.unit, currency, locale);
  switch (f.code) {
    case 'kpi-no-value': {
      const why = f.ratio ? ratioNoValue(f.ratio, currency, locale) : undefined;
      const head = `${k.label}${p.colon}${p.noValue}${why !== undefined ? (locale === 'zh-CN' ? `（${why}）` : ` (${why})`) : ''}`;
      return `${head}${p.sep}${f.excluded ? p.excluded : p.zeroPoints}`;
    }
    case 'kpi-no-target':
      return `${k.label} ${fmt(k.actual)}${p.sep}${p.noTarget}${p.sep}${f.excluded ? p.excluded : p.zeroPoints}`;
    case 'kpi-no-attainment':
      return `${k.label} ${fmt(k.actual)}${p.sep}${p.noValue}${p.sep}${f.excluded ? p.excluded : p.zeroPoints}`;
    case 'kpi-points': {
      const a = pct(k.attainment!);
      const ratio =
        k.direction === 'lower'
          ? f.perfect
            ? `${k.label} ${fmt(k.actual)}${p.sep}${p.lowerPerfect(a)}`
            : `${k.label}${locale === 'zh-CN' ? '' : ':'} ${p.target} ${fmt(k.target)} ÷ ${fmt(k.actual)} = ${a}`
          : `${k.label} ${fmt(k.actual)} ÷ ${p.target} ${fmt(k.target)} = ${a}`;
      const factor = f.bands ? factorText(f.factor) : pct(f.factor);
      const tail = k.belowThreshold ? '' : `${p.sep}${p.points(`${k.weight} × ${factor}`, pts(k.points))}`;
      return `${ratio}${f.curve.map((c) => p.sep + curveText(c, locale)).join('')}${tail}`;
    }
  }
}

/** `won ÷ closed = 0 ÷ 0: zero denominator`. */
function ratioNoValue(r: { num: { metric: string; value: Decimal | null; unit: Unit }; den: { metric: string; value: Decimal | null; unit: Unit } }, currency: string, locale: ReportLocale): string {
  const p = phrases(locale);
  const dv = r.den.value;
  return `${r.num.metric} ÷ ${r.den.metric} = ${valueText(r.num.value, r.num.unit, currency, locale)} ÷ ${valueText(dv, r.den.unit, currency, locale)}: ${dv !== null && dv.isZero() ? p.zeroDen : p.noValue}`;
}

/**
 * A metric's formula: `sum(amount) where stage ∈ {Won}; by close_date in 2026-Q3: 2 row(s) = ¥90,000`,
 * `won ÷ closed = 4 ÷ 10 = 40.0%`.
 */
export function formulaText(t: Pick<MetricTrace, 'value' | 'formulaFacts'>, currency: string, locale: ReportLocale): string {
  const f: FormulaFact = t.formulaFacts;
  const fmt = (v: Decimal | null, unit: Unit): string => valueText(v, unit, currency, locale);
  if (f.code === 'metric-ratio') return `${f.num.metric} ÷ ${f.den.metric} = ${fmt(f.num.value, f.num.unit)} ÷ ${fmt(f.den.value, f.den.unit)} = ${fmt(t.value, f.unit)}`;
  const what = f.agg === 'count' ? 'count(rows)' : `${f.agg}(${f.field})`;
  if (locale === 'zh-CN') return `${what}${f.where ? ` 条件 ${f.where.replace(/ and /g, ' 且 ')}` : ''}；按 ${f.dateField} 计入 ${f.period}：${f.rows} 行 = ${fmt(t.value, f.unit)}`;
  return `${what}${f.where ? ` where ${f.where}` : ''}; by ${f.dateField} in ${f.period}: ${f.rows} row${f.rows === 1 ? '' : 's'} = ${fmt(t.value, f.unit)}`;
}

/** How a target was prorated, in words (calendar days: the engine's default, outside the CLI). */
export function targetProrationText(f: TargetProration, locale: ReportLocale): string {
  if (f.code === 'prorated') return prorationText(f, locale);
  if (locale === 'zh-CN') return `按日历天数折算：${f.parts.map((x) => (x.inside === undefined ? x.label : `${x.label} 的 ${x.inside}/${x.days} 天`)).join(' + ')}`;
  return `prorated by calendar days: ${f.parts.map((x) => (x.inside === undefined ? x.label : `${x.inside}/${x.days} days of ${x.label}`)).join(' + ')}`;
}

/** Where a KPI's target came from: `by_tier.senior`, `default, per year, 折算 按工作日 (cn): 25.00% × 2026`. */
export function targetSourceText(k: Pick<KpiResult, 'targetSource' | 'targetOrigin' | 'targetProration'>, locale: ReportLocale): string {
  const source = k.targetOrigin === undefined ? k.targetSource : targetOriginText(k.targetOrigin, locale);
  if (!k.targetProration) return source;
  const zh = locale === 'zh-CN';
  const factor = k.targetProration.factor !== undefined && k.targetOrigin?.per !== undefined ? conversionText(k.targetProration.factor, k.targetOrigin.per, locale) : '';
  return `${source}${zh ? '，' : ', '}${targetProrationText(k.targetProration, locale)}${factor ? `${zh ? '；' : '; '}${factor}` : ''}`;
}

/** A target's conversion factor: `target ×4 from quarter`, `目标由季度 ×4 换算`. */
export function conversionText(factor: string, per: keyof typeof ORIGIN_PER, locale: ReportLocale): string {
  return locale === 'zh-CN' ? `目标由${ORIGIN_PER[per]} ×${factor} 换算` : `target ×${factor} from ${per}`;
}

/**
 * The header line of a view period (Evaluation.view): `2026 is a year view of this quarterly rubric: …`.
 */
export function viewText(period: string, view: { kind: keyof typeof ORIGIN_PER; of: keyof typeof ORIGIN_PER }, locale: ReportLocale): string {
  if (locale === 'zh-CN') {
    return `ℹ ${period} 是按${ORIGIN_PER[view.of]}考评的规则的${ORIGIN_PER[view.kind]}视图：未写 per: 的目标按${ORIGIN_PER[view.of]}给出，按配额规则（季节性 × 工作日）换算（比率类目标不换算）；等级为本期达标等级，晋升/降级只按${ORIGIN_PER[view.of]}判定`;
  }
  return `ℹ ${period} is a ${view.kind} view of a rubric graded by ${view.of}: targets without per: are taken per ${view.of} and converted by the quota rules (seasonality × working days; rates kept as written); tiers are as qualified, promotion and demotion are decided per ${view.of} only`;
}

const ORIGIN_LEVEL = { rep: '销售', team: '团队', region: '区域' } as const;
const ORIGIN_PER = { week: '周', month: '月', quarter: '季度', half: '半年', year: '年' } as const;

/**
 * Where a target came from, in the report's language. In English it is the engine's `targetSource`
 * word for word (a test ties the two); rubric keys (`default`, `by_rep.张三`) stay as written in the rubric.
 */
export function targetOriginText(o: TargetOrigin, locale: ReportLocale): string {
  const zh = locale === 'zh-CN';
  const f = o.from;
  let text: string;
  switch (f.code) {
    case 'rubric':
      text = f.key;
      break;
    case 'file':
      text = zh ? `文件 ${f.where}（${ORIGIN_LEVEL[f.level]} ${f.name}）` : `file ${f.where} (${f.level} ${f.name})`;
      break;
    case 'members':
      if (f.rule === undefined) text = zh ? '成员' : 'members';
      else if (f.rule === 'sum') text = zh ? '成员（合计）' : 'members (sum)';
      else if (f.rule === 'mean') text = zh ? '成员（平均）' : 'members (mean)';
      else text = zh ? '成员（去重计数没有成员目标）' : 'members (none for a distinct count)';
      break;
    case 'none':
      text = zh ? '无' : 'none';
      break;
  }
  if (o.per !== undefined) text += zh ? `，按${ORIGIN_PER[o.per]}给出` : `, per ${o.per}`;
  return text;
}

function coveredText(c: CoverageFact, locale: ReportLocale): string {
  const m = movementPhrases(locale);
  const parts: string[] = [];
  if (c.from !== undefined) parts.push(m.coveredFrom(c.period, c.from));
  if (c.until !== undefined) parts.push(m.coveredUntil(c.period, c.until));
  return parts.join(phrases(locale).sep);
}

/** The movement part of a reason; `label` gives a tier's label by id. */
export function movementText(f: MovementFact, label: (tier: string) => string, locale: ReportLocale): string {
  const m = movementPhrases(locale);
  switch (f.code) {
    case 'new':
      return m.newRep(label(f.tier));
    case 'unchanged':
      return m.unchanged(label(f.tier));
    case 'promoted':
      return m.promoted(f.run, label(f.tier));
    case 'held-up':
      return m.heldUp(f.run, f.need, label(f.tier));
    case 'demoted':
      return m.demoted(f.run, label(f.tier));
    case 'held-down':
      return m.heldDown(f.run, f.need, label(f.tier));
    case 'grace':
      return m.grace(label(f.tier), f.grace);
    case 'partial':
      return m.partial(label(f.tier), coveredText(f.coverage, locale));
    case 'new-partial':
      return `${m.newRep(label(f.tier))}${phrases(locale).sep}${coveredText(f.coverage, locale)}`;
    case 'view':
      return m.view(label(f.tier), locale === 'zh-CN' ? ORIGIN_PER[f.per] : f.per);
  }
}

/**
 * The bound a gate failed: `≥ 4.2`, `≤ 1000`. A gate with both bounds names the one its value broke
 * (both when it has no value); it used to name the minimum even when the maximum failed.
 */
function failedBound(g: FailedGateFact): string {
  const low = g.min !== undefined && (g.value === null || g.value.lt(g.min));
  const high = g.max !== undefined && (g.value === null || g.value.gt(g.max));
  if (g.min !== undefined && g.max !== undefined && low !== high) return low ? `≥ ${g.min}` : `≤ ${g.max}`;
  return [g.min !== undefined ? `≥ ${g.min}` : '', g.max !== undefined ? `≤ ${g.max}` : ''].filter(Boolean).join(' ');
}

/** A decision's reason: score and qualified tier, the gates that blocked a higher tier, then movement. */
export function decisionReason(f: DecisionFact, label: (tier: string) => string, currency: string, locale: ReportLocale): string {
  const m = movementPhrases(locale);
  const parts = [m.score(f.score, label(f.qualified))];
  for (const b of f.blocked) {
    const what = b.failed.map((g) => `${g.metric} ${failedBound(g)} (${valueText(g.value, g.unit, currency, locale)})`).join(', ');
    parts.push(m.gateFailed(label(b.tier), what));
  }
  parts.push(movementText(f.movement, label, locale));
  return parts.join(phrases(locale).sep);
}

/** A tier's label among `tiers` (the id when it is not one of them). */
export function tierLabelIn(tiers: readonly { id: string; label: string }[]): (id: string) => string {
  return (id) => tiers.find((t) => t.id === id)?.label ?? id;
}

/** A rep's decision reason, with the rubric's tier labels. */
export function repReason(ev: Pick<Evaluation, 'tiers' | 'currency'>, f: DecisionFact, locale: ReportLocale): string {
  return decisionReason(f, tierLabelIn(ev.tiers), ev.currency, locale);
}

/** A team's or region's decision reason, with its level's tier labels. */
export function groupReason(ev: Pick<Evaluation, 'levels' | 'currency'>, g: Pick<GroupEvaluation, 'level'>, f: DecisionFact, locale: ReportLocale): string {
  const tiers = g.level === 'company' ? [] : (ev.levels?.[g.level]?.tiers ?? []);
  return decisionReason(f, tierLabelIn(tiers), ev.currency, locale);
}
