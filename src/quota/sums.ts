/**
 * Phase 5 of the decomposition: every cell above a rep is a sum of rep cells — a team's month is Σ its
 * reps' months, a region's Σ its teams', the company's Σ its regions'; a quarter is Σ its months, a week
 * Σ its segments. Rows and columns reconcile by construction, at every level, with no second rounding.
 */
import { isoOfDay, type IsoDate } from '../shared/calendar.js';
import { atomsToString, sumInto } from './atoms.js';
import type { CalendarGrid } from './grid.js';
import { regionOfTeam, teamName, type Hierarchy } from './hierarchy.js';
import type { RampFacts, RepState } from './profiles.js';

export type QuotaLevel = 'company' | 'region' | 'team' | 'rep';
export type QuotaGranularity = 'week' | 'month' | 'quarter';

export interface QuotaPeriod {
  label: string;
  start: IsoDate;
  end: IsoDate;
  workingDays: number;
}

export interface QuotaAmounts {
  /** The full-year target before ramp and start dates. */
  target: string;
  /** The planned year: the sum of `periods` and of `months`. */
  year: string;
  periods: string[];
  months: string[];
}

export interface QuotaEntity {
  level: QuotaLevel;
  name: string;
  region?: string;
  team?: string;
  tier?: string;
  startDate?: IsoDate;
  /** Reps below (1 for a rep). */
  headcount: number;
  /** Ramp or a start date inside the year cut this rep's plan. */
  ramped: boolean;
  /** Why a ramped rep's plan is lower, as facts (report/quota-text.ts words them). */
  ramp?: RampFacts;
  amounts: Record<string, QuotaAmounts>;
}

/** One metric's rep cells, in atoms of `scale` decimals. */
export interface RepCells {
  id: string;
  scale: number;
  target: bigint[];
  planned: bigint[];
  months: bigint[][];
  segs: bigint[][];
}

export interface Sums {
  periods: QuotaPeriod[];
  months: QuotaPeriod[];
  company: QuotaEntity;
  regions: QuotaEntity[];
  teams: QuotaEntity[];
  reps: QuotaEntity[];
}

interface Acc {
  target: bigint[];
  year: bigint[];
  months: bigint[][];
  segs: bigint[][];
}

export function bottomUp(cells: readonly RepCells[], reps: readonly RepState[], h: Hierarchy, grid: CalendarGrid, by: QuotaGranularity, yearLabel: string): Sums {
  const { months, monthWorkdays, weeks, segments } = grid;
  const monthPeriods: QuotaPeriod[] = months.map((m, i) => ({ label: m.label, start: m.start, end: m.end, workingDays: monthWorkdays[i]! }));
  const quarterPeriods: QuotaPeriod[] = [0, 1, 2, 3].map((q) => ({
    label: `${yearLabel}-Q${q + 1}`,
    start: months[q * 3]!.start,
    end: months[q * 3 + 2]!.end,
    workingDays: monthWorkdays[q * 3]! + monthWorkdays[q * 3 + 1]! + monthWorkdays[q * 3 + 2]!,
  }));
  const weekPeriods: QuotaPeriod[] = weeks.map((w) => ({ label: w.label, start: isoOfDay(w.first), end: isoOfDay(w.last), workingDays: w.workdays }));
  const periods = by === 'month' ? monthPeriods : by === 'quarter' ? quarterPeriods : weekPeriods;

  const toPeriods = (m: readonly bigint[], s: readonly bigint[]): bigint[] => {
    if (by === 'month') return [...m];
    if (by === 'quarter') return [0, 1, 2, 3].map((q) => m[q * 3]! + m[q * 3 + 1]! + m[q * 3 + 2]!);
    const out = new Array<bigint>(weeks.length).fill(0n);
    segments.forEach((seg, si) => (out[seg.week]! += s[si]!));
    return out;
  };
  const newAcc = (): Acc => ({
    target: cells.map(() => 0n),
    year: cells.map(() => 0n),
    months: cells.map(() => new Array<bigint>(12).fill(0n)),
    segs: cells.map(() => new Array<bigint>(segments.length).fill(0n)),
  });
  const repAcc = (i: number): Acc => ({
    target: cells.map((c) => c.target[i]!),
    year: cells.map((c) => c.planned[i]!),
    months: cells.map((c) => c.months[i]!),
    segs: cells.map((c) => c.segs[i]!),
  });
  const addAcc = (acc: Acc, other: Acc): void => {
    cells.forEach((_, k) => {
      acc.target[k]! += other.target[k]!;
      acc.year[k]! += other.year[k]!;
      sumInto(acc.months[k]!, other.months[k]!);
      sumInto(acc.segs[k]!, other.segs[k]!);
    });
  };
  const amountsOf = (acc: Acc): Record<string, QuotaAmounts> => {
    const out: Record<string, QuotaAmounts> = {};
    cells.forEach((c, k) => {
      out[c.id] = {
        target: atomsToString(acc.target[k]!, c.scale),
        year: atomsToString(acc.year[k]!, c.scale),
        periods: toPeriods(acc.months[k]!, acc.segs[k]!).map((a) => atomsToString(a, c.scale)),
        months: acc.months[k]!.map((a) => atomsToString(a, c.scale)),
      };
    });
    return out;
  };

  // reps → teams → regions → company, each cell summed once
  const company = newAcc();
  const regionAcc = new Map(h.regionNames.map((g) => [g, newAcc()]));
  const teamAcc = new Map(h.teamKeys.map((k) => [k, newAcc()]));
  for (const [i, r] of reps.entries()) addAcc(teamAcc.get(r.teamKey)!, repAcc(i));
  for (const k of h.teamKeys) addAcc(regionAcc.get(regionOfTeam(k))!, teamAcc.get(k)!);
  for (const g of h.regionNames) addAcc(company, regionAcc.get(g)!);

  const repEntities: QuotaEntity[] = reps.map((r, i) => {
    const e: QuotaEntity = { level: 'rep', name: r.entry.rep, region: r.region, team: r.team, headcount: 1, ramped: r.ramped, amounts: amountsOf(repAcc(i)) };
    if (r.entry.tier !== undefined) e.tier = r.entry.tier;
    if (r.entry.startDate !== undefined) e.startDate = r.entry.startDate;
    if (r.ramp) e.ramp = r.ramp;
    return e;
  });
  const headcountOf = new Map<string, number>();
  const rampedRegion = new Set<string>();
  for (const r of reps) {
    headcountOf.set(r.region, (headcountOf.get(r.region) ?? 0) + 1);
    if (r.ramped) rampedRegion.add(r.region);
  }
  const teams: QuotaEntity[] = h.teamKeys.map((k) => {
    const idx = h.repsOfTeam.get(k)!;
    return { level: 'team', name: teamName(k), region: regionOfTeam(k), headcount: idx.length, ramped: idx.some((i) => reps[i]!.ramped), amounts: amountsOf(teamAcc.get(k)!) };
  });
  const regions: QuotaEntity[] = h.regionNames.map((g) => ({
    level: 'region',
    name: g,
    headcount: headcountOf.get(g) ?? 0,
    ramped: rampedRegion.has(g),
    amounts: amountsOf(regionAcc.get(g)!),
  }));
  const companyEntity: QuotaEntity = { level: 'company', name: '', headcount: reps.length, ramped: reps.some((r) => r.ramped), amounts: amountsOf(company) };
  return { periods, months: monthPeriods, company: companyEntity, regions, teams, reps: repEntities };
}
