/**
 * Prorating a target given per year / half / quarter / month / week to another period, by the quota
 * rules: each month carries its seasonality share of the fiscal year, spread evenly over its working
 * days. `evaluate` uses it for targets with `per:` and for period-to-date pacing.
 */
import { Decimal } from 'decimal.js';
import type { WorkCalendar } from './calendar.js';
import { fiscalYearOf, fiscalYearStartMonth, isoOfDay, ymd, type IsoDate, type PeriodKind } from '../shared/calendar.js';
import { dayNumber, periodAround } from './dates.js';
import { add, div, rat, mul, toDecimal, type Rational, ZERO } from '../shared/rational.js';
import { factorText } from '../shared/proration-facts.js';
import { monthProfile, type MonthProfile, type SeasonalitySpec } from './seasonality.js';
import type { ProrationFacts } from './facts.js';

export type { ProrationFacts };

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });

/** The part of the rubric quota/ reads; a parsed `Rubric` is assignable to it (quota/ may import only shared/). */
export interface QuotaRubricShape {
  locale?: 'zh-CN' | 'en' | undefined;
  currency?: string | undefined;
  fiscal_year_start?: number | undefined;
  quota?:
    | {
        seasonality?: SeasonalitySpec | undefined;
        rounding?: number | undefined;
      }
    | undefined;
}

/** The evaluated period (structurally engine's PeriodRef). */
export interface PeriodShape {
  kind: PeriodKind;
  label: string;
  start: IsoDate;
  end: IsoDate;
}

/** Structurally engine's `Prorate`. */
/**
 * `amount` is the prorated target to 40 digits (for display); `exact` is its exact value (for scoring);
 * `facts` says how it was prorated, and `how` is those facts in words when `options.word` is given.
 */
export type ProrateFn = (amount: Decimal, per: PeriodKind, to: PeriodShape) => { amount: Decimal; how?: string; exact: Rational; facts: ProrationFacts };

export interface ProrateOptions {
  /** Last year's monthly actuals in fiscal order, for `seasonality: { from: history }`. */
  historyMonths?: readonly (number | string)[];
  /**
   * Words the facts in the report's language (report/quota-text.ts `prorationText`): quota/ writes no
   * prose. evaluate does not pass it: the engine keeps the facts, report/ words them when shown.
   */
  word?: (facts: ProrationFacts) => string;
}

/**
 * The share of fiscal-year weight that falls on days `a`…`b` (day numbers), summed over the fiscal
 * years the span touches: Σ month share × (working days inside ÷ working days of the month).
 */
export function spanWeight(a: number, b: number, profileOf: (fy: number) => MonthProfile, calendar: WorkCalendar, fys: number): Rational {
  if (b < a) return ZERO;
  let total = ZERO;
  const first = isoOfDay(a);
  let fy = fiscalYearOf(Number(first.slice(0, 4)), Number(first.slice(5, 7)), fys);
  for (;;) {
    const [sy, sm] = fiscalYearStartMonth(fy, fys);
    if (dayNumber(ymd(sy, sm, 1)) > b) break;
    const p = profileOf(fy);
    for (const [i, m] of p.months.entries()) {
      const lo = Math.max(a, m.firstDay);
      const hi = Math.min(b, m.lastDay);
      if (hi < lo) continue;
      const wd = p.workdays[i]!;
      const inside = wd > 0 ? calendar.workdays(isoOfDay(lo), isoOfDay(hi)) : hi - lo + 1;
      const whole = wd > 0 ? wd : m.lastDay - m.firstDay + 1;
      if (inside > 0) total = add(total, mul(p.shares[i]!, div(rat(inside), rat(whole))));
    }
    fy++;
  }
  return total;
}

/** A share in percent, two decimals, without the sign: `25.00`. */
function pct(f: Rational): string {
  return toDecimal(f, D).mul(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/**
 * A `Prorate` for evaluate: the target of every `per` period overlapping `to`, times the share of that
 * period's seasonality-and-working-day weight that falls inside `to`. Exact (40 digits), not rounded.
 */
export function makeProrate(rubric: QuotaRubricShape, calendar: WorkCalendar, options: ProrateOptions): ProrateFn {
  const fys = rubric.fiscal_year_start ?? 1;
  const seasonality = rubric.quota?.seasonality;
  const profiles = new Map<number, MonthProfile>();
  const profileOf = (fy: number): MonthProfile => {
    let p = profiles.get(fy);
    if (!p) {
      p = monthProfile(fy, fys, seasonality, calendar, options.historyMonths);
      profiles.set(fy, p);
    }
    return p;
  };
  const cache = new Map<string, { share: Rational; how: string | undefined; facts: ProrationFacts }>();

  const shareOf = (per: PeriodKind, to: PeriodShape): { share: Rational; how: string | undefined; facts: ProrationFacts } => {
    const key = `${per}|${to.start}|${to.end}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const from = dayNumber(to.start);
    const until = dayNumber(to.end);
    let share = ZERO;
    const parts: ProrationFacts['parts'] = [];
    let day = from;
    let source: MonthProfile['source'] | undefined;
    while (day <= until) {
      // weeks are ISO weeks here, as in the engine's periods (same Monday–Sunday bounds either way)
      const p = periodAround(day, per, per === 'week' ? 1 : fys);
      const lo = Math.max(from, p.start);
      const hi = Math.min(until, p.end);
      const whole = spanWeight(p.start, p.end, profileOf, calendar, fys);
      let part: Rational;
      if (whole.n === 0n) {
        part = div(rat(hi - lo + 1), rat(p.end - p.start + 1)); // no weight at all: by calendar days
      } else {
        part = div(spanWeight(lo, hi, profileOf, calendar, fys), whole);
      }
      source ??= profileOf(fiscalYearOf(Number(isoOfDay(lo).slice(0, 4)), Number(isoOfDay(lo).slice(5, 7)), fys)).source;
      share = add(share, part);
      parts.push(part.n === part.d ? { label: p.label } : { label: p.label, percent: pct(part) });
      day = p.end + 1;
    }
    const facts: ProrationFacts = { code: 'prorated', by: source ?? 'workdays', calendar: calendar.name, parts, factor: factorText(share) };
    const out = { share, how: options.word?.(facts), facts };
    cache.set(key, out);
    return out;
  };

  return (amount, per, to) => {
    const { share, how, facts } = shareOf(per, to);
    const exact = mul(rat(amount), share);
    return how === undefined ? { amount: toDecimal(exact, D), exact, facts } : { amount: toDecimal(exact, D), how, exact, facts };
  };
}
