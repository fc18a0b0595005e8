import { weekdayHolidaysByYear } from '../../../shared/calendar.js';
import { fileRefKey } from '../file-refs.js';
import { defineRule } from '../types.js';

/**
 * A `cn` calendar covers the years about to be graded or planned: the shipped data (chinese-days) or the
 * rubric's calendar file. Otherwise `evaluate`, `explain` and `quota` refuse that year (or, with
 * `--weekday-fallback`, count it Monday–Friday): better known in CI than on the Monday it is needed.
 */
export const calendarYears = defineRule({
  meta: {
    id: 'calendar-years',
    description: 'A `cn` calendar covers the years `check --year` names (default: this year): the shipped data, or days of that year in `quota.calendar.file`.',
    defaultSeverity: 'warning',
    messages: {
      uncovered:
        'the cn calendar has official data for {from}–{to}; {year} is not covered, so evaluate, explain and quota refuse it: add its holidays and make-up workdays as calendar: { base: cn, file: holidays-{year}.csv }, or grade it Monday–Friday with --weekday-fallback',
      thin: 'quota.calendar gives {year} too few holidays to be its whole schedule (weekday holidays: {holidays}; an official cn year has at least {fewest}): every other weekday of {year} would count as a working day; list the whole year',
    },
  },
  check(ctx) {
    const years = ctx.years;
    const cal = ctx.rubric.quota?.calendar;
    if (!years || cal === undefined) return;
    const isCn = cal === 'cn' || (typeof cal === 'object' && cal.base === 'cn');
    if (!isCn) return;
    // Days the rubric itself lists (inline, or in its calendar file) supply their years.
    const supplied = new Set<number>();
    // weekday holidays per year, inline and from the file
    let weekdayHolidays: Record<number, number> = {};
    if (typeof cal === 'object') {
      for (const d of [...(cal.holidays ?? []), ...(cal.workdays ?? [])]) supplied.add(Number(d.slice(0, 4)));
      const file = cal.file !== undefined ? ctx.files?.get(fileRefKey(['quota', 'calendar', 'file'])) : undefined;
      for (const y of file?.years ?? []) supplied.add(y);
      weekdayHolidays = weekdayHolidaysByYear([...(cal.holidays ?? []), ...(file?.holidays ?? [])]);
    }
    const [from, to] = years.cn;
    const fewest = years.cnFewestWeekdayHolidays;
    for (const year of [...new Set(years.check)].sort((a, b) => a - b)) {
      if (year >= from && year <= to) continue;
      if (!supplied.has(year)) {
        ctx.report({ path: ['quota', 'calendar'], messageId: 'uncovered', data: { from, to, year } });
        continue;
      }
      // a year the rubric supplies with too few holidays to be its whole schedule (as evaluate warns)
      const holidays = weekdayHolidays[year] ?? 0;
      if (fewest !== undefined && holidays * 2 < fewest) {
        ctx.report({ path: ['quota', 'calendar'], messageId: 'thin', data: { year, holidays, fewest } });
      }
    }
  },
});
