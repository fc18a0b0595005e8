// FROZEN: src/report/evaluation-md.ts as it was before it was streamed (main at df1cd51), the whole-string renderer:
// the reference twin of test/unit/report/terminal-stream.test.ts. Do not edit but to follow a change of what the
// report says (its import paths changed; main's distinct-count `(—)` and legend under the group tables added).
/**
 * `salesgrade evaluate -f md`: the report as GitHub-flavoured Markdown, for a wiki page, a pull
 * request or an e-mail. Same content as the terminal report plus targets and distance to next tier.
 */
import type { Evaluation } from '../../../../src/engine/types.js';
import { countBySeverity } from '../../../../src/shared/diagnostic.js';
import { formatNumber, formatPercent } from '../../../../src/shared/format.js';
import { pushAll } from '../../../../src/shared/iter.js';
import { headerAlerts } from '../../../../src/report/alerts.js';
import { markdownText } from '../../../../src/report/safe-text.js';
import { distinctLegend, distinctWithoutAttainment } from '../../../../src/report/groups.js';
import { groupName, labels, UNASSIGNED_GROUP, type ReportLocale } from '../../../../src/report/labels.js';
import { findingMessage, findingPlace } from '../../../../src/report/finding-messages.js';
import { coverageLegend, coverageText, formatScore, formatValue, gateHeld, groupAttainment, groupTierLabel, heaviestKpi, heldGateLegend, movementMark, neededPerDay, tierLabelOf } from '../../../../src/report/terminal.js';

export interface MarkdownOptions {
  locale?: ReportLocale;
  /** Findings listed one by one (the rest are counted). Default 50. */
  maxFindings?: number;
}

// Every text in the Markdown report, ours or the rubric's or the data's, is escaped: no HTML, no link.
const cell = markdownText;

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  const out = [`| ${header.map(cell).join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`];
  for (const r of rows) out.push(`| ${r.map(cell).join(' | ')} |`);
  return out;
}

export function renderEvaluationMarkdown(ev: Evaluation, options: MarkdownOptions = {}): string {
  const locale = options.locale ?? ev.locale;
  const t = labels(locale);
  const out: string[] = [];
  out.push(`# ${cell(ev.manifest.rubric.name)} · ${ev.period.label}`, '');
  const alerts = headerAlerts(ev, locale);
  if (alerts.length) pushAll(out, alerts.map((a) => `> **${cell(a)}**`)).push('');
  const excluded = Object.values(ev.rows.excluded).reduce<number>((a, b) => a + (b ?? 0), 0);
  const manifest: string[][] = [
    [t('period'), `${ev.period.label} (${ev.period.start} – ${ev.period.end})`],
    [t('rubric'), `${ev.manifest.rubric.path} (sha256 ${ev.manifest.rubric.sha256.slice(0, 12)}…)`],
    ...ev.manifest.inputs.map((f) => [t('inputs'), `${f.path} (sha256 ${f.sha256.slice(0, 12)}…)`]),
    [t('rowsRead'), formatNumber(ev.rows.read)],
    [t('rowsCounted'), formatNumber(ev.rows.counted)],
    [t('rowsExcluded'), formatNumber(excluded)],
  ];
  if (ev.manifest.asOf) manifest.push([t('asOf'), ev.manifest.asOf]);
  if (ev.pacing) manifest.push([t('pacing'), `${ev.pacing.elapsedWorkdays}/${ev.pacing.totalWorkdays} ${t('workdays')}`]);
  manifest.push([t('version'), ev.manifest.salesgradeVersion]);
  pushAll(out, table(['', ''], manifest, ['l', 'l'])).push('');
  if (ev.manifest.calendar?.weekdayFallback.length) {
    out.push(`> **${cell(t('weekdayFallback').replace('{years}', ev.manifest.calendar.weekdayFallback.join(', ')))}**`, '');
  }

  out.push(`## ${t('distribution')}`, '');
  pushAll(
    out,
    table(
      [t('tier'), t('count'), t('share')],
      ev.distribution.map((d) => [d.label, String(d.count), formatPercent(d.share)]),
      ['l', 'r', 'r'],
    ),
  ).push('');

  out.push(`## ${t('leaderboard')}`, '');
  const reps = ev.reps.slice().sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));
  const hasAction = reps.some((r) => r.action !== undefined);
  const header = [
    t('rank'),
    t('rep'),
    t('team'),
    ...ev.kpis.map((k) => `${k.label} (${k.weight})`),
    t('score'),
    t('tier'),
    t('movement'),
    t('distanceToNext'),
    ...(hasAction ? [t('bonusMultiplier'), t('training')] : []),
  ];
  const rows = reps.map((r) => [
    String(r.rank),
    r.rep,
    groupName(locale, r.team),
    ...ev.kpis.map((k) => {
      const x = r.kpis.find((y) => y.kpi === k.kpi);
      if (!x) return '—';
      const actual = formatValue(x.actual, k.unit, ev.currency, t('noValue'));
      return x.attainment === null ? actual : `${actual} (${formatPercent(x.attainment.toString(), 0)})`;
    }),
    formatScore(r.score),
    `${tierLabelOf(ev, r.decision.tier)}${gateHeld(ev, r) ? '^' : ''}`,
    movementMark(r.decision, t),
    r.distanceToNext ? `${formatScore(r.distanceToNext.points)} → ${tierLabelOf(ev, r.distanceToNext.tier)}` : '',
    ...(hasAction
      ? [r.action?.bonus_multiplier === undefined ? '—' : `×${r.action.bonus_multiplier}`, [r.action?.training, r.action?.note].filter(Boolean).join(' · ') || '—']
      : []),
  ]);
  pushAll(out, table(header, rows, ['r', 'l', 'l', ...ev.kpis.map(() => 'r' as const), 'r', 'l', 'l', 'l', ...(hasAction ? (['r', 'l'] as const) : [])])).push('');
  const gateLegend = heldGateLegend(ev, reps, locale);
  if (gateLegend) out.push(cell(gateLegend), '');

  // Pacing (--as-of inside the period): per KPI, actual against the period-to-date target and the
  // straight-line projection against the full target; the heaviest KPI's need per remaining workday.
  if (ev.pacing && reps.some((r) => r.kpis.some((k) => k.pacing))) {
    const left = ev.pacing.totalWorkdays - ev.pacing.elapsedWorkdays;
    const heavy = heaviestKpi(ev);
    const pipe = ev.pacing.pipeline;
    out.push(`## ${t('pacing')}`, '', cell(t('pacingTable').replace('{asOf}', ev.manifest.asOf ?? '')), '');
    pushAll(
      out,
      table(
        [t('rep'), ...ev.kpis.map((k) => k.label), ...(heavy ? [`${heavy.label} ${t('perDay')}`] : []), ...(pipe ? [`${pipe.metricLabel} ${t('coverageMultiple')}`] : [])],
        reps.map((r) => [
          r.rep,
          ...ev.kpis.map((k) => {
            const x = r.kpis.find((y) => y.kpi === k.kpi);
            const p = x?.pacing;
            if (!x || !p) return '—';
            const v = (d: Parameters<typeof formatValue>[0]) => formatValue(d, k.unit, ev.currency, t('noValue'));
            const a = (d: Parameters<typeof formatValue>[0]) => (d === null || d === undefined ? t('noValue') : formatPercent(d.toString(), 0));
            return `${v(x.actual)} / ${v(p.target)} (${a(p.attainment)}) → ${v(p.projected)} (${a(p.projectedAttainment)})`;
          }),
          ...(heavy
            ? [
                (() => {
                  const need = neededPerDay(r, heavy.kpi, left);
                  if (need === undefined) return '—';
                  if (need.lte(0)) return t('onPace');
                  return formatValue(heavy.unit === 'money' ? need.toDecimalPlaces(0, 0) : need, heavy.unit, ev.currency);
                })(),
              ]
            : []),
          ...(pipe ? [coverageText(r.pipeline, pipe.unit, ev.currency, t, true)] : []),
        ]),
        ['l', ...ev.kpis.map(() => 'r' as const), ...(heavy ? ['r' as const] : []), ...(pipe ? ['r' as const] : [])],
      ),
    ).push('');
    if (pipe) out.push(cell(coverageLegend(pipe, t)), '');
  }

  // Teams and regions: manager, the level's own KPIs, score and tier label; `(unassigned)` last (engine order).
  for (const [level, groups] of [
    ['team', ev.teams],
    ['region', ev.regions],
  ] as const) {
    if (groups.length === 0 || (level === 'region' && groups.every((g) => g.name === UNASSIGNED_GROUP))) continue;
    out.push(`## ${t(level === 'team' ? 'teams' : 'regions')}`, '');
    const kpis = ev.levels?.[level]?.kpis ?? ev.kpis;
    const graded = groups.some((g) => g.score !== undefined);
    const hasManager = groups.some((g) => g.manager !== undefined);
    const gpipe = ev.pacing?.pipeline;
    pushAll(
      out,
      table(
        [
          t(level),
          ...(hasManager ? [t('manager')] : []),
          t('members'),
          ...kpis.map((k) => (ev.levels?.[level] ? `${k.label} (${k.weight})` : k.label)),
          ...(graded ? [t('score'), t('tier'), t('movement')] : []),
          ...(gpipe ? [`${gpipe.metricLabel} ${t('coverageMultiple')}`] : []),
          ...ev.tiers.map((x) => x.label),
        ],
        groups.map((g) => [
          groupName(locale, g.name),
          ...(hasManager ? [g.managers?.join(', ') ?? '—'] : []),
          String(g.members.length),
          ...kpis.map((k) => {
            const lk = g.kpis?.find((x) => x.kpi === k.kpi);
            const v = formatValue(lk ? lk.actual : (g.metrics[k.metric] ?? null), k.unit, ev.currency, t('noValue'));
            const a = groupAttainment(ev, g, k);
            if (a === null) return distinctWithoutAttainment(g, k) ? `${v} (—)` : v;
          return `${v} (${formatPercent(a.toString(), 0)})`;
          }),
          ...(graded ? [g.score ? formatScore(g.score) : '—', g.tier === undefined ? '—' : groupTierLabel(ev, g), g.decision ? movementMark(g.decision, t) : '—'] : []),
          ...(gpipe ? [coverageText(g.pipeline, gpipe.unit, ev.currency, t, true)] : []),
          ...ev.tiers.map((x) => String(g.tierCounts[x.id] ?? 0)),
        ]),
        ['l', ...(hasManager ? ['l' as const] : []), 'r', ...kpis.map(() => 'r' as const), ...(graded ? ['r' as const, 'l' as const, 'l' as const] : []), ...(gpipe ? ['r' as const] : []), ...ev.tiers.map(() => 'r' as const)],
      ),
    ).push('');
    const why = distinctLegend(kpis, groups, locale);
    if (why) out.push(cell(why), '');
  }

  const counts = countBySeverity(ev.findings);
  out.push(`## ${t('findings')}`, '');
  out.push(`${t('severityError')} ${counts.error} · ${t('severityWarning')} ${counts.warning} · ${t('severityInfo')} ${counts.info}`, '');
  const max = options.maxFindings ?? 50;
  if (ev.findings.length > 0) {
    pushAll(
      out,
      table(
        [t('severity'), t('code'), t('location'), t('message')],
        ev.findings.slice(0, max).map((d) => [d.severity, d.code, findingPlace(d, locale), findingMessage(d, locale)]),
        ['l', 'l', 'l', 'l'],
      ),
    );
    if (ev.findings.length > max) out.push('', `… ${ev.findings.length - max}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
