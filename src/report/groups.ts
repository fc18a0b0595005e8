/** Teams and regions as the reports show them: the manager and the tier label of the rubric's `levels`. */
import type { Evaluation, GroupEvaluation } from '../engine/types.js';
import { compareGroupNames } from '../shared/groups.js';
import { labels, type ReportLocale } from './labels.js';
import { fill } from './workbook-labels.js';

/** Groups by name, `(unassigned)` last — the order of every format (terminal, Markdown, CSV, JSON, workbook). */
export function compareGroups(a: Pick<GroupEvaluation, 'name'>, b: Pick<GroupEvaluation, 'name'>): number {
  return compareGroupNames(a.name, b.name);
}

/** `陈静`, or `陈静 +1` when the members name more than one manager. */
export function managerText(g: GroupEvaluation): string {
  if (g.manager === undefined) return '';
  const more = (g.managers?.length ?? 1) - 1;
  return more > 0 ? `${g.manager} +${more}` : g.manager;
}

/** A team's or region's tier by its label in the rubric's `levels` (the id when unknown). */
export function groupTierLabel(ev: Evaluation, g: Pick<GroupEvaluation, 'level' | 'tier'>, id: string | undefined = g.tier): string {
  if (id === undefined) return '';
  const lvl = g.level === 'team' || g.level === 'region' ? ev.levels?.[g.level] : undefined;
  return lvl?.tiers.find((x) => x.id === id)?.label ?? id;
}


/**
 * True when the group has no attainment for KPI `k` because `k` counts distinct values: the roll-up
 * gives a union no members' target (engine/rollup.ts), and a level KPI with `target: members` on it has
 * none either. A level that gives its own target has an attainment, and this is false.
 */
export function distinctWithoutAttainment(g: Pick<GroupEvaluation, 'kpis' | 'targets'>, k: Pick<Evaluation['kpis'][number], 'kpi' | 'metric' | 'distinct'>): boolean {
  const lk = g.kpis?.find((x) => x.kpi === k.kpi);
  if (lk) return lk.attainment === null && lk.targetOrigin?.from.code === 'members' && lk.targetOrigin.from.rule === 'distinct-none';
  return k.distinct === true && (g.targets[k.kpi] ?? g.targets[k.metric] ?? null) === null;
}

/**
 * The legend line under a team or region table that shows `—` for a distinct count's attainment
 * (`— under New customers: no group attainment for a distinct count: …`; `short` for the terminal's
 * width); undefined when none does.
 */
export function distinctLegend(
  kpis: readonly Evaluation['kpis'][number][],
  groups: readonly Pick<GroupEvaluation, 'kpis' | 'targets'>[],
  locale: ReportLocale,
  form: 'short' | 'long' = 'long',
): string | undefined {
  const shown = kpis.filter((k) => groups.some((g) => distinctWithoutAttainment(g, k)));
  if (shown.length === 0) return undefined;
  const t = labels(locale);
  const names = shown.map((k) => k.label).join(locale === 'zh-CN' ? '、' : ', ');
  return fill(t('legendDistinct'), { kpis: names, why: t(form === 'short' ? 'distinctNoAttainmentShort' : 'distinctNoAttainment') });
}
