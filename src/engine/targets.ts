/**
 * Target resolution for one KPI and one rep (or group), and the default proration.
 *
 * Precedence, most specific first: `by_rep`, the targets file by rep, `by_team`, the targets file by
 * team, `by_region`, the targets file by region, `by_tier` (the tier the rep holds before the period),
 * `default` (or the scalar form). At each level the rubric's own list wins over the file, so a
 * one-off exception can be written next to the KPI. A target is for the rubric's `period` unless it
 * says `per:`; then it is prorated to the evaluated period by `options.prorate` (the quota rules) or,
 * by default, by calendar days.
 */
import type { Decimal } from 'decimal.js';
import type { PeriodRef, Prorate, TargetOrigin } from './types.js';
import { factorText, type CalendarDayProrationFacts, type TargetProration } from '../shared/proration-facts.js';
import { D } from './decimal.js';
import * as R from '../shared/rational.js';
import { rat, toDecimal, type Rational } from '../shared/rational.js';
import { daysBetween, dayNumber, isoOfDay, periodsOverlapping } from './periods.js';
import type { KpiShape, PeriodKind } from './rubric-shape.js';

/** One KPI's targets read from a targets file (`target: { file }`), by name at each level. */
export interface FileTargets {
  byRep?: Record<string, Decimal>;
  byTeam?: Record<string, Decimal>;
  byRegion?: Record<string, Decimal>;
  /** The file as the user should see it. */
  source: string;
  /** Where each value was read (`Targets!C4`, `targets.csv:5:3`), by level then name: named in `targetSource`. */
  cells?: { rep?: Record<string, string>; team?: Record<string, string>; region?: Record<string, string> };
}

export interface TargetContext {
  rep?: string;
  team?: string;
  region?: string;
  /** Tier held before the period. */
  tier?: string;
  period: PeriodRef;
  /** The rubric's period kind (what an undecorated target is for). */
  periodKind: PeriodKind;
  fiscalYearStart: number;
  file?: FileTargets;
  prorate: Prorate;
}

export interface ResolvedTarget {
  target: Decimal | null;
  source: string;
  /** `source` as facts (report/ words them in the report's language). */
  origin?: TargetOrigin;
  /** How a target given per another period kind was prorated (`source` then ends `per <kind>`). */
  proration?: TargetProration;
  /** The exact target when `target` was rounded for display (a prorated target). */
  exact?: Rational;
}

function own<T>(rec: Record<string, T> | undefined, key: string | undefined): T | undefined {
  if (!rec || key === undefined) return undefined;
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

// Decimals are immutable: one per rubric number, shared by every rep (not one per rep × KPI × period).
const fromNumber = new Map<number, Decimal>();
function dec(v: number | Decimal): Decimal {
  if (typeof v !== 'number') return new D(v);
  let d = fromNumber.get(v);
  if (d === undefined) {
    d = new D(v);
    if (fromNumber.size < 10_000) fromNumber.set(v, d);
  }
  return d;
}

function rubricKey(key: string): TargetOrigin {
  return { from: { code: 'rubric', key } };
}

/** The target before proration, and where it came from. */
export function pickTarget(kpi: Pick<KpiShape, 'target'>, ctx: TargetContext): ResolvedTarget {
  const t = kpi.target;
  if (t === 'members') return { target: null, source: 'members', origin: { from: { code: 'members' } } };
  if (typeof t === 'number') return { target: dec(t), source: 'default', origin: rubricKey('default') };
  const fromFile = (level: 'rep' | 'team' | 'region', name: string | undefined): ResolvedTarget | undefined => {
    const f = ctx.file;
    const v = own(level === 'rep' ? f?.byRep : level === 'team' ? f?.byTeam : f?.byRegion, name);
    if (v === undefined) return undefined;
    const cell = own(f!.cells?.[level], name);
    const where = cell ?? f!.source;
    return { target: dec(v), source: `file ${where} (${level} ${name})`, origin: { from: { code: 'file', where, level, name: name! } } };
  };
  const pick = (): ResolvedTarget => {
    let v: number | Decimal | undefined;
    let r: ResolvedTarget | undefined;
    if ((v = own(t.by_rep, ctx.rep)) !== undefined) return { target: dec(v), source: `by_rep.${ctx.rep}`, origin: rubricKey(`by_rep.${ctx.rep}`) };
    if ((r = fromFile('rep', ctx.rep))) return r;
    if ((v = own(t.by_team, ctx.team)) !== undefined) return { target: dec(v), source: `by_team.${ctx.team}`, origin: rubricKey(`by_team.${ctx.team}`) };
    if ((r = fromFile('team', ctx.team))) return r;
    if ((v = own(t.by_region, ctx.region)) !== undefined) return { target: dec(v), source: `by_region.${ctx.region}`, origin: rubricKey(`by_region.${ctx.region}`) };
    if ((r = fromFile('region', ctx.region))) return r;
    if ((v = own(t.by_tier, ctx.tier)) !== undefined) return { target: dec(v), source: `by_tier.${ctx.tier}`, origin: rubricKey(`by_tier.${ctx.tier}`) };
    if (t.default !== undefined) return { target: dec(t.default), source: 'default', origin: rubricKey('default') };
    return { target: null, source: 'none', origin: { from: { code: 'none' } } };
  };
  const r = pick();
  const per = t.per ?? ctx.periodKind;
  if (r.target === null || per === ctx.period.kind) return r;
  const p = ctx.prorate(r.target, per, ctx.period);
  const out: ResolvedTarget = { target: p.amount, source: `${r.source}, per ${per}`, proration: p.facts };
  if (r.origin !== undefined) out.origin = { ...r.origin, per };
  if (p.exact !== undefined) out.exact = p.exact;
  return out;
}

/**
 * Default proration by calendar days: the target of every `per` period overlapping the evaluated
 * period, times the share of its days that fall inside. A yearly target → 2026-Q3: × 92/365; a
 * monthly target → a quarter: × 3 exactly; a weekly target → a month: the whole weeks plus the
 * share of the partial ones.
 */
export function makeCalendarDayProrate(fiscalYearStart: number): Prorate {
  return (amount, per, to) => {
    const parts = periodsOverlapping(to.start, to.end, per, fiscalYearStart);
    let exact = R.ZERO;
    let share = R.ZERO;
    const facts: CalendarDayProrationFacts = { code: 'prorated-calendar-days', parts: [] };
    const whole = rat(amount);
    const from = dayNumber(to.start);
    const until = dayNumber(to.end);
    for (const p of parts) {
      const a = Math.max(from, dayNumber(p.start));
      const b = Math.min(until, dayNumber(p.end));
      const inside = daysBetween(isoOfDay(a), isoOfDay(b));
      const all = daysBetween(p.start, p.end);
      share = R.add(share, R.ratio(inside, all));
      exact = R.add(exact, R.mul(whole, R.ratio(inside, all)));
      facts.parts.push(inside === all ? { label: p.label } : { label: p.label, inside, days: all });
    }
    facts.factor = factorText(share);
    return { amount: toDecimal(exact, D), facts, exact };
  };
}
