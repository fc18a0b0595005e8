import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parsePeriod, periodOf, weekdaysBetween, periodsOverlapping } from '../../../src/engine/periods.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import type { PeriodRef } from '../../../src/engine/types.js';

type Kind = PeriodRef['kind'];

describe('periodOf', () => {
  const cases: [string, Kind, number, string, string, string][] = [
    ['2026-07-01', 'quarter', 1, '2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026-06-30', 'quarter', 1, '2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-07-01', 'month', 1, '2026-07', '2026-07-01', '2026-07-31'],
    ['2024-02-10', 'month', 1, '2024-02', '2024-02-01', '2024-02-29'],
    ['2026-07-01', 'half', 1, '2026-H2', '2026-07-01', '2026-12-31'],
    ['2026-01-01', 'year', 1, '2026', '2026-01-01', '2026-12-31'],
    // ISO weeks: 2026 starts on a Thursday, so it has 53 weeks.
    ['2026-07-01', 'week', 1, '2026-W27', '2026-06-29', '2026-07-05'],
    ['2026-12-31', 'week', 1, '2026-W53', '2026-12-28', '2027-01-03'],
    ['2027-01-03', 'week', 1, '2026-W53', '2026-12-28', '2027-01-03'],
    ['2024-12-30', 'week', 1, '2025-W01', '2024-12-30', '2025-01-05'],
    ['2021-01-03', 'week', 1, '2020-W53', '2020-12-28', '2021-01-03'],
    // Fiscal year starting in April, named after the year it ends in.
    ['2026-04-01', 'quarter', 4, 'FY2027-Q1', '2026-04-01', '2026-06-30'],
    ['2026-03-31', 'quarter', 4, 'FY2026-Q4', '2026-01-01', '2026-03-31'],
    ['2025-10-01', 'half', 4, 'FY2026-H2', '2025-10-01', '2026-03-31'],
    ['2025-04-01', 'year', 4, 'FY2026', '2025-04-01', '2026-03-31'],
    ['2026-07-15', 'quarter', 7, 'FY2027-Q1', '2026-07-01', '2026-09-30'],
    ['2026-12-15', 'quarter', 12, 'FY2027-Q1', '2026-12-01', '2027-02-28'],
    // Months and weeks stay calendar periods in a fiscal rubric.
    ['2026-04-15', 'month', 4, '2026-04', '2026-04-01', '2026-04-30'],
  ];
  test.each(cases)('%s %s fys=%i → %s', (date, kind, fys, label, start, end) => {
    expect(periodOf(date, kind, fys)).toEqual({ kind, label, start, end });
  });

  test('rejects a non-date', () => {
    expect(() => periodOf('2026-02-30', 'month', 1)).toThrow(SalesgradeError);
  });
});

describe('parsePeriod', () => {
  const ok: [string, Kind, number, string][] = [
    ['2026-Q3', 'quarter', 1, '2026-Q3'],
    ['2026q3', 'quarter', 1, '2026-Q3'],
    ['2026-07', 'month', 1, '2026-07'],
    ['2026-7', 'month', 1, '2026-07'],
    ['2026-W27', 'week', 1, '2026-W27'],
    ['2026w1', 'week', 1, '2026-W01'],
    ['2026-H2', 'half', 1, '2026-H2'],
    ['2026', 'year', 1, '2026'],
    ['fy2026-q1', 'quarter', 4, 'FY2026-Q1'],
    ['FY2026', 'year', 4, 'FY2026'],
  ];
  test.each(ok)('%s (%s, fys %i) → %s', (text, kind, fys, label) => {
    expect(parsePeriod(text, kind, fys).label).toBe(label);
  });

  const bad: [string, Kind, number, string][] = [
    ['2026-Q5', 'quarter', 1, '"2026-Q5" is not a quarter period (write it like 2026-Q3)'],
    ['2026-07', 'quarter', 1, '"2026-07" is not a quarter period (write it like 2026-Q3)'],
    ['2026-Q1', 'quarter', 4, '"2026-Q1" is not a quarter period (the fiscal year starts in month 4) (write it like FY2026-Q1)'],
    ['FY2026-Q1', 'quarter', 1, '"FY2026-Q1" is not a quarter period (the fiscal year is the calendar year) (write it like 2026-Q3)'],
    ['2025-W53', 'week', 1, '"2025-W53" is not a week period (2025 has no week 53) (write it like 2026-W27)'],
    ['2026-13', 'month', 1, '"2026-13" is not a month period (month must be 01–12) (write it like 2026-07)'],
    ['Q3', 'quarter', 1, '"Q3" is not a quarter period (write it like 2026-Q3)'],
  ];
  test.each(bad)('%s (%s, fys %i) fails', (text, kind, fys, line) => {
    try {
      parsePeriod(text, kind, fys);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SalesgradeError);
      expect((e as SalesgradeError).code).toBe('period-invalid');
      expect((e as SalesgradeError).toLine()).toBe(line);
    }
  });

  test('property: every date lies in its period, and the label parses back to the same period', () => {
    const kinds: Kind[] = ['week', 'month', 'quarter', 'half', 'year'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1) / 864e5, max: Date.UTC(2060, 11, 31) / 864e5 }),
        fc.constantFrom(...kinds),
        fc.integer({ min: 1, max: 12 }),
        (day, kind, fys) => {
          const date = new Date(day * 864e5).toISOString().slice(0, 10);
          const p = periodOf(date, kind, fys);
          expect(p.start <= date && date <= p.end).toBe(true);
          expect(parsePeriod(p.label, kind, fys)).toEqual(p);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('calendar helpers', () => {
  test.each([
    ['2026-07-01', '2026-09-30', 66], // Q3 2026: 13 weeks + Wednesday 30 Sep
    ['2026-07-01', '2026-08-15', 33],
    ['2026-07-04', '2026-07-05', 0], // a weekend
    ['2026-07-06', '2026-07-06', 1],
    ['2026-07-06', '2026-07-05', 0],
  ])('weekdaysBetween(%s, %s) = %i', (a, b, n) => {
    expect(weekdaysBetween(a, b)).toBe(n);
  });

  test('periodsOverlapping', () => {
    expect(periodsOverlapping('2026-07-01', '2026-09-30', 'month', 1).map((p) => p.label)).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(periodsOverlapping('2026-07-01', '2026-07-31', 'week', 1).map((p) => p.label)).toEqual([
      '2026-W27',
      '2026-W28',
      '2026-W29',
      '2026-W30',
      '2026-W31',
    ]);
  });
});
