/**
 * Calibration: tier `min_score` thresholds that give a wanted tier distribution on graded scores.
 *
 * Works on what an evaluation already holds — each rep's rounded score and metric values — so no
 * candidate re-reads or re-scores anything. The tier a set of thresholds gives is decided by the very
 * function the engine decides it with (`qualify` in tiers.ts: highest first, score ≥ min_score and
 * every gate passes, else the lowest tier), so the reported counts are what an evaluation with the
 * suggested thresholds gives (before the movement rules, which calibrate leaves out).
 *
 * Thresholds are chosen top-down on cumulative counts: tier i's threshold makes the number of reps in
 * tiers 1..i as close as possible to the wanted cumulative count. A threshold always lies between two
 * distinct scores, so equal scores never straddle a boundary; those ties, and reps a gate keeps out,
 * are what can make the result inexact, and the result says which.
 */
import type { Decimal } from 'decimal.js';
import { D } from './decimal.js';
import type { TierShape } from './rubric-shape.js';
import { orderTiers, qualify } from './tiers.js';

export interface CalibrationSample {
  /** `rep` or `rep @ period` when several periods are pooled. */
  id: string;
  /** The score rounded to the rubric's precision, as the tier decision sees it. */
  score: Decimal;
  /** Metric values, for gates (null = no value: a gate on it fails). */
  metric: (metric: string) => Decimal | null;
}

export interface CalibrationTier {
  id: string;
  /** Wanted share in percent. */
  wantedPercent: number;
  /** Wanted count of the pooled scores (largest remainders, summing to the total). */
  wanted: number;
  current: number;
  suggested: number;
  /** Count with the suggested thresholds. */
  count: number;
  members: string[];
  /** Lowest and highest score in the tier with the suggested thresholds. */
  range?: { min: Decimal; max: Decimal };
}

export interface CalibrationIssue {
  /** tie: equal scores at the boundary; gate: reps a gate keeps out; precision: no threshold fits between two scores. */
  kind: 'tie' | 'gate' | 'precision';
  /** The tier whose boundary it is (tie) or whose gates fail (gate). */
  tier: string;
  score?: Decimal;
  reps: string[];
}

export interface Calibration {
  /** Highest first. */
  tiers: CalibrationTier[];
  total: number;
  exact: boolean;
  issues: CalibrationIssue[];
}

/** Whole counts for `percents` of `n` by largest remainders (ties: the higher tier first). */
export function wantedCounts(percents: number[], n: number): number[] {
  const raw = percents.map((p) => (p * n) / 100);
  const out = raw.map((r) => Math.floor(r + 1e-9));
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, rem: r - Math.floor(r + 1e-9) })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

/**
 * The roundest number v with lo < v ≤ hi at the given number of decimals (hi is on that grid): the
 * threshold a person can remember, inside the gap between two scores.
 */
export function roundestBetween(lo: Decimal | null, hi: Decimal, precision: number): Decimal {
  const floor = lo ?? new D(0);
  for (let e = 3; e >= -precision; e--) {
    for (const m of [5, 1]) {
      if (e === -precision && m !== 1) continue;
      const step = new D(m).times(new D(10).pow(e));
      const v = hi.div(step).floor().times(step);
      if (v.gt(floor) && v.lte(hi) && v.gt(0)) return v;
    }
  }
  return hi;
}

/** The tier each sample gets with `tiers` (the engine's own decision). */
export function tiersOf(tiers: TierShape[], samples: readonly CalibrationSample[]): string[] {
  const ordered = orderTiers(tiers);
  return samples.map((s) => qualify(ordered, s.score, s.metric).qualified);
}

function gatesPass(t: TierShape, s: CalibrationSample): boolean {
  return t.gates.every((g) => {
    const v = s.metric(g.metric);
    return v !== null && (g.min === undefined || v.gte(g.min)) && (g.max === undefined || v.lte(g.max));
  });
}

/**
 * Thresholds for `wanted` (tier id → percent, summing to 100) on `samples`, at `precision` decimals.
 * The lowest tier keeps its min_score.
 */
export function calibrate(tiers: TierShape[], samples: readonly CalibrationSample[], wanted: Record<string, number>, precision: number): Calibration {
  const list = orderTiers(tiers).list;
  const n = samples.length;
  const counts = wantedCounts(list.map((t) => wanted[t.id] ?? 0), n);
  const placed = new Set<number>();
  const suggested: number[] = [];
  let upper: Decimal | null = null; // the threshold of the tier above: candidates stay strictly below it
  let cumWanted = 0;
  const noRoom = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    cumWanted += counts[i]!;
    if (i === list.length - 1) {
      suggested.push(t.min_score);
      break;
    }
    // reps not in a higher tier that pass this tier's gates
    const eligible = samples.map((s, k) => ({ s, k })).filter(({ s, k }) => !placed.has(k) && gatesPass(t, s));
    const forced = upper === null ? [] : eligible.filter(({ s }) => s.score.gte(upper!));
    const free = eligible.filter(({ s }) => (upper === null ? true : s.score.lt(upper)) && s.score.gt(0));
    const scores = [...new Set(free.map(({ s }) => s.score.toFixed()))].map((x) => new D(x)).sort((a, b) => b.comparedTo(a));
    // candidate k: the top k distinct scores join (k = 0: none of the free ones)
    let best: { k: number; cost: [number, number] } | undefined;
    let joined = forced.length;
    for (let k = 0; k <= scores.length; k++) {
      if (k > 0) joined += free.filter(({ s }) => s.score.eq(scores[k - 1]!)).length;
      if (k === 0) {
        // none of the free reps joins: needs room for a threshold above them and below the tier above
        const top = scores[0];
        const room = upper === null || top === undefined || upper.minus(top).gt(new D(10).pow(-precision));
        if (!room) {
          noRoom.add(t.id);
          continue;
        }
      }
      const cum = placed.size + joined;
      const cost: [number, number] = [Math.abs(cum - cumWanted), Math.abs(joined - counts[i]!)];
      if (!best || cost[0] < best.cost[0] || (cost[0] === best.cost[0] && cost[1] < best.cost[1])) best = { k, cost };
    }
    const k = best?.k ?? 0;
    let threshold: Decimal;
    if (k === 0) {
      const top = scores[0];
      const hi = upper === null ? (top ?? new D(t.min_score)).plus(1) : upper.minus(new D(10).pow(-precision));
      threshold = roundestBetween(top ?? null, hi, precision);
    } else {
      // leave a step of room above the next score, so a tier below may still be left empty
      const lowestIn = scores[k - 1]!;
      const lo = scores[k] ?? null;
      const step = new D(10).pow(-precision);
      threshold = roundestBetween(lo !== null && lowestIn.minus(lo).gt(step) ? lo.plus(step) : lo, lowestIn, precision);
    }
    suggested.push(threshold.toNumber());
    upper = threshold;
    for (const { s, k: idx } of eligible) if (s.score.gte(threshold)) placed.add(idx);
  }

  // the truth: what the engine's decision gives with the suggested thresholds
  const next = list.map((t, i) => ({ ...t, min_score: suggested[i]! }));
  const got = tiersOf(next, samples);
  const out: CalibrationTier[] = list.map((t, i) => {
    const members = samples.filter((_, k) => got[k] === t.id);
    const tier: CalibrationTier = {
      id: t.id,
      wantedPercent: wanted[t.id] ?? 0,
      wanted: counts[i]!,
      current: t.min_score,
      suggested: suggested[i]!,
      count: members.length,
      members: members.map((m) => m.id),
    };
    if (members.length) {
      const sorted = members.map((m) => m.score).sort((a, b) => a.comparedTo(b));
      tier.range = { min: sorted[0]!, max: sorted[sorted.length - 1]! };
    }
    return tier;
  });
  const exact = out.every((t) => t.count === t.wanted);
  const issues: CalibrationIssue[] = [];
  for (let i = 0; i < list.length - 1; i++) {
    const t = list[i]!;
    const threshold = new D(suggested[i]!);
    // reps who reach this tier's score but fail its gates
    const blocked = samples.filter((s, k) => s.score.gte(threshold) && !gatesPass(t, s) && got[k] !== t.id && list.findIndex((x) => x.id === got[k]) > i);
    if (blocked.length) issues.push({ kind: 'gate', tier: t.id, reps: blocked.map((s) => s.id) });
    if (exact) continue;
    if (noRoom.has(t.id)) issues.push({ kind: 'precision', tier: t.id, reps: [] });
    // equal scores on either side of the boundary: the lowest score in and the highest score out
    const inTier = samples.filter((_, k) => got[k] === t.id);
    const below = samples.filter((s, k) => list.findIndex((x) => x.id === got[k]) > i && s.score.lt(threshold) && gatesPass(t, s));
    const lowIn = inTier.reduce<Decimal | null>((m, s) => (m === null || s.score.lt(m) ? s.score : m), null);
    const highOut = below.reduce<Decimal | null>((m, s) => (m === null || s.score.gt(m) ? s.score : m), null);
    for (const score of [lowIn, highOut]) {
      if (score === null) continue;
      const tied = samples.filter((s) => s.score.eq(score));
      if (tied.length > 1) issues.push({ kind: 'tie', tier: t.id, score, reps: tied.map((s) => s.id) });
    }
  }
  return { tiers: out, total: n, exact, issues };
}
