import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { coverageOf, dataDateRange, defaultPeriod } from '../../../src/engine/coverage.js';
import { parsePeriod, weekdaysBetween } from '../../../src/engine/periods.js';

const q = (label: string) => parsePeriod(label, 'quarter');
const m = (label: string) => parsePeriod(label, 'month');

describe('coverageOf', () => {
  test.each([
    // period, first, last, asOf, expected
    ['2026-Q1', '2026-03-01', '2026-06-30', undefined, { from: '2026-03-01' }],
    ['2026-Q1', '2026-01-05', '2026-06-30', undefined, undefined], // 01-01…01-04: 2 working days ≤ 6.4
    ['2026-Q2', '2026-01-01', '2026-05-15', undefined, { until: '2026-05-15' }],
    // as-of inside the period: in progress, partly covered even when the data reaches the as-of date
    ['2026-Q2', '2026-01-01', '2026-05-15', '2026-05-15', { until: '2026-05-15', inProgress: '2026-05-15' }],
    ['2026-Q2', '2026-01-01', '2026-05-15', '2026-05-29', { until: '2026-05-15', inProgress: '2026-05-29' }],
    ['2026-Q2', '2026-01-01', '2026-06-30', '2026-06-30', undefined], // as-of on the last day: complete
    ['2026-03', '2026-03-02', '2026-03-31', undefined, undefined], // 03-01 is a Sunday
    ['2026-03', '2026-03-04', '2026-03-31', undefined, undefined], // 03-02, 03-03: 2 of 22 working days ≤ 2.2
    ['2026-03', '2026-03-05', '2026-03-31', undefined, { from: '2026-03-05' }], // 3 > 2.2
    ['2026-Q4', '2026-01-01', '2026-06-30', undefined, { until: '2026-06-30' }], // wholly after the data
    ['2026-W53', '2026-12-01', '2026-12-31', undefined, undefined], // one quiet working day (Fri 01-01): allowed
    ['2026-W53', '2026-12-01', '2026-12-30', undefined, { until: '2026-12-30' }], // two (Thu, Fri): partial
  ] as const)('%s with data %s … %s (as-of %s)', (label, first, last, asOf, expected) => {
    const p = label.includes('Q') ? q(label) : label.includes('W') ? parsePeriod(label, 'week') : m(label);
    expect(coverageOf(p, { first, last }, asOf, weekdaysBetween)).toEqual(expected);
  });

  test('a range that contains the whole period never flags it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (start, before, after) => {
        const base = Date.UTC(2025, 0, 1) + start * 864e5;
        const p = parsePeriod(new Date(base).toISOString().slice(0, 7), 'month');
        const first = new Date(Date.parse(`${p.start}T00:00:00Z`) - before * 864e5).toISOString().slice(0, 10);
        const last = new Date(Date.parse(`${p.end}T00:00:00Z`) + after * 864e5).toISOString().slice(0, 10);
        expect(coverageOf(p, { first, last }, undefined, weekdaysBetween)).toBeUndefined();
      }),
    );
  });
});

describe('dataDateRange and defaultPeriod', () => {
  test('one far-outside date is an outlier; the range ignores it', () => {
    const dates = [
      { date: '2026-07-01', label: '2026-Q3', n: 5 },
      { date: '2026-08-01', label: '2026-Q3', n: 5 },
      { date: '2026-09-30', label: '2026-Q3', n: 5 },
      { date: '9999-12-31', label: '9999-Q4', n: 1 },
    ];
    const r = dataDateRange(dates);
    expect([r.first, r.last, r.outliers.map((x) => x.date), [...r.outsideLabels]]).toEqual(['2026-07-01', '2026-09-30', ['9999-12-31'], ['9999-Q4']]);
    // fewer than 4 dates (rows × date fields): nothing is called an outlier
    expect(dataDateRange([{ ...dates[0]!, n: 2 }, dates[3]!]).outliers).toEqual([]);
  });

  test('the default period skips sparse and outside periods, and says which', () => {
    const periods = ['2026-Q2', '2026-Q3', '2026-Q4', '9999-Q4'].map((l) => (l.startsWith('9999') ? parsePeriod(l, 'quarter') : q(l)));
    const rows = new Map([
      ['2026-Q2', 80],
      ['2026-Q3', 100],
      ['2026-Q4', 9],
      ['9999-Q4', 50],
    ]);
    const d = defaultPeriod(periods, rows, new Set(['9999-Q4']))!;
    expect(d.period.label).toBe('2026-Q3');
    expect(d.skipped).toEqual([
      { label: '2026-Q4', rows: 9, outside: false },
      { label: '9999-Q4', rows: 50, outside: true },
    ]);
    rows.set('2026-Q4', 10); // exactly a tenth: chosen
    expect(defaultPeriod(periods, rows, new Set(['9999-Q4']))!.period.label).toBe('2026-Q4');
  });
});
