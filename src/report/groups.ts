/** Teams and regions as the reports show them: the manager and the tier label of the rubric's `levels`. */
import type { Evaluation, GroupEvaluation } from '../engine/types.js';
import { compareGroupNames } from '../shared/groups.js';

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

