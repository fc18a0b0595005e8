/**
 * Words used only by the quota renderers (terminal, CSV, JSON, workbook), in both locales. Shared
 * words (rep, team, region, company, target …) come from labels.ts; `quotaLabels(locale)` answers
 * for both catalogues, quota keys first.
 */
import { labels, type LabelKey, type ReportLocale } from './labels.js';
import { fill } from './workbook-labels.js';

const en = {
  'quota.title': 'Quota plan {year}',
  'quota.calendar': 'calendar {name}',
  'quota.by': 'by {by}',
  'quota.rounding': 'rounded to {unit}',
  'quota.metricLine': '{metric}: target {target} · planned {planned}',
  'quota.relief': ' · ramp relief {relief} ({how})',
  'quota.absorbed': 'absorbed',
  'quota.redistributed': 'redistributed',
  'quota.companyBy': 'Company by {by} — {metric}',
  'quota.levelTable': '{level} — {metric}',
  'quota.period': 'Period',
  'quota.start': 'Start',
  'quota.end': 'End',
  'quota.workingDays': 'Working days',
  'quota.share': 'Share',
  'quota.total': 'Total',
  'quota.year': 'Year',
  'quota.reps': 'Reps',
  'quota.headcount': 'Reps',
  'quota.ramped': 'ramped',
  'quota.rampMark': '* ramped: {notes}',
  'quota.notes': 'Notes',
  'quota.detail': 'Per-{by} detail for every level: -o quotas.xlsx, -f csv or -f json',
  'quota.entity': 'entity',
  'quota.level': 'level',
  'quota.metric': 'Metric',
  'quota.quota': 'quota',
  'quota.targetBeforeRamp': 'Target (before ramp)',
  'quota.sheet.company': 'Company',
  'quota.sheet.regions': 'Regions',
  'quota.sheet.teams': 'Teams',
  'quota.sheet.reps': 'Reps',
  'quota.sheet.notes': 'Notes',
  'quota.week': 'week',
  'quota.month': 'month',
  'quota.quarter': 'quarter',
  'quota.startDate': 'Start date',
  'quota.rampNote': 'Ramp',
  'quota.holidays': 'Holidays (weekdays off)',
  'quota.makeupWorkdays': 'Make-up workdays (weekend days worked)',
} as const;

export type QuotaLabelKey = keyof typeof en;

const zh: Record<QuotaLabelKey, string> = {
  'quota.title': '{year} 年度目标分解',
  'quota.calendar': '日历 {name}',
  'quota.by': '按{by}',
  'quota.rounding': '取整到 {unit}',
  'quota.metricLine': '{metric}：目标 {target} · 计划 {planned}',
  'quota.relief': ' · 新人爬坡减少 {relief}（{how}）',
  'quota.absorbed': '由团队承担',
  'quota.redistributed': '已再分配',
  'quota.companyBy': '公司按{by} — {metric}',
  'quota.levelTable': '{level} — {metric}',
  'quota.period': '期间',
  'quota.start': '开始',
  'quota.end': '结束',
  'quota.workingDays': '工作日',
  'quota.share': '占比',
  'quota.total': '合计',
  'quota.year': '全年',
  'quota.reps': '人数',
  'quota.headcount': '人数',
  'quota.ramped': '爬坡',
  'quota.rampMark': '* 爬坡：{notes}',
  'quota.notes': '说明',
  'quota.detail': '各层级按{by}的明细：-o quotas.xlsx、-f csv 或 -f json',
  'quota.entity': '对象',
  'quota.level': '层级',
  'quota.metric': '指标',
  'quota.quota': '目标',
  'quota.targetBeforeRamp': '目标（爬坡前）',
  'quota.sheet.company': '公司',
  'quota.sheet.regions': '区域',
  'quota.sheet.teams': '团队',
  'quota.sheet.reps': '销售代表',
  'quota.sheet.notes': '说明',
  'quota.week': '周',
  'quota.month': '月',
  'quota.quarter': '季度',
  'quota.startDate': '入职日期',
  'quota.rampNote': '爬坡',
  'quota.holidays': '节假日（工作日放假）',
  'quota.makeupWorkdays': '调休上班日（周末上班）',
};

const catalogues: Record<ReportLocale, Record<QuotaLabelKey, string>> = { en, 'zh-CN': zh };

/** A translator over the shared report labels and the quota ones. */
export function quotaLabels(locale: ReportLocale): (key: QuotaLabelKey | LabelKey, vars?: Record<string, string | number>) => string {
  const shared = labels(locale);
  const own = catalogues[locale];
  return (key, vars) => {
    const text = key in own ? own[key as QuotaLabelKey] : shared(key as LabelKey);
    return vars ? fill(text, vars) : text;
  };
}

/** Every quota label key, for the catalogue completeness test. */
export const QUOTA_LABEL_KEYS = Object.keys(en) as QuotaLabelKey[];
export function quotaCatalogue(locale: ReportLocale): Record<QuotaLabelKey, string> {
  return catalogues[locale];
}
