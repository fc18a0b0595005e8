/**
 * `salesgrade evaluate -f md`: the report as GitHub-flavoured Markdown, for a wiki page, a pull
 * request or an e-mail. Same content as the terminal report plus targets and distance to next tier.
 */
import type { Evaluation } from '../engine/types.js';
import { countBySeverity } from '../shared/diagnostic.js';
import { formatNumber, formatPercent } from '../shared/format.js';
import { pushAll } from '../shared/iter.js';
import { headerAlerts } from './alerts.js';
import { markdownText } from './safe-text.js';
import { groupName, labels, type ReportLocale } from './labels.js';
import { findingMessage, findingPlace } from './finding-messages.js';
import { formatScore, formatValue, groupAttainment, movementMark, tierLabelOf } from './terminal.js';

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
  const header = [t('rank'), t('rep'), t('team'), ...ev.kpis.map((k) => `${k.label} (${k.weight})`), t('score'), t('tier'), t('movement'), t('distanceToNext')];
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
    tierLabelOf(ev, r.decision.tier),
    movementMark(r.decision, t),
    r.distanceToNext ? `${formatScore(r.distanceToNext.points)} → ${tierLabelOf(ev, r.distanceToNext.tier)}` : '',
  ]);
  pushAll(out, table(header, rows, ['r', 'l', 'l', ...ev.kpis.map(() => 'r' as const), 'r', 'l', 'l', 'l'])).push('');

  if (ev.teams.length > 0) {
    out.push(`## ${t('teams')}`, '');
    const teams = ev.teams.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    pushAll(
      out,
      table(
        [t('team'), t('members'), ...ev.kpis.map((k) => k.label), ...ev.tiers.map((x) => x.label)],
        teams.map((g) => [
          groupName(locale, g.name),
          String(g.members.length),
          ...ev.kpis.map((k) => {
            const v = formatValue(g.metrics[k.metric] ?? null, k.unit, ev.currency, t('noValue'));
            const a = groupAttainment(ev, g, k);
            return a === null ? v : `${v} (${formatPercent(a.toString(), 0)})`;
          }),
          ...ev.tiers.map((x) => String(g.tierCounts[x.id] ?? 0)),
        ]),
        ['l', 'r', ...ev.kpis.map(() => 'r' as const), ...ev.tiers.map(() => 'r' as const)],
      ),
    ).push('');
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
