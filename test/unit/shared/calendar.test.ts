import { addMonths, addQuarters, format, getISOWeek, getISOWeekYear, startOfISOWeek, startOfMonth, startOfQuarter } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fiscalPeriodSpan, isIsoDate, isoOfDay, isoWeek, isoWeekMonday, periodSpan } from '../../../src/shared/calendar.js';
import { isoDateToSerial } from '../../../src/shared/sheet-model.js';

// Differential: the calendar against date-fns (local dates at noon, so no time zone shifts a day), and a
// naive month walk for fiscal periods. A period's last day is the day before the next period's first:
// date-fns' endOfQuarter is 23:59:59.999 local, which does not exist on a day a zone skipped (the
// suite's Pacific/Kiritimati skipped 1994-12-31), and Date moves it into the next day.
const local = (day: number): Date => {
  const iso = isoOfDay(day);
  return new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)), 12);
};
const dayOfLocal = (d: Date): number => dayNumber(format(d, 'yyyy-MM-dd'));
const anyDay = fc.integer({ min: dayNumber('1900-01-01'), max: dayNumber('2100-12-31') });

describe('shared/calendar: one calendar for the engine and the quota plan', () => {
  it('ISO weeks equal date-fns (label, Monday, Sunday), and a week label parses back to its Monday', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const w = isoWeek(day);
        const d = local(day);
        expect(w.label).toBe(`${getISOWeekYear(d)}-W${String(getISOWeek(d)).padStart(2, '0')}`);
        expect(w.start).toBe(dayOfLocal(startOfISOWeek(d)));
        expect(w.end).toBe(w.start + 6);
        expect(isoWeekMonday(w.year, w.week)).toBe(w.start);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    [2026, 53, '2026-12-28'],
    [2025, 53, undefined],
    [2020, 53, '2020-12-28'],
    [2026, 1, '2025-12-29'],
    [2027, 0, undefined],
  ])('ISO week %i-W%i starts on %s', (year, week, monday) => {
    const m = isoWeekMonday(year, week);
    expect(m === undefined ? undefined : isoOfDay(m)).toBe(monday);
  });

  it('calendar months and quarters equal date-fns', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const d = local(day);
        const month = periodSpan(day, 'month', 1);
        expect([month.label, month.end]).toEqual([format(d, 'yyyy-MM'), dayOfLocal(startOfMonth(addMonths(d, 1))) - 1]);
        const q = periodSpan(day, 'quarter', 1);
        expect([q.label, q.start, q.end]).toEqual([`${format(d, 'yyyy')}-Q${format(d, 'Q')}`, dayOfLocal(startOfQuarter(d)), dayOfLocal(startOfQuarter(addQuarters(d, 1))) - 1]);
      }),
      { numRuns: 2000 },
    );
  });

  it('fiscal quarters, halves and years: a naive month walk from the fiscal year start agrees', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 1, max: 12 }), fc.constantFrom('quarter' as const, 'half' as const, 'year' as const), (day, fys, kind) => {
        const span = periodSpan(day, kind, fys);
        const len = kind === 'quarter' ? 3 : kind === 'half' ? 6 : 12;
        // walk back to the first day of the period: months since the fiscal year start, modulo len
        const iso = isoOfDay(day);
        let y = Number(iso.slice(0, 4));
        let m = Number(iso.slice(5, 7));
        let back = ((m - fys + 12) % 12) % len;
        while (back-- > 0) [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
        expect(isoOfDay(span.start)).toBe(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`);
        expect(day).toBeGreaterThanOrEqual(span.start);
        expect(day).toBeLessThanOrEqual(span.end);
        expect(periodSpan(span.end + 1, kind, fys).start).toBe(span.end + 1);
        // the label names the fiscal year by the calendar year it ends in
        const fy = Number(/\d{4}/.exec(span.label)![0]);
        const n = kind === 'year' ? 1 : Number(span.label.slice(-1));
        expect(fiscalPeriodSpan(kind, fy, n, fys)).toEqual(span);
        expect(span.label.startsWith('FY')).toBe(fys !== 1);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2026-13-01', false],
    ['2026-7-1', false],
    ['0999-12-31', true],
  ])('isIsoDate(%s) is %s', (s, ok) => {
    expect(isIsoDate(s)).toBe(ok);
  });
});

/** dayNumber before its digits were read off char codes: a regular expression (the reference twin). */
function dayNumberReference(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(2000 + (y % 400), mo, 0)).getUTCDate()) return NaN;
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return t.getTime() / 86_400_000;
}

describe('dayNumber reads the digits off char codes', () => {
  it('equals its regular-expression twin on every day of 1900–2100 and on near-dates (other lengths, signs, spaces, full-width and non-ASCII digits, 00 and 13 months, day 32)', () => {
    const wrong: string[] = []; // (one expect for the 73,414 days: vitest's expect costs ~10 µs a call)
    for (let day = dayNumber('1900-01-01'); day <= dayNumber('2100-12-31'); day += 1) {
      const iso = isoOfDay(day);
      if (dayNumber(iso) !== dayNumberReference(iso) && wrong.length < 20) wrong.push(`${iso}: ${dayNumber(iso)} vs ${dayNumberReference(iso)}`);
    }
    expect(wrong).toEqual([]);
    const chars = ['0', '1', '2', '3', '9', '-', '/', ' ', '+', '.', ':', 'a', '２', '٣'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 8, maxLength: 12 }), fc.constantFrom('2026-', '1999-', '0026-', ''), (cs, prefix) => {
        const s = prefix + cs.join('');
        // NaN or the same day (Object.is: NaN is NaN)
        return Object.is(dayNumber(s), dayNumberReference(s));
      }),
      { numRuns: 3000 },
    );
    for (const s of ['2026-00-10', '2026-13-01', '2026-02-29', '2024-02-29', '2026-04-31', '2026-12-32', '2026-1-015', ' 2026-01-01', '2026-01-01 ', '２０２６-01-01', '2026-0a-01', '2026-01-0/']) {
      const want = dayNumberReference(s);
      if (Number.isNaN(want)) expect(dayNumber(s)).toBeNaN();
      else expect(dayNumber(s)).toBe(want);
    }
  });
});

describe('dayNumber for years 0000–0099 (Date.UTC reads them as 1900–1999)', () => {
  it('0026-07-01 is not 1926-07-01; every day of years 0–99 round-trips through isoOfDay', () => {
    expect(dayNumber('0026-07-01')).not.toBe(dayNumber('1926-07-01'));
    expect(dayNumber('0026-07-01')).toBe(dayNumber('2026-07-01') - 2000 * 365 - 485); // 485 leap days in 0026..2025
    const wrong: string[] = []; // (one expect for the 36,526 days: vitest's expect costs ~10 µs a call)
    for (let day = dayNumber('0000-01-01'); day <= dayNumber('0100-01-01'); day++) {
      if (dayNumber(isoOfDay(day)) !== day && wrong.length < 20) wrong.push(`${day} → ${isoOfDay(day)} → ${dayNumber(isoOfDay(day))}`);
    }
    expect(wrong).toEqual([]);
    expect(isoOfDay(dayNumber('0000-02-29'))).toBe('0000-02-29');
    expect(isoOfDay(dayNumber('0099-12-31') + 1)).toBe('0100-01-01');
  });

  it('isoDateToSerial: Excel serials from day numbers; none before 1900-03-01 or for a non-date', () => {
    expect(isoDateToSerial('1900-03-01')).toBe(61);
    expect(isoDateToSerial('2026-07-01')).toBe(46204);
    expect(isoDateToSerial('1900-02-28')).toBeUndefined();
    expect(isoDateToSerial('0026-07-01')).toBeUndefined();
    expect(isoDateToSerial('2026-02-30')).toBeUndefined();
  });
});
