/**
 * Evaluation → the annotated workbook managers open: Summary, Scorecard, Teams, Regions, Findings and
 * one Data sheet per input sheet. In memory only (no fs); `io/xlsx-write.ts` writes it to disk.
 * Every text cell is an inert string (see workbook-style.ts), every computed number carries a note
 * saying how it was computed.
 */
import { formulaText, groupReason, kpiExplanation, repReason, targetSourceText } from './evaluation-text.js';
import type { Decimal } from 'decimal.js';
import type {
  Evaluation,
  ExclusionReason,
  GroupEvaluation,
  KpiResult,
  PipelineCoverage,
  RepEvaluation,
  RowAnnotation,
  SourceRef,
} from '../engine/types.js';
import { compareDiagnostics, type Diagnostic } from '../shared/diagnostic.js';
import { formatMoney, formatNumber, formatPercent } from '../shared/format.js';
import { maxOf } from '../shared/iter.js';
import { groupName, type LabelKey, type ReportLocale } from './labels.js';
import { distinctWithoutAttainment, groupTierLabel } from './groups.js';
import { coverageLegend, formatApprox as approx, formatBound, groupAttainment, heaviestKpi, neededPerDay } from './terminal.js';
import { findingMessage, findingPlace } from './finding-messages.js';
import { quoteSheetRef, safeSheetName } from './safe-text.js';
import { headerAlerts } from './alerts.js';
import { wbLabels, type AnyLabelKey } from './workbook-labels.js';
import { DenseRow, type CellStyle, type CellValue, type RowModel, type SheetModel, type SheetXmlPiece, type SourceValue, type StyleTableState, type WorkbookModel } from '../shared/sheet-model.js';
import {
  COLORS,
  HEADER_STYLE,
  alignRight,
  SheetBuilder,
  noteText,
  style,
  type Cell,
  MULTIPLE_FORMAT,
  PERCENT_FORMAT,
  POINTS_FORMAT,
  WidthTracker,
  argb,
  cellText,
  setRaw,
  fixedFormat,
  setNote,
  setNumber,
  setText,
  styleHeader,
  wrappedHeight,
  tierColor,
  tint,
  unitFormat,
} from './workbook-style.js';

/** One source row as read, with what happened to it. */
export interface DataRowInput {
  source: SourceRef;
  /** The cells as read: numbers with their source number format, dates as dates (see SourceValue). */
  raw: SourceValue[];
  annotation: RowAnnotation;
}

/**
 * The source rows of one input sheet, as read, with what happened to each. `rows` is an array, or —
 * for a big input — a (async) generator that reads them again from the file: the workbook is then
 * written as they come, without holding them. A generator must give the rows in ascending source
 * row order, and say up front how many (`count`), how wide (`width`), from where (`source`) and the
 * header row: the Summary and the Findings links are written before the data sheet.
 */
export interface DataSheetInput {
  /** The input sheet's name (or the CSV file's name); the workbook sheet is named after it. */
  name: string;
  headers: string[];
  rows: DataRowInput[] | Iterable<DataRowInput> | AsyncIterable<DataRowInput>;
  /** Rows that `rows` gives (default: the array's length). */
  count?: number;
  /** Widest row's cell count (default: the widest array row, or the header). */
  width?: number;
  /** The file (and sheet) the rows come from (default: the first row's source). */
  source?: { file: string; sheet?: string };
  /**
   * Rows left out because the input is over the row limit. With no `rows`, the sheet is not written
   * and Summary says so; with some rows, Summary says how many more were not shown.
   */
  omitted?: number;
  /** 1-based header row in the source; default: the row above the first data row. */
  headerRow?: number;
  /**
   * The same rows as `rows`, a batch at a time (read instead of `rows` when given: one async step per
   * batch); the two share one pass over the file.
   */
  batches?: AsyncIterable<readonly DataRowInput[]>;
  /**
   * The sheet written elsewhere (a worker thread: cli/pipeline/raw-rows.ts), from `spec`, by
   * `dataSheetModel` and the writer's `sheetXmlPieces`: used instead of `rows` for a sheet of rows
   * read again (not an array), unless the rows are built by the reference (`referenceRows`).
   */
  elsewhere?: (spec: DataSheetSpec) => AsyncIterable<SheetXmlPiece>;
}

/** What a data sheet is written from elsewhere (`DataSheetInput.elsewhere`), besides its rows: data that crosses a thread. */
export interface DataSheetSpec {
  locale: ReportLocale;
  /** The input as `DataSheetInput` gives it, without its rows. */
  input: Omit<DataSheetInput, 'rows' | 'batches' | 'elsewhere'>;
  /** Its sheet: name, header row, source columns shown, and the findings' notes by A1 address. */
  sheet: { sheetName: string; headerRow: number; width: number; notes: [string, { lines: string[]; fill?: string }][] };
  /** The writer's style table as the sheet starts, and the sheet's number. */
  styles: StyleTableState;
  sheetNo: number;
}

export interface WorkbookOptions {
  locale: ReportLocale;
  dataSheets?: DataSheetInput[];
  /**
   * Data sheet rows built cell object by cell object with `setRaw`/`setText` (the reference of the
   * `DenseRow`s they are built as; test/unit/report/workbook-dense-rows.test.ts ties them).
   */
  referenceRows?: boolean;
}

type T = ReturnType<typeof wbLabels>;

interface Ctx {
  ev: Evaluation;
  t: T;
  locale: ReportLocale;
  tierLabel: (id: string | undefined) => string;
  tierIndex: Map<string, number>;
  money: (v: Decimal | null | undefined) => string;
  unitText: (unit: string, v: Decimal | null | undefined) => string;
}

interface DataSheetRef {
  sheetName: string;
  /** Source row → sheet row; `undefined`: every row at its own number. */
  rowMap: Map<number, number> | undefined;
  /** With no `rowMap`: the rows there are (an array's); none: any row after the header (a generator's). */
  present?: Set<number>;
  headerRow: number;
  /** A1 address → the findings' lines and the most severe finding's fill (none for info). */
  notes: Map<string, { lines: string[]; fill?: string }>;
  /** Source columns shown (at most 16,381: a sheet ends at column XFD and 3 columns are ours). */
  width: number;
}

const MAX_ROWS = 1_048_576;
/** Column widths of a long sheet (data, Scorecard) are measured on its header and this many first rows. */
const WIDTH_SAMPLE = 1_000;
/** A data sheet at most this wide (character units) is fit to one page wide; a wider one is not. */
const FIT_DATA_WIDTH = 200;

/** A row's cells as the cell helpers want them. */
function rowBuilder(cells: Cell[]): { cell: (col: number) => Cell } {
  return { cell: (col) => (cells[col - 1] ??= {}) };
}
const MAX_COLS = 16_384;
/** Source columns a data sheet can show: the last three columns carry the row's annotations. */
const MAX_DATA_COLS = MAX_COLS - 3;

/** Columns of source data in `ds` (header or widest row), before any cut. */
function sourceWidth(ds: DataSheetInput): number {
  if (ds.width !== undefined) return Math.max(ds.width, ds.headers.length);
  return Array.isArray(ds.rows) ? maxOf(ds.rows as DataRowInput[], (r) => r.raw.length, ds.headers.length) : ds.headers.length;
}

/** Rows the data sheet input gives. */
function rowCount(ds: DataSheetInput): number {
  return Array.isArray(ds.rows) ? ds.rows.length : (ds.count ?? 0);
}

function tierFill(ctx: Ctx, id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const i = ctx.tierIndex.get(id);
  if (i === undefined) return undefined;
  return tint(tierColor(ctx.ev.tiers[i]!.color, i), 0.3);
}

function tierFontColor(ctx: Ctx, id: string): string {
  const i = ctx.tierIndex.get(id) ?? 0;
  return argb(tierColor(ctx.ev.tiers[i]?.color, i));
}

function hasFraction(values: (Decimal | null | undefined)[]): boolean {
  return values.some((v) => v !== null && v !== undefined && !v.isInteger());
}

function refText(ref: SourceRef): string {
  return ref.sheet !== undefined ? `${ref.sheet}!${ref.row}` : `${ref.file}:${ref.row}`;
}

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function colLetter(n: number): string {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

// ---------------------------------------------------------------------------------------------- Summary

function writeSummary(ws: SheetBuilder, ctx: Ctx, dataSheets: DataSheetInput[]): void {
  const { ev, t } = ctx;
  const m = ev.manifest;
  Object.assign(ws.widths, { 1: 24, 2: 22, 3: 12, 4: 12, 5: 24 });
  ws.print = { fitToWidth: true };
  // tier-count columns of the roll-ups beyond the first five (one more with a manager column)
  for (let c = 6; c <= 5 + ev.tiers.length; c++) ws.widths[c] = 14;
  let r = 1;
  const title = ws.cell(r, 1);
  setText(title, `${t('title')} · ${m.rubric.name}`);
  style(title, { font: { bold: true, size: 14, color: COLORS.titleFont } });
  r += 2;

  const section = (key: AnyLabelKey, width = 5) => {
    const row = ws.row(r);
    setText(row.cell(1), t(key));
    styleHeader(row, 1, width);
    r++;
  };
  const pair = (key: AnyLabelKey | string, value: string | number | undefined, literalKey = false) => {
    if (value === undefined) return;
    setText(ws.cell(r, 1), literalKey ? key : t(key as AnyLabelKey));
    const cell = ws.cell(r, 2);
    if (typeof value === 'number') setNumber(cell, value, '#,##0');
    else setText(cell, value);
    style(cell, { alignment: { horizontal: 'left' } });
    r++;
  };

  section('manifest');
  pair('rubric', m.rubric.name);
  pair('rubricFile', m.rubric.path);
  pair('rubricSha', m.rubric.sha256);
  pair('period', t('periodRange', { label: ev.period.label, start: ev.period.start, end: ev.period.end }));
  pair('asOf', m.asOf);
  if (m.fx !== undefined) pair(t('fxRates', { currency: ev.currency }), Object.entries(m.fx).map(([k, v]) => `${k} ${v}`).join(' · '), true);
  if (ev.pacing) {
    pair(
      'pacing',
      t('pacingValue', {
        elapsed: ev.pacing.elapsedWorkdays,
        total: ev.pacing.totalWorkdays,
        share: formatPercent(ev.pacing.fraction.toString()),
      }),
    );
  }
  pair('version', m.salesgradeVersion);
  pair('rowsRead', ev.rows.read);
  pair('rowsCounted', ev.rows.counted);
  const excludedTotal = Object.values(ev.rows.excluded).reduce((a, b) => a + (b ?? 0), 0);
  pair('rowsExcluded', excludedTotal);
  for (const [reason, n] of Object.entries(ev.rows.excluded).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!n) continue;
    pair(t('excludedOf', { reason: t(`excluded.${reason as ExclusionReason}` as LabelKey) }), n, true);
  }
  for (const a of headerAlerts(ev, ctx.locale)) {
    const cell = ws.cell(r, 1);
    setText(cell, a);
    style(cell, { font: { bold: true, color: 'FFC00000' } });
    r++;
  }
  r++;

  // Input files: file, rows, sha256 (last, so the long hash can run over empty cells).
  const files = ws.row(r);
  for (const [i, key] of (['inputs', 'rows', 'sha256'] as const).entries()) setText(files.cell(i + 1 + (i > 0 ? 1 : 0)), t(key));
  styleHeader(files, 1, 5);
  alignRight(files.cell(3));
  r++;
  const fileRow = (path: string, rows: number, sha: string, role?: string) => {
    setText(ws.cell(r, 1), role ? `${path} (${role})` : path);
    setNumber(ws.cell(r, 3), rows, '#,##0');
    setText(ws.cell(r, 4), sha);
    r++;
  };
  for (const f of m.inputs) fileRow(f.path, f.rows, f.sha256);
  if (m.roster) fileRow(m.roster.path, m.roster.rows, m.roster.sha256, t('roster'));
  // Every other file that decided the result (what the rubric extends, targets, calendar, history).
  for (const f of m.files ?? []) {
    if (f.role === 'rubric' || f.role === 'roster') continue;
    setText(ws.cell(r, 1), `${f.path} (${t(`fileRole.${f.role}`)})`);
    setText(ws.cell(r, 4), f.sha256);
    r++;
  }
  for (const ds of dataSheets) {
    const width = rowCount(ds) > 0 ? sourceWidth(ds) : 0;
    if (width > MAX_DATA_COLS) {
      const cell = ws.cell(r, 1);
      setText(cell, t('dataColumnsCut', { name: ds.name, last: colLetter(MAX_DATA_COLS), count: formatNumber(width - MAX_DATA_COLS) }));
      style(cell, { font: { italic: true, color: 'FFB45F06' } });
      r++;
    }
    if (!ds.omitted) continue;
    const key = rowCount(ds) === 0 ? 'dataOmitted' : 'dataTruncated';
    const cell = ws.cell(r, 1);
    setText(cell, t(key, { name: ds.name, count: formatNumber(ds.omitted) }));
    style(cell, { font: { italic: true, color: 'FFB45F06' } });
    r++;
  }
  r++;

  // Tier distribution with an in-cell bar.
  const dist = ws.row(r);
  for (const [i, key] of (['tier', 'count', 'share', 'bar'] as const).entries()) setText(dist.cell(i + 1 + (i > 0 ? 1 : 0)), t(key));
  styleHeader(dist, 1, 5);
  alignRight(dist.cell(3));
  alignRight(dist.cell(4));
  r++;
  for (const d of ev.distribution) {
    const name = ws.cell(r, 1);
    setText(name, d.label);
    const fill = tierFill(ctx, d.tier);
    if (fill) style(name, { fill });
    setNumber(ws.cell(r, 3), d.count, '#,##0');
    setNumber(ws.cell(r, 4), d.share, PERCENT_FORMAT);
    const bar = ws.cell(r, 5);
    setText(bar, '█'.repeat(Math.round(d.share * 20)) || '▏');
    style(bar, { font: { color: tierFontColor(ctx, d.tier) } });
    r++;
  }
  r++;

  // Roll-ups: teams, regions, company.
  const groups: [LabelKey, GroupEvaluation[]][] = [
    ['team', ev.teams],
    ['region', ev.regions],
  ];
  for (const [key, list] of groups) {
    if (list.length === 0) continue;
    r = writeRollup(ws, ctx, r, t(key), list);
    r++;
  }
  writeRollup(ws, ctx, r, t('company'), [ev.company]);
}

function writeRollup(ws: SheetBuilder, ctx: Ctx, r: number, title: string, groups: GroupEvaluation[]): number {
  const { ev, t } = ctx;
  // The manager (roster `manager` / `region_manager`, as the Teams sheet shows it) beside the name
  // when any group has one; score and tier columns only where the rubric grades this level (`levels`).
  const withManager = groups.some((g) => g.manager !== undefined);
  const m = withManager ? 1 : 0;
  const graded = groups.some((g) => g.score !== undefined || g.tier !== undefined);
  const first = (graded ? 5 : 3) + m;
  const head = ws.row(r);
  setText(head.cell(1), title);
  if (withManager) setText(head.cell(2), t('manager'));
  setText(head.cell(2 + m), t('members'));
  if (graded) {
    setText(head.cell(3 + m), t('score'));
    setText(head.cell(4 + m), t('tier'));
  }
  ev.tiers.forEach((tier, i) => setText(head.cell(first + i), tier.label));
  styleHeader(head, 1, Math.max(5, first - 1 + ev.tiers.length));
  // the numbers' headers sit right, over them (the manager and tier columns are text)
  for (let c = 2 + m; c < first + ev.tiers.length; c++) if (!(graded && c === 4 + m)) alignRight(head.cell(c));
  r++;
  for (const g of groups) {
    setText(ws.cell(r, 1), groupName(ctx.locale, g.name));
    // every manager the members name, most members first (a dash when none does)
    if (withManager) setText(ws.cell(r, 2), g.managers?.join(', ') || g.manager || '—');
    setNumber(ws.cell(r, 2 + m), g.members.length, '#,##0');
    if (graded && g.score) {
      setNumber(ws.cell(r, 3 + m), g.score, POINTS_FORMAT);
      // (each explanation names its KPI: `赢单金额 ¥7,124,200 ÷ 目标 … = 103.89 分`)
      if (g.kpis) setNote(ws.cell(r, 3 + m), g.kpis.map((k) => kpiExplanation(k, ev.currency, ctx.locale)));
    }
    if (graded && g.tier !== undefined) setText(ws.cell(r, 4 + m), groupTierLabel(ev, g));
    if (graded && g.score === undefined && g.tier === undefined) {
      // not graded (`(unassigned)` is no team): a dash, not an empty cell that reads as missing data
      setText(ws.cell(r, 3 + m), '—');
      setText(ws.cell(r, 4 + m), '—');
    }
    ev.tiers.forEach((tier, i) => setNumber(ws.cell(r, first + i), g.tierCounts[tier.id] ?? 0, '#,##0'));
    r++;
  }
  return r;
}

// -------------------------------------------------------------------------------------------- Scorecard

function kpiNotes(ctx: Ctx, rep: RepEvaluation, k: KpiResult) {
  const { t } = ctx;
  const unit = ctx.ev.kpis.find((x) => x.kpi === k.kpi)?.unit ?? 'number';
  const trace = rep.metrics[k.metric];
  const actual = trace
    ? [
        `${k.label}: ${k.actual === null ? t('noValue') : ctx.unitText(unit, k.actual)}`,
        t('noteActual', { formula: formulaText(trace, ctx.ev.currency, ctx.locale), rows: formatNumber(trace.rows) }),
        trace.sample.length ? t('noteSample', { refs: trace.sample.map(refText).join(', ') }) : undefined,
      ]
    : [`${k.label}: ${k.actual === null ? t('noValue') : ctx.unitText(unit, k.actual)}`];
  const target = [t('noteTarget', { target: k.target === null ? t('noValue') : ctx.unitText(unit, k.target), source: targetSourceText(k, ctx.locale) })];
  const explanation = kpiExplanation(k, ctx.ev.currency, ctx.locale);
  const points = [
    t('notePoints', { weight: k.weight, explanation }),
    k.excluded ? t('noteExcludedKpi') : undefined,
  ];
  return { actual, target, attainment: [explanation], points };
}


function scoreNote(ctx: Ctx, rep: RepEvaluation, dp: number): string {
  const { t } = ctx;
  const counted = rep.kpis.filter((k) => !k.excluded);
  const raw = approx(rep.rawScore);
  const score = rep.score.toFixed(dp);
  if (counted.length !== rep.kpis.length) {
    const sum = counted.reduce((a, k) => a.plus(k.points), rep.rawScore.minus(rep.rawScore));
    const weights = counted.reduce((a, k) => a + k.weight, 0);
    return t('noteScoreExclude', { sum: approx(sum), weights, raw, score });
  }
  return t('noteScore', { terms: rep.kpis.map((k) => `${k.label} ${approx(k.points)}`).join(' + '), raw, score });
}

function gateLines(ctx: Ctx, rep: RepEvaluation): string[] {
  const { t } = ctx;
  const lines: string[] = [];
  for (const g of rep.decision.gates) {
    for (const res of g.results) {
      const limits: [string, number | undefined][] = [
        ['≥', res.min],
        ['≤', res.max],
      ];
      // in the metric's own unit, rounded for display (`win_rate ≥ 30.0%: 42.9%`, not 0.4285714…)
      const unit = ctx.ev.kpis.find((k) => k.metric === res.metric)?.unit ?? rep.metrics[res.metric]?.formulaFacts.unit ?? 'number';
      for (const [op, limit] of limits) {
        if (limit === undefined) continue;
        lines.push(
          t('noteGate', {
            tier: ctx.tierLabel(g.tier),
            metric: res.metric,
            op,
            limit: formatBound(limit, unit, ctx.ev.currency),
            actual: res.actual === null ? t('noValue') : ctx.unitText(unit, res.actual),
            result: res.passed ? t('passed') : t('failed'),
          }),
        );
      }
    }
  }
  return lines;
}

/**
 * The Scorecard: header and settings built here, the rep rows generated on demand (a function the
 * writer calls again for the notes), so the workbook holds no cell of it — one row per rep, at any
 * number of reps a sheet holds.
 */
function scorecardSheet(ctx: Ctx, name: string): SheetModel {
  const ws = new SheetBuilder();
  const { ev, t } = ctx;
  const reps = [...ev.reps].sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));
  const widths = new WidthTracker();
  const head1 = ws.row(1);
  const head2 = ws.row(2);
  const fixed: AnyLabelKey[] = ['rep', 'team', 'region'];
  fixed.forEach((key, i) => {
    setText(head2.cell(i + 1), t(key));
    widths.see(i + 1, t(key));
  });
  let col = fixed.length + 1;
  const kpiCols: { kpi: string; unit: string; first: number; moneyFmt: string }[] = [];
  for (const k of ev.kpis) {
    const first = col;
    const group = head1.cell(first);
    setText(group, `${k.label} (${k.weight}%)`);
    ws.merge(1, first, 1, first + 3);
    style(group, { alignment: { horizontal: 'center' } });
    (['actual', 'target', 'attainment', 'points'] as const).forEach((key, i) => {
      setText(head2.cell(first + i), t(key));
      widths.see(first + i, t(key));
    });
    kpiCols.push({ kpi: k.kpi, unit: k.unit, first, moneyFmt: '' });
    col += 4;
  }
  // A KPI's actual and target columns show decimals when any rep's value has a fraction. One pass over
  // the reps: a rep's KPI results are built when read (engine/packed-rep.ts), a pass per KPI built them
  // once per KPI (issue 10 item 16).
  const fraction = new Map<string, boolean>(ev.kpis.map((k) => [k.kpi, false]));
  for (const r of ev.reps) {
    for (const kr of r.kpis) {
      if (fraction.get(kr.kpi) === false && hasFraction([kr.actual, kr.target])) fraction.set(kr.kpi, true);
    }
  }
  for (const kc of kpiCols) kc.moneyFmt = unitFormat(kc.unit, ev.currency, fraction.get(kc.kpi) === true);
  const c = {
    score: col,
    rank: col + 1,
    tier: col + 2,
    qualified: col + 3,
    previous: col + 4,
    movement: col + 5,
    distance: col + 6,
    training: col + 7,
    bonus: col + 8,
  };
  const last = c.bonus;
  const tail: [number, AnyLabelKey][] = [
    [c.score, 'score'],
    [c.rank, 'rank'],
    [c.tier, 'tier'],
    [c.qualified, 'qualifiedTier'],
    [c.previous, 'previousTier'],
    [c.movement, 'movement'],
    [c.distance, 'distanceToNext'],
    [c.training, 'training'],
    [c.bonus, 'bonusMultiplier'],
  ];
  for (const [i, key] of tail) {
    setText(head2.cell(i), t(key));
    widths.see(i, t(key));
  }
  styleHeader(head1, 1, last);
  styleHeader(head2, 1, last);
  style(head1.cell(1), { border: {} });

  const maxDp = ev.reps.reduce((d, r) => Math.max(d, r.score.decimalPlaces()), 0);
  const scoreDp = maxDp === 0 ? 0 : Math.max(2, maxDp);
  const scoreFmt = fixedFormat(scoreDp);
  const arrows: Record<string, string> = { promoted: '↑', demoted: '↓', held: '=', unchanged: '=', new: '•' };
  // Styles shared by the rows (the writer finds a style it has seen by identity: see numFmtStyle).
  const GREY_ITALIC: CellStyle = { font: { italic: true, color: COLORS.greyFont } };
  const PROMOTED: CellStyle = { font: { color: 'FF2E7D32', bold: true } };
  const DEMOTED: CellStyle = { font: { color: 'FFC62828', bold: true } };
  const tierStyles = new Map<string | undefined, CellStyle>();
  const tierStyle = (fill: string | undefined): CellStyle => {
    let s = tierStyles.get(fill);
    if (!s) tierStyles.set(fill, (s = fill ? { fill, font: { bold: true } } : { font: { bold: true } }));
    return s;
  };

  // One rep's row; `widths` measures it (the first 1,000 reps are measured, before any row is written).
  const fillRep = (row: { cell: (col: number) => Cell }, rep: RepEvaluation, widths: WidthTracker): void => {
    const repCell = row.cell(1);
    setText(repCell, rep.rep);
    setNote(repCell, [rep.manager ? `${t('manager')}: ${rep.manager}` : undefined, rep.inRoster ? undefined : t('notInRoster')]);
    setText(row.cell(2), groupName(ctx.locale, rep.team));
    setText(row.cell(3), groupName(ctx.locale, rep.region));
    widths.see(1, rep.rep);
    widths.see(2, groupName(ctx.locale, rep.team));
    widths.see(3, groupName(ctx.locale, rep.region));
    for (const kc of kpiCols) {
      const k = rep.kpis.find((x) => x.kpi === kc.kpi);
      if (!k) continue;
      const notes = kpiNotes(ctx, rep, k);
      const cells = [row.cell(kc.first), row.cell(kc.first + 1), row.cell(kc.first + 2), row.cell(kc.first + 3)] as const;
      if (k.actual === null) {
        setText(cells[0], t('noValue'));
        style(cells[0], GREY_ITALIC);
      } else setNumber(cells[0], k.actual, kc.moneyFmt);
      setNumber(cells[1], k.target, kc.moneyFmt);
      setNumber(cells[2], k.attainment, PERCENT_FORMAT);
      setNumber(cells[3], k.points, POINTS_FORMAT);
      setNote(cells[0], notes.actual);
      setNote(cells[1], notes.target);
      setNote(cells[2], notes.attainment);
      setNote(cells[3], notes.points);
      if (k.excluded) style(cells[3], GREY_ITALIC);
      widths.see(kc.first, ctx.unitText(kc.unit, k.actual));
      widths.see(kc.first + 1, ctx.unitText(kc.unit, k.target));
    }
    const score = row.cell(c.score);
    setNumber(score, rep.score, scoreFmt);
    setNote(score, [scoreNote(ctx, rep, scoreDp)]);
    const rank = row.cell(c.rank);
    setNumber(rank, rep.rank, '0');
    setNote(rank, [t('noteRank', { rank: rep.rank, count: ev.reps.length })]);

    const d = rep.decision;
    const tier = row.cell(c.tier);
    setText(tier, ctx.tierLabel(d.tier));
    tier.s = tierStyle(tierFill(ctx, d.tier));
    setNote(tier, [repReason(ev, d.reasonFacts, ctx.locale), t('noteQualified', { tier: ctx.tierLabel(d.qualified) }), ...gateLines(ctx, rep)]);
    const qualified = row.cell(c.qualified);
    setText(qualified, ctx.tierLabel(d.qualified));
    setNote(qualified, gateLines(ctx, rep));
    setText(row.cell(c.previous), d.current === undefined ? t('noPrevious') : ctx.tierLabel(d.current));
    const movement = row.cell(c.movement);
    setText(movement, `${arrows[d.movement] ?? ''} ${t(`movement.${d.movement}` as LabelKey)}`.trim());
    if (d.movement === 'promoted') style(movement, PROMOTED);
    if (d.movement === 'demoted') style(movement, DEMOTED);
    setNote(movement, [t('noteRuns', { promote: d.promoteRun, demote: d.demoteRun }), d.inGrace ? t('noteGrace') : undefined]);
    const distance = row.cell(c.distance);
    if (rep.distanceToNext) {
      const dn = rep.distanceToNext;
      setNumber(distance, dn.points, scoreFmt);
      const kpi = dn.kpi ? ev.kpis.find((x) => x.kpi === dn.kpi!.kpi) : undefined;
      setNote(distance, [
        t('noteDistance', { points: dn.points.toString(), tier: ctx.tierLabel(dn.tier) }),
        dn.kpi ? t('noteDistanceKpi', { amount: ctx.unitText(kpi?.unit ?? 'number', dn.kpi.amount), kpi: kpi?.label ?? dn.kpi.kpi }) : undefined,
      ]);
    } else {
      setText(distance, t('noPrevious'));
      setNote(distance, [t('noteTopTier')]);
    }
    if (rep.action?.training !== undefined) setText(row.cell(c.training), rep.action.training);
    if (rep.action?.bonus_multiplier !== undefined) {
      const bonus = row.cell(c.bonus);
      setNumber(bonus, rep.action.bonus_multiplier, '0.0#"×"');
      setNote(bonus, [rep.action.note]);
    }
    widths.see(c.tier, ctx.tierLabel(d.tier));
    widths.see(c.qualified, ctx.tierLabel(d.qualified));
    widths.see(c.movement, t(`movement.${d.movement}` as LabelKey) + '  ');
    widths.see(c.training, rep.action?.training);
  };
  // The first rows are built once here, measured, and kept for the writer (at most 1,000).
  const firstRows: Cell[][] = [];
  for (let i = 0; i < reps.length && i < WIDTH_SAMPLE; i++) {
    const cells: Cell[] = [];
    fillRep(rowBuilder(cells), reps[i]!, widths);
    firstRows.push(cells);
  }

  const lastRow = Math.max(3, 2 + reps.length);
  widths.apply(ws.widths, 8, 28, { [c.training]: 44 });
  ws.widths[1] = Math.max(ws.widths[1] ?? 10, 10);
  ws.frozen = { rows: 2, cols: 1 };
  ws.filter(2, 1, lastRow, last);
  ws.print = { landscape: true, fitToWidth: true, printTitleRows: '1:2' };

  if (reps.length > 0) {
    for (const kc of kpiCols) {
      addAttainmentScale(ws, colLetter(kc.first + 2), lastRow);
    }
    const sc = colLetter(c.score);
    ws.conditional.push({ ref: `${sc}3:${sc}${lastRow}`, rule: { type: 'dataBar', min: 0, color: COLORS.dataBar } });
  }
  const head = ws.rows();
  const noWidths = new WidthTracker();
  return ws.model(name, function* scorecardRows(): Generator<RowModel> {
    yield* head;
    for (let i = 0; i < reps.length; i++) {
      let cells = firstRows[i];
      if (!cells) fillRep(rowBuilder((cells = [])), reps[i]!, noWidths);
      yield { r: 3 + i, cells };
    }
  });
}

// ---------------------------------------------------------------------------------------- Teams/Regions

function writeGroups(ws: SheetBuilder, ctx: Ctx, groups: GroupEvaluation[], level: 'team' | 'region'): void {
  const { ev, t } = ctx;
  const widths = new WidthTracker();
  const head1 = ws.row(1);
  const head2 = ws.row(2);
  const withRegion = level === 'team' && ev.regions.length > 0;
  const withManager = groups.some((g) => g.manager !== undefined);
  const fixed: AnyLabelKey[] = [level, ...(withRegion ? ['region' as const] : []), ...(withManager ? ['manager' as const] : []), 'members'];
  fixed.forEach((key, i) => {
    setText(head2.cell(i + 1), t(key));
    widths.see(i + 1, t(key));
  });
  let col = fixed.length + 1;
  const levelKpis = groups.find((g) => g.kpis)?.kpis;
  const columns: { kpi: string; metric: string; label: string; unit: string; first: number; width: number; fmt: string; distinct?: true }[] = [];
  const unitOf = (metric: string) => ev.kpis.find((k) => k.metric === metric)?.unit ?? 'number';
  const levelInfo = ev.levels?.[level]?.kpis;
  const source = levelKpis
    ? levelKpis.map((k) => ({ kpi: k.kpi, metric: k.metric, label: k.label, weight: k.weight, ...(levelInfo?.find((x) => x.kpi === k.kpi)?.distinct ? { distinct: true as const } : {}) }))
    : ev.kpis.map((k) => ({ kpi: k.kpi, metric: k.metric, label: k.label, weight: k.weight, ...(k.distinct ? { distinct: true as const } : {}) }));
  for (const k of source) {
    // graded level: actual, target, attainment, points; otherwise actual, target and the roll-up's attainment
    const width = levelKpis ? 4 : 3;
    const group = head1.cell(col);
    setText(group, levelKpis ? `${k.label} (${k.weight}%)` : k.label);
    ws.merge(1, col, 1, col + width - 1);
    style(group, { alignment: { horizontal: 'center' } });
    (['actual', 'target', 'attainment', 'points'] as const).slice(0, width).forEach((key, i) => {
      setText(head2.cell(col + i), t(key));
      widths.see(col + i, t(key));
    });
    const unit = unitOf(k.metric);
    const values = groups.flatMap((g) => [g.metrics[k.metric], g.targets[k.kpi] ?? g.targets[k.metric]]);
    columns.push({ ...k, unit, first: col, width, fmt: unitFormat(unit, ev.currency, hasFraction(values)) });
    col += width;
  }
  const scoreCol = levelKpis ? col : 0;
  if (levelKpis) {
    setText(head2.cell(col), t('score'));
    setText(head2.cell(col + 1), t('tier'));
    col += 2;
  }
  const countFirst = col;
  ev.tiers.forEach((tier, i) => {
    setText(head2.cell(col + i), tier.label);
    widths.see(col + i, tier.label);
  });
  if (ev.tiers.length > 0) {
    setText(head1.cell(countFirst), t('tierCounts'));
    if (ev.tiers.length > 1) ws.merge(1, countFirst, 1, countFirst + ev.tiers.length - 1);
    style(head1.cell(countFirst), { alignment: { horizontal: 'center' } });
  }
  const last = countFirst + ev.tiers.length - 1;
  styleHeader(head1, 1, last);
  styleHeader(head2, 1, last);
  // numbers sit right in their cells: so do their headers (members, KPI columns, score, tier counts)
  for (let c = fixed.length; c <= last; c++) if (c !== scoreCol + 1 || !levelKpis) alignRight(head2.cell(c));

  const regionOf = new Map(ev.reps.map((r) => [r.rep, r.region]));
  // The KPIs where lower is better (a cost), found once: asked per group × KPI, the scan over every
  // rep's KPIs was groups × KPIs × reps × KPIs (300 teams of 61,000 reps: 1.8 billion steps, 12 minutes).
  const lowerKpis = new Set<string>();
  for (const r of ev.reps) for (const x of r.kpis) if (x.direction === 'lower') lowerKpis.add(x.kpi);
  groups.forEach((g, i) => {
    const row = ws.row(3 + i);
    setText(row.cell(1), groupName(ctx.locale, g.name));
    widths.see(1, groupName(ctx.locale, g.name));
    let cc = 2;
    if (withRegion) {
      const region = groupName(ctx.locale, g.members.map((m) => regionOf.get(m)).find((x) => x !== undefined) ?? '');
      setText(row.cell(2), region);
      widths.see(2, region);
      cc = 3;
    }
    if (withManager) {
      // Every manager the members name, most members first.
      const names = g.managers?.join(', ') ?? '';
      setText(row.cell(cc), names || '—');
      widths.see(cc, names);
      cc++;
    }
    setNumber(row.cell(cc), g.members.length, '#,##0');
    for (const colInfo of columns) {
      const kr = g.kpis?.find((k) => k.kpi === colInfo.kpi);
      const actual = kr ? kr.actual : (g.metrics[colInfo.metric] ?? null);
      const target = kr ? kr.target : (g.targets[colInfo.kpi] ?? g.targets[colInfo.metric] ?? null);
      const aCell = row.cell(colInfo.first);
      setNumber(aCell, actual, colInfo.fmt);
      setNote(aCell, [t('noteGroupMetric', { metric: colInfo.label, members: g.members.length })]);
      const tCell = row.cell(colInfo.first + 1);
      setNumber(tCell, target, colInfo.fmt);
      if (!kr && !levelKpis) {
        // not graded at this level: the roll-up's attainment, summed actual against summed target
        const kpi = ev.kpis.find((x) => x.kpi === colInfo.kpi);
        const a = kpi ? groupAttainment(ev, g, kpi) : null;
        const att = row.cell(colInfo.first + 2);
        setNumber(att, a, PERCENT_FORMAT);
        if (a !== null && actual !== null && target !== null) {
          // lower is better (a cost): target ÷ actual, as groupAttainment computes it
          const lower = lowerKpis.has(colInfo.kpi);
          const [num, den] = lower ? [target, actual] : [actual, target];
          setNote(att, [t('noteGroupAttainment', { actual: ctx.unitText(colInfo.unit, num), target: ctx.unitText(colInfo.unit, den), attainment: formatPercent(a.toString()) })]);
        }
      }
      if (kr) {
        setNote(tCell, [t('noteTarget', { target: kr.target === null ? t('noValue') : ctx.unitText(colInfo.unit, kr.target), source: targetSourceText(kr, ctx.locale) })]);
        const explanation = kpiExplanation(kr, ev.currency, ctx.locale);
        const att = row.cell(colInfo.first + 2);
        setNumber(att, kr.attainment, PERCENT_FORMAT);
        setNote(att, [explanation]);
        const pts = row.cell(colInfo.first + 3);
        setNumber(pts, kr.points, POINTS_FORMAT);
        setNote(pts, [t('notePoints', { weight: kr.weight, explanation })]);
      }
      if (distinctWithoutAttainment(g, colInfo)) {
        // a distinct count: no members' target for a union, so no attainment — the cells say so
        for (const cell of [tCell, row.cell(colInfo.first + 2)]) {
          setText(cell, '—');
          setNote(cell, [cell.note, t('distinctNoAttainment')]);
        }
      }
      widths.see(colInfo.first, ctx.unitText(colInfo.unit, actual));
      widths.see(colInfo.first + 1, ctx.unitText(colInfo.unit, target));
    }
    if (levelKpis) {
      const score = row.cell(scoreCol);
      if (g.score === undefined && g.tier === undefined) {
        // not graded (`(unassigned)` is no team): a dash, not an empty cell that reads as missing data
        setText(score, '—');
        setText(row.cell(scoreCol + 1), '—');
      } else setNumber(score, g.score ?? null, POINTS_FORMAT);
      if (g.kpis && g.score) {
        const raw = g.kpis.reduce((a, k) => a.plus(k.points), g.score.minus(g.score));
        setNote(score, [t('noteScore', { terms: g.kpis.map((k) => `${k.label} ${approx(k.points)}`).join(' + '), raw: approx(raw), score: g.score.toFixed(2) })]);
      }
      if (g.tier !== undefined) {
        setText(row.cell(scoreCol + 1), groupTierLabel(ev, g));
        widths.see(scoreCol + 1, ` ${groupTierLabel(ev, g)}`);
        if (g.decision) setNote(row.cell(scoreCol + 1), [groupReason(ev, g, g.decision.reasonFacts, ctx.locale)]);
      }
    }
    ev.tiers.forEach((tier, j) => {
      const cell = row.cell(countFirst + j);
      setNumber(cell, g.tierCounts[tier.id] ?? 0, '#,##0');
    });
  });
  widths.apply(ws.widths, 8, 28);
  const lastRow = Math.max(3, 2 + groups.length);
  ws.frozen = { rows: 2, cols: 1 };
  ws.filter(2, 1, lastRow, last);
  ws.print = { landscape: true, fitToWidth: true, printTitleRows: '1:2' };
  if (groups.length > 0) {
    for (const colInfo of columns) {
      addAttainmentScale(ws, colLetter(colInfo.first + 2), lastRow);
    }
  }
}

// ------------------------------------------------------------------------------------------- Data sheets

function dataKey(file: string, sheet: string | undefined): string {
  return `${file}\u0000${sheet ?? ''}`;
}

/**
 * Where each source row lands: at its own row number when possible, so `D12` in a finding is `D12`
 * here. Rows given by a generator always do (they ascend; a row past the sheet's last is left out
 * and counted in `omitted` by whoever gives them); an array whose rows do not ascend is placed one
 * under the other below a header in row 1.
 */
function planDataSheet(ds: DataSheetInput): { headerRow: number; rowMap: Map<number, number> | undefined; present?: Set<number> } {
  if (!Array.isArray(ds.rows)) return { headerRow: ds.headerRow ?? 1, rowMap: undefined };
  const rows = ds.rows as DataRowInput[];
  const firstRow = rows[0]?.source.row ?? 2;
  const headerRow = ds.headerRow ?? Math.max(1, firstRow - 1);
  let mirror = firstRow > headerRow;
  for (let i = 1; mirror && i < rows.length; i++) if (rows[i]!.source.row <= rows[i - 1]!.source.row) mirror = false;
  if (mirror && (rows[rows.length - 1]?.source.row ?? 0) > MAX_ROWS) mirror = false;
  if (mirror) return { headerRow, rowMap: undefined, present: new Set(rows.map((r) => r.source.row)) };
  const rowMap = new Map<number, number>();
  rows.forEach((r, i) => {
    if (!rowMap.has(r.source.row)) rowMap.set(r.source.row, 2 + i);
  });
  return { headerRow: 1, rowMap };
}

/** The sheet row of a source row, or undefined when it is not on the sheet. */
function sheetRow(ref: DataSheetRef, srcRow: number): number | undefined {
  if (srcRow === ref.headerRow) return srcRow;
  if (ref.rowMap) return ref.rowMap.get(srcRow);
  if (ref.present) return ref.present.has(srcRow) ? srcRow : undefined;
  return srcRow > ref.headerRow && srcRow <= MAX_ROWS ? srcRow : undefined;
}


/**
 * A data sheet input's rows a batch at a time: its `batches` when given, an array as one batch, and
 * any other iterable in batches of up to 1,000 rows.
 */
async function* inputBatches(ds: DataSheetInput): AsyncGenerator<readonly DataRowInput[]> {
  if (ds.batches) {
    yield* ds.batches;
    return;
  }
  const source = ds.rows;
  if (Array.isArray(source)) {
    yield source as DataRowInput[];
    return;
  }
  let batch: DataRowInput[] = [];
  for await (const r of source as AsyncIterable<DataRowInput> | Iterable<DataRowInput>) {
    batch.push(r);
    if (batch.length >= 1_000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

const GREY: CellStyle = { font: { color: COLORS.greyFont }, fill: COLORS.greyFill };
const SOURCE_ROW: CellStyle = { numFmt: '0' };
const GREY_SOURCE_ROW: CellStyle = { numFmt: '0', ...GREY };

/** A data sheet's print settings as the workbook starts (the writer names its title rows in workbook.xml). */
function dataSheetPrint(headerRow: number): NonNullable<SheetModel['print']> {
  return { landscape: true, printTitleRows: `${headerRow}:${headerRow}` };
}

/**
 * The data sheet: its header and settings now, its rows as a generator that reads `ds.rows` as the
 * writer asks (widths from the header and the first 1,000 rows, filled in before the first row).
 */
function dataSheet(ctx: Pick<Ctx, 't'>, ds: DataSheetInput, ref: DataSheetRef, referenceRows = false): SheetModel {
  const { t } = ctx;
  const widths = new WidthTracker();
  // A source as wide as a sheet (values up to column XFD) leaves no room for the three annotation
  // columns: its last columns are cut, and Summary says so.
  const rawWidth = ref.width;
  const fedCol = rawWidth + 1;
  const whyCol = rawWidth + 2;
  const srcCol = rawWidth + 3;
  const head = new SheetBuilder();
  const headRow = head.row(ref.headerRow);
  for (let i = 0; i < ds.headers.length && i < rawWidth; i++) {
    setText(headRow.cell(i + 1), ds.headers[i]);
    widths.see(i + 1, ds.headers[i]);
  }
  setText(headRow.cell(fedCol), t('fedMetrics'));
  setText(headRow.cell(whyCol), t('excludedReason'));
  setText(headRow.cell(srcCol), t('sourceRow'));
  widths.see(fedCol, t('fedMetrics'));
  widths.see(whyCol, t('excludedReason'));
  widths.see(srcCol, t('sourceRow'));
  styleHeader(headRow, 1, srcCol);

  // The findings' notes by sheet row, in row order.
  const notes = new Map<number, { col: number; text: string; fill?: string }[]>();
  for (const [address, { lines, fill }] of [...ref.notes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const m = /^([A-Z]+)(\d+)$/.exec(address)!;
    const row = Number(m[2]);
    const list = notes.get(row) ?? [];
    list.push({ col: colNumber(m[1]!), text: noteText(lines), ...(fill ? { fill } : {}) });
    notes.set(row, list);
  }
  const noteRows = [...notes.keys()].sort((a, b) => a - b);
  const withNotes = (r: number, cells: Cell[]): RowModel => {
    for (const n of notes.get(r) ?? []) {
      const cell = (cells[n.col - 1] ??= {});
      if (n.text) cell.note = n.text;
      if (n.fill) style(cell, { fill: n.fill });
    }
    return { r, cells };
  };

  // one style object per source number format (a date's), for the writer to reuse
  const formatStyles = new Map<string, CellStyle>();
  const greyFormatStyles = new Map<string, CellStyle>();
  const formatStyle = (fmt: string, grey: boolean): CellStyle => {
    const known = grey ? greyFormatStyles : formatStyles;
    let st = known.get(fmt);
    if (!st) known.set(fmt, (st = grey ? { ...GREY, numFmt: fmt } : { numFmt: fmt }));
    return st;
  };
  // An excluded row's reason in words, once per reason (most rows of a long export share a few).
  const reasonText = new Map<string, string>();
  const whyText = (a: { excluded: string; detail?: string }): string => {
    let label = reasonText.get(a.excluded);
    if (label === undefined) reasonText.set(a.excluded, (label = t(`excluded.${a.excluded}` as LabelKey)));
    return a.detail ? `${label}: ${a.detail}` : label;
  };
  // The "counted in" text of the last few metric lists (a long export has a handful of distinct ones).
  const fedTexts: { metrics: string[]; text: string | null }[] = [];
  const fedText = (metrics: string[]): string | null => {
    for (const f of fedTexts) {
      if (f.metrics.length !== metrics.length) continue;
      let same = true;
      for (let k = 0; k < metrics.length && same; k++) same = f.metrics[k] === metrics[k];
      if (same) return f.text;
    }
    const clean = cellText(metrics.join(', '));
    const text = clean === '' ? null : clean;
    if (fedTexts.length >= 32) fedTexts.shift();
    fedTexts.push({ metrics: [...metrics], text });
    return text;
  };
  /**
   * A source row as the sheet shows it: its values (text cleaned, a number's format as its style,
   * greyed when excluded), then what it fed or why it was left out, and its source row number.
   * Two arrays, not a cell object per column (`DenseRow`; its `cells` are what `setRaw`/`setText`
   * would have made).
   */
  const rowOf = (rowNo: number, r: DataRowInput): DenseRow => {
    const values = new Array<CellValue | undefined>(srcCol);
    const styles = new Array<CellStyle | undefined>(srcCol);
    const a = r.annotation;
    const excluded = !('metrics' in a);
    const raw = r.raw;
    const n = raw.length < rawWidth ? raw.length : rawWidth;
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (typeof v === 'string') {
        const clean = cellText(v);
        values[i] = clean === '' ? null : clean;
        if (excluded) styles[i] = GREY;
      } else if (v !== null && typeof v === 'object') {
        values[i] = Number.isFinite(v.n) ? v.n : null;
        styles[i] = formatStyle(v.fmt, excluded);
      } else {
        values[i] = typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'boolean' ? v : null;
        if (excluded) styles[i] = GREY;
      }
    }
    if (excluded) for (let c = raw.length; c < srcCol - 1; c++) if (values[c] === undefined && styles[c] === undefined) styles[c] = GREY;
    values[srcCol - 1] = r.source.row;
    styles[srcCol - 1] = excluded ? GREY_SOURCE_ROW : SOURCE_ROW;
    if ('metrics' in a) values[fedCol - 1] = fedText(a.metrics);
    else {
      const clean = cellText(whyText(a));
      values[whyCol - 1] = clean === '' ? null : clean;
      styles[whyCol - 1] = GREY;
    }
    return new DenseRow(rowNo, values, styles);
  };
  /** `rowOf`'s cells, one object each (the reference). */
  const rowCellsReference = (r: DataRowInput): Cell[] => {
    const cells: Cell[] = new Array<Cell>(srcCol);
    const a = r.annotation;
    const excluded = !('metrics' in a);
    for (let i = 0; i < r.raw.length && i < rawWidth; i++) {
      const v = r.raw[i];
      if (v !== null && typeof v === 'object') {
        cells[i] = { v: Number.isFinite(v.n) ? v.n : null, s: formatStyle(v.fmt, excluded) };
        continue;
      }
      const cell: Cell = excluded ? { s: GREY } : {};
      setRaw(cell, v);
      cells[i] = cell;
    }
    if (excluded) for (let c = r.raw.length; c < srcCol - 1; c++) cells[c] ??= { s: GREY };
    cells[srcCol - 1] = { v: r.source.row, s: excluded ? GREY_SOURCE_ROW : SOURCE_ROW };
    if ('metrics' in a) {
      const fed: Cell = {};
      setText(fed, a.metrics.join(', '));
      cells[fedCol - 1] = fed;
    } else {
      const cell: Cell = { s: GREY };
      setText(cell, whyText(a));
      cells[whyCol - 1] = cell;
    }
    return cells;
  };
  /** The row's cells, for a row a finding's note goes on (or every row, for the reference). */
  const rowCells = (rowNo: number, r: DataRowInput): Cell[] => (referenceRows ? rowCellsReference(r) : (rowOf(rowNo, r).cells as Cell[]));
  const plainRow = (rowNo: number, r: DataRowInput): RowModel => (referenceRows ? { r: rowNo, cells: rowCellsReference(r) } : rowOf(rowNo, r));
  const measure = (r: DataRowInput) => {
    for (let i = 0; i < r.raw.length && i < rawWidth; i++) {
      const v = r.raw[i];
      if ((typeof v === 'string' && v.length < 60) || typeof v === 'number') widths.see(i + 1, v);
      // a formatted number: its digits, the grouping commas and a little for the format's symbols
      else if (v !== null && typeof v === 'object') widths.see(i + 1, /[yd]/i.test(v.fmt) ? v.fmt.replace(/[^ ]/g, '0') : `${Math.round(v.n).toLocaleString('en-US')}00`);
    }
    const a = r.annotation;
    if ('metrics' in a) widths.see(fedCol, a.metrics.join(', '));
    else widths.see(whyCol, whyText(a).slice(0, 40));
  };

  let lastRow = ref.headerRow;
  const sheet: SheetModel = {
    ...head.model(ref.sheetName, []),
    frozen: { rows: ref.headerRow, cols: 0 },
    // landscape with the header repeated on every page; fit to one page wide once the widths say it is narrow enough (below)
    print: dataSheetPrint(ref.headerRow),
    rows: [],
  };
  // The rows a batch at a time (one async step per source batch, not per row); `rows` gives the same one by one.
  const batches = (async function* batches(): AsyncGenerator<RowModel[]> {
    const input = inputBatches(ds);
    // Look ahead for the widths, then settle the sheet's layout before the first row goes out.
    const ahead: (readonly DataRowInput[])[] = [];
    let seen = 0;
    let done = false;
    while (seen < WIDTH_SAMPLE) {
      const next = await input.next();
      if (next.done) {
        done = true;
        break;
      }
      ahead.push(next.value);
      seen += next.value.length;
    }
    let measured = 0;
    for (const b of ahead) for (let k = 0; k < b.length && measured < WIDTH_SAMPLE; k++, measured++) measure(b[k]!);
    widths.apply(sheet.widths!, 6, 40);
    // fit to one page wide when that stays readable (landscape A4 at ~60% holds ~200 characters);
    // a wider export prints across pages at full size rather than unreadably small
    let total = 0;
    for (let c = 1; c <= srcCol; c++) total += sheet.widths![c] ?? 9;
    if (total <= FIT_DATA_WIDTH) sheet.print = { ...sheet.print, fitToWidth: true };
    let noteAt = 0;
    // Rows (and rows with only a note) up to and including `until`, in order, onto `out`.
    function upTo(out: RowModel[], until: number, cells?: Cell[]): void {
      while (noteAt < noteRows.length && noteRows[noteAt]! < until) {
        const r = noteRows[noteAt++]!;
        out.push(withNotes(r, r === ref.headerRow ? headCells : []));
      }
      if (cells) {
        if (noteRows[noteAt] === until) noteAt++;
        out.push(withNotes(until, cells));
      }
    }
    const headCells = head.rows()[0]!.cells as Cell[];
    const first: RowModel[] = [];
    upTo(first, ref.headerRow, headCells);
    yield first;
    // The sheet row of `r`, or 0 to skip it (past the sheet's end, or not after the last row).
    const place = (r: DataRowInput): number => {
      const rowNo = ref.rowMap ? ref.rowMap.get(r.source.row) : r.source.row;
      if (rowNo === undefined || rowNo > MAX_ROWS || rowNo <= lastRow) return 0;
      lastRow = rowNo;
      return rowNo;
    };
    // (a row with no note before or on it — nearly all — goes out without the note walk)
    const plain = (rowNo: number) => noteAt >= noteRows.length || noteRows[noteAt]! > rowNo;
    const sheetRows = (batch: readonly DataRowInput[]): RowModel[] => {
      const out: RowModel[] = [];
      for (let k = 0; k < batch.length; k++) {
        const r = batch[k]!;
        const rowNo = place(r);
        if (rowNo === 0) continue;
        if (plain(rowNo)) out.push(plainRow(rowNo, r));
        else upTo(out, rowNo, rowCells(rowNo, r));
      }
      return out;
    };
    for (const b of ahead) yield sheetRows(b);
    ahead.length = 0;
    while (!done) {
      const next = await input.next();
      if (next.done) break;
      yield sheetRows(next.value);
    }
    const rest: RowModel[] = [];
    upTo(rest, MAX_ROWS + 1);
    // (the writer reads the filter after the last row)
    sheet.autoFilter = `A${ref.headerRow}:${colLetter(srcCol)}${Math.max(lastRow, ref.headerRow + 1)}`;
    yield rest;
  })();
  sheet.batches = batches;
  sheet.rows = (async function* rows(): AsyncGenerator<RowModel> {
    for await (const b of batches) yield* b;
  })();
  return sheet;
}

/**
 * The data sheet `spec` describes, its rows from `batches` (`DataSheetInput.elsewhere`: the model a
 * worker thread writes the sheet's XML from, as `buildEvaluationWorkbook` would have built it).
 */
export function dataSheetModel(spec: DataSheetSpec, batches: AsyncIterable<readonly DataRowInput[]>): SheetModel {
  const ref: DataSheetRef = { ...spec.sheet, rowMap: undefined, notes: new Map(spec.sheet.notes) };
  return dataSheet({ t: wbLabels(spec.locale) }, { ...spec.input, rows: [], batches }, ref);
}

// ---------------------------------------------------------------------------------------------- Findings

function findingTarget(d: Diagnostic, refs: Map<string, DataSheetRef>): { ref: DataSheetRef; address: string } | undefined {
  const ref = refs.get(dataKey(d.source, d.sheet));
  if (!ref) return undefined;
  const m = d.cell ? /^([A-Z]{1,3})(\d+)$/.exec(d.cell) : null;
  const srcRow = m ? Number(m[2]) : (d.row ?? (d.range ? d.range.start.line + 1 : undefined));
  if (srcRow === undefined) return undefined;
  const outRow = sheetRow(ref, srcRow);
  if (outRow === undefined) return undefined;
  // A cell in a column that was cut notes the row's first cell instead.
  const col = m && colNumber(m[1]!) <= ref.width ? m[1] : 'A';
  return { ref, address: `${col}${outRow}` };
}

function writeFindings(ws: SheetBuilder, ctx: Ctx, findings: Diagnostic[], refs: Map<string, DataSheetRef>): void {
  const { t } = ctx;
  const widths = new WidthTracker();
  const head = ws.row(1);
  (['severity', 'code', 'message', 'location', 'link'] as const).forEach((key, i) => {
    setText(head.cell(i + 1), t(key));
    widths.see(i + 1, t(key));
  });
  styleHeader(head, 1, 5);
  const sevKey = { error: 'severityError', warning: 'severityWarning', info: 'severityInfo' } as const;
  const sevFill = { error: COLORS.badFill, warning: COLORS.warnFill, info: COLORS.headerFill } as const;
  findings.forEach((d, i) => {
    const row = ws.row(2 + i);
    const sev = row.cell(1);
    setText(sev, t(sevKey[d.severity]));
    style(sev, { fill: sevFill[d.severity] });
    setText(row.cell(2), d.code);
    const message = findingMessage(d, ctx.locale);
    setText(row.cell(3), message);
    const loc = findingPlace(d, ctx.locale);
    setText(row.cell(4), loc);
    widths.see(2, d.code);
    widths.see(3, message);
    widths.see(4, loc);
    const target = findingTarget(d, refs);
    if (target) {
      const text = `${t('link')} → ${target.address}`;
      const link = row.cell(5);
      setText(link, text);
      link.link = `${quoteSheetRef(target.ref.sheetName)}!${target.address}`;
      link.tooltip = cellText(loc).slice(0, 255);
      style(row.cell(5), { font: { color: COLORS.link, underline: true } });
      widths.see(5, text);
    }
  });
  widths.apply(ws.widths, 8, 80);
  // wrapped message column: the column's default and every cell in it
  const wrap = { alignment: { wrapText: true, vertical: 'top' } } as const;
  ws.columnStyles[3] = wrap;
  for (let r = 1; r <= 1 + findings.length; r++) style(ws.cell(r, 3), wrap);
  findings.forEach((d, i) => {
    const height = wrappedHeight(findingMessage(d, ctx.locale), ws.widths[3] ?? 8);
    if (height === undefined) return;
    ws.heights.set(2 + i, height);
    // the row's other cells at the top too, beside the message's first line
    for (const c of [1, 2, 4, 5]) style(ws.cell(2 + i, c), { alignment: { vertical: 'top' } });
  });
  ws.frozen = { rows: 1, cols: 0 };
  ws.filter(1, 1, Math.max(2, 1 + findings.length), 5);
  ws.print = { landscape: true, fitToWidth: true, printTitleRows: '1:1' };
}

// -------------------------------------------------------------------------------------------- History

/**
 * The tier history, one row per rep × period (oldest first, the evaluated period last): score, the tier
 * qualified for, the tier held after movement, and the movement; where an earlier period came from
 * (the data, or a --history file) and whether it was only partly covered.
 */
function writeHistory(ws: SheetBuilder, ctx: Ctx, reps: readonly RepEvaluation[]): void {
  const { ev, t } = ctx;
  const widths = new WidthTracker();
  const head = ws.row(1);
  const keys = ['rep', 'team', 'period', 'score', 'qualifiedTier', 'tier', 'movement', 'historySource'] as const;
  keys.forEach((key, i) => {
    setText(head.cell(i + 1), t(key));
    widths.see(i + 1, t(key));
  });
  styleHeader(head, 1, keys.length);
  alignRight(head.cell(4)); // the score's header over its numbers
  const dp = maxOf(reps, (r) => r.score.decimalPlaces(), 2);
  let r = 2;
  for (const rep of reps) {
    const steps = [
      ...(rep.trail ?? []).map((x) => ({ ...x, evaluated: false })),
      { period: ev.period.label, source: 'data' as const, score: rep.score, qualified: rep.decision.qualified, tier: rep.decision.tier, movement: rep.decision.movement, partial: rep.decision.partial, evaluated: true },
    ];
    for (const x of steps) {
      const row = ws.row(r);
      setText(row.cell(1), rep.rep);
      setText(row.cell(2), groupName(ctx.locale, rep.team));
      setText(row.cell(3), x.period);
      setNumber(row.cell(4), x.score ?? null, fixedFormat(dp));
      const q = row.cell(5);
      setText(q, ctx.tierLabel(x.qualified));
      const tier = row.cell(6);
      setText(tier, ctx.tierLabel(x.tier));
      const i = ctx.tierIndex.get(x.tier);
      if (i !== undefined) style(tier, { fill: tint(tierColor(ev.tiers[i]?.color, i), 0.6) });
      setText(row.cell(7), x.movement ? t(`movement.${x.movement}`) : '—');
      const src = x.evaluated ? t('historyThisPeriod') : x.source === 'history' ? t('historyFile') : t('historyData');
      const from = x.partial ? `${src} · ${t('historyPartial')}` : src;
      setText(row.cell(8), from);
      if (x.evaluated) for (let c = 1; c <= keys.length; c++) style(row.cell(c), { font: { bold: true } });
      [rep.rep, x.period, ctx.tierLabel(x.qualified), from].forEach((v, k) => widths.see([1, 3, 5, 8][k]!, v));
      widths.see(2, groupName(ctx.locale, rep.team));
      r++;
    }
  }
  widths.apply(ws.widths, 8, 40);
  ws.frozen = { rows: 1, cols: 1 };
  ws.filter(1, 1, Math.max(2, r - 1), keys.length);
  ws.print = { fitToWidth: true, printTitleRows: '1:1' };
}

// -------------------------------------------------------------------------------------------- Pacing

/**
 * Pacing inside an open period (`--as-of`): per KPI the period-to-date target, the actual, the
 * straight-line projection at period end and its attainment; and what the heaviest KPI still needs per
 * remaining working day ((target − actual) ÷ working days left, money rounded up to the unit).
 */
function writePacing(ws: SheetBuilder, ctx: Ctx, reps: readonly RepEvaluation[]): void {
  const { ev, t } = ctx;
  const p = ev.pacing!;
  const left = p.totalWorkdays - p.elapsedWorkdays;
  const heavy = heaviestKpi(ev);
  const widths = new WidthTracker();
  // row 1: the as-of date and the workdays; rows 2–3: the KPI headers; the reps from row 4
  const caption = ws.cell(1, 1);
  const head1 = ws.row(2);
  const head2 = ws.row(3);
  style(caption, { font: { bold: true } });
  setText(caption, t('pacingCaption', { asOf: ev.manifest.asOf ?? '', elapsed: p.elapsedWorkdays, total: p.totalWorkdays, share: formatPercent(p.fraction.toString()) }));
  (['rep', 'team'] as const).forEach((key, i) => {
    setText(head2.cell(i + 1), t(key));
    widths.see(i + 1, t(key));
  });
  ws.merge(2, 1, 2, 2);
  const sub = ['statement.ptdTarget', 'actual', 'statement.projected', 'statement.projectedAttainment'] as const;
  let col = 3;
  const cols = ev.kpis.map((k) => {
    const values = reps.flatMap((r) => {
      const x = r.kpis.find((y) => y.kpi === k.kpi);
      return [x?.actual, x?.pacing?.target, x?.pacing?.projected];
    });
    const fmt = unitFormat(k.unit, ev.currency, hasFraction(values));
    const first = col;
    setText(head1.cell(first), k.label);
    ws.merge(2, first, 2, first + sub.length - 1);
    sub.forEach((key, i) => {
      setText(head2.cell(first + i), t(key));
      widths.see(first + i, t(key));
    });
    col += sub.length;
    return { k, first, fmt };
  });
  const needCol = heavy ? col : undefined;
  if (heavy && needCol !== undefined) {
    setText(head1.cell(needCol), heavy.label);
    setText(head2.cell(needCol), t('perDay'));
    widths.see(needCol, t('perDay'));
    setNote(head2.cell(needCol), [t('legendPacing', { kpi: heavy.label, days: left })]);
  }
  // With the rubric's pacing: the open pipeline, what the covered KPI still needs, and the coverage.
  const pipe = p.pipeline;
  const pipeCol = pipe ? (needCol ?? col - 1) + 1 : undefined;
  const pipeFmt = pipe ? unitFormat(pipe.unit, ev.currency, hasFraction([...reps, ...ev.teams, ...ev.regions].flatMap((x) => [x.pipeline?.open, x.pipeline?.remaining]))) : '';
  if (pipe && pipeCol !== undefined) {
    setText(head1.cell(pipeCol), pipe.metricLabel);
    ws.merge(2, pipeCol, 2, pipeCol + 2);
    ([pipe.metricLabel, `${pipe.kpiLabel} ${t('remaining')}`, t('coverageMultiple')] as const).forEach((h, i) => {
      setText(head2.cell(pipeCol + i), h);
      widths.see(pipeCol + i, h);
    });
    setNote(head2.cell(pipeCol + 2), [coverageLegend(pipe, t)]);
  }
  const writePipeline = (row: ReturnType<SheetBuilder['row']>, f: PipelineCoverage | undefined): void => {
    if (!pipe || pipeCol === undefined) return;
    if (f === undefined) return;
    setNumber(row.cell(pipeCol), f.open, pipeFmt);
    setNumber(row.cell(pipeCol + 1), f.remaining, pipeFmt);
    const cov = row.cell(pipeCol + 2);
    if (f.remaining !== null && f.coverage === null) {
      setText(cov, t('coverageMet'));
      style(cov, { fill: COLORS.scaleHigh });
    } else setNumber(cov, f.coverage === null ? null : f.coverage.toDecimalPlaces(2, 4 /* half up */), MULTIPLE_FORMAT);
    widths.see(pipeCol, ctx.unitText(pipe.unit, f.open));
    widths.see(pipeCol + 1, ctx.unitText(pipe.unit, f.remaining));
  };
  const last = pipeCol !== undefined ? pipeCol + 2 : (needCol ?? col - 1);
  styleHeader(head1, 1, last);
  styleHeader(head2, 1, last);
  // the KPI centred over its four columns, each figure's header right, over its numbers
  for (const { first } of cols) style(head1.cell(first), { ...HEADER_STYLE, alignment: { ...HEADER_STYLE.alignment, horizontal: 'center' } });
  for (let c = 3; c <= last; c++) alignRight(head2.cell(c));
  reps.forEach((r, i) => {
    const row = ws.row(4 + i);
    setText(row.cell(1), r.rep);
    setText(row.cell(2), groupName(ctx.locale, r.team));
    widths.see(1, r.rep);
    widths.see(2, groupName(ctx.locale, r.team));
    for (const { k, first, fmt } of cols) {
      const x = r.kpis.find((y) => y.kpi === k.kpi);
      const pc = x?.pacing;
      if (!x || !pc) continue;
      setNumber(row.cell(first), pc.target, fmt);
      setNumber(row.cell(first + 1), x.actual, fmt);
      setNumber(row.cell(first + 2), pc.projected, fmt);
      setNumber(row.cell(first + 3), pc.projectedAttainment, PERCENT_FORMAT);
      for (const [j, v] of [pc.target, x.actual, pc.projected].entries()) widths.see(first + j, ctx.unitText(k.unit, v));
    }
    if (heavy && needCol !== undefined) {
      const need = neededPerDay(r, heavy.kpi, left);
      const cell = row.cell(needCol);
      if (need === undefined) setText(cell, '—');
      else if (need.lte(0)) {
        setText(cell, t('onPace'));
        style(cell, { fill: COLORS.scaleHigh });
      } else setNumber(cell, heavy.unit === 'money' ? need.toDecimalPlaces(0, 0 /* up */) : need, unitFormat(heavy.unit, ev.currency, heavy.unit !== 'money' && !need.isInteger()));
      widths.see(needCol, heavy.unit === 'money' ? ctx.unitText('money', need?.toDecimalPlaces(0, 0)) : need?.toString());
    }
    writePipeline(row, r.pipeline);
  });
  const lastRow = 3 + reps.length;
  // Teams and regions below the reps (after a blank row, outside the filter): their coverage of the members' remaining target.
  if (pipe) {
    [...ev.teams, ...ev.regions].forEach((g, i) => {
      const row = ws.row(lastRow + 2 + i);
      const name = groupName(ctx.locale, g.name);
      setText(row.cell(1), name);
      setText(row.cell(2), t(g.level === 'team' ? 'team' : 'region'));
      widths.see(1, name);
      writePipeline(row, g.pipeline);
    });
  }
  if (reps.length > 0) {
    for (const { first } of cols) {
      const c = colLetter(first + 3);
      ws.conditional.push({
        ref: `${c}4:${c}${lastRow}`,
        rule: { type: 'colorScale', stops: [{ type: 'num', value: 0, color: COLORS.scaleLow }, { type: 'num', value: 1, color: COLORS.scaleMid }, { type: 'num', value: 1.5, color: COLORS.scaleHigh }] },
      });
    }
  }
  widths.apply(ws.widths, 8, 30);
  ws.frozen = { rows: 3, cols: 1 };
  ws.filter(3, 1, Math.max(4, lastRow), last);
  ws.print = { landscape: true, fitToWidth: true, printTitleRows: '2:3' };
}

// -------------------------------------------------------------------------------------------- Entry point

/**
 * Builds the annotated workbook for an evaluation. Pure: no fs, no clock; the same evaluation gives
 * the same workbook (write it with `writeWorkbookAtomic` for byte-identical files).
 */
export function buildEvaluationWorkbook(ev: Evaluation, options: WorkbookOptions): WorkbookModel {
  const locale = options.locale;
  const t = wbLabels(locale);
  const tierIndex = new Map(ev.tiers.map((tier, i) => [tier.id, i]));
  const tierLabels = new Map(ev.tiers.map((tier) => [tier.id, tier.label]));
  const money = (v: Decimal | null | undefined) => (v === null || v === undefined ? t('noValue') : formatMoney(v.toString(), ev.currency));
  const ctx: Ctx = {
    ev,
    t,
    locale,
    tierLabel: (id) => (id === undefined ? t('noPrevious') : (tierLabels.get(id) ?? id)),
    tierIndex,
    money,
    unitText: (unit, v) => {
      if (v === null || v === undefined) return t('noValue');
      if (unit === 'money') return money(v);
      if (unit === 'percent') return formatPercent(v.toString());
      // at most 2 decimals: an average (csat 4.4711538…) is 4.47 in a note, not 40 digits; 4.5 stays 4.5
      return formatNumber(v.toDecimalPlaces(2).toString());
    },
  };

  const taken = new Set<string>();
  const summaryName = safeSheetName(t('summary'), taken);
  const scorecardName = safeSheetName(t('scorecard'), taken);
  const teamsName = ev.teams.length > 0 ? safeSheetName(t('teams'), taken) : undefined;
  const regionsName = ev.regions.length > 0 ? safeSheetName(t('regions'), taken) : undefined;
  const reps = [...ev.reps].sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));
  const pacingName = ev.pacing && reps.some((r) => r.kpis.some((k) => k.pacing)) ? safeSheetName(t('pacing'), taken) : undefined;
  const historyName = reps.some((r) => r.trail?.length) ? safeSheetName(t('history'), taken) : undefined;
  const findingsName = safeSheetName(t('findings'), taken);
  const dataSheets = options.dataSheets ?? [];
  const written = dataSheets.filter((ds) => rowCount(ds) > 0);
  const refs = new Map<string, DataSheetRef>();
  const plans = written.map((ds) => {
    const plan = planDataSheet(ds);
    const ref: DataSheetRef = {
      sheetName: safeSheetName(`${t('data')} ${ds.name}`, taken),
      ...plan,
      notes: new Map(),
      width: Math.min(sourceWidth(ds), MAX_DATA_COLS),
    };
    const first = ds.source ?? (ds.rows as DataRowInput[])[0]!.source;
    const key = dataKey(first.file, first.sheet);
    if (!refs.has(key)) refs.set(key, ref);
    return { ds, ref };
  });

  const findings = [...ev.findings].sort(compareDiagnostics);
  // A note on the cell a finding points at; a finding about a whole row (or a CSV finding, which has
  // a line:column rather than a cell) notes the row's first cell.
  for (const d of findings) {
    const target = findingTarget(d, refs);
    if (!target) continue;
    const entry = target.ref.notes.get(target.address) ?? { lines: [] };
    entry.lines.push(t('noteBadCell', { code: d.code, message: findingMessage(d, locale) }));
    // findings are sorted by position, not severity: an error's fill wins over a warning's
    if (d.severity === 'error') entry.fill = COLORS.badFill;
    else if (d.severity === 'warning' && entry.fill === undefined) entry.fill = COLORS.warnFill;
    target.ref.notes.set(target.address, entry);
  }

  const sheets: SheetModel[] = [];
  const built = (name: string, write: (ws: SheetBuilder) => void): void => {
    const ws = new SheetBuilder();
    write(ws);
    sheets.push(ws.model(name));
  };
  built(summaryName, (ws) => {
    ws.tabColor = COLORS.titleFont;
    writeSummary(ws, ctx, dataSheets);
  });
  sheets.push(scorecardSheet(ctx, scorecardName));
  if (teamsName) built(teamsName, (ws) => writeGroups(ws, ctx, ev.teams, 'team'));
  if (regionsName) built(regionsName, (ws) => writeGroups(ws, ctx, ev.regions, 'region'));
  if (pacingName) built(pacingName, (ws) => writePacing(ws, ctx, reps));
  if (historyName) built(historyName, (ws) => writeHistory(ws, ctx, reps));
  built(findingsName, (ws) => writeFindings(ws, ctx, findings, refs));
  for (const { ds, ref } of plans) {
    const elsewhere = ds.elsewhere;
    if (elsewhere && !Array.isArray(ds.rows) && options.referenceRows !== true && ref.rowMap === undefined && ref.present === undefined) {
      const { rows: _rows, batches: _batches, elsewhere: _elsewhere, ...input } = ds;
      const sheet = { sheetName: ref.sheetName, headerRow: ref.headerRow, width: ref.width, notes: [...ref.notes] };
      // (the workbook part names the sheet and its title rows before any sheet is written)
      sheets.push({ name: ref.sheetName, print: dataSheetPrint(ref.headerRow), rows: [], xml: (styles, sheetNo) => elsewhere({ locale, input, sheet, styles, sheetNo }) });
    } else sheets.push(dataSheet(ctx, ds, ref, options.referenceRows === true));
  }
  return { title: cleanTitle(`${ev.manifest.rubric.name} ${ev.period.label}`), sheets };
}

function cleanTitle(s: string): string {
  return cellText(s.replace(/[\r\n\t]/g, ' ')).slice(0, 255);
}

/** Red → yellow → green over attainment 0 → 100% → 150%, on one column from row 3 down to `lastRow`. */
function addAttainmentScale(ws: SheetBuilder, column: string, lastRow: number): void {
  ws.conditional.push({
    ref: `${column}3:${column}${lastRow}`,
    rule: {
      type: 'colorScale',
      stops: [
        { type: 'num', value: 0, color: COLORS.scaleLow },
        { type: 'num', value: 1, color: COLORS.scaleMid },
        { type: 'num', value: 1.5, color: COLORS.scaleHigh },
      ],
    },
  });
}
