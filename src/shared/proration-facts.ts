/**
 * How a target given for one period kind was prorated to another, as facts (no prose): engine/ keeps
 * them on a KPI result, quota/prorate.ts and the engine's default proration produce them, and
 * report/evaluation-text.ts words them in the report's language.
 */

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
}

/**
 * Prorated by calendar days (the engine's default, engine/targets.ts): each part a `per` period whole,
 * or `inside` of its `days` days.
 */
export interface CalendarDayProrationFacts {
  code: 'prorated-calendar-days';
  parts: { label: string; inside?: number; days?: number }[];
}

export type TargetProration = ProrationFacts | CalendarDayProrationFacts;
