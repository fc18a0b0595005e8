/**
 * Target decomposition: an annual target, down the hierarchy (company → region → team → rep) and
 * across time (year → months by seasonality → working days → weeks / quarters), rounded so that every
 * level sums exactly to its parent.
 *
 * The order is fixed, and that is what keeps a cell that belongs to a row total (a rep's year) and a
 * column total (a team's month) consistent:
 *   1. annual amounts are split down the hierarchy by largest remainder (regions sum to the company,
 *      teams to their region, reps to their team);
 *   2. ramp and start dates turn each rep's full target into a planned one (absorb) or re-split the
 *      team's total over effective weights (redistribute), again by largest remainder;
 *   3. only then is time allocated, and only at the rep level: a rep's year → months (largest
 *      remainder over seasonality × ramp × active working days), each month → its week segments
 *      (largest remainder over working days). A week that spans two months is the sum of its two
 *      segments, so each day takes its share from its own month;
 *   4. every other cell is a sum of rep cells: a team's month is Σ its reps' months, a quarter is
 *      Σ its months, a week Σ its segments. So rows and columns reconcile by construction, at every
 *      level, with no second rounding.
 * Rounding each rep alone would round the same months up for every rep, so step 3 walks the reps
 * region by region, team by team, and carries each column's rounding error to the next rep
 * (`allocateAtomsCarry`): every cell is still ⌊exact⌋ or ⌈exact⌉, and a team's, region's or the
 * company's month stays within about one unit of its exact value.
 *
 * Amounts are integers of atoms (10^-scale of the currency) in bigint: no float drift.
 */
import { SalesgradeError } from '../shared/errors.js';
import { allocateAtoms, allocateAtomsCarry } from './allocate.js';
import type { WorkCalendar } from './calendar.js';
import { isoOfDay, yearLabel, type IsoDate } from '../shared/calendar.js';
import { dayNumber, fiscalMonths, weekOf } from './dates.js';
import { add, div, rat, integerWeights, mul, ONE, type Rational, ZERO } from '../shared/rational.js';
import { monthProfile, type MonthProfile, type SeasonalitySpec } from './seasonality.js';

export type QuotaLevel = 'company' | 'region' | 'team' | 'rep';
export type QuotaGranularity = 'week' | 'month' | 'quarter';

export interface RosterEntryShape {
  rep: string;
  team?: string | undefined;
  region?: string | undefined;
  startDate?: IsoDate | undefined;
  tier?: string | undefined;
}

export interface QuotaMetricSpec {
  id: string;
  label: string;
  unit: 'money' | 'count';
  /** Rounding unit for this metric (the rubric's `rounding` for money, 1 for counts). */
  rounding: number | string;
}

export type AnnualTargets =
  | { level: 'company'; totals: Record<string, number | string> }
  | { level: 'region' | 'team' | 'rep'; byEntity: Record<string, Record<string, number | string>>; source?: string };

export interface DecomposeInput {
  fiscalYear: number;
  fiscalYearStart: number;
  calendar: WorkCalendar;
  seasonality?: SeasonalitySpec | undefined;
  /** Last year's monthly actuals per metric in fiscal order (for `from: history`). */
  historyMonths?: Record<string, readonly (number | string)[]>;
  /** Last year's actuals per metric per rep (for `split.by: history`). */
  historyByRep?: Record<string, Record<string, number | string>>;
  metrics: QuotaMetricSpec[];
  roster: RosterEntryShape[];
  annual: AnnualTargets;
  split: { by: 'roster' | 'headcount' | 'shares' | 'history'; weights?: Record<string, number> | undefined; shares?: Record<string, number> | undefined };
  ramp?: { months: number[]; relief: 'absorb' | 'redistribute' } | undefined;
  by: QuotaGranularity;
  locale: 'zh-CN' | 'en';
}

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
  /** `starts 2026-07-15 · ramp 25% 50% 75%` — why a ramped rep's plan is lower. */
  rampNote?: string;
  amounts: Record<string, QuotaAmounts>;
}

export interface QuotaPlan {
  label: string;
  fiscalYear: number;
  fiscalYearStart: number;
  start: IsoDate;
  end: IsoDate;
  by: QuotaGranularity;
  calendar: { name: string; years?: [number, number]; holidays: IsoDate[]; makeupWorkdays: IsoDate[] };
  seasonality: MonthProfile['source'];
  /** Month shares of the year, as fractions (strings with 6 places) in fiscal order. */
  monthShares: string[];
  periods: QuotaPeriod[];
  months: QuotaPeriod[];
  metrics: (QuotaMetricSpec & { target: string; planned: string; relief: string })[];
  company: QuotaEntity;
  regions: QuotaEntity[];
  teams: QuotaEntity[];
  reps: QuotaEntity[];
  notes: string[];
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------
// helpers

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function decimals(s: string): number {
  const m = /\.(\d+)$/.exec(s);
  return m ? m[1]!.replace(/0+$/, '').length : 0;
}

function plainOf(x: number | string): string {
  const s = typeof x === 'number' ? String(x) : x.trim();
  if (!/^\d+(\.\d+)?$/.test(s)) throw new SalesgradeError('quota-invalid', `expected an amount ≥ 0, got "${s}"`);
  return s;
}

function toAtoms(x: number | string, scale: number): bigint {
  const s = plainOf(x);
  const [i = '0', f = ''] = s.split('.');
  const fr = f.replace(/0+$/, '');
  if (fr.length > scale) throw new SalesgradeError('internal', `toAtoms: ${s} has more than ${scale} decimals`);
  return BigInt(i + fr.padEnd(scale, '0'));
}

function atomsToString(a: bigint, scale: number): string {
  if (scale === 0) return a.toString();
  const neg = a < 0n;
  const s = (neg ? -a : a).toString().padStart(scale + 1, '0');
  const int = s.slice(0, -scale);
  const fr = s.slice(-scale).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${fr ? `.${fr}` : ''}`;
}

function fracToFixed(f: Rational, dp: number): string {
  const scale = 10n ** BigInt(dp);
  const q = (f.n * scale * 2n + f.d) / (2n * f.d); // half-up
  return atomsToString(q, dp);
}

function sumInto(target: bigint[], src: readonly bigint[]): void {
  for (let i = 0; i < src.length; i++) target[i]! += src[i]!;
}

/** Split atoms over Rational weights; a zero total gives zeros. */
function splitFrac(atoms: bigint, unit: bigint, weights: readonly Rational[]): bigint[] {
  if (atoms === 0n) return weights.map(() => 0n);
  return allocateAtoms(atoms, unit, integerWeights(weights));
}

// ---------------------------------------------------------------------------------------------------

interface RepState {
  entry: RosterEntryShape;
  team: string;
  region: string;
  teamKey: string;
  /** Month weights (seasonality × ramp × active share), fiscal order. */
  monthWeights: Rational[];
  /** Σ month weights: the effective share of a full year (1 for a rep active all year). */
  effective: Rational;
  profileKey: string;
  ramped: boolean;
  rampNote?: string;
  /** Per month: the weight of each of the month's segments for this rep. */
  segWeights: bigint[][];
}

interface Segment {
  month: number;
  week: number;
  first: number;
  last: number;
  workdays: number;
}

/** Decompose the annual targets. Pure: every input is passed in. */
export function decompose(input: DecomposeInput): QuotaPlan {
  const { calendar, fiscalYear: fy, fiscalYearStart: fys, locale } = input;
  const zh = locale === 'zh-CN';
  const warnings: string[] = [];
  if (input.roster.length === 0) throw new SalesgradeError('quota-invalid', 'the roster has no reps to split the target over');
  if (input.metrics.length === 0) throw new SalesgradeError('quota-invalid', 'quota.annual names no metric');

  const months = fiscalMonths(fy, fys);
  const firstDay = months[0]!.firstDay;
  const lastDay = months[11]!.lastDay;

  // Days → months and weeks → segments (a segment = the days of one week inside one month).
  const workday = new Uint8Array(lastDay - firstDay + 1);
  for (let d = firstDay; d <= lastDay; d++) workday[d - firstDay] = calendar.isWorkday(isoOfDay(d)) ? 1 : 0;
  const weeks: { label: string; first: number; last: number; workdays: number }[] = [];
  const segments: Segment[] = [];
  const monthSegs: number[][] = months.map(() => []);
  for (const [mi, m] of months.entries()) {
    let d = m.firstDay;
    while (d <= m.lastDay) {
      const w = weekOf(d, fys);
      const last = Math.min(w.end, m.lastDay);
      let wi = weeks.length - 1;
      if (wi < 0 || weeks[wi]!.label !== w.label) {
        weeks.push({ label: w.label, first: Math.max(w.start, firstDay), last: Math.min(w.end, lastDay), workdays: 0 });
        wi = weeks.length - 1;
      }
      let wd = 0;
      for (let x = d; x <= last; x++) wd += workday[x - firstDay]!;
      weeks[wi]!.workdays += wd;
      monthSegs[mi]!.push(segments.length);
      segments.push({ month: mi, week: wi, first: d, last, workdays: wd });
      d = last + 1;
    }
  }
  const monthWorkdays = monthSegs.map((segs) => segs.reduce((a, s) => a + segments[s]!.workdays, 0));

  const historyFor = (metric: string): readonly (number | string)[] | undefined => input.historyMonths?.[metric];
  const baseProfile = monthProfile(fy, fys, input.seasonality, calendar, historyFor(input.metrics[0]!.id));
  if (input.seasonality && 'from' in input.seasonality && baseProfile.source !== 'history') {
    warnings.push(zh ? 'seasonality 为 from: history，但没有去年的月度数据（--history）：改为按工作日分配' : 'seasonality is from: history but no monthly history was given (--history): months are split by working days');
  }

  // Ramp factors.
  const ramp = input.ramp;
  if (ramp) {
    for (const [i, f] of ramp.months.entries()) {
      if (!Number.isFinite(f) || f < 0 || f > 1) throw new SalesgradeError('quota-invalid', `quota.ramp.months[${i}]: expected a factor 0–1, got ${f}`);
    }
  }
  const rampFracs = (ramp?.months ?? []).map((f) => rat(f));

  // ---- reps: who, where, and their month/segment weights ----------------------------------------
  const seen = new Set<string>();
  const reps: RepState[] = [];
  const sortedRoster = [...input.roster].sort((a, b) => byName(a.rep, b.rep));
  const stateCache = new Map<string, Pick<RepState, 'monthWeights' | 'effective' | 'ramped' | 'rampNote' | 'segWeights'>>();
  for (const e of sortedRoster) {
    if (seen.has(e.rep)) {
      warnings.push(zh ? `花名册中 ${e.rep} 出现多次：只用第一行` : `${e.rep} is listed more than once in the roster: the first line is used`);
      continue;
    }
    seen.add(e.rep);
    const team = e.team ?? '';
    const region = e.region ?? '';
    const key = e.startDate ?? '';
    let st = stateCache.get(key);
    if (!st) {
      st = repProfile(e.startDate);
      stateCache.set(key, st);
    }
    reps.push({ entry: e, team, region, teamKey: `${region}\u0000${team}`, profileKey: key, ...st });
  }

  function repProfile(startDate: IsoDate | undefined): Pick<RepState, 'monthWeights' | 'effective' | 'ramped' | 'rampNote' | 'segWeights'> {
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
    const monthWeights = baseProfile.shares.map((s, i) => mul(mul(s, factors[i]!), activeShare[i]!));
    const effective = monthWeights.reduce((a, b) => add(a, b), ZERO);
    let rampNote: string | undefined;
    if (ramped) {
      const parts: string[] = [];
      if (startDate) parts.push(zh ? `${startDate} 入职` : `starts ${startDate}`);
      const used = factors.map((f) => fracToFixed(f, 4)).filter((f) => f !== '1');
      if (rampFracs.length > 0 && used.some((f) => f !== '0')) {
        parts.push(`${zh ? '爬坡' : 'ramp'} ${rampFracs.map((f) => `${fracToFixed(mul(f, rat(100)), 0)}%`).join(' ')}`);
      }
      parts.push(`${zh ? '全年有效' : 'effective'} ${fracToFixed(mul(effective, rat(100)), 1)}%`);
      rampNote = parts.join(' · ');
    }
    return { monthWeights, effective, ramped, ...(rampNote ? { rampNote } : {}), segWeights };
  }

  // ---- hierarchy ---------------------------------------------------------------------------------
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
    const region = k.slice(0, k.indexOf('\u0000'));
    const list = teamsOfRegion.get(region) ?? [];
    list.push(k);
    teamsOfRegion.set(region, list);
  }
  const teamName = (k: string): string => k.slice(k.indexOf('\u0000') + 1);

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
          warnings.push(
            t === undefined
              ? zh ? '有销售代表在花名册中没有等级：按权重 1 分配' : 'some reps have no tier in the roster: they get weight 1'
              : zh ? `quota.split.weights 没有等级 ${t} 的权重：按 1 分配` : `quota.split.weights has no weight for tier ${t}: its reps get weight 1`,
          );
        }
        return ONE;
      }
      return cachedFrac(w);
    }
    return ONE;
  };

  const metricsOut: QuotaPlan['metrics'] = [];
  // per metric: rep arrays
  const repMonths: bigint[][][] = []; // [metric][rep][month]
  const repSegs: bigint[][][] = [];
  const repTarget: bigint[][] = [];
  const repPlanned: bigint[][] = [];
  const scales: number[] = [];

  for (const metric of input.metrics) {
    // atom scale: enough decimals for the rounding unit and every input amount
    const amounts: string[] = [];
    if (input.annual.level === 'company') {
      const v = input.annual.totals[metric.id];
      if (v !== undefined) amounts.push(plainOf(v));
    } else {
      for (const row of Object.values(input.annual.byEntity)) if (row[metric.id] !== undefined) amounts.push(plainOf(row[metric.id]!));
    }
    const roundingStr = plainOf(metric.rounding);
    if (Number(roundingStr) <= 0) throw new SalesgradeError('quota-invalid', `quota.rounding must be > 0, got ${roundingStr}`);
    const scale = amounts.reduce((m, a) => Math.max(m, decimals(a)), decimals(roundingStr));
    scales.push(scale);
    const unit = toAtoms(roundingStr, scale);

    // history means for reps without history
    const teamMean = new Map<string, Rational>();
    let overallMean: Rational = ONE;
    if (split.by === 'history') {
      const h = input.historyByRep?.[metric.id] ?? {};
      const all: Rational[] = [];
      for (const k of teamKeys) {
        const vals = repsOfTeam.get(k)!.map((i) => h[reps[i]!.entry.rep]).filter((v): v is string | number => v !== undefined).map((v) => rat(plainOf(v)));
        for (const v of vals) all.push(v);
        if (vals.length > 0) teamMean.set(k, div(vals.reduce((a, b) => add(a, b), ZERO), rat(vals.length)));
      }
      if (all.length > 0) overallMean = div(all.reduce((a, b) => add(a, b), ZERO), rat(all.length));
      else warnings.push(zh ? `没有 ${metric.id} 的去年实绩（--history）：按人数分配` : `no history for ${metric.id} (--history): split by headcount`);
      if (all.length > 0 && overallMean.n === 0n) overallMean = ONE;
    }
    const bw = reps.map((r) => baseWeight(r, metric.id, teamMean, overallMean));
    const teamWeight = new Map<string, Rational>();
    for (const k of teamKeys) teamWeight.set(k, repsOfTeam.get(k)!.reduce((a, i) => add(a, bw[i]!), ZERO));
    const regionWeight = new Map<string, Rational>();
    for (const g of regionNames) regionWeight.set(g, teamsOfRegion.get(g)!.reduce((a, k) => add(a, teamWeight.get(k)!), ZERO));

    /** Weights of siblings: explicit shares when any sibling has one, else the given weights. */
    const siblingWeights = (names: string[], fallback: Rational[], what: string): Rational[] => {
      if (!names.some((n) => shares[n] !== undefined)) return fallback;
      const missing = names.filter((n) => shares[n] === undefined);
      if (missing.length > 0) warnings.push(zh ? `quota.split.shares 缺少 ${what} ${missing.join('、')}：份额记为 0` : `quota.split.shares has no share for ${what} ${missing.join(', ')}: they get 0`);
      return names.map((n) => rat(shares[n] ?? 0));
    };
    const splitOrFail = (atoms: bigint, weights: Rational[], what: string): bigint[] => {
      if (atoms > 0n && weights.every((w) => w.n === 0n)) {
        throw new SalesgradeError('quota-invalid', `${what}: every weight is 0, so its ${metric.id} target cannot be split`);
      }
      return splitFrac(atoms, unit, weights);
    };

    // full-year targets per rep
    const full = new Array<bigint>(reps.length).fill(0n);
    const teamFull = new Map<string, bigint>();
    const splitTeam = (k: string, atoms: bigint): void => {
      teamFull.set(k, atoms);
      const idx = repsOfTeam.get(k)!;
      const parts = splitOrFail(atoms, siblingWeights(idx.map((i) => reps[i]!.entry.rep), idx.map((i) => bw[i]!), zh ? '销售代表' : 'reps'), `team ${teamName(k) || '(unassigned)'}`);
      idx.forEach((i, j) => (full[i] = parts[j]!));
    };
    const splitRegion = (g: string, atoms: bigint): void => {
      const ks = teamsOfRegion.get(g)!;
      const parts = splitOrFail(atoms, siblingWeights(ks.map(teamName), ks.map((k) => teamWeight.get(k)!), zh ? '团队' : 'teams'), `region ${g || '(unassigned)'}`);
      ks.forEach((k, j) => splitTeam(k, parts[j]!));
    };
    let targetAtoms = 0n;
    const annual = input.annual;
    if (annual.level === 'company') {
      const v = annual.totals[metric.id];
      targetAtoms = v === undefined ? 0n : toAtoms(v, scale);
      const parts = splitOrFail(targetAtoms, siblingWeights(regionNames, regionNames.map((g) => regionWeight.get(g)!), zh ? '区域' : 'regions'), 'company');
      regionNames.forEach((g, j) => splitRegion(g, parts[j]!));
    } else {
      const names = new Set(Object.keys(annual.byEntity));
      const known =
        annual.level === 'region' ? new Set(regionNames) : annual.level === 'team' ? new Set(teamKeys.map(teamName)) : new Set(reps.map((r) => r.entry.rep));
      const unknown = [...names].filter((n) => !known.has(n)).sort(byName);
      if (unknown.length > 0) warnings.push(zh ? `年度目标文件中的 ${unknown.join('、')} 不在花名册中：忽略` : `annual targets for ${unknown.join(', ')} match no ${annual.level} in the roster: ignored`);
      const val = (name: string): bigint => {
        const v = annual.byEntity[name]?.[metric.id];
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
      for (const n of names) if (known.has(n)) targetAtoms += val(n);
    }

    // ramp: planned per rep
    const planned = new Array<bigint>(reps.length).fill(0n);
    const relief = ramp?.relief ?? 'absorb';
    for (const k of teamKeys) {
      const idx = repsOfTeam.get(k)!;
      const eff = idx.map((i) => reps[i]!.effective);
      const anyRamp = idx.some((i) => reps[i]!.effective.n !== reps[i]!.effective.d);
      if (!anyRamp) {
        for (const i of idx) planned[i] = full[i]!;
        continue;
      }
      const effWeights = idx.map((i, j) => mul(fullWeightOf(i), eff[j]!));
      if (relief === 'redistribute' && effWeights.some((w) => w.n !== 0n)) {
        const parts = splitFrac(teamFull.get(k)!, unit, effWeights);
        idx.forEach((i, j) => (planned[i] = parts[j]!));
      } else {
        if (relief === 'redistribute' && teamFull.get(k)! > 0n) {
          warnings.push(zh ? `团队 ${teamName(k)} 全年无人在岗：目标无法再分配` : `team ${teamName(k) || '(unassigned)'} has nobody active in the year: its target cannot be redistributed`);
        }
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
    function fullWeightOf(i: number): Rational {
      // redistribute by each rep's full target, so the team keeps its split and loses nothing
      return rat(full[i]!);
    }

    // time: year → months → segments, per rep, walking the reps region by region and team by team
    // with the column carry (allocate.ts), so a team's (and region's, and the company's) months and
    // weeks stay within about a unit of their exact share.
    const monthsOut: bigint[][] = new Array<bigint[]>(reps.length);
    const segsOut: bigint[][] = new Array<bigint[]>(reps.length);
    const intWeightsCache = new Map<string, bigint[]>();
    const monthCarry = new Float64Array(12);
    const segCarry = new Float64Array(segments.length);
    const monthSlots = months.map((_, mi) => mi);
    for (const g of regionNames) {
      for (const k of teamsOfRegion.get(g)!) {
        for (const i of repsOfTeam.get(k)!) {
          const r = reps[i]!;
          let iw = intWeightsCache.get(r.profileKey);
          if (!iw) {
            iw = integerWeights(r.monthWeights);
            intWeightsCache.set(r.profileKey, iw);
          }
          const atoms = planned[i]!;
          let m: bigint[];
          if (atoms === 0n) m = new Array<bigint>(12).fill(0n);
          else if (iw.every((w) => w === 0n)) throw new SalesgradeError('quota-invalid', `${r.entry.rep}: not active in ${yearLabel(fy, fys)}, but has a target`);
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
    repMonths.push(monthsOut);
    repSegs.push(segsOut);
    repTarget.push(full);
    repPlanned.push(planned);
    const plannedTotal = planned.reduce((a, b) => a + b, 0n);
    const fullTotal = full.reduce((a, b) => a + b, 0n);
    metricsOut.push({
      ...metric,
      target: atomsToString(targetAtoms, scale),
      planned: atomsToString(plannedTotal, scale),
      relief: atomsToString(fullTotal - plannedTotal, scale),
    });
  }

  // ---- periods and aggregation -------------------------------------------------------------------
  const monthPeriods: QuotaPeriod[] = months.map((m, i) => ({ label: m.label, start: m.start, end: m.end, workingDays: monthWorkdays[i]! }));
  const quarterPeriods: QuotaPeriod[] = [0, 1, 2, 3].map((q) => ({
    label: `${yearLabel(fy, fys)}-Q${q + 1}`,
    start: months[q * 3]!.start,
    end: months[q * 3 + 2]!.end,
    workingDays: monthWorkdays[q * 3]! + monthWorkdays[q * 3 + 1]! + monthWorkdays[q * 3 + 2]!,
  }));
  const weekPeriods: QuotaPeriod[] = weeks.map((w) => ({ label: w.label, start: isoOfDay(w.first), end: isoOfDay(w.last), workingDays: w.workdays }));
  const periods = input.by === 'month' ? monthPeriods : input.by === 'quarter' ? quarterPeriods : weekPeriods;

  const toPeriods = (m: readonly bigint[], s: readonly bigint[]): bigint[] => {
    if (input.by === 'month') return [...m];
    if (input.by === 'quarter') return [0, 1, 2, 3].map((q) => m[q * 3]! + m[q * 3 + 1]! + m[q * 3 + 2]!);
    const out = new Array<bigint>(weeks.length).fill(0n);
    segments.forEach((seg, si) => (out[seg.week]! += s[si]!));
    return out;
  };

  interface Acc {
    target: bigint[];
    year: bigint[];
    months: bigint[][];
    segs: bigint[][];
  }
  const newAcc = (): Acc => ({
    target: input.metrics.map(() => 0n),
    year: input.metrics.map(() => 0n),
    months: input.metrics.map(() => new Array<bigint>(12).fill(0n)),
    segs: input.metrics.map(() => new Array<bigint>(segments.length).fill(0n)),
  });
  const addRep = (acc: Acc, i: number): void => {
    input.metrics.forEach((_, k) => {
      acc.target[k]! += repTarget[k]![i]!;
      acc.year[k]! += repPlanned[k]![i]!;
      sumInto(acc.months[k]!, repMonths[k]![i]!);
      sumInto(acc.segs[k]!, repSegs[k]![i]!);
    });
  };
  const amountsOf = (acc: Acc): Record<string, QuotaAmounts> => {
    const out: Record<string, QuotaAmounts> = {};
    input.metrics.forEach((m, k) => {
      const sc = scales[k]!;
      out[m.id] = {
        target: atomsToString(acc.target[k]!, sc),
        year: atomsToString(acc.year[k]!, sc),
        periods: toPeriods(acc.months[k]!, acc.segs[k]!).map((a) => atomsToString(a, sc)),
        months: acc.months[k]!.map((a) => atomsToString(a, sc)),
      };
    });
    return out;
  };

  const addAcc = (acc: Acc, other: Acc): void => {
    input.metrics.forEach((_, k) => {
      acc.target[k]! += other.target[k]!;
      acc.year[k]! += other.year[k]!;
      sumInto(acc.months[k]!, other.months[k]!);
      sumInto(acc.segs[k]!, other.segs[k]!);
    });
  };
  // bottom-up: reps → teams → regions → company, each cell summed once
  const company = newAcc();
  const regionAcc = new Map(regionNames.map((g) => [g, newAcc()]));
  const teamAcc = new Map(teamKeys.map((k) => [k, newAcc()]));
  for (const [i, r] of reps.entries()) addRep(teamAcc.get(r.teamKey)!, i);
  for (const k of teamKeys) addAcc(regionAcc.get(k.slice(0, k.indexOf('\u0000')))!, teamAcc.get(k)!);
  for (const g of regionNames) addAcc(company, regionAcc.get(g)!);
  const repEntities: QuotaEntity[] = reps.map((r, i) => {
    const acc: Acc = {
      target: input.metrics.map((_, k) => repTarget[k]![i]!),
      year: input.metrics.map((_, k) => repPlanned[k]![i]!),
      months: input.metrics.map((_, k) => repMonths[k]![i]!),
      segs: input.metrics.map((_, k) => repSegs[k]![i]!),
    };
    const e: QuotaEntity = { level: 'rep', name: r.entry.rep, region: r.region, team: r.team, headcount: 1, ramped: r.ramped, amounts: amountsOf(acc) };
    if (r.entry.tier !== undefined) e.tier = r.entry.tier;
    if (r.entry.startDate !== undefined) e.startDate = r.entry.startDate;
    if (r.rampNote) e.rampNote = r.rampNote;
    return e;
  });
  const headcountOf = new Map<string, number>();
  const rampedRegion = new Set<string>();
  for (const r of reps) {
    headcountOf.set(r.region, (headcountOf.get(r.region) ?? 0) + 1);
    if (r.ramped) rampedRegion.add(r.region);
  }
  const teams: QuotaEntity[] = teamKeys.map((k) => {
    const idx = repsOfTeam.get(k)!;
    const region = k.slice(0, k.indexOf('\u0000'));
    return { level: 'team', name: teamName(k), region, headcount: idx.length, ramped: idx.some((i) => reps[i]!.ramped), amounts: amountsOf(teamAcc.get(k)!) };
  });
  const regions: QuotaEntity[] = regionNames.map((g) => ({
    level: 'region',
    name: g,
    headcount: headcountOf.get(g) ?? 0,
    ramped: rampedRegion.has(g),
    amounts: amountsOf(regionAcc.get(g)!),
  }));
  const companyEntity: QuotaEntity = { level: 'company', name: '', headcount: reps.length, ramped: reps.some((r) => r.ramped), amounts: amountsOf(company) };

  const special = calendar.specialDays?.(months[0]!.year) ?? { holidays: [], workdays: [] };
  const special2 = months[11]!.year !== months[0]!.year ? (calendar.specialDays?.(months[11]!.year) ?? { holidays: [], workdays: [] }) : { holidays: [], workdays: [] };
  const inYear = (d: IsoDate): boolean => d >= months[0]!.start && d <= months[11]!.end;
  const calendarInfo: QuotaPlan['calendar'] = {
    name: calendar.name,
    holidays: [...special.holidays, ...special2.holidays].filter(inYear),
    makeupWorkdays: [...special.workdays, ...special2.workdays].filter(inYear),
  };
  if (calendar.years) calendarInfo.years = calendar.years;

  const plan: QuotaPlan = {
    label: yearLabel(fy, fys),
    fiscalYear: fy,
    fiscalYearStart: fys,
    start: months[0]!.start,
    end: months[11]!.end,
    by: input.by,
    calendar: calendarInfo,
    seasonality: baseProfile.source,
    monthShares: baseProfile.shares.map((s) => fracToFixed(s, 6)),
    periods,
    months: monthPeriods,
    metrics: metricsOut,
    company: companyEntity,
    regions,
    teams,
    reps: repEntities,
    notes: [],
    warnings,
  };
  plan.notes = planNotes(plan, input, zh);
  return plan;
}

function planNotes(plan: QuotaPlan, input: DecomposeInput, zh: boolean): string[] {
  const notes: string[] = [];
  const shares = plan.monthShares.map((s) => `${(Number(s) * 100).toFixed(1)}%`).join(' ');
  const seasonality = {
    months: zh ? '按 quota.seasonality.months 的月度权重（归一化）' : 'monthly weights from quota.seasonality.months, normalised',
    quarters: zh ? '按 quota.seasonality.quarters 的季度权重，季度内按工作日分到各月' : 'quarterly weights from quota.seasonality.quarters, split over each quarter\'s months by working days',
    history: zh ? '按去年各月实绩占比（--history）' : "last year's monthly shares (--history)",
    workdays: zh ? '按各月工作日' : 'by working days per month',
  }[plan.seasonality];
  notes.push(zh ? `季节性：${seasonality}；各月占比 ${shares}。月内按工作日平均分配。` : `Seasonality: ${seasonality}; month shares ${shares}. Inside a month the amount is spread evenly over its working days.`);
  const cal = plan.calendar;
  const calName =
    cal.name.startsWith('cn')
      ? zh ? `中国法定节假日与调休（chinese-days，覆盖 ${cal.years?.[0]}–${cal.years?.[1]} 年）` : `mainland China public holidays and make-up workdays (chinese-days, ${cal.years?.[0]}–${cal.years?.[1]})`
      : zh ? '周一至周五' : 'Monday–Friday';
  const custom = cal.name.endsWith('+custom') ? (zh ? '，另加自定义日历' : ', plus a custom calendar') : '';
  notes.push(
    zh
      ? `日历：${calName}${custom}；全年 ${plan.months.reduce((a, m) => a + m.workingDays, 0)} 个工作日，节假日 ${cal.holidays.length} 天（工作日放假），调休上班 ${cal.makeupWorkdays.length} 天${cal.makeupWorkdays.length ? `（${cal.makeupWorkdays.join('、')}）` : ''}。`
      : `Calendar: ${calName}${custom}; ${plan.months.reduce((a, m) => a + m.workingDays, 0)} working days in the year, ${cal.holidays.length} weekday holidays, ${cal.makeupWorkdays.length} weekend make-up workdays${cal.makeupWorkdays.length ? ` (${cal.makeupWorkdays.join(', ')})` : ''}.`,
  );
  const splitBy = {
    roster: input.split.weights ? (zh ? `按等级权重 ${fmtWeights(input.split.weights)}` : `by tier weights ${fmtWeights(input.split.weights)}`) : zh ? '按人数' : 'by headcount',
    headcount: zh ? '按人数' : 'by headcount',
    shares: zh ? `按指定份额 ${fmtWeights(input.split.shares ?? {})}` : `by explicit shares ${fmtWeights(input.split.shares ?? {})}`,
    history: zh ? '按去年实绩（--history）' : "by last year's actuals (--history)",
  }[input.split.by];
  const level = { company: zh ? '公司' : 'company', region: zh ? '区域' : 'region', team: zh ? '团队' : 'team', rep: zh ? '销售代表' : 'rep' }[input.annual.level];
  notes.push(zh ? `分解：年度目标给在${level}层，${splitBy}，逐级分到区域、团队、销售代表。` : `Split: annual targets at ${level} level, split ${splitBy} down to regions, teams and reps.`);
  if (input.ramp) {
    const f = input.ramp.months.map((x) => `${Math.round(x * 100)}%`).join(' ');
    const relief = input.ramp.relief === 'absorb' ? (zh ? '减少部分由团队承担（团队目标下降）' : 'the relief is absorbed (the team total drops)') : zh ? '减少部分按权重再分配给团队其他成员' : 'the relief is redistributed to the rest of the team';
    const ramped = plan.reps.filter((r) => r.ramped).length;
    notes.push(zh ? `新人爬坡：入职前无目标，入职后各月系数 ${f}；${relief}；${ramped} 人受影响。` : `Ramp: no quota before start_date, then factors ${f} by month of tenure; ${relief}; ramped reps: ${ramped}.`);
  } else if (plan.reps.some((r) => r.ramped)) {
    notes.push(zh ? '入职日期在年内的销售代表，入职前无目标。' : 'Reps starting inside the year have no quota before their start date.');
  }
  notes.push(
    zh
      ? `取整：金额取整到 ${plan.metrics.map((m) => `${m.id} ${m.rounding}`).join('，')}，用最大余数法，逐级精确相加（周/月 = 年，代表 = 团队，团队 = 区域，区域 = 公司）。`
      : `Rounding: amounts are whole multiples of ${plan.metrics.map((m) => `${m.rounding} (${m.id})`).join(', ')}, by largest remainder, so every level sums exactly to its parent (weeks and months to the year, reps to teams, teams to regions, regions to the company).`,
  );
  return notes;
}

function fmtWeights(w: Record<string, number>): string {
  return Object.entries(w)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}
