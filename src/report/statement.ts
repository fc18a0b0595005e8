/**
 * Each rep's own statement (`evaluate --statements DIR`): their KPIs, attainment, score, tier,
 * movement and why, the distance to the next tier in the heaviest KPI's own unit, their action, their
 * tier history and the trace of every number down to their source rows — and nobody else's numbers
 * (no leaderboard, no findings, no other rep's name). `--statements-by team`: one per team for its
 * manager, with only that team's members. Pure: a statement is plain sections; `renderStatementMarkdown`
 * and the workbook writer (io/statement-xlsx.ts) lay them out.
 */
import { headerAlerts } from './alerts.js';
import { formulaText, groupReason, kpiExplanation, repReason, targetSourceText } from './evaluation-text.js';
import type { Evaluation, GroupEvaluation, PipelineCoverage, RepEvaluation } from '../engine/types.js';
import { formatPercent } from '../shared/format.js';
import { formatSourceRows } from './explain.js';
import { groupTierLabel } from './groups.js';
import { groupName, labels, UNASSIGNED_GROUP, type ReportLocale } from './labels.js';
import { markdownText } from './safe-text.js';
import { coverageLegend, coverageText, formatPoints, formatScore, formatValue, movementMark, tierLabelOf } from './terminal.js';

export type StatementCell = string;

export interface StatementSection {
  title: string;
  /** A table's column headers; absent for a list of label / value pairs. */
  header?: string[];
  rows: StatementCell[][];
}

export interface Statement {
  /** Who it is about: the rep, or the team. */
  subject: string;
  kind: 'rep' | 'team';
  title: string;
  /**
   * Lines under the title that change how every number reads: the report header's alerts (a view
   * period: converted targets, no movement; rows that would feed a KPI lost to data problems; a period
   * the data covers only in part). A statement handed to one rep carries them as the report does.
   */
  notes?: string[];
  sections: StatementSection[];
}

/** The report header's alerts (report/alerts.ts: the view line first), when there are any. */
function statementNotes(ev: Evaluation, locale: ReportLocale): { notes?: string[] } {
  const notes = headerAlerts(ev, locale);
  return notes.length ? { notes } : {};
}

/**
 * The open pipeline against what the covered KPI still needs (`pacing: { pipeline, covers }` with
 * `--as-of`), as the terminal and Markdown reports show it: the engine's facts, worded, never recomputed.
 */
function pipelineSection(ev: Evaluation, f: PipelineCoverage | undefined, t: ReturnType<typeof labels>): StatementSection | undefined {
  const p = ev.pacing?.pipeline;
  if (!p || !f) return undefined;
  const v = (x: Parameters<typeof formatValue>[0]) => formatValue(x, p.unit, ev.currency, t('noValue'));
  return {
    title: `${p.metricLabel} ${t('coverageMultiple')}`,
    rows: [
      [p.metricLabel, v(f.open)],
      [`${p.kpiLabel} ${t('remaining')}`, v(f.remaining)],
      [t('coverageMultiple'), coverageText(f, p.unit, ev.currency, t, true)],
      [t('formula'), coverageLegend(p, t)],
    ],
  };
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

function explainNext(ev: Evaluation, r: RepEvaluation, t: ReturnType<typeof labels>, locale: ReportLocale): string {
  const n = r.distanceToNext;
  if (!n) {
    if (ev.tiers[0] !== undefined && r.decision.tier !== ev.tiers[0].id) {
      return fill(t('explain.heldBelowTop'), { qualified: tierLabelOf(ev, r.decision.qualified), tier: tierLabelOf(ev, r.decision.tier) }).replace(/ ?[(（][^)）]*[)）]$/, '');
    }
    return t('explain.topTier');
  }
  let line = n.points.gt(0) ? fill(t('explain.gap'), { points: formatScore(n.points), tier: tierLabelOf(ev, n.tier) }) : fill(t('explain.gateBlocked'), { tier: tierLabelOf(ev, n.tier) });
  if (n.kpi && n.points.gt(0)) {
    const k = ev.kpis.find((x) => x.kpi === n.kpi!.kpi);
    line += locale === 'zh-CN' ? '，' : '; ';
    line += fill(t('explain.gapKpi'), { amount: formatValue(n.kpi.amount, k?.unit ?? 'number', ev.currency), kpi: k?.label ?? n.kpi.kpi });
  }
  return line;
}

/** One rep's statement: only their own numbers. */
export function buildRepStatement(ev: Evaluation, r: RepEvaluation, locale: ReportLocale = ev.locale): Statement {
  const t = labels(locale);
  const unitOf = (metric: string) => ev.kpis.find((k) => k.metric === metric)?.unit ?? 'number';
  const v = (x: Parameters<typeof formatValue>[0], unit: string) => formatValue(x, unit, ev.currency, t('noValue'));
  const pct = (x: { toString(): string } | null | undefined) => (x === null || x === undefined ? t('noValue') : formatPercent(x.toString()));
  const sections: StatementSection[] = [];
  const about: string[][] = [
    [t('rep'), r.rep],
    [t('team'), groupName(locale, r.team)],
    [t('region'), groupName(locale, r.region)],
  ];
  if (r.manager) about.push([t('manager'), r.manager]);
  about.push([t('period'), `${ev.period.label} (${ev.period.start} – ${ev.period.end})`], [t('rubric'), ev.manifest.rubric.name]);
  if (ev.manifest.asOf) about.push([t('asOf'), ev.manifest.asOf]);
  sections.push({ title: t('statement.about'), rows: about });

  const d = r.decision;
  const result: string[][] = [
    [t('score'), formatScore(r.score)],
    [t('rank'), fill(t('statement.rankOf'), { rank: r.rank, n: ev.reps.length })],
    [t('tier'), tierLabelOf(ev, d.tier)],
    [t('previousTier'), d.current === undefined ? '—' : tierLabelOf(ev, d.current)],
    [t('qualifiedTier'), tierLabelOf(ev, d.qualified)],
    [t('movement'), `${t(`movement.${d.movement}`)} ${movementMark(d, t)}`.trim()],
    [t('statement.reason'), repReason(ev, d.reasonFacts, locale)],
    [t('statement.next'), explainNext(ev, r, t, locale)],
  ];
  if (r.action) {
    if (r.action.training) result.push([t('training'), r.action.training]);
    if (r.action.bonus_multiplier !== undefined) result.push([t('bonusMultiplier'), String(r.action.bonus_multiplier)]);
    if (r.action.note) result.push([t('action'), r.action.note]);
  }
  sections.push({ title: t('statement.result'), rows: result });

  sections.push({
    title: t('statement.kpis'),
    header: [t('kpi'), t('weight'), t('actual'), t('target'), t('attainment'), t('points'), t('source')],
    rows: r.kpis.map((k) => [k.label, String(k.weight), v(k.actual, unitOf(k.metric)), v(k.target, unitOf(k.metric)), pct(k.attainment), formatPoints(k.points), targetSourceText(k, locale)]),
  });
  if (r.kpis.some((k) => k.pacing)) {
    sections.push({
      title: t('statement.pacing'),
      header: [t('kpi'), t('statement.ptdTarget'), t('actual'), t('statement.ptdAttainment'), t('statement.projected'), t('statement.projectedAttainment')],
      rows: r.kpis
        .filter((k) => k.pacing)
        .map((k) => [k.label, v(k.pacing!.target, unitOf(k.metric)), v(k.actual, unitOf(k.metric)), pct(k.pacing!.attainment), v(k.pacing!.projected, unitOf(k.metric)), pct(k.pacing!.projectedAttainment)]),
    });
  }
  const pipeline = pipelineSection(ev, r.pipeline, t);
  if (pipeline) sections.push(pipeline);

  const history: string[][] = (r.trail ?? []).map((x) => [x.period, x.score ? formatScore(x.score) : '—', tierLabelOf(ev, x.qualified), tierLabelOf(ev, x.tier), x.movement ? t(`movement.${x.movement}`) : '—']);
  history.push([`${ev.period.label} (${t('statement.thisPeriod')})`, formatScore(r.score), tierLabelOf(ev, d.qualified), tierLabelOf(ev, d.tier), t(`movement.${d.movement}`)]);
  sections.push({ title: t('statement.history'), header: [t('period'), t('score'), t('qualifiedTier'), t('tier'), t('movement')], rows: history });

  const kpiMetrics = ev.kpis.map((k) => k.metric);
  const names = Object.keys(r.metrics).sort((a, b) => {
    const ia = kpiMetrics.indexOf(a);
    const ib = kpiMetrics.indexOf(b);
    if (ia !== ib) return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  sections.push({
    title: t('statement.trace'),
    header: [t('kpi'), t('value'), t('formula'), t('statement.rows'), t('statement.sourceRows')],
    rows: [
      ...names.map((n) => {
        const m = r.metrics[n]!;
        return [n, v(m.value, unitOf(n)), formulaText(m, ev.currency, locale), String(m.rows), formatSourceRows(m.sample)];
      }),
      ...r.kpis.map((k) => [k.label, kpiExplanation(k, ev.currency, locale)] as const).filter(([, why]) => why).map(([label, why]) => [label, '', why, '', '']),
    ],
  });
  return { subject: r.rep, kind: 'rep', title: `${t('statement.title')} · ${r.rep} · ${ev.period.label}`, ...statementNotes(ev, locale), sections };
}

/** A team's statement for its manager: the team's grade and its members only. */
export function buildTeamStatement(ev: Evaluation, g: GroupEvaluation, locale: ReportLocale = ev.locale): Statement {
  const t = labels(locale);
  const pct = (x: { toString(): string } | null | undefined) => (x === null || x === undefined ? t('noValue') : formatPercent(x.toString(), 0));
  const lvl = ev.levels?.team;
  const unitOf = (metric: string) => lvl?.kpis.find((k) => k.metric === metric)?.unit ?? ev.kpis.find((k) => k.metric === metric)?.unit ?? 'number';
  const sections: StatementSection[] = [];
  const about: string[][] = [[t('team'), groupName(locale, g.name)]];
  if (g.managers?.length) about.push([t('manager'), g.managers.join(', ')]);
  about.push([t('members'), String(g.members.length)], [t('period'), `${ev.period.label} (${ev.period.start} – ${ev.period.end})`], [t('rubric'), ev.manifest.rubric.name]);
  if (ev.manifest.asOf) about.push([t('asOf'), ev.manifest.asOf]);
  sections.push({ title: t('statement.about'), rows: about });
  if (g.score !== undefined) {
    const d = g.decision;
    const rows: string[][] = [
      [t('score'), formatScore(g.score)],
      [t('tier'), groupTierLabel(ev, g)],
    ];
    if (d) {
      rows.push([t('previousTier'), d.current === undefined ? '—' : groupTierLabel(ev, g, d.current)], [t('qualifiedTier'), groupTierLabel(ev, g, d.qualified)], [t('movement'), `${t(`movement.${d.movement}`)} ${movementMark(d, t)}`.trim()], [t('statement.reason'), groupReason(ev, g, d.reasonFacts, locale)]);
    }
    sections.push({ title: t('statement.teamGrade'), rows });
    sections.push({
      title: t('statement.kpis'),
      header: [t('kpi'), t('weight'), t('actual'), t('target'), t('attainment'), t('points'), t('source')],
      rows: (g.kpis ?? []).map((k) => [k.label, String(k.weight), formatValue(k.actual, unitOf(k.metric), ev.currency, t('noValue')), formatValue(k.target, unitOf(k.metric), ev.currency, t('noValue')), pct(k.attainment), formatPoints(k.points), targetSourceText(k, locale)]),
    });
    if (d?.trail.length) {
      sections.push({
        title: t('statement.history'),
        header: [t('period'), t('score'), t('qualifiedTier'), t('tier'), t('movement')],
        rows: [
          ...d.trail.map((x) => [x.period, x.score ? formatScore(x.score) : '—', groupTierLabel(ev, g, x.qualified), groupTierLabel(ev, g, x.tier), t(`movement.${x.movement}`)]),
          [`${ev.period.label} (${t('statement.thisPeriod')})`, formatScore(g.score), groupTierLabel(ev, g, d.qualified), groupTierLabel(ev, g, d.tier), t(`movement.${d.movement}`)],
        ],
      });
    }
  }
  const pipeline = pipelineSection(ev, g.pipeline, t);
  if (pipeline) sections.push(pipeline);
  const members = ev.reps.filter((r) => r.team === g.name).sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));
  const pipe = ev.pacing?.pipeline;
  sections.push({
    title: t('statement.members'),
    header: [t('rep'), ...ev.kpis.map((k) => k.label), t('score'), t('tier'), t('movement'), t('statement.next'), ...(pipe ? [`${pipe.metricLabel} ${t('coverageMultiple')}`] : [])],
    rows: members.map((r) => [
      r.rep,
      ...ev.kpis.map((k) => {
        const x = r.kpis.find((y) => y.kpi === k.kpi);
        const a = formatValue(x?.actual ?? null, k.unit, ev.currency, t('noValue'));
        return x?.attainment ? `${a} (${pct(x.attainment)})` : a;
      }),
      formatScore(r.score),
      tierLabelOf(ev, r.decision.tier),
      movementMark(r.decision, t),
      explainNext(ev, r, t, locale),
      ...(pipe ? [coverageText(r.pipeline, pipe.unit, ev.currency, t, true)] : []),
    ]),
  });
  return { subject: g.name === UNASSIGNED_GROUP ? t('unassigned') : g.name, kind: 'team', title: `${t('statement.teamTitle')} · ${groupName(locale, g.name)} · ${ev.period.label}`, ...statementNotes(ev, locale), sections };
}

/** A statement as Markdown: a heading, then each section as a table. */
export function renderStatementMarkdown(st: Statement): string {
  const cell = markdownText;
  const out: string[] = [`# ${cell(st.title)}`, ''];
  if (st.notes?.length) {
    for (const n of st.notes) out.push(`> **${cell(n)}**`);
    out.push('');
  }
  for (const s of st.sections) {
    out.push(`## ${cell(s.title)}`, '');
    const header = s.header ?? ['', ''];
    out.push(`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
    for (const r of s.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
