/**
 * `salesgrade explain --team NAME` / `--region NAME`: a manager's grade down to the members — the
 * roll-up of each level KPI's metric with every member's own value (and target, for `target: members`),
 * the level KPIs' targets, attainment and points, the score, the level's tiers and the manager's
 * movement. Pure: the caller picks the group (see `findGroup`) and passes colour.
 */
import { Chalk } from 'chalk';
import type { Decimal } from 'decimal.js';
import type { Evaluation, GroupEvaluation } from '../engine/types.js';
import { formatPercent } from '../shared/format.js';
import { cleanIdentifier } from '../shared/text.js';
import { groupTierLabel } from './groups.js';
import { groupName, labels, UNASSIGNED_GROUP, type LabelKey, type ReportLocale } from './labels.js';
import { cleanStrings } from './safe-text.js';
import { groupReason, kpiExplanation, targetSourceText, viewText } from './evaluation-text.js';
import { closestNames, EXPLAIN_WIDTH, wrapLine } from './explain.js';
import { formatPoints, formatScore, formatValue, movementMark, tierLabelOf } from './terminal.js';

export interface GroupExplainOptions {
  color: boolean;
  locale?: ReportLocale;
}

function norm(s: string): string {
  return cleanIdentifier(s).toLowerCase();
}

/** The team or region called `name` (exact, then case- and space-insensitive, or by its manager), or names to suggest. */
export function findGroup(ev: Evaluation, level: 'team' | 'region', name: string): { group?: GroupEvaluation; suggestions: string[] } {
  const list = level === 'team' ? ev.teams : ev.regions;
  const exact = list.find((g) => g.name === name);
  if (exact) return { group: exact, suggestions: [] };
  const n = norm(name);
  const unassigned = [UNASSIGNED_GROUP, '（未分配）'].map(norm);
  if (unassigned.includes(n)) {
    const u = list.find((g) => g.name === UNASSIGNED_GROUP);
    if (u) return { group: u, suggestions: [] };
  }
  const loose = list.filter((g) => norm(g.name) === n || (g.manager !== undefined && norm(g.manager) === n));
  if (loose.length === 1) return { group: loose[0]!, suggestions: [] };
  const partial = list.filter((g) => n.length > 0 && (norm(g.name).includes(n) || n.includes(norm(g.name))));
  if (partial.length > 0 || loose.length > 0) return { suggestions: (partial.length > 0 ? partial : loose).map((g) => g.name).sort().slice(0, 5) };
  const near = closestNames(
    list.flatMap((g) => [g.name, ...(g.manager === undefined ? [] : [g.manager])]),
    name,
  );
  // a manager's name suggests their team
  return { suggestions: [...new Set(near.map((x) => list.find((g) => g.name === x)?.name ?? list.find((g) => g.manager === x)!.name))] };
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

export function renderGroupExplain(evaluation: Evaluation, group: GroupEvaluation, options: GroupExplainOptions): string {
  const ev = cleanStrings(evaluation);
  const g = cleanStrings(group);
  const level = g.level === 'region' ? 'region' : 'team';
  const locale = options.locale ?? ev.locale;
  const t = labels(locale);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const out: string[] = [];
  let step = 0;
  const h = (key: LabelKey) => out.push('', c.bold(`${++step}. ${t(key)}`));
  const lvl = ev.levels?.[level];
  const kpis = lvl?.kpis ?? ev.kpis;
  const unitOf = (metric: string) => kpis.find((k) => k.metric === metric)?.unit ?? ev.kpis.find((k) => k.metric === metric)?.unit ?? 'number';
  const members = g.members.map((m) => ev.reps.find((r) => r.rep === m)).filter((r) => r !== undefined);
  members.sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));

  const head = [groupName(locale, g.name), t(level), g.manager ? `${t('manager')} ${g.managers?.join(', ') ?? g.manager}` : ''].filter(Boolean).join(' · ');
  out.push(c.bold(head));
  out.push(`${t('period')} ${ev.period.label} (${ev.period.start} – ${ev.period.end}) · ${t('rubric')} ${ev.manifest.rubric.name}`);
  if (ev.view) out.push(viewText(ev.period.label, ev.view, locale));
  const graded = g.score !== undefined;
  if (graded) out.push(`${t('score')} ${formatScore(g.score!)} · ${t('tier')} ${g.tier === undefined ? '—' : groupTierLabel(ev, g)}`);
  else {
    const why = g.name === UNASSIGNED_GROUP ? t('explain.group.unassigned') : !lvl ? fill(t('explain.group.noLevel'), { level }) : t('noValue');
    out.push(c.yellow(fill(t('explain.group.notGraded'), { why })));
  }
  if (g.name !== UNASSIGNED_GROUP) {
    if (g.manager === undefined) out.push(c.dim(t('explain.group.noManager')));
    else if ((g.managers?.length ?? 1) > 1) out.push(c.yellow(fill(t('explain.group.managers'), { names: g.managers!.join(', ') })));
  }

  // 1. members: each one's score, tier and values of the KPI metrics
  h('explain.group.members');
  out.push(`  ${t('members')} ${members.length}`);
  for (const r of members) {
    const vals = kpis.map((k) => {
      const v = r.metrics[k.metric]?.value ?? r.kpis.find((x) => x.metric === k.metric)?.actual ?? null;
      return `${k.label} ${formatValue(v, unitOf(k.metric), ev.currency, t('noValue'))}`;
    });
    out.push(`  ${r.rep} · ${t('score')} ${formatScore(r.score)} · ${tierLabelOf(ev, r.decision.tier)} · ${vals.join(' · ')}`);
  }

  // 2. roll-up per KPI metric: the group's value and how it comes from the members
  h('explain.group.rollup');
  for (const k of kpis) {
    const unit = unitOf(k.metric);
    const value = g.metrics[k.metric] ?? null;
    const parts = members.map((r) => r.metrics[k.metric]?.value ?? r.kpis.find((x) => x.metric === k.metric)?.actual ?? null);
    const sum = parts.reduce<Decimal | null>((s, v) => (v === null ? s : s === null ? v : s.plus(v)), null);
    const summed = value !== null && sum !== null && sum.eq(value) && (unit === 'money' || unit === 'count');
    const how = summed
      ? `${t('explain.group.sum')}${sep}${members.map((r, i) => formatValue(parts[i]!, unit, ev.currency, t('noValue'))).join(' + ')}`
      : unit === 'percent'
        ? t('explain.group.recomputed')
        : t('explain.group.other');
    out.push(`  ${c.cyan(k.metric)} = ${formatValue(value, unit, ev.currency, t('noValue'))}    ${c.dim(how)}`);
  }

  // 3. level KPIs
  if (g.kpis) {
    h('explain.group.kpis');
    for (const k of g.kpis) {
      const unit = unitOf(k.metric);
      const flags = [k.capped ? t('capped') : '', k.floored ? t('floored') : '', k.belowThreshold ? t('belowThreshold') : '', k.excluded ? t('excludedKpi') : ''].filter(Boolean);
      out.push(`  ${c.bold(k.label)} (${k.kpi}) · ${t('weight')} ${k.weight}${flags.length ? ` · ${flags.join(', ')}` : ''}`);
      out.push(
        `    ${t('actual')} ${formatValue(k.actual, unit, ev.currency, t('noValue'))} · ${t('target')} ${formatValue(k.target, unit, ev.currency, t('noValue'))}` +
          ` (${t('source')}${sep}${targetSourceText(k, locale)}) · ${t('attainment')} ${k.attainment === null ? t('noValue') : formatPercent(k.attainment.toString())}` +
          ` · ${t('points')} ${formatPoints(k.points)}`,
      );
      if (k.targetSource.startsWith('members')) {
        const mine = members.map((r) => `${r.rep} ${formatValue(r.kpis.find((x) => x.metric === k.metric)?.target ?? null, unit, ev.currency, t('noValue'))}`);
        out.push(`    ${c.dim(`${t('target')} = ${mine.join(' + ')}`)}`);
      }
      const why = kpiExplanation(k, ev.currency, locale);
      if (why) out.push(`    ${c.dim(why)}`);
    }
    // 4. score and tier
    h('explain.score');
    const counted = g.kpis.filter((k) => !k.excluded);
    out.push(`  ${counted.map((k) => formatPoints(k.points)).join(' + ') || '0'} → ${c.bold(g.score ? formatScore(g.score) : t('noValue'))}`);
    h('explain.tier');
    if (lvl) out.push(`  ${c.dim(lvl.tiers.map((x) => `${x.label} ≥ ${x.minScore}`).join(' · '))}`);
    const d = g.decision;
    out.push(`  ${t('qualifiedTier')}${sep}${c.bold(groupTierLabel(ev, g, d?.qualified ?? g.tier))}`);
    if (d) {
      h('explain.movement');
      if (d.movement === 'view') {
        out.push(`  ${t('previousTier')} ${d.current === undefined ? '—' : groupTierLabel(ev, g, d.current)} · ${t('movement.view')}`);
      } else {
        out.push(
          `  ${t('previousTier')} ${d.current === undefined ? '—' : groupTierLabel(ev, g, d.current)} → ${t('newTier')} ${c.bold(groupTierLabel(ev, g, d.tier))}` +
            ` (${t(`movement.${d.movement}`)} ${movementMark(d, t)})`,
        );
        out.push(`  ${t('promoteRun')} ${d.promoteRun} · ${t('demoteRun')} ${d.demoteRun}`);
      }
      out.push(`  ${groupReason(ev, g, d.reasonFacts, locale)}`);
      if (d.trail.length > 0) {
        out.push(`  ${t('explain.trail')}${sep}${d.trail.map((x) => `${x.period} ${groupTierLabel(ev, g, x.tier)}${x.score ? ` (${formatScore(x.score)})` : ''}`).join(' · ')}`);
      }
    }
  }
  return `${out.flatMap((l) => wrapLine(l, EXPLAIN_WIDTH)).join('\n')}\n`;
}
