/**
 * Managers' movement walks each team's and region's earlier periods for its grade there (issue 15). Since
 * issue 11's scale bar that grade comes from a quick path (`levelGrade` in rollup.ts: only the metrics
 * the level reads are merged, the members' targets without their KpiResults, no explanation). The full
 * path — the group rolled up by `rollUpGroup` over its members' full KpiResults — is what scoring that
 * period itself gives: with every rep in the roster (no start date), a group's members in an earlier
 * period are the same reps with the same tiers before it, so each trail entry must equal the group's
 * score and qualified tier when that period is the one graded. Random tables on a grid of round amounts
 * and targets put many groups exactly on a tier's min_score or a gate's bound.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import type { ActivityRecord, Evaluation, GroupEvaluation, RosterEntry } from '../../../src/engine/types.js';
import { createAggregator } from '../../../src/engine/aggregate.js';
import { score } from '../../../src/engine/score.js';
import { manifest, rubric } from './helpers.js';

const REPS = ['Ann', 'Bob', 'Cai', 'Dan', 'Eve', 'Fay'];
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

interface Variant {
  /** The rep revenue target: per month (ties likely) or per year by tier (prorated, 40 digits). */
  yearly: boolean;
  exclude: boolean;
  /** A level KPI on a distinct count against members (left out of the group's score). */
  distinctKpi: boolean;
  /** A team gate on an average. */
  csatGate: boolean;
}

function makeRubric(v: Variant) {
  return rubric({
    period: 'month',
    source: { fields: { amount: { headers: ['Amount'], type: 'money' } } },
    metrics: {
      revenue: { sum: 'amount', where: { stage: 'Won' } },
      won: { count: 'rows', where: { stage: 'Won' } },
      closed: { count: 'rows', where: { stage: ['Won', 'Lost'] } },
      win_rate: { ratio: ['won', 'closed'] },
      customers: { distinct: 'customer', where: { stage: 'Won' } },
      csat: { avg: 'csat' },
      // Fed by every row (the anchors too), read by no KPI.
      touches: { count: 'rows' },
    },
    kpis: [
      { metric: 'revenue', weight: 60, target: v.yearly ? { default: 1200, per: 'year', by_tier: { top: 2400 } } : { default: 100, by_tier: { top: 150 } } },
      { metric: 'win_rate', weight: 40, target: 0.5, cap: 1.2, ...(v.exclude ? { missing: 'exclude' as const } : {}) },
    ],
    tiers: [
      { id: 'top', min_score: 100, gates: [{ metric: 'csat', min: 3 }] },
      { id: 'mid', min_score: 60 },
      { id: 'low', min_score: 0 },
    ],
    movement: { promote_after: 2, demote_after: 2, grace_periods: 1 },
    levels: {
      team: {
        kpis: [
          { metric: 'revenue', weight: 70, target: 'members', cap: 1.5 },
          { metric: 'win_rate', weight: 30, target: 0.5, ...(v.exclude ? { missing: 'exclude' as const } : {}) },
          ...(v.distinctKpi ? [{ metric: 'customers', weight: 10, target: 'members' as const }] : []),
        ],
        tiers: [
          { id: 'A', min_score: 100, gates: [{ metric: v.csatGate ? 'csat' : 'win_rate', min: v.csatGate ? 3 : 0.5 }] },
          { id: 'B', min_score: 70 },
          { id: 'C', min_score: 0 },
        ],
      },
      region: {
        kpis: [
          { metric: 'win_rate', weight: 50, target: 0.5, cap: 1 },
          { metric: 'revenue', weight: 50, target: 'members', threshold: 0.5 },
        ],
        tiers: [
          { id: 'X', min_score: 100 },
          { id: 'Y', min_score: 50 },
          { id: 'Z', min_score: 0 },
        ],
        movement: { promote_after: 1, demote_after: 1, grace_periods: 0 },
      },
    },
  });
}

interface Deal {
  rep: number;
  month: number;
  day: number;
  amount: 0 | 50 | 100 | 150;
  stage: 'Won' | 'Lost' | 'Open';
  customer: string;
  csat: number | null;
}

const dealArb: fc.Arbitrary<Deal> = fc.record({
  rep: fc.integer({ min: 0, max: REPS.length - 1 }),
  month: fc.integer({ min: 0, max: MONTHS.length - 1 }),
  day: fc.integer({ min: 1, max: 28 }),
  amount: fc.constantFrom(0 as const, 50 as const, 100 as const, 150 as const),
  stage: fc.constantFrom('Won' as const, 'Won' as const, 'Lost' as const, 'Open' as const),
  customer: fc.constantFrom('c1', 'c2', 'c3'),
  csat: fc.option(fc.constantFrom(2, 3, 4), { nil: null }),
});

const rosterArb: fc.Arbitrary<RosterEntry[]> = fc.tuple(
  fc.array(fc.constantFrom('T1', 'T2', 'T3'), { minLength: REPS.length, maxLength: REPS.length }),
  fc.array(fc.constantFrom('N', 'S'), { minLength: REPS.length, maxLength: REPS.length }),
  fc.array(fc.option(fc.constantFrom('top', 'mid', 'low'), { nil: undefined }), { minLength: REPS.length, maxLength: REPS.length }),
).map(([teams, regions, tiers]) => REPS.map((rep, i) => ({ rep, team: teams[i]!, region: regions[i]!, ...(tiers[i] !== undefined ? { tier: tiers[i] } : {}) })));

function tableOf(r: ReturnType<typeof makeRubric>, deals: Deal[]) {
  const agg = createAggregator(r, { sampleRows: 0 });
  // Every month has a row on its first and last day, so that no period is partly covered.
  const anchors: ActivityRecord[] = MONTHS.flatMap((m, i) => [
    { rep: REPS[i % REPS.length]!, fields: { date: `${m}-01`, stage: 'Open' }, source: { file: 'a.csv', row: 2 + i * 2 } },
    { rep: REPS[i % REPS.length]!, fields: { date: `${m}-${m === '2026-02' ? '28' : '30'}`, stage: 'Open' }, source: { file: 'a.csv', row: 3 + i * 2 } },
  ]);
  for (const a of anchors) agg.add(a);
  deals.forEach((d, i) => {
    agg.add({
      rep: REPS[d.rep]!,
      fields: {
        date: `${MONTHS[d.month]}-${String(d.day).padStart(2, '0')}`,
        amount: new Decimal(d.amount),
        stage: d.stage,
        customer: d.customer,
        csat: d.csat === null ? null : new Decimal(d.csat),
      },
      source: { file: 'a.csv', row: 100 + i },
    });
  });
  return agg.table();
}

describe("a manager's earlier periods (the quick path) are graded as the full roll-up grades them", () => {
  test('every trail entry of every team and region equals the group graded in that period itself, on random tables with ties at tier thresholds', () => {
    let entries = 0;
    let onThreshold = 0;
    let onGate = 0;
    fc.assert(
      fc.property(
        fc.array(dealArb, { minLength: 10, maxLength: 80 }),
        rosterArb,
        fc.record({ yearly: fc.boolean(), exclude: fc.boolean(), distinctKpi: fc.boolean(), csatGate: fc.boolean() }),
        (deals, roster, variant) => {
          const r = makeRubric(variant);
          const table = tableOf(r, deals);
          const last = score(r, table, { manifest, roster, period: MONTHS[MONTHS.length - 1]! });
          const byPeriod = new Map<string, Evaluation>();
          const direct = (period: string): Evaluation => {
            let ev = byPeriod.get(period);
            if (!ev) byPeriod.set(period, (ev = score(r, table, { manifest, roster, period })));
            return ev;
          };
          const check = (groups: GroupEvaluation[], level: 'teams' | 'regions', mins: number[]): void => {
            for (const g of groups) {
              for (const t of g.decision?.trail ?? []) {
                const full = direct(t.period)[level].find((x) => x.name === g.name)!;
                expect([level, g.name, t.period, t.score?.toFixed(), t.qualified]).toEqual([level, g.name, t.period, full.score?.toFixed(), full.decision!.qualified]);
                entries++;
                if (mins.some((m) => t.score?.eq(m))) onThreshold++;
              }
            }
          };
          check(last.teams, 'teams', [100, 70]);
          check(last.regions, 'regions', [100, 50]);
          for (const ev of byPeriod.values()) for (const g of ev.teams) if (g.metrics.win_rate?.eq(0.5)) onGate++;
        },
      ),
      { numRuns: 60 },
    );
    // The property is not vacuous: many groups are walked, and some sit exactly on a threshold or bound.
    expect(entries).toBeGreaterThan(1000);
    expect(onThreshold).toBeGreaterThan(20);
    expect(onGate).toBeGreaterThan(20);
  });
});
