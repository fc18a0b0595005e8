/**
 * The one calendar: `YYYY-MM-DD` dates as UTC day numbers (no time zone can shift a date), ISO weeks,
 * months, quarters, halves and years, with a fiscal year that may start in any month. The engine's
 * periods (engine/periods.ts) and the quota plan's (quota/dates.ts) are both built on it; they were two
 * copies.
 *
 * Labels: `2026-W27` (ISO week and ISO week-year), `2026-07`, `2026-Q3`, `2026-H2`, `2026`. When the
 * fiscal year does not start in January (`fys` ≠ 1), quarters, halves and years are fiscal and
 * labelled `FY2026-Q1`, `FY2026-H1`, `FY2026`, the fiscal year named after the calendar year in which
 * it ENDS (fys 4: FY2026 = 2025-04-01 … 2026-03-31). Weeks and months stay calendar periods here.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
export type PeriodKind = 'week' | 'month' | 'quarter' | 'half' | 'year';

/** A period as day numbers (first and last day, inclusive) and its label. */
export interface DaySpan {
  label: string;
  start: number;
  end: number;
}

const MS_PER_DAY = 86_400_000;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month 1–12 of year `y` (proleptic Gregorian); a table lookup, for the per-row date checks. */
export function daysInMonth(y: number, month: number): number {
  return month === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * A `DDDD-DD-DD` text of ASCII digits read as the number `yyyymmdd` (no check of month or day); -1 for
 * any other text. Digits are read off their char codes: no match array, no substrings (the data sheets
 * and the aggregator's date lookup call it per date cell).
 */
export function isoDigits(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const y0 = s.charCodeAt(0) - 48;
  const y1 = s.charCodeAt(1) - 48;
  const y2 = s.charCodeAt(2) - 48;
  const y3 = s.charCodeAt(3) - 48;
  const m0 = s.charCodeAt(5) - 48;
  const m1 = s.charCodeAt(6) - 48;
  const d0 = s.charCodeAt(8) - 48;
  const d1 = s.charCodeAt(9) - 48;
  // `x >>> 0 > 9`: not an ASCII digit (below '0' wraps to a large number)
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return -1;
  return (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 10000 + (m0 * 10 + m1) * 100 + d0 * 10 + d1;
}

/** Days since 1970-01-01 for a valid `YYYY-MM-DD`; NaN when it is not one. */
export function dayNumber(date: IsoDate): number {
  const n = isoDigits(date);
  if (n < 0) return NaN;
  const y = Math.floor(n / 10000);
  const mo = Math.floor(n / 100) % 100;
  const d = n % 100;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  if (y >= 100) return Date.UTC(y, mo - 1, d) / MS_PER_DAY;
  // Date.UTC reads years 0–99 as 1900–1999 (0026-07-01 would be 1926-07-01): set the year itself
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.getTime() / MS_PER_DAY;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  return !Number.isNaN(dayNumber(s));
}

export function pad2(n: number): string {
  return n < 10 && n >= 0 ? `0${n}` : String(n);
}

export function ymd(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** `YYYY-MM-DD` of a day number. */
export function isoOfDay(day: number): IsoDate {
  const dt = new Date(day * MS_PER_DAY);
  return ymd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** ISO weekday of a day number: Monday 1 … Sunday 7. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Calendar (year, month) `offset` months after (y, m); months 1–12. */
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

/** The ISO week holding `day` (Monday–Sunday; the week belongs to the year of its Thursday). */
export function isoWeek(day: number): DaySpan & { year: number; week: number } {
  const thursday = day - isoWeekday(day) + 4;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / MS_PER_DAY) / 7) + 1;
  return { label: `${year}-W${pad2(week)}`, start: thursday - 3, end: thursday + 3, year, week };
}

/** The Monday of ISO week `week` of `year` (week 1 holds 4 January); undefined when the year has no such week. */
export function isoWeekMonday(year: number, week: number): number | undefined {
  if (!Number.isInteger(week) || week < 1 || week > 53) return undefined;
  const jan4 = Date.UTC(year, 0, 4) / MS_PER_DAY;
  const monday = jan4 - isoWeekday(jan4) + 1 + (week - 1) * 7;
  const w = isoWeek(monday);
  return w.week === week && w.year === year ? monday : undefined;
}

function monthSpan(y: number, m: number, months: number): { start: number; end: number } {
  const [ey, em] = addMonths(y, m, months - 1);
  return { start: Date.UTC(y, m - 1, 1) / MS_PER_DAY, end: Date.UTC(ey, em - 1, daysInMonth(ey, em)) / MS_PER_DAY };
}

/** The `n`-th (1-based) quarter, half or the year of fiscal year `fy`. */
export function fiscalPeriodSpan(kind: 'quarter' | 'half' | 'year', fy: number, n: number, fys: number): DaySpan {
  const [sy, sm] = fiscalYearStartMonth(fy, fys);
  const len = kind === 'quarter' ? 3 : kind === 'half' ? 6 : 12;
  const [py, pm] = addMonths(sy, sm, (n - 1) * len);
  const prefix = yearLabel(fy, fys);
  const label = kind === 'quarter' ? `${prefix}-Q${n}` : kind === 'half' ? `${prefix}-H${n}` : prefix;
  return { label, ...monthSpan(py, pm, len) };
}

/** The period of `kind` containing `day` (weeks: ISO weeks; months: calendar months; the rest fiscal). */
export function periodSpan(day: number, kind: PeriodKind, fys: number): DaySpan {
  if (kind === 'week') {
    const w = isoWeek(day);
    return { label: w.label, start: w.start, end: w.end };
  }
  const dt = new Date(day * MS_PER_DAY);
  const y = dt.getUTCFullYear();
  const m = dt.getUTCMonth() + 1;
  if (kind === 'month') return { label: `${String(y).padStart(4, '0')}-${pad2(m)}`, ...monthSpan(y, m, 1) };
  const fm = (m - fys + 12) % 12; // 0-based month within the fiscal year
  const n = kind === 'quarter' ? Math.floor(fm / 3) + 1 : kind === 'half' ? Math.floor(fm / 6) + 1 : 1;
  return fiscalPeriodSpan(kind, fiscalYearOf(y, m, fys), n, fys);
}

/**
 * Per year, how many of `dates` (days off) fall Monday–Friday: a weekend day off is no holiday. Each
 * date once. Used to tell a calendar year given in full from one given a festival or two.
 */
export function weekdayHolidaysByYear(dates: Iterable<IsoDate>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const d of new Set(dates)) {
    if (!isIsoDate(d) || isoWeekday(dayNumber(d)) > 5) continue;
    const y = Number(d.slice(0, 4));
    out[y] = (out[y] ?? 0) + 1;
  }
  return out;
}
