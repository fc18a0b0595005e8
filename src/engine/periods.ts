/**
 * Periods: ISO weeks, months, quarters, halves and years, with a fiscal year that may start in any
 * month. Pure calendar arithmetic on `YYYY-MM-DD` strings through UTC day numbers: no time zone can
 * shift a date.
 *
 * Labels: `2026-W27` (ISO week and ISO week-year), `2026-07`, `2026-Q3`, `2026-H2`, `2026`. When
 * `fiscal_year_start` is not 1, quarters, halves and years are fiscal and labelled `FY2026-Q1`,
 * `FY2026-H1`, `FY2026`, where the fiscal year is named after the calendar year in which it ENDS
 * (fiscal_year_start 4: FY2026 = 2025-04-01 … 2026-03-31). Weeks and months stay calendar periods.
 */
import { SalesgradeError } from '../shared/errors.js';
import type { IsoDate, PeriodRef } from './types.js';
import type { PeriodKind } from './rubric-shape.js';

const MS_PER_DAY = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid `YYYY-MM-DD`; NaN when it is not one. */
export function dayNumber(date: IsoDate): number {
  const m = ISO_RE.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return Date.UTC(y, mo - 1, d) / MS_PER_DAY;
}

/** `YYYY-MM-DD` of a day number. */
export function isoOfDay(day: number): IsoDate {
  const dt = new Date(day * MS_PER_DAY);
  const y = dt.getUTCFullYear();
  const mo = dt.getUTCMonth() + 1;
  const d = dt.getUTCDate();
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isValidIsoDate(date: string): boolean {
  return !Number.isNaN(dayNumber(date));
}

export function daysInMonth(y: number, month: number): number {
  return new Date(Date.UTC(y, month, 0)).getUTCDate();
}

/** Inclusive count of days from `from` to `to`. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** ISO weekday, Monday 1 … Sunday 7. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function ymd(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** Calendar (year, month) of the `offset`-th month after (y, m); months 1–12. */
function addMonths(y: number, m: number, offset: number): [number, number] {
  const idx = y * 12 + (m - 1) + offset;
  return [Math.floor(idx / 12), (idx % 12) + 1];
}

/** A span of `months` months starting at (y, m). */
function monthSpan(y: number, m: number, months: number): { start: IsoDate; end: IsoDate } {
  const [ey, em] = addMonths(y, m, months - 1);
  return { start: ymd(y, m, 1), end: ymd(ey, em, daysInMonth(ey, em)) };
}

function isoWeekRef(day: number): PeriodRef {
  const thursday = day - isoWeekday(day) + 4;
  const isoYear = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(isoYear, 0, 1) / MS_PER_DAY) / 7) + 1;
  return { kind: 'week', label: `${isoYear}-W${pad2(week)}`, start: isoOfDay(thursday - 3), end: isoOfDay(thursday + 3) };
}

/** Fiscal year naming: the calendar year in which the fiscal year ends. */
function fiscalYearOf(y: number, m: number, fys: number): number {
  if (fys === 1) return y;
  return m >= fys ? y + 1 : y;
}

/** First calendar (year, month) of fiscal year `fy`. */
function fiscalYearStart(fy: number, fys: number): [number, number] {
  return fys === 1 ? [fy, 1] : [fy - 1, fys];
}

function yearPrefix(fy: number, fys: number): string {
  return fys === 1 ? String(fy) : `FY${fy}`;
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
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  switch (kind) {
    case 'week':
      return isoWeekRef(day);
    case 'month':
      return { kind, label: `${y}-${pad2(m)}`, ...monthSpan(y, m, 1) };
    default: {
      const fy = fiscalYearOf(y, m, fiscalYearStart);
      const fm = (m - fiscalYearStart + 12) % 12; // 0-based month within the fiscal year
      return fiscalPeriod(kind, fy, kind === 'quarter' ? Math.floor(fm / 3) + 1 : kind === 'half' ? Math.floor(fm / 6) + 1 : 1, fiscalYearStart);
    }
  }
}

function fiscalPeriod(kind: 'quarter' | 'half' | 'year', fy: number, n: number, fys: number): PeriodRef {
  const [sy, sm] = fiscalYearStart(fy, fys);
  const len = kind === 'quarter' ? 3 : kind === 'half' ? 6 : 12;
  const [py, pm] = addMonths(sy, sm, (n - 1) * len);
  const prefix = yearPrefix(fy, fys);
  const label = kind === 'quarter' ? `${prefix}-Q${n}` : kind === 'half' ? `${prefix}-H${n}` : prefix;
  return { kind, label, ...monthSpan(py, pm, len) };
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
  const bad = (why?: string): never => {
    throw new SalesgradeError(
      'period-invalid',
      `"${label}" is not a ${kind} period${why ? ` (${why})` : ''}`,
      { hint: `write it like ${EXAMPLES[kind](fiscalYearStart)}` },
    );
  };
  const fiscal = fiscalYearStart !== 1;
  if (kind === 'week') {
    const m = /^(\d{4})-?W(\d{1,2})$/.exec(s);
    if (!m) return bad();
    const year = Number(m[1]);
    const week = Number(m[2]);
    // ISO week 1 contains 4 January.
    const jan4 = Date.UTC(year, 0, 4) / MS_PER_DAY;
    const monday = jan4 - isoWeekday(jan4) + 1 + (week - 1) * 7;
    const ref = isoWeekRef(monday);
    if (week < 1 || ref.label !== `${year}-W${pad2(week)}`) return bad(`${year} has no week ${week}`);
    return ref;
  }
  if (kind === 'month') {
    const m = /^(\d{4})-?(\d{1,2})$/.exec(s);
    if (!m) return bad();
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return bad('month must be 01–12');
    return periodOf(ymd(Number(m[1]), mo, 1), 'month', fiscalYearStart);
  }
  const m = /^(FY)?(\d{4})(?:-?([QH])(\d))?$/.exec(s);
  if (!m) return bad();
  if (Boolean(m[1]) !== fiscal) {
    return bad(fiscal ? `the fiscal year starts in month ${fiscalYearStart}` : 'the fiscal year is the calendar year');
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
  return fiscalPeriod(kind, fy, n, fiscalYearStart);
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
