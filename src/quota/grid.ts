/**
 * Phase 1 of the decomposition: the calendar grid of a fiscal year. Every day is a working day or not;
 * days group into months and into weeks, and a week that spans two months is two segments (the days of
 * one week inside one month), so each day later takes its share from its own month.
 */
import { isoOfDay } from '../shared/calendar.js';
import type { WorkCalendar } from './calendar.js';
import { fiscalMonths, weekOf, type PlanMonth } from './dates.js';

export interface Segment {
  month: number;
  week: number;
  first: number;
  last: number;
  workdays: number;
}

export interface GridWeek {
  label: string;
  first: number;
  last: number;
  workdays: number;
}

export interface CalendarGrid {
  months: PlanMonth[];
  firstDay: number;
  lastDay: number;
  /** 1 for a working day, by day number − firstDay. */
  workday: Uint8Array;
  weeks: GridWeek[];
  segments: Segment[];
  /** Per month: its segments' indexes, in order. */
  monthSegs: number[][];
  monthWorkdays: number[];
}

export function calendarGrid(fy: number, fys: number, calendar: WorkCalendar): CalendarGrid {
  const months = fiscalMonths(fy, fys);
  const firstDay = months[0]!.firstDay;
  const lastDay = months[11]!.lastDay;
  const workday = new Uint8Array(lastDay - firstDay + 1);
  for (let d = firstDay; d <= lastDay; d++) workday[d - firstDay] = calendar.isWorkday(isoOfDay(d)) ? 1 : 0;
  const weeks: GridWeek[] = [];
  const segments: Segment[] = [];
  const monthSegs: number[][] = months.map(() => []);
  for (const [mi, m] of months.entries()) {
    let d = m.firstDay;
    while (d <= m.lastDay) {
      const w = weekOf(d, fys);
      const last = Math.min(w.end, m.lastDay);
      let wi = weeks.length - 1;
      if (wi < 0 || weeks[wi]!.label !== w.label) {
        weeks.push({ label: w.label, first: Math.max(w.start, firstDay), last: Math.min(w.end, lastDay), workdays: 0 });
        wi = weeks.length - 1;
      }
      let wd = 0;
      for (let x = d; x <= last; x++) wd += workday[x - firstDay]!;
      weeks[wi]!.workdays += wd;
      monthSegs[mi]!.push(segments.length);
      segments.push({ month: mi, week: wi, first: d, last, workdays: wd });
      d = last + 1;
    }
  }
  const monthWorkdays = monthSegs.map((segs) => segs.reduce((a, s) => a + segments[s]!.workdays, 0));
  return { months, firstDay, lastDay, workday, weeks, segments, monthSegs, monthWorkdays };
}
