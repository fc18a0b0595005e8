/**
 * Words used only by the workbook (sheet titles, notes), in both locales. Shared report words come
 * from labels.ts; `wbLabels(locale)` answers for both catalogues, workbook keys first.
 * `{name}` placeholders are filled by `fill`.
 */
import { labels, type LabelKey, type ReportLocale } from './labels.js';

const en = {
  title: 'salesgrade evaluation',
  manifest: 'Run manifest',
  rubricSha: 'Rubric sha256',
  fxRates: 'Exchange rates ({currency} per unit)',
  rubricFile: 'Rubric file',
  roster: 'Roster',
  'fileRole.extends': 'extended rubric',
  'fileRole.target': 'targets',
  'fileRole.calendar': 'calendar',
  'fileRole.history': 'history',
  'fileRole.query': 'query',
  dataLoss: 'NOT COUNTED (data problems)',
  coverage: 'Period coverage',
  file: 'File',
  sha256: 'sha256',
  rows: 'Rows',
  periodRange: '{label} ({start} – {end})',
  excludedOf: '  of which: {reason}',
  bar: 'Bar',
  pacingValue: '{elapsed} of {total} workdays ({share})',
  pacing: 'Pacing',
  history: 'Tier history',
  historySource: 'From',
  historyThisPeriod: 'this period',
  historyData: 'the data',
  historyFile: '--history file',
  historyPartial: 'partly covered',
  pacingCaption: 'As of {asOf}: {elapsed} of {total} workdays ({share})',
  dataOmitted: 'Data sheet “{name}” left out: {count} rows is over the row limit (see README, “The workbook”)',
  dataTruncated: 'Data sheet “{name}”: {count} more rows over the row limit are not shown',
  dataColumnsCut: 'Data sheet “{name}”: source columns after {last} ({count}) are not shown: a sheet holds 16,384 columns, 3 of them for the notes',
  dataSheets: 'Data sheets',
  sourceRow: 'Source row',
  link: 'Go to cell',
  noPrevious: '—',
  topTier: 'top tier',
  noteActual: '{formula}; {rows} source rows',
  noteSample: 'e.g. {refs}',
  noteTarget: 'Target {target} — from {source}',
  notePoints: 'Weight {weight}: {explanation}',
  noteExcludedKpi: 'Not in the score (missing: exclude)',
  noteScore: 'Sum of points: {terms} = {raw}; rounded to {score}',
  noteScoreExclude: 'Sum of points {sum} × 100 ÷ weights with a value {weights} = {raw}; rounded to {score}',
  noteRank: 'Rank {rank} of {count} (competition ranking: ties share a rank, then by rep)',
  noteGate: '{tier} gate {metric} {op} {limit}: {actual} → {result}',
  noteRuns: 'Promotion run {promote}, demotion run {demote}',
  noteGrace: 'in the grace period (no demotion)',
  noteQualified: 'Qualified this period: {tier}',
  noteDistance: '{points} more points reach {tier}',
  noteDistanceKpi: 'alone, {amount} more {kpi} would close the gap',
  noteTopTier: 'Already in the top tier',
  noteAction: '{note}',
  noteBadCell: '{code}: {message}',
  noteGroupMetric: '{metric}, rolled up over {members} members',
  noteGroupAttainment: '{actual} ÷ {target} = {attainment} (the members summed)',
  noValueDash: '—',
  passed: 'passed',
  failed: 'failed',
  tierCounts: 'Reps by tier',
  company: 'Company',
  notInRoster: 'not in the roster',
} as const;

export type WorkbookLabelKey = keyof typeof en;

const zh: Record<WorkbookLabelKey, string> = {
  title: 'salesgrade 考核结果',
  manifest: '运行清单',
  rubricSha: '考核方案 sha256',
  fxRates: '汇率（每单位折合 {currency}）',
  rubricFile: '考核方案文件',
  roster: '花名册',
  'fileRole.extends': '继承的规则',
  'fileRole.target': '目标',
  'fileRole.calendar': '日历',
  'fileRole.history': '历史结果',
  'fileRole.query': '查询',
  dataLoss: '未计入（数据问题）',
  coverage: '考核期覆盖',
  file: '文件',
  sha256: 'sha256',
  rows: '行数',
  periodRange: '{label}（{start} 至 {end}）',
  excludedOf: '  其中：{reason}',
  bar: '图示',
  pacingValue: '已过 {elapsed} / {total} 个工作日（{share}）',
  pacing: '时间进度',
  history: '等级历史',
  historySource: '来源',
  historyThisPeriod: '本期',
  historyData: '数据',
  historyFile: '--history 文件',
  historyPartial: '数据不完整',
  pacingCaption: '截至 {asOf}：已过 {elapsed}/{total} 个工作日（{share}）',
  dataOmitted: '明细表“{name}”未写入：{count} 行超过行数上限（见 README“工作簿”一节）',
  dataTruncated: '明细表“{name}”：另有 {count} 行超过行数上限，未写入',
  dataColumnsCut: '明细表“{name}”：{last} 之后的 {count} 列源数据未写入：一张表最多 16,384 列，其中 3 列用于标注',
  dataSheets: '明细表',
  sourceRow: '源行号',
  link: '跳转',
  noPrevious: '—',
  topTier: '最高等级',
  noteActual: '{formula}；来源 {rows} 行',
  noteSample: '例如 {refs}',
  noteTarget: '目标 {target}，来源：{source}',
  notePoints: '权重 {weight}：{explanation}',
  noteExcludedKpi: '不计入总分（missing: exclude）',
  noteScore: '各项得分相加：{terms} = {raw}；取整为 {score}',
  noteScoreExclude: '得分合计 {sum} × 100 ÷ 有数据指标的权重 {weights} = {raw}；取整为 {score}',
  noteRank: '共 {count} 人，排第 {rank}（并列同名次，再按姓名排序）',
  noteGate: '{tier} 门槛 {metric} {op} {limit}：实际 {actual} → {result}',
  noteRuns: '连续高于当前等级 {promote} 期，连续低于当前等级 {demote} 期',
  noteGrace: '处于保护期（不降级）',
  noteQualified: '本期达标等级：{tier}',
  noteDistance: '再得 {points} 分可达{tier}',
  noteDistanceKpi: '或仅靠{kpi}再增加 {amount}',
  noteTopTier: '已是最高等级',
  noteAction: '{note}',
  noteBadCell: '{code}：{message}',
  noteGroupMetric: '{metric}：{members} 名成员汇总',
  noteGroupAttainment: '{actual} ÷ {target} = {attainment}（成员汇总）',
  noValueDash: '—',
  passed: '通过',
  failed: '未通过',
  tierCounts: '各等级人数',
  company: '公司',
  notInRoster: '不在花名册中',
};

/** Both catalogues, by locale (test/unit/report/catalogues.test.ts keeps them one-to-one). */
export const catalogues: Record<ReportLocale, Record<WorkbookLabelKey, string>> = { en, 'zh-CN': zh };

export type AnyLabelKey = LabelKey | WorkbookLabelKey;

/** A translator over both the shared report labels and the workbook's own. */
export function wbLabels(locale: ReportLocale): (key: AnyLabelKey, vars?: Record<string, string | number>) => string {
  const shared = labels(locale);
  const own = catalogues[locale];
  return (key, vars) => {
    const text = key in own ? own[key as WorkbookLabelKey] : shared(key as LabelKey);
    return vars ? fill(text, vars) : text;
  };
}

/** Replace `{name}` placeholders. */
export function fill(template: string, vars: Record<string, string | number>): string {
  // Split once per template (literal, key, literal, …): notes call this ~20 times a rep.
  let parts = parsed.get(template);
  if (!parts) {
    parts = template.split(/\{(\w+)\}/);
    parsed.set(template, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i]!;
    out += (k in vars ? String(vars[k]) : `{${k}}`) + parts[i + 1]!;
  }
  return out;
}

const parsed = new Map<string, string[]>();
