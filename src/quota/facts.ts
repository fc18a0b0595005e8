/**
 * What the quota plan says besides its numbers, as facts — codes and data, no prose and no locale.
 * report/quota-text.ts words them in the report's language; the JSON carries both (the facts as
 * `noteFacts` / `warningFacts`, the words as `notes` / `warnings`).
 */
import type { IsoDate } from '../shared/calendar.js';
import type { MonthProfile } from './seasonality.js';

export type QuotaWarning =
  /** `seasonality: { from: history }` without a `--history` export: months go by working days. */
  | { code: 'seasonality-no-history' }
  /** A rep listed twice in the roster: the first line is used. */
  | { code: 'roster-repeated-rep'; rep: string }
  /** `split.weights` has no weight for `tier` (no `tier`: reps without a tier): weight 1. */
  | { code: 'tier-without-weight'; tier?: string }
  /** `split.by: history` and nobody has history for `metric`: split by headcount. */
  | { code: 'metric-without-history'; metric: string }
  /** `split.shares` names some siblings but not these: their share is 0. */
  | { code: 'shares-missing'; level: 'rep' | 'team' | 'region'; names: string[] }
  /** The annual-targets file names these, and the roster has no such region / team / rep: ignored. */
  | { code: 'annual-unknown-names'; level: 'region' | 'team' | 'rep'; names: string[] }
  /** `relief: redistribute`, and nobody in `team` is active in the year. */
  | { code: 'team-nobody-active'; team: string };

export type QuotaNote =
  /** How the year is split over months; `shares` in percent to one decimal, fiscal order. */
  | { code: 'seasonality'; source: MonthProfile['source']; shares: string[] }
  | {
      code: 'calendar';
      name: string;
      years?: [number, number];
      custom: boolean;
      workingDays: number;
      holidays: number;
      makeupWorkdays: IsoDate[];
    }
  | { code: 'split'; level: 'company' | 'region' | 'team' | 'rep'; by: 'roster' | 'headcount' | 'shares' | 'history'; weights?: Record<string, number> }
  /** `factors` in whole percent. */
  | { code: 'ramp'; factors: number[]; relief: 'absorb' | 'redistribute'; ramped: number }
  | { code: 'start-dates' }
  | { code: 'rounding'; metrics: { id: string; rounding: string }[] };

/** How a target given per `per` was prorated to a period (quota/prorate.ts); see shared/proration-facts.ts. */
export type { ProrationFacts } from '../shared/proration-facts.js';
