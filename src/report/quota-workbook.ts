/**
 * The quota plan as a workbook: one sheet per level (company, regions, teams, reps) with the periods
 * as columns, a working-days row, a year column and a totals row per metric written as SUM formulas
 * (with their values cached) so the reconciliation is live in Excel, plus a Notes sheet on
 * seasonality, calendar, ramp and rounding. Ramped reps are tinted and carry a cell note.
 */
import ExcelJS from 'exceljs';
import type { QuotaEntity, QuotaPlan } from '../quota/decompose.js';
import { columnLetter } from '../shared/text.js';
import type { ReportLocale } from './labels.js';
import { entityName } from './quota-format.js';
import { quotaLabels } from './quota-labels.js';
import { safeSheetName } from './safe-text.js';
import { COLORS, setNote, setText, solidFill, styleHeader, unitFormat, WidthTracker } from './workbook-style.js';

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

export function buildQuotaWorkbook(plan: QuotaPlan, options: QuotaWorkbookOptions): ExcelJS.Workbook {
  const { locale, currency } = options;
  const t = quotaLabels(locale);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'salesgrade';
  const taken = new Set<string>();
  const byWord = t(`quota.${plan.by}`);
  const seasonNote = plan.notes[0];
  const calendarNote = plan.notes[1];

  const levelSheet = (title: string, entities: QuotaEntity[], cols: { head: string; get: (e: QuotaEntity) => string }[]): void => {
    const ws = wb.addWorksheet(safeSheetName(title, taken));
    const widths = new WidthTracker();
    const labelCols = 1 + cols.length + 1; // name, extra columns, metric
    const yearCol = labelCols + 1;
    const firstPeriodCol = yearCol + 1;
    const lastCol = firstPeriodCol + plan.periods.length - 1;

    const titleCell = ws.getCell(1, 1);
    setText(titleCell, `${t('quota.title', { year: plan.label })} — ${title}${options.rubricName ? ` (${options.rubricName})` : ''}`);
    titleCell.font = { bold: true, size: 13, color: { argb: COLORS.titleFont } };

    const header = ws.getRow(2);
    const heads = [title, ...cols.map((c) => c.head), t('quota.metric'), t('quota.year'), ...plan.periods.map((p) => p.label)];
    heads.forEach((h, i) => {
      setText(header.getCell(i + 1), h);
      widths.see(i + 1, h);
    });
    styleHeader(header, 1, lastCol);
    setNote(header.getCell(firstPeriodCol), [`${plan.periods[0]!.start} – ${plan.periods.at(-1)!.end}`, seasonNote]);

    const wdRow = ws.getRow(3);
    setText(wdRow.getCell(1), t('quota.workingDays'));
    setNote(wdRow.getCell(1), [calendarNote]);
    wdRow.getCell(yearCol).value = { formula: `SUM(${colLetter(firstPeriodCol)}3:${colLetter(lastCol)}3)`, result: plan.periods.reduce((a, p) => a + p.workingDays, 0) };
    plan.periods.forEach((p, i) => (wdRow.getCell(firstPeriodCol + i).value = p.workingDays));
    for (let c = 1; c <= lastCol; c++) wdRow.getCell(c).font = { italic: true, color: { argb: COLORS.greyFont } };

    let r = 4;
    for (const m of plan.metrics) {
      const needsDecimals = /\./.test(String(m.rounding)) || [m.target, m.planned].some((x) => x.includes('.'));
      const fmt = unitFormat(m.unit, currency, needsDecimals);
      const first = r;
      for (const e of entities) {
        const row = ws.getRow(r);
        const name = entityName(e, locale) + (e.level === 'rep' && e.ramped ? ' *' : '');
        setText(row.getCell(1), name);
        widths.see(1, name);
        cols.forEach((c, i) => {
          const v = c.get(e);
          setText(row.getCell(2 + i), v);
          widths.see(2 + i, v);
        });
        setText(row.getCell(labelCols), m.label);
        widths.see(labelCols, m.label);
        const a = e.amounts[m.id]!;
        const year = row.getCell(yearCol);
        year.value = { formula: `SUM(${colLetter(firstPeriodCol)}${r}:${colLetter(lastCol)}${r})`, result: Number(a.year) };
        year.numFmt = fmt;
        year.font = { bold: true };
        a.periods.forEach((v, i) => {
          const cell = row.getCell(firstPeriodCol + i);
          cell.value = Number(v);
          cell.numFmt = fmt;
        });
        widths.see(yearCol, a.year + '¥,,,');
        if (e.level === 'rep' && e.ramped) {
          for (let c = 1; c <= lastCol; c++) row.getCell(c).fill = solidFill(RAMP_FILL);
          setNote(row.getCell(1), [e.rampNote, a.target !== a.year ? `${t('quota.targetBeforeRamp')}: ${a.target}` : undefined]);
        }
        r++;
      }
      const total = ws.getRow(r);
      setText(total.getCell(1), t('quota.total'));
      setText(total.getCell(labelCols), m.label);
      const company = plan.company.amounts[m.id]!;
      const yt = total.getCell(yearCol);
      yt.value = { formula: `SUM(${colLetter(yearCol)}${first}:${colLetter(yearCol)}${r - 1})`, result: Number(company.year) };
      yt.numFmt = fmt;
      company.periods.forEach((v, i) => {
        const cell = total.getCell(firstPeriodCol + i);
        const col = colLetter(firstPeriodCol + i);
        cell.value = { formula: `SUM(${col}${first}:${col}${r - 1})`, result: Number(v) };
        cell.numFmt = fmt;
      });
      for (let c = 1; c <= lastCol; c++) {
        const cell = total.getCell(c);
        cell.font = { bold: true };
        cell.border = { top: { style: 'thin', color: { argb: COLORS.border } } };
      }
      r += 2;
    }
    widths.apply(ws, 8, 40);
    for (let c = firstPeriodCol; c <= lastCol; c++) ws.getColumn(c).width = Math.max(ws.getColumn(c).width ?? 8, 12);
    ws.getColumn(yearCol).width = 14;
    ws.views = [{ state: 'frozen', xSplit: labelCols, ySplit: 3 }];
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
    { head: t('quota.startDate'), get: (e) => e.startDate ?? '' },
    { head: t('quota.rampNote'), get: (e) => e.rampNote ?? '' },
  ]);

  const notes = wb.addWorksheet(safeSheetName(t('quota.sheet.notes'), taken));
  notes.getColumn(1).width = 120;
  let r = 1;
  const titleCell = notes.getCell(r++, 1);
  setText(titleCell, `${t('quota.title', { year: plan.label })}  ${plan.start} – ${plan.end} · ${t('quota.by', { by: byWord })}`);
  titleCell.font = { bold: true, size: 13, color: { argb: COLORS.titleFont } };
  r++;
  for (const n of plan.notes) {
    const cell = notes.getCell(r++, 1);
    setText(cell, n);
    cell.alignment = { wrapText: true, vertical: 'top' };
  }
  for (const w of plan.warnings) setText(notes.getCell(r++, 1), `! ${w}`);
  r++;
  setText(notes.getCell(r++, 1), `${t('quota.workingDays')}: ${plan.months.map((m) => `${m.label} ${m.workingDays}`).join(' · ')}`);
  if (plan.calendar.holidays.length) setText(notes.getCell(r++, 1), `${t('quota.holidays')}: ${plan.calendar.holidays.join(', ')}`);
  if (plan.calendar.makeupWorkdays.length) setText(notes.getCell(r++, 1), `${t('quota.makeupWorkdays')}: ${plan.calendar.makeupWorkdays.join(', ')}`);
  return wb;
}
