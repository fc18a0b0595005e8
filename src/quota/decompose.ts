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
 *
 * Each phase is its own module: grid.ts (the calendar grid), profiles.ts (rep profiles), hierarchy.ts
 * (hierarchy split and ramp), time-split.ts (time split), sums.ts (bottom-up sums). This file runs
 * them in order. The plan holds numbers and facts (facts.ts), no prose: report/quota-text.ts words the
 * notes, warnings and ramp explanations in the report's language.
 */
import { isoOfDay, yearLabel, type IsoDate } from '../shared/calendar.js';
import { SalesgradeError } from '../shared/errors.js';
import { rat } from '../shared/rational.js';
import { atomsToString, decimals, fracToFixed, plainOf, toAtoms } from './atoms.js';
import type { WorkCalendar } from './calendar.js';
import type { QuotaNote, QuotaWarning } from './facts.js';
import { calendarGrid } from './grid.js';
import { hierarchyOf, hierarchySplitter, type AnnualTargets, type SplitInput } from './hierarchy.js';
import { repStates, type RosterEntryShape } from './profiles.js';
import { monthProfile, type MonthProfile, type SeasonalitySpec } from './seasonality.js';
import { bottomUp, type QuotaEntity, type QuotaGranularity, type QuotaPeriod, type RepCells } from './sums.js';
import { timeSplit } from './time-split.js';

export type { QuotaNote, QuotaWarning } from './facts.js';
export type { AnnualTargets } from './hierarchy.js';
export type { RampFacts, RosterEntryShape } from './profiles.js';
export type { QuotaEntity, QuotaGranularity, QuotaPeriod } from './sums.js';

export interface QuotaMetricSpec {
  id: string;
  label: string;
  unit: 'money' | 'count';
  /** Rounding unit for this metric (the rubric's `rounding` for money, 1 for counts). */
  rounding: number | string;
}

export interface DecomposeInput extends SplitInput {
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
  by: QuotaGranularity;
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
  /** In order: seasonality, calendar, split, ramp (or start dates), rounding. */
  notes: QuotaNote[];
  warnings: QuotaWarning[];
}

/** Decompose the annual targets. Pure: every input is passed in. */
export function decompose(input: DecomposeInput): QuotaPlan {
  const { calendar, fiscalYear: fy, fiscalYearStart: fys } = input;
  const warnings: QuotaWarning[] = [];
  const warn = (w: QuotaWarning): void => void warnings.push(w);
  if (input.roster.length === 0) throw new SalesgradeError('quota-invalid', 'the roster has no reps to split the target over');
  if (input.metrics.length === 0) throw new SalesgradeError('quota-invalid', 'quota.annual names no metric');
  const label = yearLabel(fy, fys);

  // 1. the calendar grid: days → months, weeks → segments
  const grid = calendarGrid(fy, fys, calendar);
  const { months } = grid;

  const baseProfile = monthProfile(fy, fys, input.seasonality, calendar, input.historyMonths?.[input.metrics[0]!.id]);
  if (input.seasonality && 'from' in input.seasonality && baseProfile.source !== 'history') warn({ code: 'seasonality-no-history' });
  const ramp = input.ramp;
  if (ramp) {
    for (const [i, f] of ramp.months.entries()) {
      if (!Number.isFinite(f) || f < 0 || f > 1) throw new SalesgradeError('quota-invalid', `quota.ramp.months[${i}]: expected a factor 0–1, got ${f}`);
    }
  }
  const rampFracs = (ramp?.months ?? []).map((f) => rat(f));

  // 2. rep profiles: month and segment weights from seasonality, ramp and start dates
  const reps = repStates(input.roster, grid, baseProfile.shares, rampFracs, (rep) => warn({ code: 'roster-repeated-rep', rep }));

  // 3. the hierarchy, and each metric's annual target split down it (then ramped); 4. the time split
  const h = hierarchyOf(reps);
  const splitMetric = hierarchySplitter(input, reps, h, warn);
  const cells: RepCells[] = [];
  const metricsOut: QuotaPlan['metrics'] = [];
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
    const unit = toAtoms(roundingStr, scale);
    const { target, full, planned } = splitMetric(metric.id, scale, unit);
    const time = timeSplit(planned, unit, reps, h, grid, label);
    cells.push({ id: metric.id, scale, target: full, planned, months: time.months, segs: time.segs });
    const plannedTotal = planned.reduce((a, b) => a + b, 0n);
    const fullTotal = full.reduce((a, b) => a + b, 0n);
    metricsOut.push({
      ...metric,
      target: atomsToString(target, scale),
      planned: atomsToString(plannedTotal, scale),
      relief: atomsToString(fullTotal - plannedTotal, scale),
    });
  }

  // 5. bottom-up sums: every cell above a rep is a sum of rep cells
  const sums = bottomUp(cells, reps, h, grid, input.by, label);

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
    label,
    fiscalYear: fy,
    fiscalYearStart: fys,
    start: months[0]!.start,
    end: months[11]!.end,
    by: input.by,
    calendar: calendarInfo,
    seasonality: baseProfile.source,
    monthShares: baseProfile.shares.map((s) => fracToFixed(s, 6)),
    ...sums,
    metrics: metricsOut,
    notes: [],
    warnings,
  };
  plan.notes = planNotes(plan, input);
  return plan;
}

/** The plan's notes as facts, in order: seasonality, calendar, split, ramp (or start dates), rounding. */
function planNotes(plan: QuotaPlan, input: DecomposeInput): QuotaNote[] {
  const notes: QuotaNote[] = [];
  notes.push({ code: 'seasonality', source: plan.seasonality, shares: plan.monthShares.map((s) => (Number(s) * 100).toFixed(1)) });
  const cal = plan.calendar;
  notes.push({
    code: 'calendar',
    name: cal.name.startsWith('cn') ? 'cn' : 'weekdays',
    ...(cal.name.startsWith('cn') && cal.years ? { years: cal.years } : {}),
    custom: cal.name.endsWith('+custom'),
    workingDays: plan.months.reduce((a, m) => a + m.workingDays, 0),
    holidays: cal.holidays.length,
    makeupWorkdays: cal.makeupWorkdays,
  });
  const weights = input.split.by === 'roster' ? input.split.weights : input.split.by === 'shares' ? (input.split.shares ?? {}) : undefined;
  notes.push({ code: 'split', level: input.annual.level, by: input.split.by, ...(weights ? { weights } : {}) });
  if (input.ramp) {
    notes.push({ code: 'ramp', factors: input.ramp.months.map((x) => Math.round(x * 100)), relief: input.ramp.relief, ramped: plan.reps.filter((r) => r.ramped).length });
  } else if (plan.reps.some((r) => r.ramped)) {
    notes.push({ code: 'start-dates' });
  }
  notes.push({ code: 'rounding', metrics: plan.metrics.map((m) => ({ id: m.id, rounding: String(m.rounding) })) });
  return notes;
}
