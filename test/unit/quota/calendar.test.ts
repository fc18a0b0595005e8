import { describe, expect, it } from 'vitest';
import { CN_CORRECTIONS, CN_FEWEST_WEEKDAY_HOLIDAYS, CN_YEARS, makeCalendar } from '../../../src/quota/calendar.js';
import { SalesgradeError } from '../../../src/shared/errors.js';

function monthCounts(cal: ReturnType<typeof makeCalendar>, year: number): number[] {
  const out: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    out.push(cal.workdays(`${year}-${mm}-01`, `${year}-${mm}-${last}`));
  }
  return out;
}

describe('cn calendar, 2026 (国务院办公厅 schedule)', () => {
  const cn = makeCalendar('cn');

  // Worked out by hand from the official 2026 schedule:
  // Jan: 22 weekdays − 元旦 Jan 1–2 (Thu, Fri) + make-up Sun Jan 4                    = 21
  // Feb: 20 weekdays − 春节 Feb 16–20, 23 (6 weekdays) + make-up Sat Feb 14, Sat Feb 28 = 16
  // Mar: 22 weekdays                                                                 = 22
  // Apr: 22 weekdays − 清明 Mon Apr 6                                                 = 21
  // May: 21 weekdays − 劳动节 May 1, 4, 5 + make-up Sat May 9                          = 19
  // Jun: 22 weekdays − 端午 Fri Jun 19                                                = 21
  // Jul: 23; Aug: 21
  // Sep: 22 weekdays − 中秋 Fri Sep 25 + make-up Sun Sep 20                            = 22
  // Oct: 22 weekdays − 国庆 Oct 1, 2, 5, 6, 7 + make-up Sat Oct 10                     = 18
  // Nov: 21; Dec: 23                                          total 261 − 19 + 6      = 248
  it('counts the official working days per month', () => {
    expect(monthCounts(cn, 2026)).toEqual([21, 16, 22, 21, 19, 21, 23, 21, 22, 18, 21, 23]);
    expect(cn.workdays('2026-01-01', '2026-12-31')).toBe(248);
  });

  it('knows National Day and its make-up days', () => {
    for (const d of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']) expect(cn.isWorkday(d)).toBe(false);
    expect(cn.isWorkday('2026-09-20')).toBe(true); // Sunday, worked
    expect(cn.isWorkday('2026-10-10')).toBe(true); // Saturday, worked
    expect(cn.isWorkday('2026-10-11')).toBe(false); // ordinary Sunday
    expect(cn.isWorkday('2026-10-08')).toBe(true);
    expect(cn.workdays('2026-10-01', '2026-10-11')).toBe(3); // Thu 8, Fri 9, Sat 10 (make-up)
  });

  it('lists a year\'s special days', () => {
    const s = cn.specialDays!(2026);
    expect(s.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(s.holidays).toHaveLength(19);
  });

  it('covers 2004–2026 and refuses a year outside', () => {
    expect(CN_YEARS).toEqual([2004, 2026]);
    expect(cn.years).toEqual([2004, 2026]);
    let err: unknown;
    try {
      cn.isWorkday('2027-02-10');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SalesgradeError);
    expect((err as SalesgradeError).code).toBe('calendar-unsupported');
    expect((err as SalesgradeError).message).toBe(
      "the cn calendar has China's official holidays and make-up workdays for 2004–2026 (chinese-days 1.5.7); 2027 is not covered",
    );
  });

  it('falls back to weekdays only when asked, once per year, with a callback', () => {
    const years: number[] = [];
    const c = makeCalendar('cn', undefined, { fallback: 'weekdays', onFallback: (y) => years.push(y) });
    expect(c.workdays('2027-01-01', '2027-01-31')).toBe(21);
    expect(c.isWorkday('2027-02-10')).toBe(true);
    expect(years).toEqual([2027]);
  });
});

describe('cn corrections to the package data', () => {
  it('2005-12-31 is a working Saturday (State Council notice of 2005-12-16, 国办发明电〔2005〕35号)', () => {
    const cn = makeCalendar('cn');
    // The notice: New Year 2006 off Jan 1–3, "12月31日(星期六)上班". Without the correction the package
    // data leaves the Saturday a rest day.
    expect(cn.isWorkday('2005-12-31')).toBe(true);
    expect(cn.isWorkday('2005-12-25')).toBe(false); // an ordinary Sunday
    for (const d of ['2006-01-01', '2006-01-02', '2006-01-03']) expect(cn.isWorkday(d)).toBe(false);
    // Week 2005-12-26 … 2006-01-01: Mon–Fri + the Saturday worked = 6
    expect(cn.workdays('2005-12-26', '2006-01-01')).toBe(6);
    expect(cn.specialDays!(2005).workdays).toContain('2005-12-31');
  });

  it('every correction is a dated, sourced change of a day the package gets wrong', () => {
    for (const c of CN_CORRECTIONS) {
      expect(c.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(c.source).toMatch(/State Council|国务院/);
      expect(makeCalendar('cn').isWorkday(c.date)).toBe(c.kind === 'workday');
    }
  });
});

describe('weekday fallback is visible in the calendar name', () => {
  it('names the years counted Monday–Friday once they were asked for', () => {
    const c = makeCalendar('cn', undefined, { fallback: 'weekdays' });
    expect(c.name).toBe('cn');
    expect(c.fallbackYears()).toEqual([]);
    expect(c.workdays('2026-12-28', '2027-01-03')).toBe(5);
    expect(c.name).toBe('cn, 2027 Monday–Friday');
    expect(c.fallbackYears()).toEqual([2027]);
  });

  it('a calendar file that lists days of 2027 supplies the year: no fallback', () => {
    const c = makeCalendar({ base: 'cn' }, { holidays: ['2027-01-01'], workdays: [] }, { fallback: 'weekdays' });
    expect(c.workdays('2026-12-28', '2027-01-03')).toBe(4);
    expect(c.fallbackYears()).toEqual([]);
    expect(c.name).toBe('cn+custom');
  });
});

describe('weekdays and custom calendars', () => {
  it('weekdays counts Monday–Friday, across years', () => {
    const w = makeCalendar('weekdays');
    expect(monthCounts(w, 2026)).toEqual([22, 20, 22, 22, 21, 22, 23, 21, 22, 22, 21, 23]);
    expect(w.workdays('2025-12-29', '2026-01-04')).toBe(5);
    expect(w.workdays('2026-01-05', '2026-01-04')).toBe(0);
    expect(w.years).toBeUndefined();
  });

  it('extends cn with company days off and extra workdays', () => {
    const c = makeCalendar({ base: 'cn' }, { holidays: ['2026-12-31'], workdays: ['2026-10-11'] });
    expect(c.name).toBe('cn+custom');
    expect(c.isWorkday('2026-12-31')).toBe(false);
    expect(c.isWorkday('2026-10-11')).toBe(true);
    expect(c.workdays('2026-10-01', '2026-10-31')).toBe(19);
    expect(c.workdays('2026-12-01', '2026-12-31')).toBe(22);
  });

  it('lets a custom file supply a cn year the data does not cover', () => {
    const c = makeCalendar({ base: 'cn' }, { holidays: ['2027-01-01'], workdays: [] });
    expect(c.isWorkday('2027-01-01')).toBe(false);
    expect(c.workdays('2027-01-01', '2027-01-31')).toBe(20);
    expect(() => c.isWorkday('2028-01-03')).toThrow(/2028 is not covered/);
  });

  it('rejects bad dates and contradictions', () => {
    expect(() => makeCalendar({ holidays: ['2026-02-30'] })).toThrow(/not a date YYYY-MM-DD: "2026-02-30"/);
    expect(() => makeCalendar('weekdays', { holidays: ['2026-05-01'], workdays: ['2026-05-01'] })).toThrow(
      /2026-05-01 is listed both as a holiday and as a workday/,
    );
  });
});

describe('a cn year supplied by the calendar file alone (thinFileYears)', () => {
  it('CN_FEWEST_WEEKDAY_HOLIDAYS is the fewest weekday holidays of any official year', () => {
    const cn = makeCalendar('cn');
    let fewest = Infinity;
    for (let y = CN_YEARS[0]; y <= CN_YEARS[1]; y++) fewest = Math.min(fewest, cn.specialDays!(y).holidays.length);
    expect(fewest).toBe(CN_FEWEST_WEEKDAY_HOLIDAYS);
  });

  it('a file year with fewer than half of that is reported once the year is used; a whole year, an unused year, official years are not', () => {
    // 2027: only New Year (a Friday) and two weekend days off; 2028: a full year's weekday holidays
    const thin = ['2027-01-01', '2027-02-06', '2027-02-07'];
    const full = Array.from({ length: 10 }, (_, i) => `2028-10-${String(2 + i).padStart(2, '0')}`).filter((d) => {
      const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
      return wd >= 1 && wd <= 5;
    });
    full.push('2028-01-03', '2028-04-04', '2028-05-01', '2028-05-02', '2028-06-01', '2028-09-04');
    const cal = makeCalendar('cn', { holidays: [...thin, ...full], workdays: ['2027-02-13'] });
    expect(cal.thinFileYears()).toEqual([]); // nothing asked yet
    cal.workdays('2026-12-28', '2027-01-03');
    cal.workdays('2028-01-01', '2028-12-31');
    cal.workdays('2026-01-01', '2026-12-31');
    expect(cal.thinFileYears()).toEqual([{ year: 2027, holidays: 1, workdays: 1 }]);
    expect(full.length * 2).toBeGreaterThanOrEqual(CN_FEWEST_WEEKDAY_HOLIDAYS);
    // the weekdays base has no official schedule to compare with: a company's own days off are never "thin"
    const weekdays = makeCalendar({ base: 'weekdays' }, { holidays: ['2027-01-01'], workdays: [] });
    weekdays.workdays('2027-01-01', '2027-12-31');
    expect(weekdays.thinFileYears()).toEqual([]);
  });
});
