// FROZEN: src/report/terminal.ts as it was before the report was streamed (main at df1cd51), the whole-
// string renderer: every table's cells built for all rows, laid out, joined. The reference twin of
// test/unit/report/terminal-stream.test.ts, which requires the streamed chunks, joined, to be this text
// byte for byte. Do not edit but to follow an intended change of what the report says: its import paths
// changed; main's distinct-count legend under the group tables added, as the streamed renderer has it;
// and, with the same change in src/report/terminal.ts, excludedSummary and wrap by the polish branch
// (zh-CN reasons joined with ，in full-width brackets, a reason kept with its count, lines also broken
// after ， and ；).
/**
 * The terminal report of an evaluation: header, tier distribution as bars, leaderboard with coloured
 * attainments and movement arrows, team roll-ups and a findings summary. Pure: colour and width are
 * parameters, the output is a string. Fits `width` columns (default 100), measuring CJK characters as
 * two columns.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Evaluation, GateResult, GroupEvaluation, KpiResult, Movement, PipelineCoverage, RepEvaluation, TierDecision } from '../../../../src/engine/types.js';
import type { Decimal } from 'decimal.js';
import { countBySeverity, type Diagnostic } from '../../../../src/shared/diagnostic.js';
import { formatMoney, formatMultiple, formatNumber, formatPercent } from '../../../../src/shared/format.js';
import { maxOf, pushAll } from '../../../../src/shared/iter.js';
import { headerAlerts } from '../../../../src/report/alerts.js';
import { displayWidth } from '../../../../src/report/display-width.js';
import { cleanStrings } from '../../../../src/report/safe-text.js';
import { labels, UNASSIGNED_GROUP, type ReportLocale } from '../../../../src/report/labels.js';
import { findingMessage, findingPlace } from '../../../../src/report/finding-messages.js';
import { distinctLegend, groupTierLabel, managerText } from '../../../../src/report/groups.js';


export interface TerminalOptions {
  color: boolean;
  /** Report language; default the evaluation's locale. */
  locale?: ReportLocale;
  /** Columns available; default 100. */
  width?: number;
  /** Finding codes listed in the summary (the rest are counted). Default 8. */
  maxFindingCodes?: number;
  /**
   * Shown in the hint line: `salesgrade inspect <file>`. Default: the first input; `null`: no hint (the
   * data came from stdin or a MetricTable file, which inspect cannot show row by row).
   */
  inspectTarget?: string | null;
}

// ---- display width -------------------------------------------------------------------------------

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Cut plain text to at most `width` columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  // by grapheme: a flag, a skin-toned emoji or a letter with its accent is never split
  for (const { segment: ch } of graphemes.segment(text)) {
    const cw = displayWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

// ---- value formatting shared by the text renderers -----------------------------------------------

/** A metric value in its unit: money `¥1,284,300`, percent `31.3%`, counts and numbers grouped. */
export function formatValue(value: Decimal | null | undefined, unit: string, currency: string, noValue = '—'): string {
  if (value === null || value === undefined) return noValue;
  if (unit === 'money') return formatMoney(value.toString(), currency);
  if (unit === 'percent') return formatPercent(value.toString());
  if (unit === 'count') return formatNumber(value.toString(), value.isInteger() ? 0 : 2);
  return formatNumber(value.toString(), value.isInteger() ? 0 : 2);
}

/** Up to 4 decimals, trailing zeros dropped, `≈` when that rounded anything: `25.00002`, `≈35.0000`. */
export function formatApprox(d: Decimal): string {
  const short = d.toDecimalPlaces(4);
  return short.eq(d) ? d.toString() : `≈${short.toFixed(4)}`;
}

/** A rubric bound (a gate's min or max, written as a plain number) in its metric's unit: `60.0%`, `¥500,000`, `4.2`. */
export function formatBound(n: number, unit: string, currency: string): string {
  if (unit === 'percent') return formatPercent(n);
  if (unit === 'money') return formatMoney(n.toString(), currency);
  return String(n);
}

/** A score with at least 2 decimals (more when the rubric's precision asks for them). */
export function formatScore(score: Decimal): string {
  return score.toFixed(Math.max(2, score.decimalPlaces()));
}

/** Points with 2 decimals, or 4 when they have more (`16.6667`); a 1e-19 rounding tail is not shown. */
export function formatPoints(points: Decimal): string {
  const four = points.toDecimalPlaces(4);
  return four.toFixed(Math.max(2, four.decimalPlaces()));
}

/** Red below 80 %, amber below 100 %, green at or above target. */
export function attainmentBand(a: Decimal | null): 'none' | 'red' | 'amber' | 'green' {
  if (a === null) return 'none';
  if (a.gte(1)) return 'green';
  if (a.gte(0.8)) return 'amber';
  return 'red';
}

export function tierLabelOf(ev: Evaluation, id: string | undefined): string {
  if (id === undefined) return '';
  return ev.tiers.find((t) => t.id === id)?.label ?? id;
}

/** `↑` promoted, `↓` demoted, `=` unchanged, `=↑1` held with a run towards promotion, `new`. */
export function movementMark(d: Pick<TierDecision, 'movement' | 'promoteRun' | 'demoteRun'>, t: (k: 'movement.new') => string): string {
  const m: Movement = d.movement;
  if (m === 'promoted') return '↑';
  if (m === 'demoted') return '↓';
  if (m === 'new') return t('movement.new');
  // a view period decides no movement: nothing to mark (the header says why)
  if (m === 'view') return '';
  if (m === 'held') {
    if (d.promoteRun > 0) return `=↑${d.promoteRun}`;
    if (d.demoteRun > 0) return `=↓${d.demoteRun}`;
    return '=';
  }
  return '=';
}

// ---- tables --------------------------------------------------------------------------------------

interface Column {
  header: string;
  align: 'left' | 'right';
  min: number;
  /** Below `min` only when every column is at its `min` and the table still does not fit. */
  floor?: number;
  /** Dropped (in ascending order) when the table does not fit even at minimum widths. */
  dropOrder?: number;
  cells: { text: string; style?: (s: string) => string }[];
}

/** A header on two lines at the space that makes the wider line narrowest; one line when it has no space. */
function splitHeader(header: string): [string, string] | undefined {
  let best: [string, string] | undefined;
  for (let k = header.indexOf(' '); k > 0; k = header.indexOf(' ', k + 1)) {
    const pair: [string, string] = [header.slice(0, k), header.slice(k + 1)];
    if (!best || maxOf(pair, displayWidth) < maxOf(best, displayWidth)) best = pair;
  }
  return best;
}

/**
 * Lay the columns out in `width`: natural widths when they fit; else, in this order, a header with a
 * space goes on two lines, the droppable columns go (lowest `dropOrder` first), and last the widest
 * columns are cut (with `…`) down to their minimum — so data is cut only when nothing else is left.
 */
function layoutTable(columns: Column[], width: number, indent: string): string[] {
  const gap = 2;
  let cols = columns.slice();
  const cellsW = (c: Column) => maxOf(c.cells, (x) => displayWidth(x.text), 1);
  const natural = (c: Column) => Math.max(cellsW(c), displayWidth(c.header));
  const total = (ws: number[]) => indent.length + ws.reduce((a, b) => a + b, 0) + gap * (ws.length - 1);
  let widths = cols.map(natural);
  // 1. two-line headers, widest saving first
  const split = new Set<Column>();
  const order = cols.map((c, i) => ({ c, i, save: widths[i]! - maxOf(splitHeader(c.header) ?? [c.header], displayWidth, cellsW(c)) }));
  order.sort((a, b) => b.save - a.save);
  for (const { c, i, save } of order) {
    if (total(widths) <= width || save <= 0) break;
    split.add(c);
    widths[i] = widths[i]! - save;
  }
  // 2. drop columns
  for (;;) {
    if (total(widths) <= width) break;
    const droppable = cols.map((c, i) => ({ c, i })).filter((x) => x.c.dropOrder !== undefined).sort((a, b) => a.c.dropOrder! - b.c.dropOrder!);
    if (droppable.length === 0) break;
    const drop = droppable[0]!.i;
    cols = cols.filter((_, i) => i !== drop);
    widths = widths.filter((_, i) => i !== drop);
  }
  // 3. cut the widest shrinkable columns, down to their minimum; then the protected ones (a rep's
  // name) down to their floor, when nothing else is left
  for (const lim of [(c: Column) => c.min, (c: Column) => c.floor ?? c.min]) {
    while (total(widths) > width) {
      let best = -1;
      for (let i = 0; i < cols.length; i++) {
        if (widths[i]! > lim(cols[i]!) && (best < 0 || widths[i]! - lim(cols[i]!) > widths[best]! - lim(cols[best]!))) best = i;
      }
      if (best < 0) break;
      widths[best]!--;
    }
  }
  // Pad outside the colour codes, so a coloured cell carries no coloured blanks and lines trim cleanly.
  const fit = (text: string, w: number, align: 'left' | 'right', style?: (s: string) => string) => {
    const cut = truncate(text, w);
    const pad = ' '.repeat(Math.max(0, w - displayWidth(cut)));
    const shown = style ? style(cut) : cut;
    return align === 'right' ? pad + shown : shown + pad;
  };
  const lines: string[] = [];
  const heads = cols.map((c) => (split.has(c) ? (splitHeader(c.header) ?? ['', c.header]) : ['', c.header]));
  if (heads.some((h) => h[0] !== '')) lines.push((indent + cols.map((c, i) => fit(heads[i]![0]!, widths[i]!, c.align)).join(' '.repeat(gap))).trimEnd());
  lines.push((indent + cols.map((c, i) => fit(heads[i]![1]!, widths[i]!, c.align)).join(' '.repeat(gap))).trimEnd());
  const rows = cols[0]?.cells.length ?? 0;
  for (let r = 0; r < rows; r++) {
    const parts = cols.map((c, i) => {
      const cell = c.cells[r]!;
      return fit(cell.text, widths[i]!, c.align, cell.style);
    });
    lines.push((indent + parts.join(' '.repeat(gap))).trimEnd());
  }
  return lines;
}

// ---- the report ----------------------------------------------------------------------------------

/** A group's attainment on a KPI: its level KPI when scored, else summed actual against summed target. */
export function groupAttainment(ev: Evaluation, g: GroupEvaluation, k: Evaluation['kpis'][number]): Decimal | null {
  const fromLevel = g.kpis?.find((x) => x.kpi === k.kpi);
  if (fromLevel) return fromLevel.attainment;
  const actual = g.metrics[k.metric] ?? null;
  const target = g.targets[k.kpi] ?? g.targets[k.metric] ?? null;
  if (actual === null || target === null) return null;
  const rep = ev.reps.find((r) => r.kpis.some((x) => x.kpi === k.kpi));
  const direction = rep?.kpis.find((x) => x.kpi === k.kpi)?.direction ?? 'higher';
  if (direction === 'lower') return actual.isZero() ? null : target.div(actual);
  return target.isZero() ? null : actual.div(target);
}

function excludedSummary(ev: Evaluation, t: ReturnType<typeof labels>, locale: ReportLocale): string {
  const parts = Object.entries(ev.rows.excluded)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => `${t(`excluded.${reason}` as Parameters<typeof t>[0])} ${formatNumber(n ?? 0)}`.replace(/ /g, '\u00a0'));
  return parts.join(locale === 'zh-CN' ? '，' : ', ');
}

/** Render the evaluation for a terminal. */
export function renderTerminal(evaluation: Evaluation, options: TerminalOptions): string {
  // The rubric's words (name, KPI and tier labels) and the data's reach the terminal: no escapes.
  const ev = cleanStrings(evaluation);
  const locale = options.locale ?? ev.locale;
  const t = labels(locale);
  const width = options.width ?? 100;
  const c: ChalkInstance = new Chalk({ level: options.color ? 1 : 0 });
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const out: string[] = [];

  // header
  const title = `${ev.manifest.rubric.name} · ${t('period')} ${ev.period.label} (${ev.period.start} – ${ev.period.end})`;
  out.push(c.bold(truncate(title, width)));
  const files = ev.manifest.inputs.map((f) => f.path).join(', ');
  out.push(truncate(`${t('inputs')}${sep}${files}`, width));
  const excludedTotal = Object.values(ev.rows.excluded).reduce<number>((a, b) => a + (b ?? 0), 0);
  const rowsLine =
    `${t('rowsRead')} ${formatNumber(ev.rows.read)} · ${t('rowsCounted')} ${formatNumber(ev.rows.counted)} · ` +
    `${t('rowsExcluded')} ${formatNumber(excludedTotal)}`;
  const excl = excludedSummary(ev, t, locale);
  const rowsFull = excl ? (locale === 'zh-CN' ? `${rowsLine}（${excl}）` : `${rowsLine} (${excl})`) : rowsLine;
  pushAll(out, wrap(rowsFull, width));
  for (const a of headerAlerts(ev, locale)) pushAll(out, wrap(a, width).map((l) => c.red.bold(l)));
  if (ev.manifest.asOf || ev.pacing) {
    const bits: string[] = [];
    if (ev.manifest.asOf) bits.push(`${t('asOf')} ${ev.manifest.asOf}`);
    if (ev.pacing) {
      bits.push(
        `${t('pacing')} ${ev.pacing.elapsedWorkdays}/${ev.pacing.totalWorkdays} ${t('workdays')} (${formatPercent(ev.pacing.fraction.toString())})`,
      );
    }
    out.push(bits.join(' · '));
  }
  if (ev.manifest.calendar?.weekdayFallback.length) {
    pushAll(out, wrap(t('weekdayFallback').replace('{years}', ev.manifest.calendar.weekdayFallback.join(', ')), width).map((l) => c.yellow(l)));
  }
  out.push('');

  // tier distribution
  out.push(c.bold(t('distribution')));
  const labelW = maxOf(ev.distribution, (d) => displayWidth(d.label), 1);
  const maxCount = maxOf(ev.distribution, (d) => d.count, 1);
  const barW = Math.max(10, Math.min(40, width - labelW - 20));
  for (const d of ev.distribution) {
    const filled = Math.round((d.count / maxCount) * barW);
    const bar = c.cyan('█'.repeat(filled)) + c.dim('░'.repeat(barW - filled));
    out.push(`  ${padEnd(d.label, labelW)}  ${bar}  ${padStart(String(d.count), 3)}  ${padStart(formatPercent(d.share), 6)}`);
  }
  out.push('');

  // leaderboard
  out.push(c.bold(t('leaderboard')));
  const reps = ev.reps.slice().sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));
  const paint = (a: Decimal | null) => {
    const band = attainmentBand(a);
    return band === 'green' ? c.green : band === 'amber' ? c.yellow : band === 'red' ? c.red : c.dim;
  };
  const kpiCell = (r: RepEvaluation, kpi: string) => {
    const k: KpiResult | undefined = r.kpis.find((x) => x.kpi === kpi);
    if (!k || k.attainment === null) return { text: '—', style: c.dim };
    const text = `${formatPercent(k.attainment.toString(), 0)}${k.excluded ? '*' : ''}`;
    return { text, style: paint(k.attainment) };
  };
  const unassigned = t('unassigned');
  // a rep's name is never cut while it fits: the other columns shrink or drop first
  const repMin = Math.min(24, maxOf(reps, (r) => displayWidth(r.rep), displayWidth(t('rep'))));
  const tierMin = Math.min(12, maxOf(ev.tiers, (x) => displayWidth(x.label) + 1, displayWidth(t('tier'))));
  const money = ev.kpis.filter((k) => k.unit === 'money');
  const hasBonus = reps.some((r) => r.action?.bonus_multiplier !== undefined);
  const columns: Column[] = [
    { header: t('rank'), align: 'right', min: 3, cells: reps.map((r) => ({ text: String(r.rank) })) },
    { header: t('rep'), align: 'left', min: repMin, floor: 6, cells: reps.map((r) => ({ text: r.rep })) },
    {
      header: t('team'),
      align: 'left',
      min: 6,
      dropOrder: 2,
      cells: reps.map((r) => (r.team === UNASSIGNED_GROUP ? { text: unassigned, style: c.yellow } : { text: r.team })),
    },
    // money actuals beside the attainment when the width allows (the first columns to go)
    ...ev.kpis.flatMap<Column>((k) => [
      ...(money.includes(k)
        ? [
            {
              header: `${k.label} ${t('actual')}`,
              align: 'right' as const,
              min: 8,
              dropOrder: 0,
              cells: reps.map((r) => ({ text: formatValue(r.kpis.find((x) => x.kpi === k.kpi)?.actual, 'money', ev.currency) })),
            },
          ]
        : []),
      { header: k.label, align: 'right', min: 5, cells: reps.map((r) => kpiCell(r, k.kpi)) },
    ]),
    { header: t('score'), align: 'right', min: 6, cells: reps.map((r) => ({ text: formatScore(r.score), style: c.bold })) },
    // `^`: the score reaches a higher tier whose gate failed (two reps with the same score, different tiers)
    { header: t('tier'), align: 'left', min: tierMin, floor: 4, cells: reps.map((r) => ({ text: `${tierLabelOf(ev, r.decision.tier)}${gateHeld(ev, r) ? '^' : ''}` })) },
    {
      header: t('movement'),
      align: 'left',
      min: 3,
      cells: reps.map((r) => {
        const mark = movementMark(r.decision, t);
        const style = r.decision.movement === 'promoted' ? c.green : r.decision.movement === 'demoted' ? c.red : undefined;
        return { text: mark, style };
      }),
    },
    ...(hasBonus
      ? [
          {
            header: t('bonusShort'),
            align: 'right' as const,
            min: 4,
            dropOrder: 1,
            cells: reps.map((r) => (r.action?.bonus_multiplier === undefined ? { text: '—', style: c.dim } : { text: `×${r.action.bonus_multiplier}` })),
          },
        ]
      : []),
  ];
  pushAll(out, layoutTable(columns, width, '  '));
  pushAll(out, wrap(`  ${t('legendAttainment')}`, width).map((l) => c.dim(l)));
  const gateLegend = heldGateLegend(ev, reps, locale);
  if (gateLegend) pushAll(out, wrap(`  ${gateLegend}`, width).map((l) => c.dim(l)));
  // what each tier gets (the rubric's actions), for the tiers on the board
  const actions = ev.tiers
    .map((x) => ({ x, a: reps.find((r) => r.decision.tier === x.id && r.action)?.action }))
    .filter((e) => e.a !== undefined && (e.a.bonus_multiplier !== undefined || e.a.training || e.a.note))
    .map(({ x, a }) => [x.label, a!.bonus_multiplier !== undefined ? `${t('bonusMultiplier')} ${a!.bonus_multiplier}` : '', a!.training ?? '', a!.note ?? ''].filter(Boolean).join(' '));
  if (actions.length > 0) pushAll(out, wrap(`  ${t('legendActions')}${sep}${actions.join(locale === 'zh-CN' ? '；' : '; ')}`, width).map((l) => c.dim(l)));
  out.push('');

  // pacing (--as-of inside the period): projected attainment per KPI, and what the heaviest KPI still
  // needs per remaining working day
  if (ev.pacing && reps.some((r) => r.kpis.some((k) => k.pacing))) {
    const p = ev.pacing;
    const left = p.totalWorkdays - p.elapsedWorkdays;
    const heavy = heaviestKpi(ev);
    out.push(c.bold(t('pacingTable').replace('{asOf}', ev.manifest.asOf ?? '')));
    const cols: Column[] = [
      { header: t('rep'), align: 'left', min: 6, cells: reps.map((r) => ({ text: r.rep })) },
      ...ev.kpis.map<Column>((k) => ({
        header: k.label,
        align: 'right',
        min: 5,
        cells: reps.map((r) => {
          const a = r.kpis.find((x) => x.kpi === k.kpi)?.pacing?.projectedAttainment ?? null;
          return a === null ? { text: '—', style: c.dim } : { text: formatPercent(a.toString(), 0), style: paint(a) };
        }),
      })),
      ...(heavy
        ? [
            {
              header: `${heavy.label} ${t('perDay')}`,
              align: 'right' as const,
              min: 8,
              cells: reps.map((r) => {
                const need = neededPerDay(r, heavy.kpi, left);
                if (need === undefined) return { text: '—', style: c.dim };
                // money to the whole unit, rounded up: what is needed, never a little less
                const shown = heavy.unit === 'money' ? need.toDecimalPlaces(0, 0 /* up */) : need;
                return need.lte(0) ? { text: t('onPace'), style: c.green } : { text: formatValue(shown, heavy.unit, ev.currency) };
              }),
            },
          ]
        : []),
      ...(p.pipeline ? [coverageColumn(p.pipeline.metricLabel, reps.map((r) => r.pipeline), { t, c })] : []),
    ];
    pushAll(out, layoutTable(cols, width, '  '));
    if (heavy) pushAll(out, wrap(`  ${t('legendPacing').replace('{kpi}', heavy.label).replace('{days}', String(left))}`, width).map((l) => c.dim(l)));
    if (p.pipeline) pushAll(out, wrap(`  ${coverageLegend(p.pipeline, t)}`, width).map((l) => c.dim(l)));
    out.push('');
  }

  // teams and regions: the manager, the level's own KPIs (the reps' KPIs when the level has none),
  // score and tier label when graded, and the members' tier counts; `(unassigned)` last (engine order).
  for (const [level, groups] of [
    ['team', ev.teams],
    ['region', ev.regions],
  ] as const) {
    if (groups.length === 0 || (level === 'region' && groups.every((g) => g.name === UNASSIGNED_GROUP))) continue;
    out.push(c.bold(t(level === 'team' ? 'teams' : 'regions')));
    pushAll(out, layoutTable(groupColumns(ev, level, groups, { t, c, locale, paint }), width, '  '));
    // a distinct count's `—` says why (no members' target for a union)
    const why = distinctLegend(ev.levels?.[level]?.kpis ?? ev.kpis, groups, locale, 'short');
    if (why) for (const l of wrap(`  ${why}`, width)) out.push(c.dim(l));
    out.push('');
  }

  // findings
  pushAll(out, renderFindingsSummary(ev.findings, { t, c, locale, width, maxCodes: options.maxFindingCodes ?? 8, inspect: options.inspectTarget === null ? undefined : (options.inspectTarget ?? ev.manifest.inputs[0]?.path) }));
  return `${out.join('\n')}\n`;
}

/** The legend of `^`: each failed gate that held a rep below the tier of their score, named once (undefined: none). */
export function heldGateLegend(ev: Evaluation, reps: readonly RepEvaluation[], locale: ReportLocale): string | undefined {
  const gates = new Map<string, string>();
  for (const r of reps) {
    const h = gateHeld(ev, r);
    if (!h) continue;
    for (const x of h.failed) {
      const unit = ev.kpis.find((k) => k.metric === x.metric)?.unit ?? 'number';
      const bound = [x.min !== undefined ? `≥ ${formatBound(x.min, unit, ev.currency)}` : '', x.max !== undefined ? `≤ ${formatBound(x.max, unit, ev.currency)}` : '']
        .filter(Boolean)
        .join(', ');
      gates.set(`${h.tier}\u0000${x.metric}`, `${tierLabelOf(ev, h.tier)} ${x.metric} ${bound}`);
    }
  }
  if (gates.size === 0) return undefined;
  return labels(locale)('legendGate').replace('{gates}', [...gates.values()].join(locale === 'zh-CN' ? '；' : '; '));
}

/**
 * The tier a rep's score reaches but a gate keeps them from: the highest tier above the qualified one
 * whose min_score the score reaches, with its failed gates; undefined when no gate held the rep down.
 */
export function gateHeld(ev: Evaluation, r: RepEvaluation): { tier: string; failed: GateResult[] } | undefined {
  const order = ev.tiers.map((x) => x.id);
  const q = order.indexOf(r.decision.qualified);
  for (const g of r.decision.gates) {
    const i = order.indexOf(g.tier);
    const min = ev.tiers[i]?.minScore;
    if (i < 0 || (q >= 0 && i >= q) || min === undefined || r.score.lt(min)) continue;
    const failed = g.results.filter((x) => !x.passed);
    if (failed.length > 0) return { tier: g.tier, failed };
  }
  return undefined;
}

/** The heaviest KPI (largest weight, first in rubric order on ties), as distance-to-next uses it. */
export function heaviestKpi(ev: Evaluation): Evaluation['kpis'][number] | undefined {
  let hi: Evaluation['kpis'][number] | undefined;
  for (const k of ev.kpis) if (!hi || k.weight > hi.weight) hi = k;
  return hi;
}

/**
 * What a rep still needs of a KPI per remaining working day to reach the full-period target:
 * (target − actual) ÷ working days left; undefined without a target, for a lower-is-better KPI, or with
 * no day left. Zero or less: on pace already.
 */
export function neededPerDay(r: RepEvaluation, kpi: string, daysLeft: number): Decimal | undefined {
  const k = r.kpis.find((x) => x.kpi === kpi);
  if (!k || k.target === null || k.actual === null || k.direction === 'lower' || daysLeft <= 0 || k.pacing === undefined) return undefined;
  const need = k.target.minus(k.actual);
  return need.lte(0) ? need : need.div(daysLeft).toDecimalPlaces(2, 0 /* up */);
}

/**
 * Open pipeline as coverage of the remaining target (the rubric's `pacing`): `1.04×`, `target met` when
 * nothing remains, `—` without a value.
 */
function coverageColumn(pipelineLabel: string, facts: readonly (PipelineCoverage | undefined)[], o: { t: ReturnType<typeof labels>; c: ChalkInstance }): Column {
  return {
    header: `${pipelineLabel} ${o.t('coverageMultiple')}`,
    align: 'right',
    min: 6,
    cells: facts.map((f) => {
      if (f === undefined || f.remaining === null || f.open === null) return { text: '—', style: o.c.dim };
      if (f.coverage === null) return { text: o.t('coverageMet'), style: o.c.green };
      return { text: formatMultiple(f.coverage.toString()) };
    }),
  };
}

/**
 * A coverage cell in words: `¥538,400 ÷ ¥518,200 = 1.04×` (with `amounts`) or `1.04×`; `target met` when
 * nothing remains; `—` without a value.
 */
export function coverageText(f: PipelineCoverage | undefined, unit: string, currency: string, t: ReturnType<typeof labels>, amounts: boolean): string {
  if (f === undefined || f.remaining === null || f.open === null) return '—';
  if (f.coverage === null) return t('coverageMet');
  const x = formatMultiple(f.coverage.toString());
  return amounts ? `${formatValue(f.open, unit, currency)} ÷ ${formatValue(f.remaining, unit, currency)} = ${x}` : x;
}

export function coverageLegend(p: NonNullable<NonNullable<Evaluation['pacing']>['pipeline']>, t: ReturnType<typeof labels>): string {
  return t('legendCoverage').split('{pipeline}').join(p.metricLabel).replace('{kpi}', p.kpiLabel);
}

/** The columns of a team or region table (see renderTerminal). */
function groupColumns(
  ev: Evaluation,
  level: 'team' | 'region',
  groups: readonly GroupEvaluation[],
  o: { t: ReturnType<typeof labels>; c: ChalkInstance; locale: ReportLocale; paint: (a: Decimal | null) => ChalkInstance },
): Column[] {
  const { t, c } = o;
  const hasLevel = groups.some((g) => g.score !== undefined);
  const kpis = ev.levels?.[level]?.kpis ?? ev.kpis;
  const tierIds = ev.tiers.map((x) => x.id);
  const dash = { text: '—', style: c.dim };
  const hasManager = groups.some((g) => g.manager !== undefined);
  return [
    {
      header: t(level),
      align: 'left',
      min: 6,
      cells: groups.map((g) => (g.name === UNASSIGNED_GROUP ? { text: t('unassigned'), style: c.yellow } : { text: g.name })),
    },
    ...(hasManager
      ? [{ header: t('manager'), align: 'left' as const, min: 4, dropOrder: 2, cells: groups.map((g) => (g.manager === undefined ? dash : { text: managerText(g) })) }]
      : []),
    { header: t('members'), align: 'right', min: 3, cells: groups.map((g) => ({ text: String(g.members.length) })) },
    ...kpis.map<Column>((k) => ({
      header: k.label,
      align: 'right',
      min: 5,
      cells: groups.map((g) => {
        const a = groupAttainment(ev, g, k);
        return a === null ? dash : { text: formatPercent(a.toString(), 0), style: o.paint(a) };
      }),
    })),
    ...(hasLevel
      ? [
          { header: t('score'), align: 'right' as const, min: 6, cells: groups.map((g) => (g.score ? { text: formatScore(g.score), style: c.bold } : dash)) },
          { header: t('tier'), align: 'left' as const, min: 3, cells: groups.map((g) => (g.tier === undefined ? dash : { text: groupTierLabel(ev, g) })) },
        ]
      : []),
    ...(groups.some((g) => g.decision)
      ? [
          {
            header: t('movement'),
            align: 'left' as const,
            min: 3,
            cells: groups.map((g) => {
              if (!g.decision) return dash;
              const m = g.decision.movement;
              return { text: movementMark(g.decision, t), style: m === 'promoted' ? c.green : m === 'demoted' ? c.red : undefined };
            }),
          },
        ]
      : []),
    ...(ev.pacing?.pipeline ? [coverageColumn(ev.pacing.pipeline.metricLabel, groups.map((g) => g.pipeline), o)] : []),
    {
      header: ev.tiers.map((x) => x.label).join('/'),
      align: 'right',
      min: 5,
      dropOrder: 1,
      cells: groups.map((g) => ({ text: tierIds.map((id) => String(g.tierCounts[id] ?? 0)).join('/') })),
    },
  ];
}

/** Wrap at spaces to `width` columns; continuation lines are indented two more than the first. */
function wrap(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text.replace(/\u00a0/g, ' ')];
  const indent = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = indent;
  for (const spaced of text.slice(indent.length).split(' ')) {
    spaced.split(/(?<=[，；])/u).forEach((word, i) => {
      const glue = i === 0 ? ' ' : '';
      const next = line.trim() ? `${line}${glue}${word}` : `${line}${word}`;
      if (displayWidth(next) > width && line.trim()) {
        lines.push(line);
        line = `${indent}  ${word}`;
      } else line = next;
    });
  }
  if (line) lines.push(line);
  return lines.map((l) => truncate(l.replace(/\u00a0/g, ' '), width));
}

function renderFindingsSummary(
  findings: readonly Diagnostic[],
  o: { t: ReturnType<typeof labels>; c: ChalkInstance; locale: ReportLocale; width: number; maxCodes: number; inspect: string | undefined },
): string[] {
  const { t, c } = o;
  const counts = countBySeverity(findings);
  const out: string[] = [];
  const head = `${t('findings')}  ${t('severityError')} ${counts.error} · ${t('severityWarning')} ${counts.warning} · ${t('severityInfo')} ${counts.info}`;
  out.push(c.bold(head));
  if (findings.length === 0) return out;
  const byCode = new Map<string, Diagnostic[]>();
  for (const d of findings) {
    const list = byCode.get(d.code);
    if (list) list.push(d);
    else byCode.set(d.code, [d]);
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const codes = [...byCode.entries()].sort(
    ([a, xs], [b, ys]) => rank[xs[0]!.severity] - rank[ys[0]!.severity] || ys.length - xs.length || (a < b ? -1 : a > b ? 1 : 0),
  );
  const codeW = Math.min(24, maxOf(codes, ([code]) => code.length, 0));
  for (const [code, ds] of codes.slice(0, o.maxCodes)) {
    const first = ds[0]!;
    const sev = first.severity === 'error' ? c.red : first.severity === 'warning' ? c.yellow : c.dim;
    const where = findingPlace(first, o.locale);
    const line = `  ${padEnd(code, codeW)}  ${padStart(`×${ds.length}`, 5)}  ${where}  ${findingMessage(first, o.locale)}`;
    out.push(sev(truncate(line, o.width)));
  }
  if (codes.length > o.maxCodes) out.push(c.dim(`  … ${codes.length - o.maxCodes} ${t('moreCodes')}`));
  if (o.inspect) out.push(c.dim(truncate(`  ${t('hintInspect')}: salesgrade inspect ${o.inspect}`, o.width)));
  return out;
}
