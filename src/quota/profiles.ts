/**
 * Phase 2 of the decomposition: each rep's profile over the year — month weights (seasonality × ramp
 * factor × the share of the month's working days on or after the start date), the effective share of a
 * full year, and the weight of each week segment. Reps with the same start date share one profile.
 */
import type { IsoDate } from '../shared/calendar.js';
import { add, div, mul, ONE, rat, ZERO, type Rational } from '../shared/rational.js';
import { byName, fracToFixed } from './atoms.js';
import { dayNumber } from './dates.js';
import type { CalendarGrid } from './grid.js';

export interface RosterEntryShape {
  rep: string;
  team?: string | undefined;
  region?: string | undefined;
  startDate?: IsoDate | undefined;
  tier?: string | undefined;
}

/** Why a ramped rep's plan is lower, as facts (report/ words them): percents as decimal strings. */
export interface RampFacts {
  startDate?: IsoDate;
  /** The ramp factors in percent (`['25', '50', '75']`), when the ramp touched this rep's year. */
  factors?: string[];
  /** The effective share of a full year, in percent to one decimal (`'41.9'`). */
  effective: string;
}

export interface RepProfile {
  /** Month weights (seasonality × ramp × active share), fiscal order. */
  monthWeights: Rational[];
  /** Σ month weights: the effective share of a full year (1 for a rep active all year). */
  effective: Rational;
  ramped: boolean;
  ramp?: RampFacts;
  /** Per month: the weight of each of the month's segments for this rep. */
  segWeights: bigint[][];
}

export interface RepState extends RepProfile {
  entry: RosterEntryShape;
  team: string;
  region: string;
  teamKey: string;
  profileKey: string;
}

export function repProfile(startDate: IsoDate | undefined, grid: CalendarGrid, shares: readonly Rational[], rampFracs: readonly Rational[]): RepProfile {
  const { months, monthWorkdays, monthSegs, segments, workday, firstDay } = grid;
  const start = startDate ? dayNumber(startDate) : -Infinity;
  const sy = startDate ? Number(startDate.slice(0, 4)) : 0;
  const sm = startDate ? Number(startDate.slice(5, 7)) : 0;
  let ramped = false;
  const factors: Rational[] = [];
  const segWeights: bigint[][] = [];
  const activeShare: Rational[] = [];
  for (const [mi, m] of months.entries()) {
    const tenure = startDate ? m.year * 12 + m.month - (sy * 12 + sm) : Infinity;
    const f = tenure < 0 ? ZERO : tenure < rampFracs.length ? rampFracs[tenure]! : ONE;
    if (f.n !== f.d) ramped = true;
    factors.push(f);
    const byCalendar = monthWorkdays[mi] === 0;
    const sw: bigint[] = [];
    let active = 0;
    let whole = 0;
    for (const si of monthSegs[mi]!) {
      const s = segments[si]!;
      let n = 0;
      let all = 0;
      for (let d = s.first; d <= s.last; d++) {
        const counts = byCalendar || workday[d - firstDay] === 1;
        if (!counts) continue;
        all++;
        if (d >= start) n++;
      }
      sw.push(BigInt(n));
      active += n;
      whole += all;
    }
    if (active < whole) ramped = true;
    segWeights.push(sw);
    activeShare.push(whole === 0 ? ZERO : div(rat(active), rat(whole)));
  }
  const monthWeights = shares.map((s, i) => mul(mul(s, factors[i]!), activeShare[i]!));
  const effective = monthWeights.reduce((a, b) => add(a, b), ZERO);
  let ramp: RampFacts | undefined;
  if (ramped) {
    ramp = { effective: fracToFixed(mul(effective, rat(100)), 1) };
    if (startDate) ramp.startDate = startDate;
    const used = factors.map((f) => fracToFixed(f, 4)).filter((f) => f !== '1');
    if (rampFracs.length > 0 && used.some((f) => f !== '0')) ramp.factors = rampFracs.map((f) => fracToFixed(mul(f, rat(100)), 0));
  }
  return { monthWeights, effective, ramped, ...(ramp ? { ramp } : {}), segWeights };
}

/** Every rep once (by name; a repeated name is reported through `repeated`), with its profile. */
export function repStates(roster: readonly RosterEntryShape[], grid: CalendarGrid, shares: readonly Rational[], rampFracs: readonly Rational[], repeated: (rep: string) => void): RepState[] {
  const seen = new Set<string>();
  const reps: RepState[] = [];
  const cache = new Map<string, RepProfile>();
  for (const e of [...roster].sort((a, b) => byName(a.rep, b.rep))) {
    if (seen.has(e.rep)) {
      repeated(e.rep);
      continue;
    }
    seen.add(e.rep);
    const team = e.team ?? '';
    const region = e.region ?? '';
    const key = e.startDate ?? '';
    let p = cache.get(key);
    if (!p) {
      p = repProfile(e.startDate, grid, shares, rampFracs);
      cache.set(key, p);
    }
    reps.push({ entry: e, team, region, teamKey: `${region}\u0000${team}`, profileKey: key, ...p });
  }
  return reps;
}
