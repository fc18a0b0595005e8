/**
 * How a fiscal year's target is spread over its months, and then over the days of each month.
 *
 * - `months: [12]` — each month's share is its weight over the sum, in fiscal order (the first entry is
 *   the first month of the fiscal year; January when `fiscal_year_start` is 1). Taken as given: the
 *   user's weights already say how much February's short working month should carry.
 * - `quarters: [4]` — each fiscal quarter's share, split over its months by working days.
 * - `from: history` — last year's monthly actuals (the `--history` export), normalised.
 * - none — by working days.
 *
 * Inside a month the share goes to its working days evenly (a month without working days in the
 * calendar spreads over its calendar days, so no target is lost).
 */
import { SalesgradeError } from '../shared/errors.js';
import type { WorkCalendar } from './calendar.js';
import { fiscalMonths, type PlanMonth } from './dates.js';
import { div, rat, integerWeights, mul, type Rational, ZERO } from '../shared/rational.js';

export type SeasonalitySpec = { months: number[] } | { quarters: number[] } | { from: 'history' };

export interface MonthProfile {
  fiscalYear: number;
  months: PlanMonth[];
  /** Working days per month, in fiscal order. */
  workdays: number[];
  /** Share of the year per month, exact, summing to 1. */
  shares: Rational[];
  /** The seasonality actually used, in words for notes: `months`, `quarters`, `history`, `working days`. */
  source: 'months' | 'quarters' | 'history' | 'workdays';
}

function checkWeights(list: readonly number[], what: string, length: number): void {
  if (list.length !== length) {
    throw new SalesgradeError('quota-invalid', `quota.seasonality.${what} needs ${length} numbers, got ${list.length}`);
  }
  for (const [i, v] of list.entries()) {
    if (!Number.isFinite(v) || v < 0) {
      throw new SalesgradeError('quota-invalid', `quota.seasonality.${what}[${i}]: expected a number ≥ 0, got ${v}`);
    }
  }
  if (list.every((v) => v === 0)) throw new SalesgradeError('quota-invalid', `quota.seasonality.${what}: every weight is 0`);
}

function normalise(weights: readonly Rational[]): Rational[] {
  const ints = integerWeights(weights);
  const total = ints.reduce((a, b) => a + b, 0n);
  return ints.map((w) => (w === 0n ? ZERO : div(rat(w), rat(total))));
}

/**
 * The month profile of fiscal year `fy`. `historyMonths` are last year's monthly actuals in fiscal
 * order; used only with `from: history` (without them the profile falls back to working days and
 * `source` says so).
 */
export function monthProfile(
  fy: number,
  fys: number,
  seasonality: SeasonalitySpec | undefined,
  calendar: WorkCalendar,
  historyMonths?: readonly (number | string)[],
): MonthProfile {
  const months = fiscalMonths(fy, fys);
  const workdays = months.map((m) => calendar.workdays(m.start, m.end));
  const calendarDays = months.map((m) => m.lastDay - m.firstDay + 1);
  const effDays = workdays.map((w, i) => (w > 0 ? w : calendarDays[i]!));
  let weights: Rational[];
  let source: MonthProfile['source'];
  if (seasonality && 'months' in seasonality) {
    checkWeights(seasonality.months, 'months', 12);
    weights = seasonality.months.map((v) => rat(v));
    source = 'months';
  } else if (seasonality && 'quarters' in seasonality) {
    checkWeights(seasonality.quarters, 'quarters', 4);
    weights = months.map((_, i) => {
      const q = Math.floor(i / 3);
      const qDays = effDays.slice(q * 3, q * 3 + 3).reduce((a, b) => a + b, 0);
      return mul(rat(seasonality.quarters[q]!), div(rat(effDays[i]!), rat(qDays)));
    });
    source = 'quarters';
  } else if (seasonality && 'from' in seasonality && historyMonths && historyMonths.some((v) => Number(v) > 0)) {
    weights = historyMonths.map((v) => (Number(v) > 0 ? rat(String(v)) : ZERO));
    source = 'history';
  } else {
    weights = effDays.map((d) => rat(d));
    source = 'workdays';
  }
  return { fiscalYear: fy, months, workdays, shares: normalise(weights), source };
}
