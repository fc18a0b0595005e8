/**
 * Periods: ISO weeks, months, quarters, halves and years, with a fiscal year that may start in any
 * month, as the engine's `PeriodRef`s; parsing of period labels. The calendar arithmetic itself is
 * shared/calendar.ts (the quota plan uses the same).
 *
 * Labels: `2026-W27` (ISO week and ISO week-year), `2026-07`, `2026-Q3`, `2026-H2`, `2026`. When
 * `fiscal_year_start` is not 1, quarters, halves and years are fiscal and labelled `FY2026-Q1`,
 * `FY2026-H1`, `FY2026`, where the fiscal year is named after the calendar year in which it ENDS
 * (fiscal_year_start 4: FY2026 = 2025-04-01 … 2026-03-31). Weeks and months stay calendar periods.
 */
import { SalesgradeError, templatedError } from '../shared/errors.js';
import type { MessageParams } from '../shared/message-template.js';
import { dayNumber, fiscalPeriodSpan, isoOfDay, isoWeek, isoWeekMonday, isoWeekday, periodSpan, ymd, type DaySpan } from '../shared/calendar.js';
import type { IsoDate, PeriodRef } from './types.js';
import type { PeriodKind } from './rubric-shape.js';

export { dayNumber, isoOfDay };

export function isValidIsoDate(date: string): boolean {
  return !Number.isNaN(dayNumber(date));
}

/** Inclusive count of days from `from` to `to`. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

function refOf(kind: PeriodKind, span: DaySpan): PeriodRef {
  return { kind, label: span.label, start: isoOfDay(span.start), end: isoOfDay(span.end) };
}

function checkFys(fys: number): void {
  if (!Number.isInteger(fys) || fys < 1 || fys > 12) {
    throw new SalesgradeError('period-invalid', `fiscal_year_start must be a month 1–12, got ${fys}`);
  }
}

/** The period of `kind` that contains `date`. */
export function periodOf(date: IsoDate, kind: PeriodKind, fiscalYearStart = 1): PeriodRef {
  checkFys(fiscalYearStart);
  const day = dayNumber(date);
  if (Number.isNaN(day)) throw new SalesgradeError('period-invalid', `not a date YYYY-MM-DD: "${date}"`);
  return refOf(kind, periodSpan(day, kind, fiscalYearStart));
}

const EXAMPLES: Record<PeriodKind, (fys: number) => string> = {
  week: () => '2026-W27',
  month: () => '2026-07',
  quarter: (f) => (f === 1 ? '2026-Q3' : 'FY2026-Q1'),
  half: (f) => (f === 1 ? '2026-H2' : 'FY2026-H1'),
  year: (f) => (f === 1 ? '2026' : 'FY2026'),
};

/**
 * A period label back to its period. Accepts the canonical labels above, case-insensitively, with
 * or without the dash (`2026q3`, `fy2026-q1`). A label of another kind, or a calendar label for a
 * fiscal rubric (and the reverse), is an error that names the expected form.
 */
export function parsePeriod(label: string, kind: PeriodKind, fiscalYearStart = 1): PeriodRef {
  checkFys(fiscalYearStart);
  const s = label.trim().toUpperCase();
  const bad = (why?: { id: 'period-invalid-week' | 'period-invalid-month' | 'period-invalid-fiscal' | 'period-invalid-calendar'; params?: MessageParams }): never => {
    throw templatedError('period-invalid', why?.id ?? 'period-invalid', { label, kind, example: EXAMPLES[kind](fiscalYearStart), ...why?.params });
  };
  const fiscal = fiscalYearStart !== 1;
  if (kind === 'week') {
    const m = /^(\d{4})-?W(\d{1,2})$/.exec(s);
    if (!m) return bad();
    const year = Number(m[1]);
    const week = Number(m[2]);
    const monday = isoWeekMonday(year, week);
    if (monday === undefined) return bad({ id: 'period-invalid-week', params: { year, week } });
    return refOf('week', isoWeek(monday));
  }
  if (kind === 'month') {
    const m = /^(\d{4})-?(\d{1,2})$/.exec(s);
    if (!m) return bad();
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return bad({ id: 'period-invalid-month' });
    return periodOf(ymd(Number(m[1]), mo, 1), 'month', fiscalYearStart);
  }
  const m = /^(FY)?(\d{4})(?:-?([QH])(\d))?$/.exec(s);
  if (!m) return bad();
  if (Boolean(m[1]) !== fiscal) {
    return bad(fiscal ? { id: 'period-invalid-fiscal', params: { month: fiscalYearStart } } : { id: 'period-invalid-calendar' });
  }
  const fy = Number(m[2]);
  const letter = m[3];
  const n = m[4] === undefined ? 1 : Number(m[4]);
  if (kind === 'quarter') {
    if (letter !== 'Q' || n < 1 || n > 4) return bad();
  } else if (kind === 'half') {
    if (letter !== 'H' || n < 1 || n > 2) return bad();
  } else if (letter !== undefined) {
    return bad();
  }
  return refOf(kind, fiscalPeriodSpan(kind, fy, n, fiscalYearStart));
}

const KINDS: readonly PeriodKind[] = ['week', 'month', 'quarter', 'half', 'year'];

/**
 * The kind of period a label names (`2026-W27` week, `2026-07` month, `2026-Q3` quarter, `2026-H1`
 * half, `2026` year; `FY…` when the fiscal year does not start in January), or undefined when it names
 * none. A rubric graded by one kind can be asked for another (a view: engine/view.ts).
 */
export function periodKindOf(label: string, fiscalYearStart = 1): PeriodKind | undefined {
  for (const k of KINDS) {
    try {
      parsePeriod(label, k, fiscalYearStart);
      return k;
    } catch {
      // not this kind: try the next
    }
  }
  return undefined;
}

/** Order periods by start date. */
export function comparePeriods(a: PeriodRef, b: PeriodRef): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}

/** Every period of `kind` overlapping [from, to], in order. */
export function periodsOverlapping(from: IsoDate, to: IsoDate, kind: PeriodKind, fiscalYearStart = 1): PeriodRef[] {
  const out: PeriodRef[] = [];
  let day = dayNumber(from);
  const last = dayNumber(to);
  while (day <= last) {
    const p = periodOf(isoOfDay(day), kind, fiscalYearStart);
    out.push(p);
    day = dayNumber(p.end) + 1;
  }
  return out;
}

/** Mon–Fri days in [from, to], inclusive: the default working-day count for pacing. */
export function weekdaysBetween(from: IsoDate, to: IsoDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return 0;
  let n = 0;
  // Whole weeks first, then the rest day by day.
  const total = b - a + 1;
  const weeks = Math.floor(total / 7);
  n += weeks * 5;
  for (let d = a + weeks * 7; d <= b; d++) if (isoWeekday(d) <= 5) n++;
  return n;
}
