/**
 * KPI points and the score. Attainment a = actual / target (lower is better: target / actual).
 * Without bands: points = weight × clamp(a, floor ?? 0, cap ?? ∞). With bands the pay curve replaces
 * the clamp: stepped → the factor of the highest point whose `at` ≤ a; linear → interpolated between
 * the two points around a; below the first point → 0; above the last → the last factor. A threshold
 * applies first in both cases: a < threshold → 0 points. The score is Σ points (or, when a KPI was
 * excluded by `missing: exclude`, Σ points × 100 / Σ weights of the KPIs with a value), rounded once
 * to `precision` half-up.
 */
import type { Decimal } from 'decimal.js';
import type { KpiResult } from './types.js';
import { D, HUNDRED, ZERO } from './decimal.js';
import { formatValue, pct, phrases, pts, type Locale, type Unit } from './explain.js';
import type { BandsShape, KpiShape } from './rubric-shape.js';

export interface Points {
  points: Decimal;
  /** Factor of the weight actually paid (points / weight). */
  factor: Decimal;
  capped: boolean;
  floored: boolean;
  belowThreshold: boolean;
  /** Explanation of the curve step, e.g. `capped at 150%`. */
  notes: string[];
}

function sortedBandPoints(b: BandsShape): { at: Decimal; factor: Decimal }[] {
  return [...b.points]
    .map((p) => ({ at: new D(p.at), factor: new D(p.factor) }))
    .sort((x, y) => x.at.cmp(y.at));
}

/** The factor of the weight a band curve pays at attainment `a`; null below the first point. */
export function bandFactor(b: BandsShape, a: Decimal): Decimal | null {
  const ps = sortedBandPoints(b);
  if (ps.length === 0 || a.lt(ps[0]!.at)) return null;
  const last = ps[ps.length - 1]!;
  if (a.gte(last.at)) return last.factor;
  let i = 0;
  while (i + 1 < ps.length && ps[i + 1]!.at.lte(a)) i++;
  const lo = ps[i]!;
  if (b.mode === 'stepped') return lo.factor;
  const hi = ps[i + 1]!;
  if (hi.at.eq(lo.at)) return hi.factor;
  return lo.factor.plus(hi.factor.minus(lo.factor).mul(a.minus(lo.at)).div(hi.at.minus(lo.at)));
}

export function pointsFor(kpi: Pick<KpiShape, 'weight' | 'floor' | 'cap' | 'threshold' | 'bands'>, a: Decimal, locale: Locale): Points {
  const p = phrases(locale);
  const weight = new D(kpi.weight);
  const none = { points: ZERO, factor: ZERO, capped: false, floored: false };
  if (kpi.threshold !== undefined && a.lt(kpi.threshold)) {
    return { ...none, belowThreshold: true, notes: [p.threshold(pct(kpi.threshold))] };
  }
  if (kpi.bands) {
    const f = bandFactor(kpi.bands, a);
    const ps = sortedBandPoints(kpi.bands);
    if (f === null) return { ...none, belowThreshold: true, notes: [p.belowBands(pct(ps[0]!.at))] };
    const capped = a.gt(ps[ps.length - 1]!.at);
    let note: string;
    if (kpi.bands.mode === 'stepped') {
      const step = [...ps].reverse().find((x) => x.at.lte(a))!;
      note = p.band(pct(step.at), trimFactor(f));
    } else note = p.linearBand(trimFactor(f));
    return { points: weight.mul(f), factor: f, capped, floored: false, belowThreshold: false, notes: [note] };
  }
  let f = a;
  let capped = false;
  let floored = false;
  const notes: string[] = [];
  const floor = new D(kpi.floor ?? 0);
  if (f.lt(floor)) {
    f = floor;
    floored = kpi.floor !== undefined && kpi.floor > 0;
    if (floored) notes.push(p.floored(pct(floor)));
  }
  if (kpi.cap !== undefined && f.gt(kpi.cap)) {
    f = new D(kpi.cap);
    capped = true;
    notes.push(p.capped(pct(kpi.cap)));
  }
  return { points: weight.mul(f), factor: f, capped, floored, belowThreshold: false, notes };
}

function trimFactor(f: Decimal): string {
  const s = f.toDecimalPlaces(4).toFixed();
  return s;
}

export interface KpiInput {
  kpi: KpiShape;
  id: string;
  label: string;
  unit: Unit;
  actual: Decimal | null;
  target: Decimal | null;
  targetSource: string;
  /** Why there is no actual (e.g. `deals_won ÷ deals_closed: zero denominator`). */
  noValueWhy?: string;
  locale: Locale;
  currency: string;
  /** false: skip the sentence (earlier periods walked only for movement). */
  explain?: boolean;
}

/** Attainment; null when there is no actual or no target. */
export function attainmentOf(kpi: Pick<KpiShape, 'direction' | 'cap' | 'bands'>, actual: Decimal | null, target: Decimal | null): Decimal | null {
  if (actual === null || target === null || target.isZero()) return null;
  if (kpi.direction === 'lower') {
    if (actual.isZero()) return perfectLower(kpi);
    return new D(target).div(actual);
  }
  return new D(actual).div(target);
}

/** A zero actual on a lower-is-better KPI: as good as the curve pays (cap, or the last band point). */
function perfectLower(kpi: Pick<KpiShape, 'cap' | 'bands'>): Decimal | null {
  if (kpi.cap !== undefined) return new D(kpi.cap);
  if (kpi.bands && kpi.bands.points.length > 0) return new D(kpi.bands.points.reduce((m, p) => Math.max(m, p.at), -Infinity));
  return null;
}

export function scoreKpi(input: KpiInput): KpiResult {
  const { kpi, locale, currency, unit } = input;
  const p = phrases(locale);
  const fmt = (v: Decimal | null): string => formatValue(v, unit, currency, locale);
  const base: Omit<KpiResult, 'attainment' | 'points' | 'excluded' | 'capped' | 'floored' | 'belowThreshold' | 'explanation'> = {
    kpi: input.id,
    metric: kpi.metric,
    label: input.label,
    weight: kpi.weight,
    direction: kpi.direction,
    actual: input.actual,
    target: input.target,
    targetSource: input.targetSource,
  };
  const a = attainmentOf(kpi, input.actual, input.target);
  if (a === null) {
    const excluded = kpi.missing === 'exclude';
    let why: string;
    if (input.actual === null) why = `${input.label}${p.colon}${p.noValue}${input.noValueWhy ? (locale === 'zh-CN' ? `（${input.noValueWhy}）` : ` (${input.noValueWhy})`) : ''}`;
    else if (input.target === null) why = `${input.label} ${fmt(input.actual)}${p.sep}${p.noTarget}`;
    else why = `${input.label} ${fmt(input.actual)}${p.sep}${p.noValue}`;
    return {
      ...base,
      attainment: null,
      points: ZERO,
      excluded,
      capped: false,
      floored: false,
      belowThreshold: false,
      explanation: `${why}${p.sep}${excluded ? p.excluded : p.zeroPoints}`,
    };
  }
  const pt = pointsFor(kpi, a, locale);
  if (input.explain === false) {
    return { ...base, attainment: a, points: pt.points, excluded: false, capped: pt.capped, floored: pt.floored, belowThreshold: pt.belowThreshold, explanation: '' };
  }
  const ratio =
    kpi.direction === 'lower'
      ? input.actual!.isZero()
        ? `${input.label} ${fmt(input.actual)}${p.sep}${p.lowerPerfect(pct(a))}`
        : `${input.label}${locale === 'zh-CN' ? '' : ':'} ${p.target} ${fmt(input.target)} ÷ ${fmt(input.actual)} = ${pct(a)}`
      : `${input.label} ${fmt(input.actual)} ÷ ${p.target} ${fmt(input.target)} = ${pct(a)}`;
  const factor = kpi.bands ? trimFactor(pt.factor) : pct(pt.factor);
  const tail = pt.belowThreshold ? '' : `${p.sep}${p.points(`${kpi.weight} × ${factor}`, pts(pt.points))}`;
  return {
    ...base,
    attainment: a,
    points: pt.points,
    excluded: false,
    capped: pt.capped,
    floored: pt.floored,
    belowThreshold: pt.belowThreshold,
    explanation: `${ratio}${pt.notes.map((n) => p.sep + n).join('')}${tail}`,
  };
}

/** Σ points, rescaled when some KPI was excluded; rounded once, half-up. */
export function totalScore(kpis: KpiResult[], precision: number): { raw: Decimal; score: Decimal } {
  let sum = ZERO;
  let weightsWithValue = ZERO;
  let anyExcluded = false;
  for (const k of kpis) {
    sum = sum.plus(k.points);
    if (k.excluded) anyExcluded = true;
    else weightsWithValue = weightsWithValue.plus(k.weight);
  }
  let raw = sum;
  if (anyExcluded) raw = weightsWithValue.isZero() ? ZERO : sum.mul(HUNDRED).div(weightsWithValue);
  return { raw, score: raw.toDecimalPlaces(precision, D.ROUND_HALF_UP) };
}
