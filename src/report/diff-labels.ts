/**
 * Words used only by the `diff` and `calibrate` renderers, in both locales. Shared words (rep, team,
 * tier, score …) come from labels.ts; `diffLabels(locale)` answers for both, diff keys first.
 */
import { labels, type LabelKey, type ReportLocale } from './labels.js';
import { fill } from './workbook-labels.js';

const en = {
  'diff.title': 'Rubric diff · {period}',
  'diff.sides': '{before} → {after}',
  'diff.readOnce': 'Data read once and graded under both rubrics: {inputs}',
  'diff.readTwice': 'Data read twice ({inputs}): the rubrics read the exports differently (source section changed)',
  'diff.movement': 'Movement: both sides walk the same history ({history})',
  'diff.historyData': 'earlier periods in the data: {periods}',
  'diff.historyNone': 'no earlier period in the data',
  'diff.historyFiles': '--history files: {files}',
  'diff.historyRoster': 'the roster’s current tiers',
  'diff.changes': 'Rubric changes ({n})',
  'diff.noChanges': 'No change in meaning between the two rubrics.',
  'diff.change': 'Change',
  'diff.before': 'Before',
  'diff.after': 'After',
  'diff.where': 'Where',
  'diff.added': 'added',
  'diff.removed': 'removed',
  'diff.tierChanges': 'Tier changes: {n} of {total} reps',
  'diff.noTierChanges': 'No rep changes tier ({total} reps).',
  'diff.mostMoved': 'KPI that moved most',
  'diff.scoreMoved': 'Score moved, tier unchanged: {n} reps',
  'diff.top': 'top {n}',
  'diff.unchanged': 'Reps unchanged: {n}',
  'diff.qualifiedOnly': 'Qualified tier changed but held by the movement rules: {names}',
  'diff.onlyBefore': 'Graded only under the old rubric: {names}',
  'diff.onlyAfter': 'Graded only under the new rubric: {names}',
  'diff.distribution': 'Tier distribution',
  'diff.delta': 'Δ',
  'diff.scoreChange': 'Score change: min {min} · median {median} · max {max}',
  'diff.levelTitle': '{level}s',
  'diff.levelTierChanges': 'Tier changes: {n} of {total}',
  'diff.levelScoreMoved': 'Score moved, tier unchanged: {n}',
  'diff.noticeTier': 'Tier change',
  'diff.noticeRubric': 'Rubric change',
  'diff.noticeSummary': 'Rubric diff',
  'diff.summary': '{changes} rubric changes · {tier} of {total} reps change tier · {moved} more change score',
  'diff.failOnTierChange': '--fail-on-tier-change: {n} reps change tier',
  'calibrate.title': 'Calibration · {periods} · {reps} scores',
  'calibrate.wanted': 'Wanted',
  'calibrate.current': 'Current min_score',
  'calibrate.suggested': 'Suggested min_score',
  'calibrate.result': 'Result',
  'calibrate.range': 'Score range',
  'calibrate.medianAttainment': 'Median attainment',
  'calibrate.exact': 'The suggested thresholds give the wanted distribution.',
  'calibrate.inexact': 'Closest achievable: equal scores never straddle a boundary.',
  'calibrate.tie': '{n} reps share the score {score} ({names}) across the {tier} boundary',
  'calibrate.gates': '{n} reps score for {tier} but fail its gates ({names})',
  'calibrate.qualified': 'Counts are of the qualified tier (score and gates), before the movement rules.',
  'calibrate.wrote': 'wrote {file}: {n} min_score values changed',
  'calibrate.rerun': 'Apply with --write, or edit the min_score values by hand.',
  'calibrate.precision': 'no {tier} threshold fits between two scores one step of the rubric precision apart',
  'calibrate.tierTargets': 'Targets by tier ({kpis}) depend on the tier held: the scores assume the tiers held stay as they are.',
};

type DiffLabelKey = keyof typeof en;

const zh: Record<DiffLabelKey, string> = {
  'diff.title': '考核方案对比 · {period}',
  'diff.sides': '{before} → {after}',
  'diff.readOnce': '数据只读取一次，分别按两个方案评分：{inputs}',
  'diff.readTwice': '数据读取了两次（{inputs}）：两个方案读取导出表的方式不同（source 部分有改动）',
  'diff.movement': '升降级：两边使用同一段历史（{history}）',
  'diff.historyData': '数据中的更早考核期：{periods}',
  'diff.historyNone': '数据中没有更早的考核期',
  'diff.historyFiles': '--history 文件：{files}',
  'diff.historyRoster': '花名册中的当前等级',
  'diff.changes': '方案改动（{n} 处）',
  'diff.noChanges': '两个方案在含义上没有差别。',
  'diff.change': '改动',
  'diff.before': '改前',
  'diff.after': '改后',
  'diff.where': '位置',
  'diff.added': '新增',
  'diff.removed': '删除',
  'diff.tierChanges': '等级变化：{total} 人中 {n} 人',
  'diff.noTierChanges': '没有人的等级发生变化（共 {total} 人）。',
  'diff.mostMoved': '得分变化最大的指标',
  'diff.scoreMoved': '总分变化、等级不变：{n} 人',
  'diff.top': '前 {n} 名',
  'diff.unchanged': '不受影响：{n} 人',
  'diff.qualifiedOnly': '达标等级变化、但因升降级规则保持原等级：{names}',
  'diff.onlyBefore': '只在旧方案中评分：{names}',
  'diff.onlyAfter': '只在新方案中评分：{names}',
  'diff.distribution': '等级分布',
  'diff.delta': '变化',
  'diff.scoreChange': '总分变化：最小 {min} · 中位数 {median} · 最大 {max}',
  'diff.levelTitle': '{level}',
  'diff.levelTierChanges': '等级变化：{total} 个中 {n} 个',
  'diff.levelScoreMoved': '总分变化、等级不变：{n} 个',
  'diff.noticeTier': '等级变化',
  'diff.noticeRubric': '方案改动',
  'diff.noticeSummary': '考核方案对比',
  'diff.summary': '方案改动 {changes} 处 · {total} 人中 {tier} 人等级变化 · 另有 {moved} 人总分变化',
  'diff.failOnTierChange': '--fail-on-tier-change：{n} 人等级变化',
  'calibrate.title': '等级线校准 · {periods} · {reps} 个得分',
  'calibrate.wanted': '目标占比',
  'calibrate.current': '当前 min_score',
  'calibrate.suggested': '建议 min_score',
  'calibrate.result': '结果',
  'calibrate.range': '分数区间',
  'calibrate.medianAttainment': '达成率中位数',
  'calibrate.exact': '建议的等级线正好得到目标分布。',
  'calibrate.inexact': '只能做到最接近：同分的人不会被分在等级线两侧。',
  'calibrate.tie': '{n} 人同为 {score} 分（{names}），横跨{tier}的等级线',
  'calibrate.gates': '{n} 人分数够{tier}，但未通过其门槛条件（{names}）',
  'calibrate.qualified': '人数按达标等级（分数与门槛）统计，未计升降级规则。',
  'calibrate.wrote': '已写入 {file}：修改了 {n} 个 min_score',
  'calibrate.rerun': '用 --write 写入，或手工修改 min_score。',
  'calibrate.precision': '两个得分只差方案精度的一档，{tier}的等级线放不进两者之间',
  'calibrate.tierTargets': '按等级设定的目标（{kpis}）取决于所持等级：这些得分假定所持等级不变。',
};

const catalogues: Record<ReportLocale, Record<DiffLabelKey, string>> = { en, 'zh-CN': zh };

export type { DiffLabelKey };
export const DIFF_LABEL_KEYS = Object.keys(en) as DiffLabelKey[];

/** A translator over the diff/calibrate words and the shared report labels. */
export function diffLabels(locale: ReportLocale): (key: DiffLabelKey | LabelKey, vars?: Record<string, string | number>) => string {
  const shared = labels(locale);
  const own = catalogues[locale];
  return (key, vars) => {
    const text = key in own ? own[key as DiffLabelKey] : shared(key as LabelKey);
    return vars ? fill(text, vars) : text;
  };
}

export function diffCatalogue(locale: ReportLocale): Record<DiffLabelKey, string> {
  return catalogues[locale];
}
