/**
 * KPI points and the score, in exact rationals. Attainment a = actual / target (lower is better:
 * target / actual). Without bands: points = weight × clamp(a, floor ?? 0, cap ?? ∞). With bands the
 * pay curve replaces the clamp: stepped → the factor of the highest point whose `at` ≤ a; linear →
 * interpolated between the two points around a; below the first point → 0; above the last → the last
 * factor. A threshold applies first in both cases: a < threshold → 0 points. The score is Σ points
 * (or, when a KPI was excluded by `missing: exclude`, Σ points × 100 / Σ weights of the KPIs with a
 * value).
 *
 * The rounding rule: nothing above is rounded — rubric numbers are taken by their decimal text (0.1
 * is 1/10), metric values and targets exactly — and the score is rounded ONCE, to the rubric's
 * `precision`, half-up (a tie goes up: 71.495 → 71.50). Tiers are decided on that rounded score.
 * The Decimals in a KpiResult (attainment, points) and `rawScore` are the exact values shown to 40
 * significant digits, for display only; the exact values ride along in `exact`.
 */
import type { Decimal } from 'decimal.js';
import type { CurveFact, KpiFact, KpiResult, RepEvaluation, Unit, ValueFact } from './types.js';
import type { OrderedTiers } from './tiers.js';
import * as R from '../shared/rational.js';
import { rat, toDecimal, type Rational } from '../shared/rational.js';
import { compact, D, ZERO } from './decimal.js';
import type { BandsShape, KpiShape } from './rubric-shape.js';

export interface Points {
  points: Rational;
  /** Factor of the weight actually paid (points / weight). */
  factor: Rational;
  capped: boolean;
  floored: boolean;
  belowThreshold: boolean;
  /** The curve steps that changed the points (`capped` at 150%…), as facts. */
  curve: CurveFact[];
}

type CurveKpi = Pick<KpiShape, 'weight' | 'floor' | 'cap' | 'threshold' | 'bands'>;

/** A KPI's pay curve with its rubric numbers made exact once. */
interface Curve {
  weight: Rational;
  floor: Rational | null;
  cap: Rational | null;
  threshold: Rational | null;
  /** Band points sorted by `at`. */
  bands: { at: Rational; factor: Rational }[] | null;
}

// Rubric objects are parsed once and never mutated: their exact numbers are computed once per object.
const curves = new WeakMap<object, Curve>();
const bandCache = new WeakMap<BandsShape, Curve['bands']>();

function sortedBandPoints(b: BandsShape): { at: Rational; factor: Rational }[] {
  let ps = bandCache.get(b);
  if (!ps) {
    ps = b.points.map((p) => ({ at: rat(p.at), factor: rat(p.factor) })).sort((x, y) => R.cmp(x.at, y.at));
    bandCache.set(b, ps);
  }
  return ps!;
}

function curveOf(kpi: CurveKpi): Curve {
  let c = curves.get(kpi);
  if (!c) {
    c = {
      weight: rat(kpi.weight),
      floor: kpi.floor === undefined ? null : rat(kpi.floor),
      cap: kpi.cap === undefined ? null : rat(kpi.cap),
      threshold: kpi.threshold === undefined ? null : rat(kpi.threshold),
      bands: kpi.bands ? sortedBandPoints(kpi.bands) : null,
    };
    curves.set(kpi, c);
  }
  return c;
}

function bandFactorOf(mode: BandsShape['mode'], ps: { at: Rational; factor: Rational }[], a: Rational): Rational | null {
  if (ps.length === 0 || R.lt(a, ps[0]!.at)) return null;
  const last = ps[ps.length - 1]!;
  if (R.gte(a, last.at)) return last.factor;
  let i = 0;
  while (i + 1 < ps.length && R.lte(ps[i + 1]!.at, a)) i++;
  const lo = ps[i]!;
  if (mode === 'stepped') return lo.factor;
  const hi = ps[i + 1]!;
  if (R.eq(hi.at, lo.at)) return hi.factor;
  return R.add(lo.factor, R.div(R.mul(R.sub(hi.factor, lo.factor), R.sub(a, lo.at)), R.sub(hi.at, lo.at)));
}

/** The factor of the weight a band curve pays at attainment `a`; null below the first point. */
export function bandFactor(b: BandsShape, a: Rational): Rational | null {
  return bandFactorOf(b.mode, sortedBandPoints(b), a);
}

/**
 * The curve of a KPI no step changed: one shared, frozen array (an empty array per rep × KPI is 32-48
 * bytes an Evaluation keeps).
 */
const NO_CURVE: CurveFact[] = Object.freeze([]) as unknown as CurveFact[];

export function pointsFor(kpi: CurveKpi, a: Rational): Points {
  const c = curveOf(kpi);
  const none = { points: R.ZERO, factor: R.ZERO, capped: false, floored: false };
  if (c.threshold !== null && R.lt(a, c.threshold)) {
    return { ...none, belowThreshold: true, curve: [{ code: 'below-threshold', at: kpi.threshold! }] };
  }
  if (c.bands) {
    const ps = c.bands;
    const f = bandFactorOf(kpi.bands!.mode, ps, a);
    if (f === null) return { ...none, belowThreshold: true, curve: [{ code: 'below-bands', at: dec(ps[0]!.at) }] };
    const capped = R.gt(a, ps[ps.length - 1]!.at);
    let step: CurveFact;
    if (kpi.bands!.mode === 'stepped') {
      const at = [...ps].reverse().find((x) => R.lte(x.at, a))!;
      step = { code: 'band', at: dec(at.at), factor: dec(f) };
    } else step = { code: 'linear-band', factor: dec(f) };
    return { points: R.mul(c.weight, f), factor: f, capped, floored: false, belowThreshold: false, curve: [step] };
  }
  let f = a;
  let capped = false;
  let floored = false;
  let curve: CurveFact[] = NO_CURVE;
  const floor = c.floor ?? R.ZERO;
  if (R.lt(f, floor)) {
    f = floor;
    floored = R.sign(floor) > 0;
    if (floored) curve = [{ code: 'floored', at: dec(floor) }];
  }
  if (c.cap !== null && R.gt(f, c.cap)) {
    f = c.cap;
    capped = true;
    curve = curve === NO_CURVE ? [{ code: 'capped', at: kpi.cap! }] : [curve[0]!, { code: 'capped', at: kpi.cap! }];
  }
  return { points: R.mul(c.weight, f), factor: f, capped, floored, belowThreshold: false, curve };
}

/**
 * Shown values by exact value, for the few that repeat across reps (a count of 1 or 2 against a target
 * of 2: attainment 1/2 or 1, points 5 or 10): one Decimal each instead of one per rep × KPI. Decimals are
 * never changed, so sharing one is safe. Bounded: values past the first SHOWN_MAX are made each time.
 */
const shown = new Map<string, Decimal>();
const SHOWN_MAX = 4096;
const SMALL = 1n << 40n;

/** An exact value shown to 40 significant digits (compact: kept per rep × KPI). */
function dec(v: Rational): Decimal {
  const small = v.d < SMALL && v.n < SMALL && v.n > -SMALL;
  const key = small ? `${v.n}/${v.d}` : '';
  if (small) {
    const hit = shown.get(key);
    if (hit) return hit;
  }
  const out = compact(toDecimal(v, D));
  if (small && shown.size < SHOWN_MAX) shown.set(key, out);
  return out;
}

export interface KpiInput {
  kpi: KpiShape;
  id: string;
  label: string;
  unit: Unit;
  actual: Decimal | null;
  target: Decimal | null;
  /** The exact actual (a ratio or an average before any rounding); default: `actual` as it is. */
  actualExact?: Rational | null;
  /** The exact target (a prorated target before any rounding); default: `target` as it is. */
  targetExact?: Rational | null;
  targetSource: string;
  targetOrigin?: KpiResult['targetOrigin'];
  targetProration?: KpiResult['targetProration'];
  /** Why there is no actual, for a ratio: its numerator and denominator (`deals_won ÷ deals_closed = 4 ÷ 0`). */
  noValueRatio?: { num: ValueFact; den: ValueFact };
  /** false: no facts (earlier periods walked only for movement). */
  explain?: boolean;
}

/** Exact attainment; null when there is no actual or no target (or a zero target). */
export function attainmentExact(kpi: Pick<KpiShape, 'direction' | 'cap' | 'bands'>, actual: Rational | null, target: Rational | null): Rational | null {
  if (actual === null || target === null || R.isZero(target)) return null;
  if (kpi.direction === 'lower') {
    if (R.isZero(actual)) return perfectLower(kpi);
    return R.div(target, actual);
  }
  return R.div(actual, target);
}

/** Attainment for display (pacing): the exact value to 40 significant digits. */
export function attainmentOf(kpi: Pick<KpiShape, 'direction' | 'cap' | 'bands'>, actual: Decimal | null, target: Decimal | null): Decimal | null {
  const a = attainmentExact(kpi, actual === null ? null : rat(actual), target === null ? null : rat(target));
  return a === null ? null : toDecimal(a, D);
}

/** A zero actual on a lower-is-better KPI: as good as the curve pays (cap, or the last band point). */
function perfectLower(kpi: Pick<KpiShape, 'cap' | 'bands'>): Rational | null {
  if (kpi.cap !== undefined) return rat(kpi.cap);
  if (kpi.bands && kpi.bands.points.length > 0) {
    const ps = sortedBandPoints(kpi.bands);
    return ps[ps.length - 1]!.at;
  }
  return null;
}

type Outcome = Pick<KpiResult, 'attainment' | 'points' | 'excluded' | 'capped' | 'floored' | 'belowThreshold'> & {
  exact: NonNullable<KpiResult['exact']>;
  facts: KpiFact | undefined;
};

/**
 * One KpiResult, every field written out in one order: an object spread here (`{ ...base, … }`) cost
 * ~30 µs per KPI in V8 (a 17-property clone falls off the fast path), most of the scoring time.
 */
function result(input: KpiInput, o: Outcome): KpiResult {
  const r: KpiResult = {
    kpi: input.id,
    metric: input.kpi.metric,
    label: input.label,
    weight: input.kpi.weight,
    direction: input.kpi.direction,
    actual: input.actual,
    target: input.target,
    targetSource: input.targetSource,
    attainment: o.attainment,
    points: o.points,
    excluded: o.excluded,
    capped: o.capped,
    floored: o.floored,
    belowThreshold: o.belowThreshold,
    exact: o.exact,
  };
  if (input.targetOrigin !== undefined) r.targetOrigin = input.targetOrigin;
  if (input.targetProration !== undefined) r.targetProration = input.targetProration;
  if (o.facts !== undefined) r.explanationFacts = o.facts;
  return r;
}

export function scoreKpi(input: KpiInput): KpiResult {
  const { kpi, unit } = input;
  const actualX = input.actualExact !== undefined ? input.actualExact : input.actual === null ? null : rat(input.actual);
  const targetX = input.targetExact !== undefined ? input.targetExact : input.target === null ? null : rat(input.target);
  const ax = attainmentExact(kpi, actualX, targetX);
  // Exact actual and target are kept only when the Decimals shown are not exact (a ratio, an average,
  // a prorated target): kept per rep × KPI, they are a sixth of an Evaluation's memory otherwise.
  const exactOf = (points: Rational): NonNullable<KpiResult['exact']> => {
    const e: NonNullable<KpiResult['exact']> = { points };
    if (input.actualExact !== undefined && actualX !== null && !sameValue(actualX, input.actual)) e.actual = actualX;
    if (input.targetExact !== undefined && targetX !== null && !sameValue(targetX, input.target)) e.target = targetX;
    return e;
  };
  if (ax === null) {
    const excluded = kpi.missing === 'exclude';
    const exact = exactOf(R.ZERO);
    let facts: KpiFact | undefined;
    if (input.explain !== false) {
      if (input.actual === null) {
        facts = { code: 'kpi-no-value', unit, excluded };
        if (input.noValueRatio !== undefined) facts.ratio = input.noValueRatio;
      } else facts = { code: input.target === null ? 'kpi-no-target' : 'kpi-no-attainment', unit, excluded };
    }
    return result(input, { attainment: null, points: ZERO, excluded, capped: false, floored: false, belowThreshold: false, exact, facts });
  }
  const pt = pointsFor(kpi, ax);
  const exact = exactOf(pt.points);
  const flags = { excluded: false, capped: pt.capped, floored: pt.floored, belowThreshold: pt.belowThreshold };
  if (input.explain === false) {
    // Earlier periods walked for movement: only the exact points are read; no display values.
    return result(input, { attainment: null, points: ZERO, ...flags, exact, facts: undefined });
  }
  const attainment = dec(ax);
  // Unclamped (no cap, floor or band applied), the factor paid is the attainment itself: one Decimal.
  const factor = pt.factor === ax ? attainment : dec(pt.factor);
  const facts: KpiFact = { code: 'kpi-points', unit, perfect: kpi.direction === 'lower' && R.isZero(actualX!), curve: pt.curve, factor, bands: kpi.bands !== undefined };
  return result(input, { attainment, points: dec(pt.points), ...flags, exact, facts });
}

/** Whether a Decimal shown holds the exact value (a terminating decimal of ≤ 40 digits). */
function sameValue(x: Rational, d: Decimal | null): boolean {
  if (d === null) return false;
  const r = rat(d);
  return R.eq(r, x);
}

export interface Total {
  /** The unrounded score to 40 significant digits, for display. */
  raw: Decimal;
  /** The score: the exact value rounded once to `precision`, half-up. */
  score: Decimal;
  /** The exact unrounded score. */
  exact: Rational;
}

/** Exact Σ points, rescaled when some KPI was excluded; rounded once, half-up, to `precision`. */
export function totalScore(kpis: KpiResult[], precision: number): Total {
  const exact = exactScore(kpis);
  return { raw: compact(toDecimal(exact, D)), score: compact(toDecimal(exact, D, precision)), exact };
}

/** The exact unrounded score of scored KPIs (their `exact` points, or their Decimal points as they are). */
export function exactScore(kpis: readonly KpiResult[]): Rational {
  let sum = R.ZERO;
  let weightsWithValue = R.ZERO;
  let anyExcluded = false;
  for (const k of kpis) {
    sum = R.add(sum, k.exact ? k.exact.points : rat(k.points));
    if (k.excluded) anyExcluded = true;
    else weightsWithValue = R.add(weightsWithValue, rat(k.weight));
  }
  if (!anyExcluded) return sum;
  return R.isZero(weightsWithValue) ? R.ZERO : R.div(R.mul(sum, R.HUNDRED), weightsWithValue);
}

/** The factor `missing: exclude` rescales points by: 100 ÷ Σ weights with a value (1 when nothing was excluded). */
export function excludeScale(kpis: readonly KpiResult[]): Rational {
  let weightsWithValue = R.ZERO;
  let anyExcluded = false;
  for (const k of kpis) {
    if (k.excluded) anyExcluded = true;
    else weightsWithValue = R.add(weightsWithValue, rat(k.weight));
  }
  return anyExcluded && !R.isZero(weightsWithValue) ? R.div(R.HUNDRED, weightsWithValue) : R.ONE;
}

/**
 * The smallest attainment whose points reach `need` (exact); null when the curve cannot pay it.
 * The inverse of `pointsFor`, for the distance to the next tier.
 */
export function neededAttainment(k: KpiShape, need: Rational): Rational | null {
  const c = curveOf(k);
  const w = c.weight;
  const thr = c.threshold ?? R.ZERO;
  if (R.isZero(w)) return null;
  if (c.bands) {
    const ps = c.bands;
    for (let i = 0; i < ps.length; i++) {
      const pnt = ps[i]!;
      if (R.gte(R.mul(w, pnt.factor), need)) {
        if (k.bands!.mode === 'stepped' || i === 0) return R.max(pnt.at, thr);
        const lo = ps[i - 1]!;
        if (R.eq(pnt.factor, lo.factor)) return R.max(pnt.at, thr);
        // Solve lo.f + (p.f − lo.f)(a − lo.at)/(p.at − lo.at) = need / w.
        const a = R.add(lo.at, R.div(R.mul(R.sub(R.div(need, w), lo.factor), R.sub(pnt.at, lo.at)), R.sub(pnt.factor, lo.factor)));
        const fa = bandFactorOf(k.bands!.mode, ps, a);
        return R.max(fa !== null && R.gte(R.mul(w, fa), need) ? a : pnt.at, thr);
      }
    }
    return null;
  }
  const a = R.div(need, w);
  if (c.cap !== null && R.gt(a, c.cap)) return null;
  return R.max(a, thr);
}

// ---- the quick path: past periods, walked only for their rounded score -------------------------

/**
 * A KPI's pay curve as doubles, for `quickRoundedScore`. Null when the quick path cannot be trusted
 * with it (a negative weight, floor or band factor: then terms may cancel and a double's relative error
 * bound no longer holds).
 */
export interface QuickKpi {
  weight: number;
  lower: boolean;
  exclude: boolean;
  floor: number;
  cap: number | null;
  threshold: number | null;
  bands: { at: number; factor: number }[] | null;
  stepped: boolean;
  /** A lower-is-better KPI at an actual of 0 pays at this attainment (null: no value). */
  perfectLower: number | null;
}

export function quickKpi(k: KpiShape): QuickKpi | null {
  const c = curveOf(k);
  const num = (r: Rational): number => Number(r.n) / Number(r.d);
  const bands = c.bands ? c.bands.map((b) => ({ at: num(b.at), factor: num(b.factor) })) : null;
  if (k.weight < 0 || (k.floor ?? 0) < 0 || bands?.some((b) => b.factor < 0 || b.at < 0) || (k.threshold ?? 0) < 0) return null;
  const pl = k.direction === 'lower' ? perfectLower(k) : null;
  return {
    weight: k.weight,
    lower: k.direction === 'lower',
    exclude: k.missing === 'exclude',
    floor: c.floor ? num(c.floor) : 0,
    cap: c.cap ? num(c.cap) : null,
    threshold: c.threshold ? num(c.threshold) : null,
    bands,
    stepped: k.bands?.mode === 'stepped',
    perfectLower: pl === null ? null : num(pl),
  };
}

/** Too close to a step of the curve (or to a rounding half) for a double to tell which side it is on. */
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

/**
 * The score of one rep in one period, rounded half-up to `precision`, as an integer count of
 * 10^-precision — computed in doubles, the way `scoreKpi` + `totalScore` compute it exactly, or
 * undefined when doubles cannot be trusted to give the same rounded score: an attainment within 1e-9
 * of a threshold or band point (a step of the curve), a score within rounding error of a half, a
 * negative or non-finite score. The caller then scores exactly. Relative error of the double path:
 * a few ulps per operation on non-negative terms (≈ 1e-15 × KPIs), far inside the margins used, so
 * whenever it answers, it answers what the exact path answers.
 *
 * `actual[i]` / `target[i]`: the KPI's metric value and target as doubles (null: no value / no target;
 * a target of 0 gives no attainment, as in `attainmentExact`).
 */
export function quickRoundedScore(kpis: readonly QuickKpi[], actual: readonly (number | null)[], target: readonly (number | null)[], precision: number): number | undefined {
  let sum = 0;
  let weightsWithValue = 0;
  let anyExcluded = false;
  for (let i = 0; i < kpis.length; i++) {
    const k = kpis[i]!;
    const x = actual[i]!;
    const t = target[i]!;
    let a: number | null;
    if (x === null || t === null || t === 0) a = null;
    else if (k.lower) a = x === 0 ? k.perfectLower : t / x;
    else a = x / t;
    if (a === null) {
      if (k.exclude) anyExcluded = true;
      else weightsWithValue += k.weight;
      continue;
    }
    weightsWithValue += k.weight;
    if (k.threshold !== null) {
      if (near(a, k.threshold)) return undefined;
      if (a < k.threshold) continue;
    }
    let f: number;
    const ps = k.bands;
    if (ps) {
      if (ps.length === 0) continue;
      if (near(a, ps[0]!.at)) return undefined;
      if (a < ps[0]!.at) continue;
      const last = ps[ps.length - 1]!;
      for (const p of ps) if (near(a, p.at)) return undefined;
      if (a >= last.at) f = last.factor;
      else {
        let j = 0;
        while (j + 1 < ps.length && ps[j + 1]!.at <= a) j++;
        const lo = ps[j]!;
        const hi = ps[j + 1]!;
        f = k.stepped || hi.at === lo.at ? (k.stepped ? lo.factor : hi.factor) : lo.factor + ((hi.factor - lo.factor) * (a - lo.at)) / (hi.at - lo.at);
      }
    } else {
      f = a < k.floor ? k.floor : a;
      if (k.cap !== null && f > k.cap) f = k.cap;
    }
    sum += k.weight * f;
  }
  const score = anyExcluded ? (weightsWithValue === 0 ? 0 : (sum * 100) / weightsWithValue) : sum;
  const x = score * 10 ** precision;
  if (!(x >= 0) || !Number.isFinite(x) || x > 1e14) return undefined;
  const fl = Math.floor(x);
  const frac = x - fl;
  if (Math.abs(frac - 0.5) <= 1e-9 + x * 1e-11) return undefined;
  return frac > 0.5 ? fl + 1 : fl;
}

/**
 * Points to the tier above the qualified one, and what the heaviest KPI alone would need to close the
 * gap (the inverse of `pointsFor`, through `neededAttainment`), from the exact unrounded score so that
 * rounding does not ask for more than needed. Amounts rounded up: counts to whole units, money to cents,
 * others to 4 decimals.
 */
export function distanceToNext(r: RepEvaluation, kpis: readonly KpiShape[], tiers: OrderedTiers, unitOf: (metric: string) => Unit): RepEvaluation['distanceToNext'] {
  const qi = tiers.rank.get(r.decision.qualified)!;
  if (qi === 0) return undefined;
  const next = tiers.list[qi - 1]!;
  const gap = new D(next.min_score).minus(r.score);
  const out: NonNullable<RepEvaluation['distanceToNext']> = { tier: next.id, points: gap.isNegative() ? ZERO : compact(gap) };
  const failing = r.decision.gates.find((g) => g.tier === next.id)?.results.filter((x) => !x.passed).map((x) => x.metric);
  if (failing?.length) out.blockedBy = failing;
  if (!gap.isPositive()) return out;
  // Heaviest KPI: largest weight, first in rubric order on ties.
  let hi = 0;
  kpis.forEach((k, i) => {
    if (k.weight > kpis[hi]!.weight) hi = i;
  });
  const k = kpis[hi]!;
  const res = r.kpis[hi]!;
  if (res.excluded || res.actual === null || res.target === null) return out;
  const scale = excludeScale(r.kpis);
  const exact = { actual: res.exact?.actual ?? rat(res.actual), target: res.exact?.target ?? rat(res.target), points: res.exact?.points ?? rat(res.points) };
  const raw = r.exactRawScore ?? rat(r.rawScore);
  const need = R.add(exact.points, R.div(R.sub(rat(next.min_score), raw), scale));
  const a = neededAttainment(k, need);
  if (a === null) return out;
  let amount: Rational;
  if (k.direction === 'lower') {
    if (R.isZero(a)) return out;
    amount = R.sub(exact.actual, R.div(exact.target, a));
  } else amount = R.sub(R.mul(a, exact.target), exact.actual);
  if (R.sign(amount) <= 0) return out;
  const unit = unitOf(k.metric);
  const dp = unit === 'count' ? 0 : unit === 'money' ? 2 : 4;
  out.kpi = { kpi: res.kpi, metric: k.metric, amount: new D(R.toFixedUp(amount, dp)) };
  return out;
}
