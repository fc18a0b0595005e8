/**
 * Calendar-date arithmetic for quota/ on `YYYY-MM-DD` strings through UTC day numbers, so no time
 * zone can shift a date. Mirrors the naming of src/engine/periods.ts (quota/ may import only shared/):
 * with `fiscal_year_start` ≠ 1 the fiscal year is named after the calendar year in which it ends
 * (start 4: FY2026 = 2025-04-01 … 2026-03-31); test/unit/quota/dates.test.ts keeps the two in step.
 */
import { getISOWeek, getISOWeekYear } from 'date-fns';
import { SalesgradeError } from '../shared/errors.js';

/** A calendar date, `YYYY-MM-DD` (the same as engine's IsoDate). */
export type IsoDate = string;
export type PeriodKind = 'week' | 'month' | 'quarter' | 'half' | 'year';

const MS_PER_DAY = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysInMonth(y: number, month: number): number {
  return new Date(Date.UTC(y, month, 0)).getUTCDate();
}

/** Days since 1970-01-01; throws for anything that is not a real `YYYY-MM-DD`. */
export function dayNumber(date: IsoDate): number {
  const m = ISO_RE.exec(date);
  const y = Number(m?.[1]);
  const mo = Number(m?.[2]);
  const d = Number(m?.[3]);
  if (!m || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
    throw new SalesgradeError('quota-invalid', `not a date YYYY-MM-DD: "${date}"`);
  }
  return Date.UTC(y, mo - 1, d) / MS_PER_DAY;
}

export function isIsoDate(s: string): boolean {
  const m = ISO_RE.exec(s);
  if (!m) return false;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(Number(m[1]), mo);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function ymd(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

export function isoOfDay(day: number): IsoDate {
  const dt = new Date(day * MS_PER_DAY);
  return ymd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** ISO weekday of a day number: Monday 1 … Sunday 7. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** (year, month) `offset` months after (y, m). */
export function addMonths(y: number, m: number, offset: number): [number, number] {
  const idx = y * 12 + (m - 1) + offset;
  return [Math.floor(idx / 12), (idx % 12) + 1];
}

/** The fiscal year a calendar month belongs to (named after the year it ends in). */
export function fiscalYearOf(y: number, m: number, fys: number): number {
  if (fys === 1) return y;
  return m >= fys ? y + 1 : y;
}

/** First calendar (year, month) of fiscal year `fy`. */
export function fiscalYearStartMonth(fy: number, fys: number): [number, number] {
  return fys === 1 ? [fy, 1] : [fy - 1, fys];
}

/** The label prefix of a fiscal year: `2026`, or `FY2026` when the year does not start in January. */
export function yearLabel(fy: number, fys: number): string {
  return fys === 1 ? String(fy) : `FY${fy}`;
}

export interface PlanMonth {
  /** 0-based position in the fiscal year. */
  index: number;
  year: number;
  month: number;
  label: string;
  start: IsoDate;
  end: IsoDate;
  firstDay: number;
  lastDay: number;
}

/** The twelve calendar months of fiscal year `fy`, in fiscal order. */
export function fiscalMonths(fy: number, fys: number): PlanMonth[] {
  const [sy, sm] = fiscalYearStartMonth(fy, fys);
  const out: PlanMonth[] = [];
  for (let i = 0; i < 12; i++) {
    const [y, m] = addMonths(sy, sm, i);
    const start = ymd(y, m, 1);
    const end = ymd(y, m, daysInMonth(y, m));
    out.push({ index: i, year: y, month: m, label: `${y}-${pad2(m)}`, start, end, firstDay: dayNumber(start), lastDay: dayNumber(end) });
  }
  return out;
}

/**
 * The week a day belongs to. Calendar years (fys = 1): the ISO week (date-fns), `2026-W27`. Fiscal
 * years: Monday–Sunday weeks numbered like ISO weeks but from the fiscal year's start — week 1 is the
 * week holding the first Thursday on or after the fiscal year's first day, and a week belongs to the
 * fiscal year of its Thursday (`FY2026-W01`); a year has 52 or 53 of them.
 */
export function weekOf(day: number, fys: number): { label: string; start: number; end: number } {
  const monday = day - isoWeekday(day) + 1;
  if (fys === 1) {
    const iso = isoOfDay(day);
    const local = new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
    return { label: `${getISOWeekYear(local)}-W${pad2(getISOWeek(local))}`, start: monday, end: monday + 6 };
  }
  const thursday = monday + 3;
  const th = isoOfDay(thursday);
  const fy = fiscalYearOf(Number(th.slice(0, 4)), Number(th.slice(5, 7)), fys);
  const [sy, sm] = fiscalYearStartMonth(fy, fys);
  const fyStart = dayNumber(ymd(sy, sm, 1));
  const firstThursday = fyStart + ((4 - isoWeekday(fyStart) + 7) % 7);
  return { label: `FY${fy}-W${pad2(Math.floor((thursday - firstThursday) / 7) + 1)}`, start: monday, end: monday + 6 };
}

/** The period of `kind` containing `day`: first and last day numbers and the label. */
export function periodAround(day: number, kind: PeriodKind, fys: number): { label: string; start: number; end: number } {
  if (kind === 'week') return weekOf(day, fys);
  const iso = isoOfDay(day);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  if (kind === 'month') {
    return { label: `${y}-${pad2(m)}`, start: dayNumber(ymd(y, m, 1)), end: dayNumber(ymd(y, m, daysInMonth(y, m))) };
  }
  const fy = fiscalYearOf(y, m, fys);
  const fm = (m - fys + 12) % 12;
  const len = kind === 'quarter' ? 3 : kind === 'half' ? 6 : 12;
  const n = Math.floor(fm / len);
  const [sy, sm] = fiscalYearStartMonth(fy, fys);
  const [py, pm] = addMonths(sy, sm, n * len);
  const [ey, em] = addMonths(py, pm, len - 1);
  const prefix = yearLabel(fy, fys);
  const label = kind === 'year' ? prefix : `${prefix}-${kind === 'quarter' ? 'Q' : 'H'}${n + 1}`;
  return { label, start: dayNumber(ymd(py, pm, 1)), end: dayNumber(ymd(ey, em, daysInMonth(ey, em))) };
}
