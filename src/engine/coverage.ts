/**
 * What the data's dates say about periods, before anything is scored (README "Periods and history"):
 * the data's own date range and the dates far outside it, the default period, and how much of a
 * period the data covers. Pure calendar arithmetic on `YYYY-MM-DD` strings; the working-day count is
 * injected (the pacing calendar; default Mon–Fri).
 */
import { dayNumber, isoOfDay } from './periods.js';
import type { Coverage, IsoDate, PeriodRef } from './types.js';

/** One distinct date value, the period it falls in and how many rows (× date fields) it placed. */
export interface DatedCount {
  date: IsoDate;
  label: string;
  n: number;
}

export interface DateRange<T extends DatedCount = DatedCount> {
  q1?: IsoDate;
  q3?: IsoDate;
  /** Earliest / latest date that is not far outside. */
  first?: IsoDate;
  last?: IsoDate;
  outliers: T[];
  /** Periods holding only far-outside dates. */
  outsideLabels: Set<string>;
}

/**
 * Quartiles Q1, Q3 by nearest rank over the dates (each counted `n` times); a date is far outside when
 * it lies more than 366 days + 3 × (Q3 − Q1) before Q1 or after Q3 (with at least 4 dates).
 */
export function dataDateRange<T extends DatedCount>(dates: readonly T[]): DateRange<T> {
  const infos = [...dates].filter((x) => x.n > 0).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let total = 0;
  for (const x of infos) total += x.n;
  const out: DateRange<T> = { outliers: [], outsideLabels: new Set() };
  if (total === 0) return out;
  const at = (rank: number): T => {
    let seen = 0;
    for (const x of infos) {
      seen += x.n;
      if (seen >= rank) return x;
    }
    return infos[infos.length - 1]!;
  };
  const q1 = at(Math.ceil(total * 0.25));
  const q3 = at(Math.ceil(total * 0.75));
  out.q1 = q1.date;
  out.q3 = q3.date;
  const d1 = dayNumber(q1.date);
  const d3 = dayNumber(q3.date);
  const margin = 366 + 3 * (d3 - d1);
  const inside: T[] = [];
  for (const x of infos) {
    const d = dayNumber(x.date);
    if (total >= 4 && (d < d1 - margin || d > d3 + margin)) out.outliers.push(x);
    else inside.push(x);
  }
  if (inside.length) {
    out.first = inside[0]!.date;
    out.last = inside[inside.length - 1]!.date;
  }
  const insideLabels = new Set(inside.map((x) => x.label));
  for (const x of out.outliers) if (!insideLabels.has(x.label)) out.outsideLabels.add(x.label);
  return out;
}

export interface DefaultPeriod {
  period: PeriodRef;
  busiest: { label: string; rows: number };
  /** Later periods passed over, oldest first. */
  skipped: { label: string; rows: number; outside: boolean }[];
}

/**
 * The default period: among the periods (oldest first) not made only of far-outside dates, the latest
 * whose row count is at least a tenth of the busiest period's.
 */
export function defaultPeriod(periods: readonly PeriodRef[], rows: ReadonlyMap<string, number>, outside: ReadonlySet<string>): DefaultPeriod | undefined {
  if (periods.length === 0) return undefined;
  let busiest = { label: periods[0]!.label, rows: 0 };
  for (const p of periods) {
    const n = rows.get(p.label) ?? 0;
    if (n > busiest.rows) busiest = { label: p.label, rows: n };
  }
  const skipped: DefaultPeriod['skipped'] = [];
  for (let i = periods.length - 1; i >= 0; i--) {
    const p = periods[i]!;
    const n = rows.get(p.label) ?? 0;
    const out = outside.has(p.label);
    if (!out && n * 10 >= busiest.rows) return { period: p, busiest, skipped: skipped.reverse() };
    skipped.push({ label: p.label, rows: n, outside: out });
  }
  return { period: periods[periods.length - 1]!, busiest, skipped: [] };
}

/**
 * How much of a period the data's range covers. It starts uncovered when the working days from its
 * first day to the day before the data's first date are more than a tenth of its working days (and
 * more than one); it ends
 * uncovered likewise between the day after the data's last date and its last day (with `asOf` inside
 * the period: `asOf`). A period wholly outside the range is uncovered. A period holding `asOf` before its
 * last day is in progress: always partly covered (`inProgress`, `until` at most `asOf`). Undefined when covered.
 */
export function coverageOf(
  p: PeriodRef,
  range: { first?: IsoDate; last?: IsoDate },
  asOf: IsoDate | undefined,
  workdays: (from: IsoDate, to: IsoDate) => number,
): Coverage | undefined {
  const { first, last } = range;
  if (first === undefined || last === undefined) return undefined;
  const bound = asOf !== undefined && asOf >= p.start && asOf < p.end ? asOf : p.end;
  // A tenth of the period's working days, and at least one: a week is not partial for one quiet day.
  const tolerance = Math.max(1, workdays(p.start, p.end) / 10);
  const c: Coverage = {};
  if (first > p.start && (first > p.end || workdays(p.start, isoOfDay(dayNumber(first) - 1)) > tolerance)) c.from = first;
  if (last < bound && (last < p.start || workdays(isoOfDay(dayNumber(last) + 1), bound) > tolerance)) c.until = last;
  // A period that ends after `asOf` is in progress: partly covered whatever the data holds, up to `asOf`.
  if (asOf !== undefined && asOf >= p.start && asOf < p.end) {
    c.inProgress = asOf;
    if (c.until === undefined) c.until = asOf;
  }
  return c.from !== undefined || c.until !== undefined ? c : undefined;
}
