/**
 * The quota plan's words: its notes, warnings and ramp explanations, rendered from the facts the plan
 * holds (quota/facts.ts) in the report's language. The one place quota prose is written; quota/ stays
 * free of it, and `--locale` changes only these texts (and labels), never a number or a code.
 */
import type { QuotaEntity, QuotaNote, QuotaPlan, QuotaWarning, RampFacts } from '../quota/decompose.js';
import type { ReportLocale } from './labels.js';
import type { ProrationFacts } from '../quota/facts.js';

const LEVEL = {
  en: { company: 'company', region: 'region', team: 'team', rep: 'rep' },
  'zh-CN': { company: '公司', region: '区域', team: '团队', rep: '销售代表' },
} as const;
const SIBLINGS = { en: { rep: 'reps', team: 'teams', region: 'regions' }, 'zh-CN': { rep: '销售代表', team: '团队', region: '区域' } } as const;

function fmtWeights(w: Record<string, number>): string {
  return Object.entries(w)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/** `starts 2026-07-15 · ramp 25% 50% 75% · effective 41.9%`. */
export function rampText(r: RampFacts, locale: ReportLocale): string {
  const zh = locale === 'zh-CN';
  const parts: string[] = [];
  if (r.startDate) parts.push(zh ? `${r.startDate} 入职` : `starts ${r.startDate}`);
  if (r.factors) parts.push(`${zh ? '爬坡' : 'ramp'} ${r.factors.map((f) => `${f}%`).join(' ')}`);
  parts.push(`${zh ? '全年有效' : 'effective'} ${r.effective}%`);
  return parts.join(' · ');
}

/** The ramp explanation of an entity, or undefined. */
export function rampNoteOf(e: Pick<QuotaEntity, 'ramp'>, locale: ReportLocale): string | undefined {
  return e.ramp ? rampText(e.ramp, locale) : undefined;
}

export function quotaWarningText(w: QuotaWarning, locale: ReportLocale): string {
  const zh = locale === 'zh-CN';
  switch (w.code) {
    case 'seasonality-no-history':
      return zh ? 'seasonality 为 from: history，但没有去年的月度数据（--history）：改为按工作日分配' : 'seasonality is from: history but no monthly history was given (--history): months are split by working days';
    case 'roster-repeated-rep':
      return zh ? `花名册中 ${w.rep} 出现多次：只用第一行` : `${w.rep} is listed more than once in the roster: the first line is used`;
    case 'tier-without-weight':
      if (w.tier === undefined) return zh ? '有销售代表在花名册中没有等级：按权重 1 分配' : 'some reps have no tier in the roster: they get weight 1';
      return zh ? `quota.split.weights 没有等级 ${w.tier} 的权重：按 1 分配` : `quota.split.weights has no weight for tier ${w.tier}: its reps get weight 1`;
    case 'metric-without-history':
      return zh ? `没有 ${w.metric} 的去年实绩（--history）：按人数分配` : `no history for ${w.metric} (--history): split by headcount`;
    case 'shares-missing':
      return zh ? `quota.split.shares 缺少 ${SIBLINGS[locale][w.level]} ${w.names.join('、')}：份额记为 0` : `quota.split.shares has no share for ${SIBLINGS.en[w.level]} ${w.names.join(', ')}: they get 0`;
    case 'annual-unknown-names':
      return zh ? `年度目标文件中的 ${w.names.join('、')} 不在花名册中：忽略` : `annual targets for ${w.names.join(', ')} match no ${w.level} in the roster: ignored`;
    case 'team-nobody-active':
      return zh ? `团队 ${w.team} 全年无人在岗：目标无法再分配` : `team ${w.team || '(unassigned)'} has nobody active in the year: its target cannot be redistributed`;
  }
}

const SEASONALITY = {
  en: {
    months: 'monthly weights from quota.seasonality.months, normalised',
    quarters: "quarterly weights from quota.seasonality.quarters, split over each quarter's months by working days",
    history: "last year's monthly shares (--history)",
    workdays: 'by working days per month',
  },
  'zh-CN': {
    months: '按 quota.seasonality.months 的月度权重（归一化）',
    quarters: '按 quota.seasonality.quarters 的季度权重，季度内按工作日分到各月',
    history: '按去年各月实绩占比（--history）',
    workdays: '按各月工作日',
  },
} as const;

export function quotaNoteText(n: QuotaNote, locale: ReportLocale): string {
  const zh = locale === 'zh-CN';
  switch (n.code) {
    case 'seasonality': {
      const shares = n.shares.map((s) => `${s}%`).join(' ');
      const how = SEASONALITY[locale][n.source];
      return zh ? `季节性：${how}；各月占比 ${shares}。月内按工作日平均分配。` : `Seasonality: ${how}; month shares ${shares}. Inside a month the amount is spread evenly over its working days.`;
    }
    case 'calendar': {
      const calName =
        n.name === 'cn'
          ? zh
            ? `中国法定节假日与调休（chinese-days，覆盖 ${n.years?.[0]}–${n.years?.[1]} 年）`
            : `mainland China public holidays and make-up workdays (chinese-days, ${n.years?.[0]}–${n.years?.[1]})`
          : zh
            ? '周一至周五'
            : 'Monday–Friday';
      const custom = n.custom ? (zh ? '，另加自定义日历' : ', plus a custom calendar') : '';
      const makeup = n.makeupWorkdays;
      return zh
        ? `日历：${calName}${custom}；全年 ${n.workingDays} 个工作日，节假日 ${n.holidays} 天（工作日放假），调休上班 ${makeup.length} 天${makeup.length ? `（${makeup.join('、')}）` : ''}。`
        : `Calendar: ${calName}${custom}; ${n.workingDays} working days in the year, ${n.holidays} weekday holidays, ${makeup.length} weekend make-up workdays${makeup.length ? ` (${makeup.join(', ')})` : ''}.`;
    }
    case 'split': {
      const headcount = zh ? '按人数' : 'by headcount';
      const by =
        n.by === 'roster'
          ? n.weights
            ? zh ? `按等级权重 ${fmtWeights(n.weights)}` : `by tier weights ${fmtWeights(n.weights)}`
            : headcount
          : n.by === 'headcount'
            ? headcount
            : n.by === 'shares'
              ? zh ? `按指定份额 ${fmtWeights(n.weights ?? {})}` : `by explicit shares ${fmtWeights(n.weights ?? {})}`
              : zh ? '按去年实绩（--history）' : "by last year's actuals (--history)";
      const level = LEVEL[locale][n.level];
      return zh ? `分解：年度目标给在${level}层，${by}，逐级分到区域、团队、销售代表。` : `Split: annual targets at ${level} level, split ${by} down to regions, teams and reps.`;
    }
    case 'ramp': {
      const f = n.factors.map((x) => `${x}%`).join(' ');
      const relief =
        n.relief === 'absorb'
          ? zh ? '减少部分由团队承担（团队目标下降）' : 'the relief is absorbed (the team total drops)'
          : zh ? '减少部分按权重再分配给团队其他成员' : 'the relief is redistributed to the rest of the team';
      return zh ? `新人爬坡：入职前无目标，入职后各月系数 ${f}；${relief}；${n.ramped} 人受影响。` : `Ramp: no quota before start_date, then factors ${f} by month of tenure; ${relief}; ramped reps: ${n.ramped}.`;
    }
    case 'start-dates':
      return zh ? '入职日期在年内的销售代表，入职前无目标。' : 'Reps starting inside the year have no quota before their start date.';
    case 'rounding':
      return zh
        ? `取整：金额取整到 ${n.metrics.map((m) => `${m.id} ${m.rounding}`).join('，')}，用最大余数法，逐级精确相加（周/月 = 年，代表 = 团队，团队 = 区域，区域 = 公司）。`
        : `Rounding: amounts are whole multiples of ${n.metrics.map((m) => `${m.rounding} (${m.id})`).join(', ')}, by largest remainder, so every level sums exactly to its parent (weeks and months to the year, reps to teams, teams to regions, regions to the company).`;
  }
}

/** The plan's notes and warnings in `locale`. */
export function quotaTexts(plan: Pick<QuotaPlan, 'notes' | 'warnings'>, locale: ReportLocale): { notes: string[]; warnings: string[] } {
  return { notes: plan.notes.map((n) => quotaNoteText(n, locale)), warnings: plan.warnings.map((w) => quotaWarningText(w, locale)) };
}

const PRORATED_BY = {
  en: { months: 'by monthly seasonality × working days', quarters: 'by quarterly seasonality × working days', history: "by last year's monthly shares × working days", workdays: 'by working days' },
  'zh-CN': { months: '按月度季节性 × 工作日', quarters: '按季度季节性 × 工作日', history: '按去年各月占比 × 工作日', workdays: '按工作日' },
} as const;

/** How a target was prorated (quota/prorate.ts): `prorated by working days (cn): 25.00% of 2026`. */
export function prorationText(f: ProrationFacts, locale: ReportLocale): string {
  const zh = locale === 'zh-CN';
  const parts = f.parts.map((p) => (p.percent === undefined ? p.label : zh ? `${p.label} 的 ${p.percent}%` : `${p.percent}% of ${p.label}`));
  return `${zh ? '折算' : 'prorated'} ${PRORATED_BY[locale][f.by]} (${f.calendar}): ${parts.join(' + ')}`;
}
