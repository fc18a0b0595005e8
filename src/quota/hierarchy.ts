/**
 * Phase 3 of the decomposition: the hierarchy (regions → teams → reps, from the roster) and, per metric,
 * the annual target split down it by largest remainder — regions sum to the company, teams to their
 * region, reps to their team — then ramp and start dates turning each rep's full target into a planned
 * one (absorb), or re-splitting the team's total over effective weights (redistribute).
 */
import { SalesgradeError } from '../shared/errors.js';
import { add, div, mul, ONE, rat, ZERO, type Rational } from '../shared/rational.js';
import { byName, plainOf, splitFrac, toAtoms } from './atoms.js';
import type { RepState } from './profiles.js';
import type { QuotaWarning } from './facts.js';

export interface Hierarchy {
  regionNames: string[];
  /** `region \0 team`, sorted. */
  teamKeys: string[];
  repsOfTeam: Map<string, number[]>;
  teamsOfRegion: Map<string, string[]>;
}

export const teamName = (k: string): string => k.slice(k.indexOf('\u0000') + 1);
export const regionOfTeam = (k: string): string => k.slice(0, k.indexOf('\u0000'));

export function hierarchyOf(reps: readonly RepState[]): Hierarchy {
  const regionNames = [...new Set(reps.map((r) => r.region))].sort(byName);
  const teamKeys = [...new Set(reps.map((r) => r.teamKey))].sort(byName);
  const repsOfTeam = new Map<string, number[]>();
  const teamsOfRegion = new Map<string, string[]>();
  reps.forEach((r, i) => {
    const list = repsOfTeam.get(r.teamKey) ?? [];
    list.push(i);
    repsOfTeam.set(r.teamKey, list);
  });
  for (const k of teamKeys) {
    const region = regionOfTeam(k);
    const list = teamsOfRegion.get(region) ?? [];
    list.push(k);
    teamsOfRegion.set(region, list);
  }
  return { regionNames, teamKeys, repsOfTeam, teamsOfRegion };
}

export type AnnualTargets =
  | { level: 'company'; totals: Record<string, number | string> }
  | { level: 'region' | 'team' | 'rep'; byEntity: Record<string, Record<string, number | string>>; source?: string };

export interface SplitInput {
  annual: AnnualTargets;
  split: { by: 'roster' | 'headcount' | 'shares' | 'history'; weights?: Record<string, number> | undefined; shares?: Record<string, number> | undefined };
  historyByRep?: Record<string, Record<string, number | string>> | undefined;
  ramp?: { months: number[]; relief: 'absorb' | 'redistribute' } | undefined;
}

export interface MetricSplit {
  /** The annual target (of the names the roster knows). */
  target: bigint;
  /** Per rep: the full-year target, and the planned one after ramp and start dates. */
  full: bigint[];
  planned: bigint[];
}

/** The splitter of one plan: call it once per metric (`scale` decimals, rounding `unit` in atoms). */
export function hierarchySplitter(input: SplitInput, reps: readonly RepState[], h: Hierarchy, warn: (w: QuotaWarning) => void): (metric: string, scale: number, unit: bigint) => MetricSplit {
  const { regionNames, teamKeys, repsOfTeam, teamsOfRegion } = h;
  const split = input.split;
  const shares = split.by === 'shares' ? (split.shares ?? {}) : {};
  if (split.by === 'shares' && Object.keys(shares).length === 0) {
    throw new SalesgradeError('quota-invalid', 'quota.split.by is shares but quota.split.shares is empty');
  }
  const tierWarned = new Set<string>();
  const fracCache = new Map<number, Rational>();
  const cachedFrac = (x: number): Rational => {
    let f = fracCache.get(x);
    if (!f) {
      f = rat(x);
      fracCache.set(x, f);
    }
    return f;
  };
  const baseWeight = (r: RepState, metric: string, teamMean: Map<string, Rational>, overallMean: Rational): Rational => {
    if (split.by === 'history') {
      const v = input.historyByRep?.[metric]?.[r.entry.rep];
      if (v !== undefined) return rat(plainOf(v));
      return teamMean.get(r.teamKey) ?? overallMean;
    }
    if (split.by === 'roster' && split.weights) {
      const t = r.entry.tier;
      const w = t !== undefined ? split.weights[t] : undefined;
      if (w === undefined) {
        const k = t ?? '';
        if (!tierWarned.has(k)) {
          tierWarned.add(k);
          warn(t === undefined ? { code: 'tier-without-weight' } : { code: 'tier-without-weight', tier: t });
        }
        return ONE;
      }
      return cachedFrac(w);
    }
    return ONE;
  };

  return (metric, scale, unit) => {
    // history means for reps without history
    const teamMean = new Map<string, Rational>();
    let overallMean: Rational = ONE;
    if (split.by === 'history') {
      const hist = input.historyByRep?.[metric] ?? {};
      const all: Rational[] = [];
      for (const k of teamKeys) {
        const vals = repsOfTeam.get(k)!.map((i) => hist[reps[i]!.entry.rep]).filter((v): v is string | number => v !== undefined).map((v) => rat(plainOf(v)));
        for (const v of vals) all.push(v);
        if (vals.length > 0) teamMean.set(k, div(vals.reduce((a, b) => add(a, b), ZERO), rat(vals.length)));
      }
      if (all.length > 0) overallMean = div(all.reduce((a, b) => add(a, b), ZERO), rat(all.length));
      else warn({ code: 'metric-without-history', metric });
      if (all.length > 0 && overallMean.n === 0n) overallMean = ONE;
    }
    const bw = reps.map((r) => baseWeight(r, metric, teamMean, overallMean));
    const teamWeight = new Map<string, Rational>();
    for (const k of teamKeys) teamWeight.set(k, repsOfTeam.get(k)!.reduce((a, i) => add(a, bw[i]!), ZERO));
    const regionWeight = new Map<string, Rational>();
    for (const g of regionNames) regionWeight.set(g, teamsOfRegion.get(g)!.reduce((a, k) => add(a, teamWeight.get(k)!), ZERO));

    /** Weights of siblings: explicit shares when any sibling has one, else the given weights. */
    const siblingWeights = (names: string[], fallback: Rational[], level: 'rep' | 'team' | 'region'): Rational[] => {
      if (!names.some((n) => shares[n] !== undefined)) return fallback;
      const missing = names.filter((n) => shares[n] === undefined);
      if (missing.length > 0) warn({ code: 'shares-missing', level, names: missing });
      return names.map((n) => rat(shares[n] ?? 0));
    };
    const splitOrFail = (atoms: bigint, weights: Rational[], what: string): bigint[] => {
      if (atoms > 0n && weights.every((w) => w.n === 0n)) {
        throw new SalesgradeError('quota-invalid', `${what}: every weight is 0, so its ${metric} target cannot be split`);
      }
      return splitFrac(atoms, unit, weights);
    };

    // full-year targets per rep
    const full = new Array<bigint>(reps.length).fill(0n);
    const teamFull = new Map<string, bigint>();
    const splitTeam = (k: string, atoms: bigint): void => {
      teamFull.set(k, atoms);
      const idx = repsOfTeam.get(k)!;
      const parts = splitOrFail(atoms, siblingWeights(idx.map((i) => reps[i]!.entry.rep), idx.map((i) => bw[i]!), 'rep'), `team ${teamName(k) || '(unassigned)'}`);
      idx.forEach((i, j) => (full[i] = parts[j]!));
    };
    const splitRegion = (g: string, atoms: bigint): void => {
      const ks = teamsOfRegion.get(g)!;
      const parts = splitOrFail(atoms, siblingWeights(ks.map(teamName), ks.map((k) => teamWeight.get(k)!), 'team'), `region ${g || '(unassigned)'}`);
      ks.forEach((k, j) => splitTeam(k, parts[j]!));
    };
    let target = 0n;
    const annual = input.annual;
    if (annual.level === 'company') {
      const v = annual.totals[metric];
      target = v === undefined ? 0n : toAtoms(v, scale);
      const parts = splitOrFail(target, siblingWeights(regionNames, regionNames.map((g) => regionWeight.get(g)!), 'region'), 'company');
      regionNames.forEach((g, j) => splitRegion(g, parts[j]!));
    } else {
      const names = new Set(Object.keys(annual.byEntity));
      const known = annual.level === 'region' ? new Set(regionNames) : annual.level === 'team' ? new Set(teamKeys.map(teamName)) : new Set(reps.map((r) => r.entry.rep));
      const unknown = [...names].filter((n) => !known.has(n)).sort(byName);
      if (unknown.length > 0) warn({ code: 'annual-unknown-names', level: annual.level, names: unknown });
      const val = (name: string): bigint => {
        const v = annual.byEntity[name]?.[metric];
        return v === undefined ? 0n : toAtoms(v, scale);
      };
      if (annual.level === 'region') for (const g of regionNames) splitRegion(g, val(g));
      else if (annual.level === 'team') for (const k of teamKeys) splitTeam(k, val(teamName(k)));
      else {
        for (const k of teamKeys) {
          let t = 0n;
          for (const i of repsOfTeam.get(k)!) {
            full[i] = val(reps[i]!.entry.rep);
            t += full[i]!;
          }
          teamFull.set(k, t);
        }
      }
      for (const n of names) if (known.has(n)) target += val(n);
    }

    // ramp: planned per rep
    const planned = new Array<bigint>(reps.length).fill(0n);
    const relief = input.ramp?.relief ?? 'absorb';
    for (const k of teamKeys) {
      const idx = repsOfTeam.get(k)!;
      const eff = idx.map((i) => reps[i]!.effective);
      const anyRamp = idx.some((i) => reps[i]!.effective.n !== reps[i]!.effective.d);
      if (!anyRamp) {
        for (const i of idx) planned[i] = full[i]!;
        continue;
      }
      // redistribute by each rep's full target, so the team keeps its split and loses nothing
      const effWeights = idx.map((i, j) => mul(rat(full[i]!), eff[j]!));
      if (relief === 'redistribute' && effWeights.some((w) => w.n !== 0n)) {
        const parts = splitFrac(teamFull.get(k)!, unit, effWeights);
        idx.forEach((i, j) => (planned[i] = parts[j]!));
      } else {
        if (relief === 'redistribute' && teamFull.get(k)! > 0n) warn({ code: 'team-nobody-active', team: teamName(k) });
        for (const [j, i] of idx.entries()) {
          // half-up to the unit of full × effective
          const e = eff[j]!;
          if (e.n === e.d) {
            planned[i] = full[i]!;
            continue;
          }
          const exact = full[i]! * e.n; // over e.d
          const units = (exact * 2n + e.d * unit) / (2n * e.d * unit);
          planned[i] = units * unit;
        }
      }
    }
    return { target, full, planned };
  };
}
