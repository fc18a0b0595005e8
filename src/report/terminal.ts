/**
 * The terminal report of an evaluation: header, tier distribution as bars, leaderboard with coloured
 * attainments and movement arrows, team roll-ups and a findings summary. Pure: colour and width are
 * parameters, the output is a string. Fits `width` columns (default 100), measuring CJK characters as
 * two columns.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Evaluation, GateResult, GroupEvaluation, KpiResult, Movement, PipelineCoverage, RepEvaluation, TierDecision } from '../engine/types.js';
import type { Decimal } from 'decimal.js';
import { countBySeverity, type Diagnostic } from '../shared/diagnostic.js';
import { formatMoney, formatMultiple, formatNumber, formatPercent } from '../shared/format.js';
import { maxOf, pushAll } from '../shared/iter.js';
import { headerAlerts } from './alerts.js';
import { displayWidth } from './display-width.js';
import { cleanStrings } from './safe-text.js';
import { labels, UNASSIGNED_GROUP, type ReportLocale } from './labels.js';
import { findingMessage, findingPlace } from './finding-messages.js';
import { distinctLegend, groupTierLabel, managerText } from './groups.js';

export { groupTierLabel, managerText } from './groups.js';
export { displayWidth, displayWidthReference } from './display-width.js';

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
  /** About how many characters a chunk of `renderTerminalChunks` holds; default TERMINAL_CHUNK_CHARS (tests lower it). */
  chunkChars?: number;
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

interface Cell {
  text: string;
  style?: (s: string) => string;
}

interface Column {
  header: string;
  align: 'left' | 'right';
  min: number;
  /** Below `min` only when every column is at its `min` and the table still does not fit. */
  floor?: number;
  /** Dropped (in ascending order) when the table does not fit even at minimum widths. */
  dropOrder?: number;
  /**
   * The cell of row `r`, made when asked: twice per row (once for the widths, once when its line is
   * written), so that no table keeps a cell object per rep × column (61,000 reps × 16 columns were
   * ~100 MB of cells and lines alive at once).
   */
  cell: (r: number) => Cell;
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

/** A column's cells over `items`: row `r`'s cell is `f(items[r])`, made when asked. */
function over<T>(items: readonly T[], f: (x: T) => Cell): (r: number) => Cell {
  return (r) => f(items[r]!);
}

/**
 * Lay the columns out in `width`: natural widths when they fit; else, in this order, a header with a
 * space goes on two lines, the droppable columns go (lowest `dropOrder` first), and last the widest
 * columns are cut (with `…`) down to their minimum — so data is cut only when nothing else is left.
 * The widths come from a first pass over the cells' display widths; the lines are then made one row
 * at a time as they are taken.
 */
function* layoutTable(columns: Column[], rows: number, width: number, indent: string): Generator<string> {
  const gap = 2;
  // 1st pass: each column's widest cell (at least 1), no line built. Row by row, like the lines: a
  // rep's KPI results are built when first read (engine/packed-rep.ts) and kept for a few reps, so
  // column by column built them once per KPI column — 13 times per rep at 10 KPIs, ~8 M result
  // objects of garbage at 61,000 reps (issue 10 item 16).
  const widest = columns.map(() => 1);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < columns.length; i++) {
      const d = displayWidth(columns[i]!.cell(r).text);
      if (d > widest[i]!) widest[i] = d;
    }
  }
  const cellsWidth = new Map<Column, number>(columns.map((c, i) => [c, widest[i]!]));
  let cols = columns.slice();
  const cellsW = (c: Column) => cellsWidth.get(c)!;
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
  const sep = ' '.repeat(gap);
  const heads = cols.map((c) => (split.has(c) ? (splitHeader(c.header) ?? ['', c.header]) : ['', c.header]));
  if (heads.some((h) => h[0] !== '')) yield (indent + cols.map((c, i) => fit(heads[i]![0]!, widths[i]!, c.align)).join(sep)).trimEnd();
  yield (indent + cols.map((c, i) => fit(heads[i]![1]!, widths[i]!, c.align)).join(sep)).trimEnd();
  // 2nd pass: a row's line when it is taken
  for (let r = 0; r < (cols.length > 0 ? rows : 0); r++) {
    let line = indent;
    for (let i = 0; i < cols.length; i++) {
      const cell = cols[i]!.cell(r);
      if (i > 0) line += sep;
      line += fit(cell.text, widths[i]!, cols[i]!.align, cell.style);
    }
    yield line.trimEnd();
  }
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
    // (no-break spaces: a line is never wrapped inside `no rep 1`, between a reason and its count)
    .map(([reason, n]) => `${t(`excluded.${reason}` as Parameters<typeof t>[0])} ${formatNumber(n ?? 0)}`.replace(/ /g, '\u00a0'));
  // zh-CN: the enumeration's ， (an ASCII comma reads as the thousands separator of `1,186`)
  return parts.join(locale === 'zh-CN' ? '，' : ', ');
}

/** Render the evaluation for a terminal (the chunks of `renderTerminalChunks`, joined). */
export function renderTerminal(evaluation: Evaluation, options: TerminalOptions): string {
  let text = '';
  for (const chunk of renderTerminalChunks(evaluation, options)) text += chunk;
  return text;
}

/** About how many characters a chunk of the terminal report holds (it ends at a line's end). */
export const TERMINAL_CHUNK_CHARS = 1 << 15;

/**
 * The terminal report in chunks of whole lines, each made as it is taken: a leaderboard of 61,000
 * reps is never one string, nor a row of cell texts per rep (README "Performance"). Joined, the
 * chunks are `renderTerminal`'s text.
 */
export function* renderTerminalChunks(evaluation: Evaluation, options: TerminalOptions): Generator<string> {
  const chunkChars = options.chunkChars ?? TERMINAL_CHUNK_CHARS;
  let chunk = '';
  for (const line of terminalLines(evaluation, options)) {
    chunk += `${line}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** The report's lines, made one at a time. */
function* terminalLines(evaluation: Evaluation, options: TerminalOptions): Generator<string> {
  // The rubric's words (name, KPI and tier labels) and the data's reach the terminal: no escapes.
  const ev = cleanStrings(evaluation);
  const locale = options.locale ?? ev.locale;
  const t = labels(locale);
  const width = options.width ?? 100;
  const c: ChalkInstance = new Chalk({ level: options.color ? 1 : 0 });
  const sep = locale === 'zh-CN' ? '：' : ': ';

  // header
  const title = `${ev.manifest.rubric.name} · ${t('period')} ${ev.period.label} (${ev.period.start} – ${ev.period.end})`;
  yield c.bold(truncate(title, width));
  const files = ev.manifest.inputs.map((f) => f.path).join(', ');
  yield truncate(`${t('inputs')}${sep}${files}`, width);
  const excludedTotal = Object.values(ev.rows.excluded).reduce<number>((a, b) => a + (b ?? 0), 0);
  const rowsLine =
    `${t('rowsRead')} ${formatNumber(ev.rows.read)} · ${t('rowsCounted')} ${formatNumber(ev.rows.counted)} · ` +
    `${t('rowsExcluded')} ${formatNumber(excludedTotal)}`;
  const excl = excludedSummary(ev, t, locale);
  const rowsFull = excl ? (locale === 'zh-CN' ? `${rowsLine}（${excl}）` : `${rowsLine} (${excl})`) : rowsLine;
  yield* wrap(rowsFull, width);
  for (const a of headerAlerts(ev, locale)) yield* wrap(a, width).map((l) => c.red.bold(l));
  if (ev.manifest.asOf || ev.pacing) {
    const bits: string[] = [];
    if (ev.manifest.asOf) bits.push(`${t('asOf')} ${ev.manifest.asOf}`);
    if (ev.pacing) {
      bits.push(
        `${t('pacing')} ${ev.pacing.elapsedWorkdays}/${ev.pacing.totalWorkdays} ${t('workdays')} (${formatPercent(ev.pacing.fraction.toString())})`,
      );
    }
    yield bits.join(' · ');
  }
  if (ev.manifest.calendar?.weekdayFallback.length) {
    yield* wrap(t('weekdayFallback').replace('{years}', ev.manifest.calendar.weekdayFallback.join(', ')), width).map((l) => c.yellow(l));
  }
  yield '';

  // tier distribution
  yield c.bold(t('distribution'));
  const labelW = maxOf(ev.distribution, (d) => displayWidth(d.label), 1);
  const maxCount = maxOf(ev.distribution, (d) => d.count, 1);
  const barW = Math.max(10, Math.min(40, width - labelW - 20));
  for (const d of ev.distribution) {
    const filled = Math.round((d.count / maxCount) * barW);
    const bar = c.cyan('█'.repeat(filled)) + c.dim('░'.repeat(barW - filled));
    yield `  ${padEnd(d.label, labelW)}  ${bar}  ${padStart(String(d.count), 3)}  ${padStart(formatPercent(d.share), 6)}`;
  }
  yield '';

  // leaderboard
  yield c.bold(t('leaderboard'));
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
    { header: t('rank'), align: 'right', min: 3, cell: over(reps, (r) => ({ text: String(r.rank) })) },
    { header: t('rep'), align: 'left', min: repMin, floor: 6, cell: over(reps, (r) => ({ text: r.rep })) },
    {
      header: t('team'),
      align: 'left',
      min: 6,
      dropOrder: 2,
      cell: over(reps, (r) => (r.team === UNASSIGNED_GROUP ? { text: unassigned, style: c.yellow } : { text: r.team })),
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
              cell: over(reps, (r) => ({ text: formatValue(r.kpis.find((x) => x.kpi === k.kpi)?.actual, 'money', ev.currency) })),
            },
          ]
        : []),
      { header: k.label, align: 'right', min: 5, cell: over(reps, (r) => kpiCell(r, k.kpi)) },
    ]),
    { header: t('score'), align: 'right', min: 6, cell: over(reps, (r) => ({ text: formatScore(r.score), style: c.bold })) },
    // `^`: the score reaches a higher tier whose gate failed (two reps with the same score, different tiers)
    { header: t('tier'), align: 'left', min: tierMin, floor: 4, cell: over(reps, (r) => ({ text: `${tierLabelOf(ev, r.decision.tier)}${gateHeld(ev, r) ? '^' : ''}` })) },
    {
      header: t('movement'),
      align: 'left',
      min: 3,
      cell: over(reps, (r) => {
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
            cell: over(reps, (r) => (r.action?.bonus_multiplier === undefined ? { text: '—', style: c.dim } : { text: `×${r.action.bonus_multiplier}` })),
          },
        ]
      : []),
  ];
  yield* layoutTable(columns, reps.length, width, '  ');
  yield* wrap(`  ${t('legendAttainment')}`, width).map((l) => c.dim(l));
  const gateLegend = heldGateLegend(ev, reps, locale);
  if (gateLegend) yield* wrap(`  ${gateLegend}`, width).map((l) => c.dim(l));
  // what each tier gets (the rubric's actions), for the tiers on the board
  const actions = ev.tiers
    .map((x) => ({ x, a: reps.find((r) => r.decision.tier === x.id && r.action)?.action }))
    .filter((e) => e.a !== undefined && (e.a.bonus_multiplier !== undefined || e.a.training || e.a.note))
    .map(({ x, a }) => [x.label, a!.bonus_multiplier !== undefined ? `${t('bonusMultiplier')} ${a!.bonus_multiplier}` : '', a!.training ?? '', a!.note ?? ''].filter(Boolean).join(' '));
  if (actions.length > 0) yield* wrap(`  ${t('legendActions')}${sep}${actions.join(locale === 'zh-CN' ? '；' : '; ')}`, width).map((l) => c.dim(l));
  yield '';

  // pacing (--as-of inside the period): projected attainment per KPI, and what the heaviest KPI still
  // needs per remaining working day
  if (ev.pacing && reps.some((r) => r.kpis.some((k) => k.pacing))) {
    const p = ev.pacing;
    const left = p.totalWorkdays - p.elapsedWorkdays;
    const heavy = heaviestKpi(ev);
    yield c.bold(t('pacingTable').replace('{asOf}', ev.manifest.asOf ?? ''));
    const cols: Column[] = [
      { header: t('rep'), align: 'left', min: 6, cell: over(reps, (r) => ({ text: r.rep })) },
      ...ev.kpis.map<Column>((k) => ({
        header: k.label,
        align: 'right',
        min: 5,
        cell: over(reps, (r) => {
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
              cell: over(reps, (r) => {
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
    yield* layoutTable(cols, reps.length, width, '  ');
    if (heavy) yield* wrap(`  ${t('legendPacing').replace('{kpi}', heavy.label).replace('{days}', String(left))}`, width).map((l) => c.dim(l));
    if (p.pipeline) yield* wrap(`  ${coverageLegend(p.pipeline, t)}`, width).map((l) => c.dim(l));
    yield '';
  }

  // teams and regions: the manager, the level's own KPIs (the reps' KPIs when the level has none),
  // score and tier label when graded, and the members' tier counts; `(unassigned)` last (engine order).
  for (const [level, groups] of [
    ['team', ev.teams],
    ['region', ev.regions],
  ] as const) {
    if (groups.length === 0 || (level === 'region' && groups.every((g) => g.name === UNASSIGNED_GROUP))) continue;
    yield c.bold(t(level === 'team' ? 'teams' : 'regions'));
    yield* layoutTable(groupColumns(ev, level, groups, { t, c, locale, paint }), groups.length, width, '  ');
    // a distinct count's `—` says why (no members' target for a union)
    const why = distinctLegend(ev.levels?.[level]?.kpis ?? ev.kpis, groups, locale, 'short');
    if (why) for (const l of wrap(`  ${why}`, width)) yield c.dim(l);
    yield '';
  }

  // findings
  yield* renderFindingsSummary(ev.findings, { t, c, locale, width, maxCodes: options.maxFindingCodes ?? 8, inspect: options.inspectTarget === null ? undefined : (options.inspectTarget ?? ev.manifest.inputs[0]?.path) });
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
    cell: over(facts, (f) => {
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
      cell: over(groups, (g) => (g.name === UNASSIGNED_GROUP ? { text: t('unassigned'), style: c.yellow } : { text: g.name })),
    },
    ...(hasManager
      ? [{ header: t('manager'), align: 'left' as const, min: 4, dropOrder: 2, cell: over(groups, (g) => (g.manager === undefined ? dash : { text: managerText(g) })) }]
      : []),
    { header: t('members'), align: 'right', min: 3, cell: over(groups, (g) => ({ text: String(g.members.length) })) },
    ...kpis.map<Column>((k) => ({
      header: k.label,
      align: 'right',
      min: 5,
      cell: over(groups, (g) => {
        const a = groupAttainment(ev, g, k);
        return a === null ? dash : { text: formatPercent(a.toString(), 0), style: o.paint(a) };
      }),
    })),
    ...(hasLevel
      ? [
          { header: t('score'), align: 'right' as const, min: 6, cell: over(groups, (g) => (g.score ? { text: formatScore(g.score), style: c.bold } : dash)) },
          { header: t('tier'), align: 'left' as const, min: 3, cell: over(groups, (g) => (g.tier === undefined ? dash : { text: groupTierLabel(ev, g) })) },
        ]
      : []),
    ...(groups.some((g) => g.decision)
      ? [
          {
            header: t('movement'),
            align: 'left' as const,
            min: 3,
            cell: over(groups, (g) => {
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
      cell: over(groups, (g) => ({ text: tierIds.map((id) => String(g.tierCounts[id] ?? 0)).join('/') })),
    },
  ];
}

/**
 * Wrap at spaces, and after a Chinese ， or ； (no space follows them), to `width` columns; continuation
 * lines are indented two more than the first. A no-break space (U+00A0) holds two words together and
 * is printed as a space.
 */
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
