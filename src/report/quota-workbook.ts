/**
 * The quota plan as a workbook: one sheet per level (company, regions, teams, reps) with the periods
 * as columns, a working-days row, a year column and a totals row per metric written as SUM formulas
 * (with their values cached) so the reconciliation is live in Excel, plus a Notes sheet on
 * seasonality, calendar, ramp and rounding. Ramped reps are tinted and carry a cell note.
 */
import type { QuotaEntity, QuotaPlan } from '../quota/decompose.js';
import { columnLetter } from '../shared/text.js';
import type { ReportLocale } from './labels.js';
import { entityName } from './quota-format.js';
import { quotaLabels } from './quota-labels.js';
import { quotaTexts, rampNoteOf } from './quota-text.js';
import { safeSheetName } from './safe-text.js';
import { isoDateToSerial, type SheetModel, type WorkbookModel } from '../shared/sheet-model.js';
import { alignRight, COLORS, SheetBuilder, setNote, setText, style, styleHeader, unitFormat, WidthTracker, wrappedHeight } from './workbook-style.js';

export interface QuotaWorkbookOptions {
  locale: ReportLocale;
  currency: string;
  rubricName?: string;
  /** Tier id → label in the workbook's language. */
  tierLabels?: Record<string, string>;
}

/** 1-based column number (exceljs's) → letters. */
const colLetter = (n: number): string => columnLetter(n - 1);

const RAMP_FILL = 'FFFFF4E5';
const DATE_FORMAT = 'yyyy-mm-dd';
/**
 * The Notes sheet's one column, in characters: within a portrait A4 page at 100% even in a wider
 * fallback font (LibreOffice without Calibri printed 90 past the page edge, unscaled).
 */
const NOTES_WIDTH = 66;

export function buildQuotaWorkbook(plan: QuotaPlan, options: QuotaWorkbookOptions): WorkbookModel {
  const { locale, currency } = options;
  const t = quotaLabels(locale);
  const sheets: SheetModel[] = [];
  const taken = new Set<string>();
  const byWord = t(`quota.${plan.by}`);
  const text = quotaTexts(plan, locale);
  const seasonNote = text.notes[0];
  const calendarNote = text.notes[1];

  // `date`: the value is an ISO date, written as a date cell (a real date a manager can sort and filter)
  const levelSheet = (title: string, entities: QuotaEntity[], cols: { head: string; get: (e: QuotaEntity) => string; date?: boolean }[]): void => {
    const ws = new SheetBuilder();
    const sheetName = safeSheetName(title, taken);
    const widths = new WidthTracker();
    const labelCols = 1 + cols.length + 1; // name, extra columns, metric
    const yearCol = labelCols + 1;
    const firstPeriodCol = yearCol + 1;
    const lastCol = firstPeriodCol + plan.periods.length - 1;

    const titleCell = ws.cell(1, 1);
    setText(titleCell, `${t('quota.title', { year: plan.label })} — ${title}${options.rubricName ? ` (${options.rubricName})` : ''}`);
    style(titleCell, { font: { bold: true, size: 13, color: COLORS.titleFont } });

    const header = ws.row(2);
    const heads = [title, ...cols.map((c) => c.head), t('quota.metric'), t('quota.year'), ...plan.periods.map((p) => p.label)];
    heads.forEach((h, i) => {
      setText(header.cell(i + 1), h);
      widths.see(i + 1, h);
    });
    styleHeader(header, 1, lastCol);
    // the year and period headers sit right, over their amounts
    for (let c = yearCol; c <= lastCol; c++) alignRight(header.cell(c));
    setNote(header.cell(firstPeriodCol), [`${plan.periods[0]!.start} – ${plan.periods.at(-1)!.end}`, seasonNote]);

    const wdRow = ws.row(3);
    setText(wdRow.cell(1), t('quota.workingDays'));
    setNote(wdRow.cell(1), [calendarNote]);
    Object.assign(wdRow.cell(yearCol), { f: `SUM(${colLetter(firstPeriodCol)}3:${colLetter(lastCol)}3)`, v: plan.periods.reduce((a, p) => a + p.workingDays, 0) });
    plan.periods.forEach((p, i) => (wdRow.cell(firstPeriodCol + i).v = p.workingDays));
    for (let c = 1; c <= lastCol; c++) style(wdRow.cell(c), { font: { italic: true, color: COLORS.greyFont } });

    let r = 4;
    for (const m of plan.metrics) {
      const needsDecimals = /\./.test(String(m.rounding)) || [m.target, m.planned].some((x) => x.includes('.'));
      const fmt = unitFormat(m.unit, currency, needsDecimals);
      const first = r;
      for (const e of entities) {
        const row = ws.row(r);
        // the name alone (the terminal's `*` ramp mark would stick to it when sorted, filtered or looked up):
        // a ramped rep's row is tinted, with the ramp in its own column and a note on the name
        const name = entityName(e, locale);
        setText(row.cell(1), name);
        widths.see(1, name);
        cols.forEach((c, i) => {
          const v = c.get(e);
          const serial = c.date ? isoDateToSerial(v) : undefined;
          if (serial !== undefined) {
            row.cell(2 + i).v = serial;
            style(row.cell(2 + i), { numFmt: DATE_FORMAT });
          } else setText(row.cell(2 + i), v);
          widths.see(2 + i, v);
        });
        setText(row.cell(labelCols), m.label);
        widths.see(labelCols, m.label);
        const a = e.amounts[m.id]!;
        const year = row.cell(yearCol);
        Object.assign(year, { f: `SUM(${colLetter(firstPeriodCol)}${r}:${colLetter(lastCol)}${r})`, v: Number(a.year) });
        style(year, { numFmt: fmt });
        style(year, { font: { bold: true } });
        a.periods.forEach((v, i) => {
          const cell = row.cell(firstPeriodCol + i);
          cell.v = Number(v);
          style(cell, { numFmt: fmt });
        });
        widths.see(yearCol, a.year + '¥,,,');
        if (e.level === 'rep' && e.ramped) {
          for (let c = 1; c <= lastCol; c++) style(row.cell(c), { fill: RAMP_FILL });
          setNote(row.cell(1), [rampNoteOf(e, locale), a.target !== a.year ? `${t('quota.targetBeforeRamp')}: ${a.target}` : undefined]);
        }
        r++;
      }
      const total = ws.row(r);
      setText(total.cell(1), t('quota.total'));
      setText(total.cell(labelCols), m.label);
      const company = plan.company.amounts[m.id]!;
      const yt = total.cell(yearCol);
      Object.assign(yt, { f: `SUM(${colLetter(yearCol)}${first}:${colLetter(yearCol)}${r - 1})`, v: Number(company.year) });
      style(yt, { numFmt: fmt });
      company.periods.forEach((v, i) => {
        const cell = total.cell(firstPeriodCol + i);
        const col = colLetter(firstPeriodCol + i);
        Object.assign(cell, { f: `SUM(${col}${first}:${col}${r - 1})`, v: Number(v) });
        style(cell, { numFmt: fmt });
      });
      for (let c = 1; c <= lastCol; c++) {
        const cell = total.cell(c);
        style(cell, { font: { bold: true } });
        style(cell, { border: { top: COLORS.border } });
      }
      r += 2;
    }
    // the last extra column of the Reps sheet is the ramp note: room for it, not cut by the metric
    widths.apply(ws.widths, 8, 40, cols.length > 0 ? { [labelCols - 1]: 64 } : {});
    for (let c = firstPeriodCol; c <= lastCol; c++) ws.widths[c] = Math.max(ws.widths[c] ?? 8, 12);
    ws.widths[yearCol] = 14;
    ws.frozen = { rows: 3, cols: labelCols };
    // landscape, one page wide (the periods are columns), the header and working days on every page
    ws.print = { landscape: true, fitToWidth: true, printTitleRows: '2:3' };
    sheets.push(ws.model(sheetName));
  };

  levelSheet(t('quota.sheet.company'), [plan.company], []);
  levelSheet(t('quota.sheet.regions'), plan.regions, [{ head: t('quota.headcount'), get: (e) => String(e.headcount) }]);
  levelSheet(t('quota.sheet.teams'), plan.teams, [
    { head: t('region'), get: (e) => (e.region ? e.region : t('unassigned')) },
    { head: t('quota.headcount'), get: (e) => String(e.headcount) },
  ]);
  levelSheet(t('quota.sheet.reps'), plan.reps, [
    { head: t('team'), get: (e) => (e.team ? e.team : t('unassigned')) },
    { head: t('region'), get: (e) => (e.region ? e.region : t('unassigned')) },
    { head: t('tier'), get: (e) => (e.tier !== undefined ? (options.tierLabels?.[e.tier] ?? e.tier) : '') },
    { head: t('quota.startDate'), get: (e) => e.startDate ?? '', date: true },
    { head: t('quota.rampNote'), get: (e) => rampNoteOf(e, locale) ?? '' },
  ]);

  const notesName = safeSheetName(t('quota.sheet.notes'), taken);
  const notes = new SheetBuilder();
  notes.widths[1] = NOTES_WIDTH;
  notes.print = { fitToWidth: true };
  const wrapped = (cell: ReturnType<typeof notes.cell>, row: number, value: string): void => {
    setText(cell, value);
    style(cell, { alignment: { wrapText: true, vertical: 'top' } });
    const height = wrappedHeight(value, NOTES_WIDTH);
    if (height !== undefined) notes.heights.set(row, height);
  };
  let r = 1;
  const titleCell = notes.cell(r++, 1);
  setText(titleCell, `${t('quota.title', { year: plan.label })}  ${plan.start} – ${plan.end} · ${t('quota.by', { by: byWord })}`);
  style(titleCell, { font: { bold: true, size: 13, color: COLORS.titleFont } });
  r++;
  // every line wrapped in the column, its row as tall as its lines (the holidays ran off the page)
  const line = (value: string): void => {
    wrapped(notes.cell(r, 1), r, value);
    r++;
  };
  for (const n of text.notes) line(n);
  for (const w of text.warnings) line(`! ${w}`);
  r++;
  line(`${t('quota.workingDays')}: ${plan.months.map((m) => `${m.label} ${m.workingDays}`).join(' · ')}`);
  if (plan.calendar.holidays.length) line(`${t('quota.holidays')}: ${plan.calendar.holidays.join(', ')}`);
  if (plan.calendar.makeupWorkdays.length) line(`${t('quota.makeupWorkdays')}: ${plan.calendar.makeupWorkdays.join(', ')}`);
  sheets.push(notes.model(notesName));
  return { sheets };
}
