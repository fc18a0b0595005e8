/**
 * The quota plan's calendar on top of shared/calendar.ts (the engine's periods use the same): the
 * twelve months of a fiscal year, and fiscal weeks — with `fiscal_year_start` ≠ 1 a plan's weeks are
 * numbered from the fiscal year's start (`FY2026-W01`), where the engine keeps ISO weeks.
 */
import { SalesgradeError } from '../shared/errors.js';
import {
  addMonths,
  daysInMonth,
  dayNumber as dayOrNaN,
  fiscalYearOf,
  fiscalYearStartMonth,
  isoOfDay,
  isoWeek,
  isoWeekday,
  pad2,
  periodSpan,
  ymd,
  type IsoDate,
  type PeriodKind,
} from '../shared/calendar.js';

/** Days since 1970-01-01; throws for anything that is not a real `YYYY-MM-DD`. */
export function dayNumber(date: IsoDate): number {
  const day = dayOrNaN(date);
  if (Number.isNaN(day)) throw new SalesgradeError('quota-invalid', `not a date YYYY-MM-DD: "${date}"`);
  return day;
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
 * The week a day belongs to. Calendar years (fys = 1): the ISO week, `2026-W27`. Fiscal
 * years: Monday–Sunday weeks numbered like ISO weeks but from the fiscal year's start — week 1 is the
 * week holding the first Thursday on or after the fiscal year's first day, and a week belongs to the
 * fiscal year of its Thursday (`FY2026-W01`); a year has 52 or 53 of them.
 */
export function weekOf(day: number, fys: number): { label: string; start: number; end: number } {
  const monday = day - isoWeekday(day) + 1;
  if (fys === 1) {
    const w = isoWeek(day);
    return { label: w.label, start: w.start, end: w.end };
  }
  const thursday = monday + 3;
  const th = isoOfDay(thursday);
  const fy = fiscalYearOf(Number(th.slice(0, 4)), Number(th.slice(5, 7)), fys);
  const [sy, sm] = fiscalYearStartMonth(fy, fys);
  const fyStart = dayNumber(ymd(sy, sm, 1));
  const firstThursday = fyStart + ((4 - isoWeekday(fyStart) + 7) % 7);
  return { label: `FY${fy}-W${pad2(Math.floor((thursday - firstThursday) / 7) + 1)}`, start: monday, end: monday + 6 };
}

/** The period of `kind` containing `day`: first and last day numbers and the label (fiscal weeks as `weekOf`). */
export function periodAround(day: number, kind: PeriodKind, fys: number): { label: string; start: number; end: number } {
  return kind === 'week' ? weekOf(day, fys) : periodSpan(day, kind, fys);
}
