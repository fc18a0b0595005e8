import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodOf } from '../../../src/engine/periods.js';
import { isoOfDay } from '../../../src/shared/calendar.js';
import { dayNumber, periodAround, weekOf } from '../../../src/quota/dates.js';

describe('quota dates agree with the engine periods', () => {
  it('for every kind and fiscal year start', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('2004-01-01'), max: dayNumber('2030-12-31') }), fc.integer({ min: 1, max: 12 }), (day, fys) => {
        const date = isoOfDay(day);
        for (const kind of ['month', 'quarter', 'half', 'year'] as const) {
          const mine = periodAround(day, kind, fys);
          const theirs = periodOf(date, kind, fys);
          expect([mine.label, isoOfDay(mine.start), isoOfDay(mine.end)]).toEqual([theirs.label, theirs.start, theirs.end]);
        }
        const w = periodAround(day, 'week', 1);
        const e = periodOf(date, 'week', 1);
        expect([w.label, isoOfDay(w.start), isoOfDay(w.end)]).toEqual([e.label, e.start, e.end]);
      }),
      { numRuns: 300 },
    );
  });

  it('fiscal weeks start on Monday and number from the week of the first Thursday', () => {
    // FY2027 (fiscal_year_start 4) begins on Wednesday 2026-04-01, so its week holds the first Thursday
    expect(weekOf(dayNumber('2026-04-01'), 4).label).toBe('FY2027-W01');
    expect(weekOf(dayNumber('2026-03-30'), 4).label).toBe('FY2027-W01'); // same Monday-start week
    expect(weekOf(dayNumber('2026-03-29'), 4).label).toBe('FY2026-W52');
    // FY2026 (2025-04-01 Tue … 2026-03-31): 2025-04-03 is the first Thursday; 52 weeks end Sun 2026-03-29
    expect(weekOf(dayNumber('2025-04-03'), 4).label).toBe('FY2026-W01');
  });
});
