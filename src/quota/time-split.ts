/**
 * Phase 4 of the decomposition: time, only at the rep level. A rep's planned year → months (largest
 * remainder over its month weights), each month → its week segments (over working days). The reps are
 * walked region by region and team by team with each column's rounding error carried to the next rep
 * (`allocateAtomsCarry`), so every cell is ⌊exact⌋ or ⌈exact⌉ and a team's, region's or the company's
 * month stays within about one unit of its exact value.
 */
import { SalesgradeError } from '../shared/errors.js';
import { integerWeights } from '../shared/rational.js';
import { allocateAtomsCarry } from './allocate.js';
import type { CalendarGrid } from './grid.js';
import type { Hierarchy } from './hierarchy.js';
import type { RepState } from './profiles.js';

export interface TimeSplit {
  /** [rep][month] */
  months: bigint[][];
  /** [rep][segment] */
  segs: bigint[][];
}

export function timeSplit(planned: readonly bigint[], unit: bigint, reps: readonly RepState[], h: Hierarchy, grid: CalendarGrid, yearLabel: string): TimeSplit {
  const { segments, monthSegs } = grid;
  const monthsOut: bigint[][] = new Array<bigint[]>(reps.length);
  const segsOut: bigint[][] = new Array<bigint[]>(reps.length);
  const intWeightsCache = new Map<string, bigint[]>();
  const monthCarry = new Float64Array(12);
  const segCarry = new Float64Array(segments.length);
  const monthSlots = grid.months.map((_, mi) => mi);
  for (const g of h.regionNames) {
    for (const k of h.teamsOfRegion.get(g)!) {
      for (const i of h.repsOfTeam.get(k)!) {
        const r = reps[i]!;
        let iw = intWeightsCache.get(r.profileKey);
        if (!iw) {
          iw = integerWeights(r.monthWeights);
          intWeightsCache.set(r.profileKey, iw);
        }
        const atoms = planned[i]!;
        let m: bigint[];
        if (atoms === 0n) m = new Array<bigint>(12).fill(0n);
        else if (iw.every((w) => w === 0n)) throw new SalesgradeError('quota-invalid', `${r.entry.rep}: not active in ${yearLabel}, but has a target`);
        else m = allocateAtomsCarry(atoms, unit, iw, monthCarry, monthSlots);
        const s = new Array<bigint>(segments.length).fill(0n);
        for (let mi = 0; mi < 12; mi++) {
          if (m[mi] === 0n) continue;
          const parts = allocateAtomsCarry(m[mi]!, unit, r.segWeights[mi]!, segCarry, monthSegs[mi]!);
          monthSegs[mi]!.forEach((si, j) => (s[si] = parts[j]!));
        }
        monthsOut[i] = m;
        segsOut[i] = s;
      }
    }
  }
  return { months: monthsOut, segs: segsOut };
}
