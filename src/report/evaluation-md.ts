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
import { distinctLegend, distinctWithoutAttainment } from './groups.js';
import { groupName, labels, UNASSIGNED_GROUP, type ReportLocale } from './labels.js';
import { findingMessage, findingPlace } from './finding-messages.js';
import { coverageLegend, coverageText, formatScore, formatValue, gateHeld, groupAttainment, groupTierLabel, heaviestKpi, heldGateLegend, movementMark, neededPerDay, tierLabelOf } from './terminal.js';

export interface MarkdownOptions {
  locale?: ReportLocale;
  /** Findings listed one by one (the rest are counted). Default 50. */
  maxFindings?: number;
  /** About how many characters a chunk of `renderEvaluationMarkdownChunks` holds; default MD_CHUNK_CHARS (tests lower it). */
  chunkChars?: number;
}

// Every text in the Markdown report, ours or the rubric's or the data's, is escaped: no HTML, no link.
const cell = markdownText;

/** A table's lines; a row's line is made when taken. */
function* table(header: string[], rows: Iterable<string[]>, align: ('l' | 'r')[]): Generator<string> {
  yield `| ${header.map(cell).join(' | ')} |`;
  yield `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`;
  for (const r of rows) yield `| ${r.map(cell).join(' | ')} |`;
}

/** `f` of each item, made when taken. */
function* lazyMap<T, U>(items: Iterable<T>, f: (x: T) => U): Generator<U> {
  for (const x of items) yield f(x);
}

export function renderEvaluationMarkdown(ev: Evaluation, options: MarkdownOptions = {}): string {
  let text = '';
  for (const chunk of renderEvaluationMarkdownChunks(ev, options)) text += chunk;
  return text;
}

/** About how many characters a chunk of the Markdown report holds. */
export const MD_CHUNK_CHARS = 1 << 15;

/**
 * The Markdown report in chunks, each made as it is taken (a leaderboard of 61,000 reps is never one
 * string nor an array of rows); joined, `renderEvaluationMarkdown`'s text: the lines joined by newlines,
 * trailing white space trimmed, one newline. A chunk ends where the text is not white space, so only
 * the last chunk is trimmed.
 */
export function* renderEvaluationMarkdownChunks(ev: Evaluation, options: MarkdownOptions = {}): Generator<string> {
  const chunkChars = options.chunkChars ?? MD_CHUNK_CHARS;
  let pending = '';
  let first = true;
  for (const line of markdownLines(ev, options)) {
    pending += first ? line : `\n${line}`;
    first = false;
    if (pending.length >= chunkChars) {
      let keep = pending.length;
      while (keep > 0 && /\s/.test(pending[keep - 1]!)) keep--;
      if (keep > 0) {
        yield pending.slice(0, keep);
        pending = pending.slice(keep);
      }
    }
  }
  yield `${pending.trimEnd()}\n`;
}

function* markdownLines(ev: Evaluation, options: MarkdownOptions): Generator<string> {
  const locale = options.locale ?? ev.locale;
  const t = labels(locale);
  yield* [`# ${cell(ev.manifest.rubric.name)} · ${ev.period.label}`, ''];
  const alerts = headerAlerts(ev, locale);
  if (alerts.length) yield* [...alerts.map((a) => `> **${cell(a)}**`), ''];
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
  yield* table(['', ''], manifest, ['l', 'l']);
  yield '';
  if (ev.manifest.calendar?.weekdayFallback.length) {
    yield* [`> **${cell(t('weekdayFallback').replace('{years}', ev.manifest.calendar.weekdayFallback.join(', ')))}**`, ''];
  }

  yield* [`## ${t('distribution')}`, ''];
  yield* table(
    [t('tier'), t('count'), t('share')],
    ev.distribution.map((d) => [d.label, String(d.count), formatPercent(d.share)]),
    ['l', 'r', 'r'],
  );
  yield '';

  yield* [`## ${t('leaderboard')}`, ''];
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
  const rows = lazyMap(reps, (r) => [
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
  yield* table(header, rows, ['r', 'l', 'l', ...ev.kpis.map(() => 'r' as const), 'r', 'l', 'l', 'l', ...(hasAction ? (['r', 'l'] as const) : [])]);
  yield '';
  const gateLegend = heldGateLegend(ev, reps, locale);
  if (gateLegend) yield* [cell(gateLegend), ''];

  // Pacing (--as-of inside the period): per KPI, actual against the period-to-date target and the
  // straight-line projection against the full target; the heaviest KPI's need per remaining workday.
  if (ev.pacing && reps.some((r) => r.kpis.some((k) => k.pacing))) {
    const left = ev.pacing.totalWorkdays - ev.pacing.elapsedWorkdays;
    const heavy = heaviestKpi(ev);
    const pipe = ev.pacing.pipeline;
    yield* [`## ${t('pacing')}`, '', cell(t('pacingTable').replace('{asOf}', ev.manifest.asOf ?? '')), ''];
    yield* table(
      [t('rep'), ...ev.kpis.map((k) => k.label), ...(heavy ? [`${heavy.label} ${t('perDay')}`] : []), ...(pipe ? [`${pipe.metricLabel} ${t('coverageMultiple')}`] : [])],
      lazyMap(reps, (r) => [
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
    );
    yield '';
    if (pipe) yield* [cell(coverageLegend(pipe, t)), ''];
  }

  // Teams and regions: manager, the level's own KPIs, score and tier label; `(unassigned)` last (engine order).
  for (const [level, groups] of [
    ['team', ev.teams],
    ['region', ev.regions],
  ] as const) {
    if (groups.length === 0 || (level === 'region' && groups.every((g) => g.name === UNASSIGNED_GROUP))) continue;
    yield* [`## ${t(level === 'team' ? 'teams' : 'regions')}`, ''];
    const kpis = ev.levels?.[level]?.kpis ?? ev.kpis;
    const graded = groups.some((g) => g.score !== undefined);
    const hasManager = groups.some((g) => g.manager !== undefined);
    const gpipe = ev.pacing?.pipeline;
    yield* table(
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
    );
    yield '';
    const why = distinctLegend(kpis, groups, locale);
    if (why) yield* [cell(why), ''];
  }

  const counts = countBySeverity(ev.findings);
  yield* [`## ${t('findings')}`, ''];
  yield* [`${t('severityError')} ${counts.error} · ${t('severityWarning')} ${counts.warning} · ${t('severityInfo')} ${counts.info}`, ''];
  const max = options.maxFindings ?? 50;
  if (ev.findings.length > 0) {
    yield* table(
      [t('severity'), t('code'), t('location'), t('message')],
      ev.findings.slice(0, max).map((d) => [d.severity, d.code, findingPlace(d, locale), findingMessage(d, locale)]),
      ['l', 'l', 'l', 'l'],
    );
    if (ev.findings.length > max) yield* ['', `… ${ev.findings.length - max}`];
    yield '';
  }
}
