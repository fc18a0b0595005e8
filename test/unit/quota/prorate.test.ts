import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Prorate } from '../../../src/engine/types.js';
import type { Rubric } from '../../../src/rubric/schema.js';
import { makeCalendar } from '../../../src/quota/calendar.js';
import { makeProrate, type QuotaRubricShape } from '../../../src/quota/prorate.js';
import { prorationText } from '../../../src/report/quota-text.js';

/** Proration is facts; the tests read its English words. */
const EN = { word: (f: Parameters<typeof prorationText>[0]) => prorationText(f, 'en') };

const cn = makeCalendar('cn');
const weekdays = makeCalendar('weekdays');

describe('makeProrate', () => {
  it('is assignable to the engine Prorate and takes a parsed Rubric', () => {
    const r = {} as Rubric;
    const shape: QuotaRubricShape = r;
    const p: Prorate = makeProrate(shape, cn, EN);
    expect(typeof p).toBe('function');
  });

  it('without seasonality prorates by working days: 2026-Q4 of a yearly target on cn', () => {
    const p = makeProrate({}, cn, EN);
    // Q4 2026 has 18 + 21 + 23 = 62 of 248 working days
    const r = p(new Decimal(2_480_000), 'year', { kind: 'quarter', label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
    expect(r.amount.toString()).toBe('620000');
    expect(r.how).toBe('prorated by working days (cn): 25.00% of 2026');
  });

  it('with monthly seasonality gives each month its share and spreads it over working days', () => {
    const months = [6, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 11]; // sum 100
    const p = makeProrate({ quota: { seasonality: { months } } }, cn, EN);
    const oct = p(new Decimal(48_000_000), 'year', { kind: 'month', label: '2026-10', start: '2026-10-01', end: '2026-10-31' });
    expect(oct.amount.toString()).toBe('4320000');
    // the first week of October 2026 (ISO W40: Sep 28 – Oct 4): Sep 28–30 are 3 of September's 22
    // working days (share 9%), Oct 1–4 are holidays → 48,000,000 × 0.09 × 3/22
    const w40 = p(new Decimal(48_000_000), 'year', { kind: 'week', label: '2026-W40', start: '2026-09-28', end: '2026-10-04' });
    expect(w40.amount.toFixed(6)).toBe(new Decimal(48_000_000).mul(0.09).mul(3).div(22).toFixed(6));
    expect(oct.how).toBe('prorated by monthly seasonality × working days (cn): 9.00% of 2026');
  });

  it('prorates up: a monthly target over a quarter is the sum of three months', () => {
    const p = makeProrate({}, weekdays, EN);
    const r = p(new Decimal(100), 'month', { kind: 'quarter', label: '2026-Q1', start: '2026-01-01', end: '2026-03-31' });
    expect(r.amount.toString()).toBe('300');
    expect(r.how).toBe('prorated by working days (weekdays): 2026-01 + 2026-02 + 2026-03');
  });

  it('gives period-to-date targets for pacing', () => {
    const p = makeProrate({}, weekdays, EN);
    // January 2026 has 22 weekdays; Jan 1–9 holds 7 of them
    const r = p(new Decimal(2200), 'month', { kind: 'month', label: '2026-01 to date', start: '2026-01-01', end: '2026-01-09' } as never);
    expect(r.amount.toString()).toBe('700');
  });

  it('uses fiscal years: FY2026 starting in April is 2025-04 … 2026-03', () => {
    const p = makeProrate({ fiscal_year_start: 4, quota: { seasonality: { quarters: [1, 1, 1, 2] } } }, weekdays, EN);
    const r = p(new Decimal(500), 'year', { kind: 'quarter', label: 'FY2026-Q4', start: '2026-01-01', end: '2026-03-31' });
    expect(r.amount.toString()).toBe('200');
    expect(r.how).toContain('of FY2026');
  });

  it('a target per the evaluated kind passes through', () => {
    const p = makeProrate({}, cn, EN);
    const r = p(new Decimal(7), 'quarter', { kind: 'quarter', label: '2026-Q3', start: '2026-07-01', end: '2026-09-30' });
    expect(r.amount.toString()).toBe('7');
  });

  it('fails clearly outside the cn data', () => {
    const p = makeProrate({}, cn, EN);
    expect(() => p(new Decimal(1), 'year', { kind: 'quarter', label: '2027-Q1', start: '2027-01-01', end: '2027-03-31' })).toThrow(
      /2027 is not covered/,
    );
  });
});
