/**
 * Working-day calendars: `weekdays` (Monday–Friday), `cn` (mainland China's official public holidays
 * and the weekend make-up workdays, 调休, from the maintained `chinese-days` package) and custom
 * calendars that add holidays and extra workdays on top of either.
 *
 * A `cn` date in a year the package has no schedule for is an error (`calendar-unsupported`), never a
 * silent guess: the weekday rule would count Spring Festival and National Day as working days. A
 * custom calendar that lists dates in such a year supplies that year's schedule itself (e.g. 2027
 * before the package has it); `fallback: 'weekdays'` is the explicit, warned way out.
 */
import cnData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import cnPackage from 'chinese-days/package.json' with { type: 'json' };
import { SalesgradeError } from '../shared/errors.js';
import { isIsoDate, isoOfDay, isoWeekday, type IsoDate } from '../shared/calendar.js';
import { dayNumber } from './dates.js';

/** What the rubric's `quota.calendar` holds (structurally the same as rubric/schema.ts CalendarSpec). */
export type CalendarSpec =
  | 'cn'
  | 'weekdays'
  | {
      base?: 'cn' | 'weekdays' | undefined;
      file?: string | undefined;
      holidays?: string[] | undefined;
      workdays?: string[] | undefined;
    };

export interface WorkCalendar {
  /** `cn`, `weekdays`, `cn+custom`; with a year counted Monday–Friday by the fallback, `cn, 2027 Monday–Friday`. */
  readonly name: string;
  /** Years of a `cn` calendar counted Monday–Friday because the data lacks them (with `fallback: 'weekdays'`), sorted. */
  fallbackYears(): number[];
  isWorkday(d: IsoDate): boolean;
  /** Working days from `from` to `to`, both inclusive; 0 when `to` is before `from`. */
  workdays(from: IsoDate, to: IsoDate): number;
  /** The years with an official schedule (cn only). */
  years?: [number, number];
  /** Holidays (days off on a weekday) and make-up workdays (a weekend day worked) of one year. */
  specialDays?(year: number): { holidays: IsoDate[]; workdays: IsoDate[] };
  /**
   * Years of a `cn` calendar past the official data that the rubric (inline days or the calendar file) supplies, asked for
   * so far, listing fewer weekday holidays than half the fewest of any official year
   * (`CN_FEWEST_WEEKDAY_HOLIDAYS`): a file that gives a year only its make-up workdays, or one
   * festival, would otherwise count every other holiday as a working day, silently. Sorted by year.
   */
  thinFileYears(): Array<{ year: number; holidays: number; workdays: number }>;
}

/**
 * The fewest weekday holidays in any year of the bundled official cn schedule (2004–2026: 16); a file
 * year with fewer than half of it is reported by `WorkCalendar.thinFileYears`. A test recomputes it
 * from the data.
 */
export const CN_FEWEST_WEEKDAY_HOLIDAYS = 16;

export interface CalendarExtra {
  holidays: IsoDate[];
  workdays: IsoDate[];
}

export interface CalendarOptions {
  /** Use Monday–Friday for a `cn` year without official data instead of failing. */
  fallback?: 'weekdays';
  /** Called once per year that fell back, so the caller can warn. */
  onFallback?: (year: number) => void;
}

interface CnTable {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const CN = cnData as CnTable;

function dataYears(): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of Object.keys(CN.holidays)) {
    const y = Number(d.slice(0, 4));
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  return [lo, hi];
}

/** The years the bundled China holiday data covers, e.g. [2004, 2026]. */
export const CN_YEARS: [number, number] = dataYears();
/** The data package and version, named in notes and errors. */
export const CN_SOURCE = `chinese-days ${(cnPackage as { version: string }).version}`;

/**
 * Corrections to the package data, each with the official source that decides it. Applied on top of
 * the package: a `workday` entry is a weekend day worked (调休上班), a `holiday` entry a weekday off.
 * Keep this table small and cited; report each entry upstream (github.com/vsme/chinese-days).
 */
export const CN_CORRECTIONS: readonly { date: IsoDate; kind: 'workday' | 'holiday'; source: string }[] = [
  {
    // 国务院办公厅关于2006年部分节假日安排的通知 (国办发明电〔2005〕35号, 2005-12-16): "元旦：1月1日—3日放假，
    // 共3天……12月31日(星期六)上班". The package has Jan 1–3 off but not the Saturday worked before them.
    date: '2005-12-31',
    kind: 'workday',
    source: 'State Council notice of 2005-12-16 (国办发明电〔2005〕35号): Saturday 2005-12-31 worked for New Year 2006',
  },
];

const cnHolidays = new Set(Object.keys(CN.holidays));
const cnWorkdays = new Set(Object.keys(CN.workdays));
for (const c of CN_CORRECTIONS) {
  (c.kind === 'workday' ? cnWorkdays : cnHolidays).add(c.date);
  (c.kind === 'workday' ? cnHolidays : cnWorkdays).delete(c.date);
}

function checkDates(list: readonly string[], what: string): void {
  for (const d of list) {
    if (!isIsoDate(d)) throw new SalesgradeError('quota-invalid', `calendar ${what}: not a date YYYY-MM-DD: "${d}"`);
  }
}

/**
 * A working-day calendar from the rubric's `quota.calendar` and the dates read from its `file` (the
 * caller reads the file: quota/ does no I/O). Extra holidays win over the base's workdays, extra
 * workdays over the base's weekends and holidays; a date listed as both is an error.
 */
export function makeCalendar(spec: CalendarSpec, extra?: CalendarExtra, options: CalendarOptions = {}): WorkCalendar {
  const base = typeof spec === 'string' ? spec : (spec.base ?? 'weekdays');
  const addHolidays = [...(typeof spec === 'string' ? [] : (spec.holidays ?? [])), ...(extra?.holidays ?? [])];
  const addWorkdays = [...(typeof spec === 'string' ? [] : (spec.workdays ?? [])), ...(extra?.workdays ?? [])];
  checkDates(addHolidays, 'holidays');
  checkDates(addWorkdays, 'workdays');
  const extraHolidays = new Set(addHolidays);
  const extraWorkdays = new Set(addWorkdays);
  for (const d of extraHolidays) {
    if (extraWorkdays.has(d)) throw new SalesgradeError('quota-invalid', `calendar: ${d} is listed both as a holiday and as a workday`);
  }
  const custom = extraHolidays.size > 0 || extraWorkdays.size > 0 || typeof spec !== 'string';
  const name = custom ? `${base}+custom` : base;
  const customYears = new Set([...extraHolidays, ...extraWorkdays].map((d) => Number(d.slice(0, 4))));
  const warned = new Set<number>();
  const fileYearsUsed = new Set<number>();

  // 0 = use weekdays rule, 1 = use cn data
  const yearMode = (y: number): 0 | 1 => {
    if (base !== 'cn') return 0;
    if (y >= CN_YEARS[0] && y <= CN_YEARS[1]) return 1;
    if (customYears.has(y)) {
      fileYearsUsed.add(y);
      return 0;
    }
    if (options.fallback === 'weekdays') {
      if (!warned.has(y)) {
        warned.add(y);
        options.onFallback?.(y);
      }
      return 0;
    }
    throw new SalesgradeError(
      'calendar-unsupported',
      `the cn calendar has China's official holidays and make-up workdays for ${CN_YEARS[0]}–${CN_YEARS[1]} (${CN_SOURCE}); ${y} is not covered`,
      { hint: `list ${y}'s holidays and workdays in a calendar file (calendar: { base: cn, file: … }), or pass --weekday-fallback to count Monday–Friday with a warning` },
    );
  };

  const baseIsWorkday = (d: IsoDate, day: number): boolean => {
    const mode = yearMode(Number(d.slice(0, 4)));
    if (mode === 1) {
      if (cnWorkdays.has(d)) return true;
      if (cnHolidays.has(d)) return false;
    }
    return isoWeekday(day) <= 5;
  };

  const isWorkdayDay = (day: number, d: IsoDate): boolean => {
    if (extraHolidays.has(d)) return false;
    if (extraWorkdays.has(d)) return true;
    return baseIsWorkday(d, day);
  };

  // Per-year prefix sums so that workdays(from, to) is O(years spanned).
  const prefix = new Map<number, { first: number; sums: Int32Array }>();
  const yearPrefix = (y: number): { first: number; sums: Int32Array } => {
    let p = prefix.get(y);
    if (!p) {
      const first = dayNumber(`${String(y).padStart(4, '0')}-01-01`);
      const last = dayNumber(`${String(y).padStart(4, '0')}-12-31`);
      const sums = new Int32Array(last - first + 2);
      for (let i = 0; i <= last - first; i++) sums[i + 1] = sums[i]! + (isWorkdayDay(first + i, isoOfDay(first + i)) ? 1 : 0);
      p = { first, sums };
      prefix.set(y, p);
    }
    return p;
  };

  const cal: WorkCalendar = {
    // A getter: the fallback years are known only once the dates are asked for.
    get name(): string {
      if (warned.size === 0) return name;
      return `${name}, ${[...warned].sort((a, b) => a - b).join(', ')} Monday–Friday`;
    },
    fallbackYears: () => [...warned].sort((a, b) => a - b),
    isWorkday: (d) => isWorkdayDay(dayNumber(d), d),
    workdays: (from, to) => {
      const a = dayNumber(from);
      const b = dayNumber(to);
      if (b < a) return 0;
      const ya = Number(from.slice(0, 4));
      const yb = Number(to.slice(0, 4));
      let total = 0;
      for (let y = ya; y <= yb; y++) {
        const p = yearPrefix(y);
        const lastIdx = p.sums.length - 1;
        const lo = y === ya ? a - p.first : 0;
        const hi = y === yb ? b - p.first + 1 : lastIdx;
        total += p.sums[hi]! - p.sums[lo]!;
      }
      return total;
    },
    specialDays: (year) => {
      const first = dayNumber(`${String(year).padStart(4, '0')}-01-01`);
      const last = dayNumber(`${String(year).padStart(4, '0')}-12-31`);
      const holidays: IsoDate[] = [];
      const workdays: IsoDate[] = [];
      for (let day = first; day <= last; day++) {
        const d = isoOfDay(day);
        const weekday = isoWeekday(day) <= 5;
        const works = isWorkdayDay(day, d);
        if (weekday && !works) holidays.push(d);
        if (!weekday && works) workdays.push(d);
      }
      return { holidays, workdays };
    },
    thinFileYears: () => {
      const thin: Array<{ year: number; holidays: number; workdays: number }> = [];
      for (const year of [...fileYearsUsed].sort((a, b) => a - b)) {
        const { holidays, workdays } = cal.specialDays!(year);
        if (holidays.length * 2 < CN_FEWEST_WEEKDAY_HOLIDAYS) thin.push({ year, holidays: holidays.length, workdays: workdays.length });
      }
      return thin;
    },
  };
  if (base === 'cn') cal.years = [CN_YEARS[0], CN_YEARS[1]];
  return cal;
}
