/**
 * How a target given for one period kind was prorated to another, as facts (no prose): engine/ keeps
 * them on a KPI result, quota/prorate.ts and the engine's default proration produce them, and
 * report/evaluation-text.ts words them in the report's language.
 */

import { toFixedHalfUp, type Rational } from './rational.js';

/**
 * The conversion factor of a proration (the prorated target ÷ the target as given: `4` from a quarter
 * to its year, `0.3478` from a quarter to one of its months), to 4 decimals without trailing zeros.
 */
export function factorText(share: Rational): string {
  const s = toFixedHalfUp(share, 4);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** What the months are weighted by (quota/seasonality.ts `MonthProfile['source']`). */
export type ProrationSource = 'months' | 'quarters' | 'history' | 'workdays';

/**
 * Prorated by the quota rules (quota/prorate.ts): by `by` (the seasonality source, or working days),
 * on the calendar `calendar`, as the sum of `parts` — each a `per` period (`label`) whole, or `percent`
 * of it (two decimals, as text).
 */
export interface ProrationFacts {
  code: 'prorated';
  by: ProrationSource;
  calendar: string;
  parts: { label: string; percent?: string }[];
  /** The factor the target was multiplied by (`factorText`): "target ×4 from quarter". */
  factor?: string;
}

/**
 * Prorated by calendar days (the engine's default, engine/targets.ts): each part a `per` period whole,
 * or `inside` of its `days` days.
 */
export interface CalendarDayProrationFacts {
  code: 'prorated-calendar-days';
  parts: { label: string; inside?: number; days?: number }[];
  /** The factor the target was multiplied by (`factorText`). */
  factor?: string;
}

export type TargetProration = ProrationFacts | CalendarDayProrationFacts;
