/**
 * Evaluation → the annotated workbook managers open: Summary, Scorecard, Teams, Regions, Findings and
 * one Data sheet per input sheet. In memory only (no fs); `io/xlsx-write.ts` writes it to disk.
 * Every text cell is an inert string (see workbook-style.ts), every computed number carries a note
 * saying how it was computed.
 */
import ExcelJS from 'exceljs';
import type { Decimal } from 'decimal.js';
import type {
  Evaluation,
  ExclusionReason,
  GroupEvaluation,
  KpiResult,
  RepEvaluation,
  RowAnnotation,
  SourceRef,
} from '../engine/types.js';
import { compareDiagnostics, formatLocation, type Diagnostic } from '../shared/diagnostic.js';
import { formatMoney, formatNumber, formatPercent } from '../shared/format.js';
import { maxOf } from '../shared/iter.js';
import { groupName, type LabelKey, type ReportLocale } from './labels.js';
import { groupTierLabel } from './groups.js';
import { findingMessage } from './finding-messages.js';
import { quoteSheetRef, safeSheetName } from './safe-text.js';
import { headerAlerts } from './alerts.js';
import { wbLabels, type AnyLabelKey } from './workbook-labels.js';
import {
  COLORS,
  PERCENT_FORMAT,
  POINTS_FORMAT,
  WidthTracker,
  argb,
  cellText,
  fixedFormat,
  setNote,
  setNumber,
  setRaw,
  setText,
  solidFill,
  styleHeader,
  tierColor,
  tint,
  unitFormat,
} from './workbook-style.js';

/** The source rows of one input sheet, as read, with what happened to each. */
export interface DataSheetInput {
  /** The input sheet's name (or the CSV file's name); the workbook sheet is named after it. */
  name: string;
  headers: string[];
  rows: { source: SourceRef; raw: (string | number | boolean | null)[]; annotation: RowAnnotation }[];
  /**
   * Rows left out because the input is over the row limit. With no `rows`, the sheet is not written
   * and Summary says so; with some rows, Summary says how many more were not shown.
   */
  omitted?: number;
  /** 1-based header row in the source; default: the row above the first data row. */
  headerRow?: number;
}

export interface WorkbookOptions {
  locale: ReportLocale;
  dataSheets?: DataSheetInput[];
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
  rowMap: Map<number, number>;
  headerRow: number;
  /** A1 address → the findings' lines and the most severe finding's fill (none for info). */
  notes: Map<string, { lines: string[]; fill?: string }>;
  /** Source columns shown (at most 16,381: a sheet ends at column XFD and 3 columns are ours). */
  width: number;
}

const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
/** Source columns a data sheet can show: the last three columns carry the row's annotations. */
const MAX_DATA_COLS = MAX_COLS - 3;

/** Columns of source data in `ds` (header or widest row), before any cut. */
function sourceWidth(ds: DataSheetInput): number {
  return maxOf(ds.rows, (r) => r.raw.length, ds.headers.length);
}

function tierFill(ctx: Ctx, id: string | undefined): ExcelJS.Fill | undefined {
  if (id === undefined) return undefined;
  const i = ctx.tierIndex.get(id);
  if (i === undefined) return undefined;
  return solidFill(tint(tierColor(ctx.ev.tiers[i]!.color, i), 0.3));
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

function writeSummary(ws: ExcelJS.Worksheet, ctx: Ctx, dataSheets: DataSheetInput[]): void {
  const { ev, t } = ctx;
  const m = ev.manifest;
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 22;
  ws.getColumn(3).width = 12;
  ws.getColumn(4).width = 12;
  ws.getColumn(5).width = 24;
  // tier-count columns of the roll-ups beyond the first five
  for (let c = 6; c <= 4 + ev.tiers.length; c++) ws.getColumn(c).width = 14;
  let r = 1;
  const title = ws.getCell(r, 1);
  setText(title, `${t('title')} · ${m.rubric.name}`);
  title.font = { bold: true, size: 14, color: { argb: COLORS.titleFont } };
  r += 2;

  const section = (key: AnyLabelKey, width = 5) => {
    const row = ws.getRow(r);
    setText(row.getCell(1), t(key));
    styleHeader(row, 1, width);
    r++;
  };
  const pair = (key: AnyLabelKey | string, value: string | number | undefined, literalKey = false) => {
    if (value === undefined) return;
    setText(ws.getCell(r, 1), literalKey ? key : t(key as AnyLabelKey));
    const cell = ws.getCell(r, 2);
    if (typeof value === 'number') setNumber(cell, value, '#,##0');
    else setText(cell, value);
    cell.alignment = { horizontal: 'left' };
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
    const cell = ws.getCell(r, 1);
    setText(cell, a);
    cell.font = { bold: true, color: { argb: 'FFC00000' } };
    r++;
  }
  r++;

  // Input files: file, rows, sha256 (last, so the long hash can run over empty cells).
  const files = ws.getRow(r);
  for (const [i, key] of (['inputs', 'rows', 'sha256'] as const).entries()) setText(files.getCell(i + 1 + (i > 0 ? 1 : 0)), t(key));
  styleHeader(files, 1, 5);
  r++;
  const fileRow = (path: string, rows: number, sha: string, role?: string) => {
    setText(ws.getCell(r, 1), role ? `${path} (${role})` : path);
    setNumber(ws.getCell(r, 3), rows, '#,##0');
    setText(ws.getCell(r, 4), sha);
    r++;
  };
  for (const f of m.inputs) fileRow(f.path, f.rows, f.sha256);
  if (m.roster) fileRow(m.roster.path, m.roster.rows, m.roster.sha256, t('roster'));
  // Every other file that decided the result (what the rubric extends, targets, calendar, history).
  for (const f of m.files ?? []) {
    if (f.role === 'rubric' || f.role === 'roster') continue;
    setText(ws.getCell(r, 1), `${f.path} (${t(`fileRole.${f.role}`)})`);
    setText(ws.getCell(r, 4), f.sha256);
    r++;
  }
  for (const ds of dataSheets) {
    const width = ds.rows.length > 0 ? sourceWidth(ds) : 0;
    if (width > MAX_DATA_COLS) {
      const cell = ws.getCell(r, 1);
      setText(cell, t('dataColumnsCut', { name: ds.name, last: colLetter(MAX_DATA_COLS), count: formatNumber(width - MAX_DATA_COLS) }));
      cell.font = { italic: true, color: { argb: 'FFB45F06' } };
      r++;
    }
    if (!ds.omitted) continue;
    const key = ds.rows.length === 0 ? 'dataOmitted' : 'dataTruncated';
    const cell = ws.getCell(r, 1);
    setText(cell, t(key, { name: ds.name, count: formatNumber(ds.omitted) }));
    cell.font = { italic: true, color: { argb: 'FFB45F06' } };
    r++;
  }
  r++;

  // Tier distribution with an in-cell bar.
  const dist = ws.getRow(r);
  for (const [i, key] of (['tier', 'count', 'share', 'bar'] as const).entries()) setText(dist.getCell(i + 1 + (i > 0 ? 1 : 0)), t(key));
  styleHeader(dist, 1, 5);
  r++;
  for (const d of ev.distribution) {
    const name = ws.getCell(r, 1);
    setText(name, d.label);
    const fill = tierFill(ctx, d.tier);
    if (fill) name.fill = fill;
    setNumber(ws.getCell(r, 3), d.count, '#,##0');
    setNumber(ws.getCell(r, 4), d.share, PERCENT_FORMAT);
    const bar = ws.getCell(r, 5);
    setText(bar, '█'.repeat(Math.round(d.share * 20)) || '▏');
    bar.font = { color: { argb: tierFontColor(ctx, d.tier) } };
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

function writeRollup(ws: ExcelJS.Worksheet, ctx: Ctx, r: number, title: string, groups: GroupEvaluation[]): number {
  const { ev, t } = ctx;
  // Score and tier columns only where the rubric grades this level (`levels`).
  const graded = groups.some((g) => g.score !== undefined || g.tier !== undefined);
  const first = graded ? 5 : 3;
  const head = ws.getRow(r);
  setText(head.getCell(1), title);
  setText(head.getCell(2), t('members'));
  if (graded) {
    setText(head.getCell(3), t('score'));
    setText(head.getCell(4), t('tier'));
  }
  ev.tiers.forEach((tier, i) => setText(head.getCell(first + i), tier.label));
  styleHeader(head, 1, Math.max(5, first - 1 + ev.tiers.length));
  r++;
  for (const g of groups) {
    setText(ws.getCell(r, 1), groupName(ctx.locale, g.name));
    setNumber(ws.getCell(r, 2), g.members.length, '#,##0');
    if (graded && g.score) {
      setNumber(ws.getCell(r, 3), g.score, POINTS_FORMAT);
      if (g.kpis) setNote(ws.getCell(r, 3), g.kpis.map((k) => `${k.label}: ${k.explanation}`));
    }
    if (graded && g.tier !== undefined) setText(ws.getCell(r, 4), groupTierLabel(ev, g));
    if (graded && g.score === undefined && g.tier === undefined) {
      // not graded (`(unassigned)` is no team): a dash, not an empty cell that reads as missing data
      setText(ws.getCell(r, 3), '—');
      setText(ws.getCell(r, 4), '—');
    }
    ev.tiers.forEach((tier, i) => setNumber(ws.getCell(r, first + i), g.tierCounts[tier.id] ?? 0, '#,##0'));
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
        t('noteActual', { formula: trace.formula, rows: formatNumber(trace.rows) }),
        trace.sample.length ? t('noteSample', { refs: trace.sample.map(refText).join(', ') }) : undefined,
      ]
    : [`${k.label}: ${k.actual === null ? t('noValue') : ctx.unitText(unit, k.actual)}`];
  const target = [t('noteTarget', { target: k.target === null ? t('noValue') : ctx.unitText(unit, k.target), source: k.targetSource })];
  const points = [
    t('notePoints', { weight: k.weight, explanation: k.explanation }),
    k.excluded ? t('noteExcludedKpi') : undefined,
  ];
  return { actual, target, attainment: [k.explanation], points };
}

/** Up to 4 decimals, trailing zeros dropped, `≈` when that rounded anything: `25.00002`, `≈ 35.0000`. */
function approx(d: Decimal): string {
  const short = d.toDecimalPlaces(4);
  return short.eq(d) ? d.toString() : `≈${short.toFixed(4)}`;
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
      for (const [op, limit] of limits) {
        if (limit === undefined) continue;
        lines.push(
          t('noteGate', {
            tier: ctx.tierLabel(g.tier),
            metric: res.metric,
            op,
            limit: String(limit),
            actual: res.actual === null ? t('noValue') : res.actual.toString(),
            result: res.passed ? t('passed') : t('failed'),
          }),
        );
      }
    }
  }
  return lines;
}

function writeScorecard(ws: ExcelJS.Worksheet, ctx: Ctx): void {
  const { ev, t } = ctx;
  const reps = [...ev.reps].sort((a, b) => a.rank - b.rank || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0));
  const widths = new WidthTracker();
  const head1 = ws.getRow(1);
  const head2 = ws.getRow(2);
  const fixed: AnyLabelKey[] = ['rep', 'team', 'region'];
  fixed.forEach((key, i) => {
    setText(head2.getCell(i + 1), t(key));
    widths.see(i + 1, t(key));
  });
  let col = fixed.length + 1;
  const kpiCols: { kpi: string; unit: string; first: number; moneyFmt: string }[] = [];
  for (const k of ev.kpis) {
    const first = col;
    const group = head1.getCell(first);
    setText(group, `${k.label} (${k.weight}%)`);
    ws.mergeCells(1, first, 1, first + 3);
    group.alignment = { horizontal: 'center' };
    (['actual', 'target', 'attainment', 'points'] as const).forEach((key, i) => {
      setText(head2.getCell(first + i), t(key));
      widths.see(first + i, t(key));
    });
    const values = ev.reps.flatMap((r) => {
      const kr = r.kpis.find((x) => x.kpi === k.kpi);
      return kr ? [kr.actual, kr.target] : [];
    });
    kpiCols.push({ kpi: k.kpi, unit: k.unit, first, moneyFmt: unitFormat(k.unit, ev.currency, hasFraction(values)) });
    col += 4;
  }
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
    setText(head2.getCell(i), t(key));
    widths.see(i, t(key));
  }
  styleHeader(head1, 1, last);
  styleHeader(head2, 1, last);
  head1.getCell(1).border = {};

  const maxDp = ev.reps.reduce((d, r) => Math.max(d, r.score.decimalPlaces()), 0);
  const scoreDp = maxDp === 0 ? 0 : Math.max(2, maxDp);
  const scoreFmt = fixedFormat(scoreDp);
  const arrows: Record<string, string> = { promoted: '↑', demoted: '↓', held: '=', unchanged: '=', new: '•' };

  reps.forEach((rep, i) => {
    const row = ws.getRow(3 + i);
    const repCell = row.getCell(1);
    setText(repCell, rep.rep);
    setNote(repCell, [rep.manager ? `${t('manager')}: ${rep.manager}` : undefined, rep.inRoster ? undefined : t('notInRoster')]);
    setText(row.getCell(2), groupName(ctx.locale, rep.team));
    setText(row.getCell(3), groupName(ctx.locale, rep.region));
    widths.see(1, rep.rep);
    widths.see(2, groupName(ctx.locale, rep.team));
    widths.see(3, groupName(ctx.locale, rep.region));
    for (const kc of kpiCols) {
      const k = rep.kpis.find((x) => x.kpi === kc.kpi);
      if (!k) continue;
      const notes = kpiNotes(ctx, rep, k);
      const cells = [row.getCell(kc.first), row.getCell(kc.first + 1), row.getCell(kc.first + 2), row.getCell(kc.first + 3)] as const;
      if (k.actual === null) {
        setText(cells[0], t('noValue'));
        cells[0].font = { italic: true, color: { argb: COLORS.greyFont } };
      } else setNumber(cells[0], k.actual, kc.moneyFmt);
      setNumber(cells[1], k.target, kc.moneyFmt);
      setNumber(cells[2], k.attainment, PERCENT_FORMAT);
      setNumber(cells[3], k.points, POINTS_FORMAT);
      setNote(cells[0], notes.actual);
      setNote(cells[1], notes.target);
      setNote(cells[2], notes.attainment);
      setNote(cells[3], notes.points);
      if (k.excluded) cells[3].font = { italic: true, color: { argb: COLORS.greyFont } };
      widths.see(kc.first, ctx.unitText(kc.unit, k.actual));
      widths.see(kc.first + 1, ctx.unitText(kc.unit, k.target));
    }
    const score = row.getCell(c.score);
    setNumber(score, rep.score, scoreFmt);
    setNote(score, [scoreNote(ctx, rep, scoreDp)]);
    const rank = row.getCell(c.rank);
    setNumber(rank, rep.rank, '0');
    setNote(rank, [t('noteRank', { rank: rep.rank, count: ev.reps.length })]);

    const d = rep.decision;
    const tier = row.getCell(c.tier);
    setText(tier, ctx.tierLabel(d.tier));
    const fill = tierFill(ctx, d.tier);
    if (fill) tier.fill = fill;
    tier.font = { bold: true };
    setNote(tier, [d.reason, t('noteQualified', { tier: ctx.tierLabel(d.qualified) }), ...gateLines(ctx, rep)]);
    const qualified = row.getCell(c.qualified);
    setText(qualified, ctx.tierLabel(d.qualified));
    setNote(qualified, gateLines(ctx, rep));
    setText(row.getCell(c.previous), d.current === undefined ? t('noPrevious') : ctx.tierLabel(d.current));
    const movement = row.getCell(c.movement);
    setText(movement, `${arrows[d.movement] ?? ''} ${t(`movement.${d.movement}` as LabelKey)}`.trim());
    if (d.movement === 'promoted') movement.font = { color: { argb: 'FF2E7D32' }, bold: true };
    if (d.movement === 'demoted') movement.font = { color: { argb: 'FFC62828' }, bold: true };
    setNote(movement, [t('noteRuns', { promote: d.promoteRun, demote: d.demoteRun }), d.inGrace ? t('noteGrace') : undefined]);
    const distance = row.getCell(c.distance);
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
    if (rep.action?.training !== undefined) setText(row.getCell(c.training), rep.action.training);
    if (rep.action?.bonus_multiplier !== undefined) {
      const bonus = row.getCell(c.bonus);
      setNumber(bonus, rep.action.bonus_multiplier, '0.0#"×"');
      setNote(bonus, [rep.action.note]);
    }
    widths.see(c.tier, ctx.tierLabel(d.tier));
    widths.see(c.qualified, ctx.tierLabel(d.qualified));
    widths.see(c.movement, t(`movement.${d.movement}` as LabelKey) + '  ');
    widths.see(c.training, rep.action?.training);
  });

  const lastRow = Math.max(3, 2 + reps.length);
  widths.apply(ws, 8, 28, { [c.training]: 44 });
  ws.getColumn(1).width = Math.max(ws.getColumn(1).width ?? 10, 10);
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 2, topLeftCell: 'B3', activeCell: 'B3' }];
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: lastRow, column: last } };
  ws.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' };

  let priority = 1;
  if (reps.length > 0) {
    for (const kc of kpiCols) {
      addAttainmentScale(ws, colLetter(kc.first + 2), lastRow, priority++);
    }
    const sc = colLetter(c.score);
    ws.addConditionalFormatting({
      ref: `${sc}3:${sc}${lastRow}`,
      rules: [
        {
          type: 'dataBar',
          priority: priority++,
          minLength: 0,
          maxLength: 100,
          gradient: false,
          cfvo: [
            { type: 'num', value: 0 },
            { type: 'max' },
          ],
          color: { argb: COLORS.dataBar },
        } as ExcelJS.ConditionalFormattingRule,
      ],
    });
  }
}

// ---------------------------------------------------------------------------------------- Teams/Regions

function writeGroups(ws: ExcelJS.Worksheet, ctx: Ctx, groups: GroupEvaluation[], level: 'team' | 'region'): void {
  const { ev, t } = ctx;
  const widths = new WidthTracker();
  const head1 = ws.getRow(1);
  const head2 = ws.getRow(2);
  const withRegion = level === 'team' && ev.regions.length > 0;
  const withManager = groups.some((g) => g.manager !== undefined);
  const fixed: AnyLabelKey[] = [level, ...(withRegion ? ['region' as const] : []), ...(withManager ? ['manager' as const] : []), 'members'];
  fixed.forEach((key, i) => {
    setText(head2.getCell(i + 1), t(key));
    widths.see(i + 1, t(key));
  });
  let col = fixed.length + 1;
  const levelKpis = groups.find((g) => g.kpis)?.kpis;
  const columns: { kpi: string; metric: string; label: string; unit: string; first: number; width: number; fmt: string }[] = [];
  const unitOf = (metric: string) => ev.kpis.find((k) => k.metric === metric)?.unit ?? 'number';
  const source = levelKpis
    ? levelKpis.map((k) => ({ kpi: k.kpi, metric: k.metric, label: k.label, weight: k.weight }))
    : ev.kpis.map((k) => ({ kpi: k.kpi, metric: k.metric, label: k.label, weight: k.weight }));
  for (const k of source) {
    const width = levelKpis ? 4 : 2;
    const group = head1.getCell(col);
    setText(group, levelKpis ? `${k.label} (${k.weight}%)` : k.label);
    ws.mergeCells(1, col, 1, col + width - 1);
    group.alignment = { horizontal: 'center' };
    (['actual', 'target', 'attainment', 'points'] as const).slice(0, width).forEach((key, i) => setText(head2.getCell(col + i), t(key)));
    const unit = unitOf(k.metric);
    const values = groups.flatMap((g) => [g.metrics[k.metric], g.targets[k.kpi] ?? g.targets[k.metric]]);
    columns.push({ ...k, unit, first: col, width, fmt: unitFormat(unit, ev.currency, hasFraction(values)) });
    col += width;
  }
  const scoreCol = levelKpis ? col : 0;
  if (levelKpis) {
    setText(head2.getCell(col), t('score'));
    setText(head2.getCell(col + 1), t('tier'));
    col += 2;
  }
  const countFirst = col;
  ev.tiers.forEach((tier, i) => {
    setText(head2.getCell(col + i), tier.label);
    widths.see(col + i, tier.label);
  });
  if (ev.tiers.length > 0) {
    setText(head1.getCell(countFirst), t('tierCounts'));
    if (ev.tiers.length > 1) ws.mergeCells(1, countFirst, 1, countFirst + ev.tiers.length - 1);
    head1.getCell(countFirst).alignment = { horizontal: 'center' };
  }
  const last = countFirst + ev.tiers.length - 1;
  styleHeader(head1, 1, last);
  styleHeader(head2, 1, last);

  const regionOf = new Map(ev.reps.map((r) => [r.rep, r.region]));
  groups.forEach((g, i) => {
    const row = ws.getRow(3 + i);
    setText(row.getCell(1), groupName(ctx.locale, g.name));
    widths.see(1, groupName(ctx.locale, g.name));
    let cc = 2;
    if (withRegion) {
      const region = groupName(ctx.locale, g.members.map((m) => regionOf.get(m)).find((x) => x !== undefined) ?? '');
      setText(row.getCell(2), region);
      widths.see(2, region);
      cc = 3;
    }
    if (withManager) {
      // Every manager the members name, most members first.
      const names = g.managers?.join(', ') ?? '';
      setText(row.getCell(cc), names || '—');
      widths.see(cc, names);
      cc++;
    }
    setNumber(row.getCell(cc), g.members.length, '#,##0');
    for (const colInfo of columns) {
      const kr = g.kpis?.find((k) => k.kpi === colInfo.kpi);
      const actual = kr ? kr.actual : (g.metrics[colInfo.metric] ?? null);
      const target = kr ? kr.target : (g.targets[colInfo.kpi] ?? g.targets[colInfo.metric] ?? null);
      const aCell = row.getCell(colInfo.first);
      setNumber(aCell, actual, colInfo.fmt);
      setNote(aCell, [t('noteGroupMetric', { metric: colInfo.label, members: g.members.length })]);
      const tCell = row.getCell(colInfo.first + 1);
      setNumber(tCell, target, colInfo.fmt);
      if (kr) {
        setNote(tCell, [t('noteTarget', { target: kr.target === null ? t('noValue') : ctx.unitText(colInfo.unit, kr.target), source: kr.targetSource })]);
        const att = row.getCell(colInfo.first + 2);
        setNumber(att, kr.attainment, PERCENT_FORMAT);
        setNote(att, [kr.explanation]);
        const pts = row.getCell(colInfo.first + 3);
        setNumber(pts, kr.points, POINTS_FORMAT);
        setNote(pts, [t('notePoints', { weight: kr.weight, explanation: kr.explanation })]);
      }
      widths.see(colInfo.first, ctx.unitText(colInfo.unit, actual));
      widths.see(colInfo.first + 1, ctx.unitText(colInfo.unit, target));
    }
    if (levelKpis) {
      const score = row.getCell(scoreCol);
      if (g.score === undefined && g.tier === undefined) {
        // not graded (`(unassigned)` is no team): a dash, not an empty cell that reads as missing data
        setText(score, '—');
        setText(row.getCell(scoreCol + 1), '—');
      } else setNumber(score, g.score ?? null, POINTS_FORMAT);
      if (g.kpis && g.score) {
        const raw = g.kpis.reduce((a, k) => a.plus(k.points), g.score.minus(g.score));
        setNote(score, [t('noteScore', { terms: g.kpis.map((k) => `${k.label} ${approx(k.points)}`).join(' + '), raw: approx(raw), score: g.score.toFixed(2) })]);
      }
      if (g.tier !== undefined) {
        setText(row.getCell(scoreCol + 1), groupTierLabel(ev, g));
        if (g.decision) setNote(row.getCell(scoreCol + 1), [g.decision.reason]);
      }
    }
    ev.tiers.forEach((tier, j) => {
      const cell = row.getCell(countFirst + j);
      setNumber(cell, g.tierCounts[tier.id] ?? 0, '#,##0');
    });
  });
  widths.apply(ws, 8, 28);
  const lastRow = Math.max(3, 2 + groups.length);
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 2, topLeftCell: 'B3', activeCell: 'B3' }];
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: lastRow, column: last } };
  if (levelKpis && groups.length > 0) {
    let priority = 1;
    for (const colInfo of columns) {
      addAttainmentScale(ws, colLetter(colInfo.first + 2), lastRow, priority++);
    }
  }
}

// ------------------------------------------------------------------------------------------- Data sheets

function dataKey(file: string, sheet: string | undefined): string {
  return `${file}\u0000${sheet ?? ''}`;
}

/** Where each source row lands: at its own row number when possible, so `D12` in a finding is `D12` here. */
function planDataSheet(ds: DataSheetInput): { headerRow: number; rowMap: Map<number, number> } {
  const rows = ds.rows;
  const firstRow = rows[0]?.source.row ?? 2;
  const headerRow = ds.headerRow ?? Math.max(1, firstRow - 1);
  let mirror = firstRow > headerRow;
  for (let i = 1; mirror && i < rows.length; i++) if (rows[i]!.source.row <= rows[i - 1]!.source.row) mirror = false;
  if (mirror && (rows[rows.length - 1]?.source.row ?? 0) > MAX_ROWS) mirror = false;
  const rowMap = new Map<number, number>();
  if (mirror) {
    for (const r of rows) rowMap.set(r.source.row, r.source.row);
    return { headerRow, rowMap };
  }
  rows.forEach((r, i) => {
    if (!rowMap.has(r.source.row)) rowMap.set(r.source.row, 2 + i);
  });
  return { headerRow: 1, rowMap };
}

function writeDataSheet(ws: ExcelJS.Worksheet, ctx: Ctx, ds: DataSheetInput, ref: DataSheetRef): void {
  const { t } = ctx;
  const widths = new WidthTracker();
  // A source as wide as a sheet (values up to column XFD) leaves no room for the three annotation
  // columns: its last columns are cut, and Summary says so.
  const rawWidth = ref.width;
  const fedCol = rawWidth + 1;
  const whyCol = rawWidth + 2;
  const srcCol = rawWidth + 3;
  const head = ws.getRow(ref.headerRow);
  for (let i = 0; i < ds.headers.length && i < rawWidth; i++) {
    setText(head.getCell(i + 1), ds.headers[i]);
    widths.see(i + 1, ds.headers[i]);
  }
  setText(head.getCell(fedCol), t('fedMetrics'));
  setText(head.getCell(whyCol), t('excludedReason'));
  setText(head.getCell(srcCol), t('sourceRow'));
  widths.see(fedCol, t('fedMetrics'));
  widths.see(whyCol, t('excludedReason'));
  widths.see(srcCol, t('sourceRow'));
  styleHeader(head, 1, srcCol);

  const greyFont: Partial<ExcelJS.Font> = { color: { argb: COLORS.greyFont } };
  const greyFill = solidFill(COLORS.greyFill);
  let lastRow = ref.headerRow;
  for (const r of ds.rows) {
    const rowNo = ref.rowMap.get(r.source.row);
    if (rowNo === undefined) continue;
    lastRow = Math.max(lastRow, rowNo);
    const row = ws.getRow(rowNo);
    for (let i = 0; i < r.raw.length && i < rawWidth; i++) {
      const v = r.raw[i];
      setRaw(row.getCell(i + 1), v);
      if ((typeof v === 'string' && v.length < 60) || typeof v === 'number') widths.see(i + 1, v);
    }
    setNumber(row.getCell(srcCol), r.source.row, '0');
    const a = r.annotation;
    if ('metrics' in a) {
      setText(row.getCell(fedCol), a.metrics.join(', '));
      widths.see(fedCol, a.metrics.join(', '));
    } else {
      const why = `${t(`excluded.${a.excluded}` as LabelKey)}${a.detail ? `: ${a.detail}` : ''}`;
      setText(row.getCell(whyCol), why);
      widths.see(whyCol, why.slice(0, 40));
      for (let c = 1; c <= srcCol; c++) {
        const cell = row.getCell(c);
        cell.font = greyFont;
        cell.fill = greyFill;
      }
    }
  }
  for (const [address, { lines, fill }] of [...ref.notes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const cell = ws.getCell(address);
    setNote(cell, lines);
    if (fill) cell.fill = solidFill(fill);
  }
  widths.apply(ws, 6, 40);
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: ref.headerRow, topLeftCell: `A${ref.headerRow + 1}`, activeCell: `A${ref.headerRow + 1}` }];
  ws.autoFilter = { from: { row: ref.headerRow, column: 1 }, to: { row: Math.max(lastRow, ref.headerRow + 1), column: srcCol } };
}

// ---------------------------------------------------------------------------------------------- Findings

function findingTarget(d: Diagnostic, refs: Map<string, DataSheetRef>): { ref: DataSheetRef; address: string } | undefined {
  const ref = refs.get(dataKey(d.source, d.sheet));
  if (!ref) return undefined;
  const m = d.cell ? /^([A-Z]{1,3})(\d+)$/.exec(d.cell) : null;
  const srcRow = m ? Number(m[2]) : (d.row ?? (d.range ? d.range.start.line + 1 : undefined));
  if (srcRow === undefined) return undefined;
  const outRow = ref.rowMap.get(srcRow) ?? (srcRow === ref.headerRow ? srcRow : undefined);
  if (outRow === undefined) return undefined;
  // A cell in a column that was cut notes the row's first cell instead.
  const col = m && colNumber(m[1]!) <= ref.width ? m[1] : 'A';
  return { ref, address: `${col}${outRow}` };
}

function writeFindings(ws: ExcelJS.Worksheet, ctx: Ctx, findings: Diagnostic[], refs: Map<string, DataSheetRef>): void {
  const { t } = ctx;
  const widths = new WidthTracker();
  const head = ws.getRow(1);
  (['severity', 'code', 'message', 'location', 'link'] as const).forEach((key, i) => {
    setText(head.getCell(i + 1), t(key));
    widths.see(i + 1, t(key));
  });
  styleHeader(head, 1, 5);
  const sevKey = { error: 'severityError', warning: 'severityWarning', info: 'severityInfo' } as const;
  const sevFill = { error: COLORS.badFill, warning: COLORS.warnFill, info: COLORS.headerFill } as const;
  findings.forEach((d, i) => {
    const row = ws.getRow(2 + i);
    const sev = row.getCell(1);
    setText(sev, t(sevKey[d.severity]));
    sev.fill = solidFill(sevFill[d.severity]);
    setText(row.getCell(2), d.code);
    const message = findingMessage(d, ctx.locale);
    setText(row.getCell(3), message);
    const loc = formatLocation(d);
    setText(row.getCell(4), loc);
    widths.see(2, d.code);
    widths.see(3, message);
    widths.see(4, loc);
    const target = findingTarget(d, refs);
    if (target) {
      const text = `${t('link')} → ${target.address}`;
      row.getCell(5).value = { text: cellText(text), hyperlink: `${quoteSheetRef(target.ref.sheetName)}!${target.address}`, tooltip: cellText(loc).slice(0, 255) };
      row.getCell(5).font = { color: { argb: COLORS.link }, underline: true };
      widths.see(5, text);
    }
  });
  widths.apply(ws, 8, 80);
  ws.getColumn(3).alignment = { wrapText: true, vertical: 'top' };
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(2, 1 + findings.length), column: 5 } };
}

// -------------------------------------------------------------------------------------------- Entry point

/**
 * Builds the annotated workbook for an evaluation. Pure: no fs, no clock; the same evaluation gives
 * the same workbook (write it with `writeWorkbookAtomic` for byte-identical files).
 */
export function buildEvaluationWorkbook(ev: Evaluation, options: WorkbookOptions): ExcelJS.Workbook {
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
      return formatNumber(v.toString());
    },
  };

  const wb = new ExcelJS.Workbook();
  wb.creator = 'salesgrade';
  wb.lastModifiedBy = 'salesgrade';
  wb.title = cleanTitle(`${ev.manifest.rubric.name} ${ev.period.label}`);
  const taken = new Set<string>();
  const summaryName = safeSheetName(t('summary'), taken);
  const scorecardName = safeSheetName(t('scorecard'), taken);
  const teamsName = ev.teams.length > 0 ? safeSheetName(t('teams'), taken) : undefined;
  const regionsName = ev.regions.length > 0 ? safeSheetName(t('regions'), taken) : undefined;
  const findingsName = safeSheetName(t('findings'), taken);
  const dataSheets = options.dataSheets ?? [];
  const written = dataSheets.filter((ds) => ds.rows.length > 0);
  const refs = new Map<string, DataSheetRef>();
  const plans = written.map((ds) => {
    const plan = planDataSheet(ds);
    const ref: DataSheetRef = {
      sheetName: safeSheetName(`${t('data')} ${ds.name}`, taken),
      ...plan,
      notes: new Map(),
      width: Math.min(sourceWidth(ds), MAX_DATA_COLS),
    };
    const first = ds.rows[0]!.source;
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

  writeSummary(wb.addWorksheet(summaryName, { properties: { tabColor: { argb: COLORS.titleFont } } }), ctx, dataSheets);
  writeScorecard(wb.addWorksheet(scorecardName), ctx);
  if (teamsName) writeGroups(wb.addWorksheet(teamsName), ctx, ev.teams, 'team');
  if (regionsName) writeGroups(wb.addWorksheet(regionsName), ctx, ev.regions, 'region');
  writeFindings(wb.addWorksheet(findingsName), ctx, findings, refs);
  for (const { ds, ref } of plans) writeDataSheet(wb.addWorksheet(ref.sheetName), ctx, ds, ref);
  return wb;
}

function cleanTitle(s: string): string {
  return cellText(s.replace(/[\r\n\t]/g, ' ')).slice(0, 255);
}

/** Red → yellow → green over attainment 0 → 100% → 150%, on one column from row 3 down to `lastRow`. */
function addAttainmentScale(ws: ExcelJS.Worksheet, column: string, lastRow: number, priority: number): void {
  ws.addConditionalFormatting({
    ref: `${column}3:${column}${lastRow}`,
    rules: [
      {
        type: 'colorScale',
        priority,
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'num', value: 1 },
          { type: 'num', value: 1.5 },
        ],
        color: [{ argb: COLORS.scaleLow }, { argb: COLORS.scaleMid }, { argb: COLORS.scaleHigh }],
      },
    ],
  });
}
