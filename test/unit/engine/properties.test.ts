/**
 * Property tests over random exports: order independence, monotonicity in revenue and in targets,
 * roll-up consistency, and byte-identical serialisation.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import type { ActivityRecord, Evaluation } from '../../../src/engine/types.js';
import { createEvaluator, type EvaluatorOptions } from '../../../src/engine/evaluate.js';
import { manifest, rubric } from './helpers.js';

const REPS = ['Ann', 'Bob', 'Cai', 'Dan', '张三'];
const roster = [
  { rep: 'Ann', team: 'East', region: 'N', tier: 'mid' },
  { rep: 'Bob', team: 'East', region: 'N' },
  { rep: 'Cai', team: 'West', region: 'S', tier: 'top' },
];

function makeRubric(targetScale = 1) {
  return rubric({
    locale: 'zh-CN',
    source: { fields: { amount: { headers: ['金额'], type: 'money' } } },
    metrics: {
      revenue: { sum: 'amount', where: { stage: 'Won' }, date: 'close_date' },
      won: { count: 'rows', where: { stage: 'Won' }, date: 'close_date' },
      closed: { count: 'rows', where: { stage: ['Won', 'Lost'] }, date: 'close_date' },
      win_rate: { ratio: ['won', 'closed'] },
      customers: { distinct: 'customer', where: { stage: 'Won' }, date: 'close_date' },
      visits: { count: 'rows', where: { kind: 'Visit' } },
      csat: { avg: 'csat' },
    },
    kpis: [
      { metric: 'revenue', weight: 40, target: 50000 * targetScale, cap: 1.5 },
      { metric: 'win_rate', weight: 20, target: 0.4 * targetScale, cap: 1.2, missing: 'exclude' },
      { metric: 'customers', weight: 20, target: 2 * targetScale, bands: { mode: 'linear', points: [{ at: 0.5, factor: 0.5 }, { at: 1, factor: 1 }, { at: 2, factor: 1.3 }] } },
      { metric: 'visits', weight: 20, target: 5 * targetScale, threshold: 0.4 },
    ],
    tiers: [
      { id: 'top', min_score: 90, gates: [{ metric: 'csat', min: 3 }] },
      { id: 'mid', min_score: 60 },
      { id: 'low', min_score: 0 },
    ],
    movement: { promote_after: 2, demote_after: 2, grace_periods: 1 },
    levels: { team: { kpis: [{ metric: 'revenue', weight: 100, target: 'members' }], tiers: [{ id: 'A', min_score: 100 }, { id: 'B', min_score: 0 }] } },
  });
}

const dateArb = fc.integer({ min: 0, max: 182 }).map((d) => new Date(Date.UTC(2026, 3, 1) + d * 864e5).toISOString().slice(0, 10));

interface Row {
  rep: string;
  deal: boolean;
  date: string;
  cents: number;
  stage: string;
  customer: string;
  csat: number | null;
}

const rowArb: fc.Arbitrary<Row> = fc.record({
  rep: fc.constantFrom(...REPS),
  deal: fc.boolean(),
  date: dateArb,
  cents: fc.integer({ min: 0, max: 5_000_000 }),
  stage: fc.constantFrom('Won', 'Won', 'Lost', 'Open'),
  customer: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', ''),
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
});

function toRecords(rows: Row[]): ActivityRecord[] {
  // An anchor row so that 2026-Q3 always has data (on or before the as-of date: later rows are excluded).
  const all: Row[] = [{ rep: 'Ann', deal: false, date: '2026-08-20', cents: 0, stage: 'Open', customer: '', csat: null }, ...rows];
  return all.map((r, i): ActivityRecord => ({
    rep: r.rep,
    fields: r.deal
      ? { close_date: r.date, amount: new Decimal(r.cents).div(100), stage: r.stage, customer: r.customer }
      : { date: r.date, kind: 'Visit', csat: r.csat === null ? null : new Decimal(r.csat) },
    source: { file: i % 2 ? 'a.csv' : 'b.xlsx', ...(i % 2 ? {} : { sheet: 'S' }), row: i + 2 },
  }));
}

function evaluate(records: ActivityRecord[], r = makeRubric(), extra: Partial<EvaluatorOptions> = {}) {
  const ev = createEvaluator(r, { manifest, roster, period: '2026-Q3', asOf: '2026-08-20', sampleRows: 3, ...extra });
  for (const x of records) ev.add(x);
  const evaluation = ev.finish();
  return { evaluation, annotations: records.map((x) => ev.classify(x)) };
}

const json = (e: Evaluation): string => JSON.stringify(e);
const tierRank = (e: Evaluation, tier: string): number => e.tiers.findIndex((t) => t.id === tier);

describe('properties', () => {
  test('row order never changes any output', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), fc.array(fc.nat(), { minLength: 61, maxLength: 61 }), (rows, keys) => {
        const records = toRecords(rows);
        const shuffled = records.map((r, i) => ({ r, k: keys[i] ?? 0, i })).sort((a, b) => a.k - b.k || b.i - a.i).map((x) => x.r);
        const a = evaluate(records);
        const b = evaluate(shuffled);
        expect(json(b.evaluation)).toBe(json(a.evaluation));
        // Annotations per record are the same whatever the order.
        const byRow = (recs: ActivityRecord[], ann: unknown[]) => new Map(recs.map((r, i) => [`${r.source.file}:${r.source.row}`, JSON.stringify(ann[i])]));
        expect(byRow(shuffled, b.annotations)).toEqual(byRow(records, a.annotations));
      }),
      { numRuns: 40 },
    );
  });

  test('raising a rep’s revenue never lowers their score or tier', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 50 }), fc.constantFrom(...REPS), fc.integer({ min: 1, max: 9_000_000 }), fc.nat(), (rows, rep, cents, pick) => {
        const records = toRecords(rows);
        const before = evaluate(records).evaluation;
        // Raise an existing won Q3 deal of the rep, or add a new won deal.
        const won = records.filter((r) => r.rep === rep && r.fields.stage === 'Won' && String(r.fields.close_date) >= '2026-07-01');
        let after: Evaluation;
        if (won.length) {
          const target = won[pick % won.length]!;
          const raised = records.map((r) =>
            r === target ? { ...r, fields: { ...r.fields, amount: (r.fields.amount as Decimal).plus(new Decimal(cents).div(100)) } } : r,
          );
          after = evaluate(raised).evaluation;
        } else {
          const extra: ActivityRecord = {
            rep,
            fields: { close_date: '2026-08-01', amount: new Decimal(cents).div(100), stage: 'Won', customer: 'c1' },
            source: { file: 'z.csv', row: 9999 },
          };
          after = evaluate([...records, extra]).evaluation;
        }
        const b = before.reps.find((r) => r.rep === rep);
        const a = after.reps.find((r) => r.rep === rep)!;
        if (!b) return; // the rep was not evaluated before (no rows in the period, not in the roster)
        expect(a.score.gte(b.score)).toBe(true);
        expect(tierRank(after, a.decision.qualified)).toBeLessThanOrEqual(tierRank(before, b.decision.qualified));
        expect(tierRank(after, a.decision.tier)).toBeLessThanOrEqual(tierRank(before, b.decision.tier));
      }),
      { numRuns: 40 },
    );
  });

  test('raising a target never raises a score', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 50 }), fc.integer({ min: 100, max: 400 }), (rows, pct) => {
        const records = toRecords(rows);
        const base = evaluate(records).evaluation;
        const higher = evaluate(records, makeRubric(pct / 100)).evaluation;
        for (const r of base.reps) {
          const h = higher.reps.find((x) => x.rep === r.rep)!;
          expect(h.score.lte(r.score)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  test('roll-up sums equal the sum of reps', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 60 }), (rows) => {
        const { evaluation: e } = evaluate(toRecords(rows));
        for (const groups of [e.teams, e.regions]) {
          for (const metric of ['revenue', 'won', 'closed', 'visits']) {
            const reps = e.reps.reduce((s, r) => s.plus(r.metrics[metric]!.value!), new Decimal(0));
            const sum = groups.reduce((s, g) => s.plus(g.metrics[metric]!), new Decimal(0));
            expect(sum.toFixed()).toBe(reps.toFixed());
            expect(e.company.metrics[metric]!.toFixed()).toBe(reps.toFixed());
          }
          for (const g of groups) {
            const members = e.reps.filter((r) => g.members.includes(r.rep));
            const target = members.reduce((s, r) => s.plus(r.kpis[0]!.target!), new Decimal(0));
            expect(g.targets.revenue!.toFixed()).toBe(target.toFixed());
            expect(Object.values(g.tierCounts).reduce((a, b) => a + b, 0)).toBe(g.members.length);
            // Ratios from the summed parts.
            const won = g.metrics.won!;
            const closed = g.metrics.closed!;
            expect(g.metrics.win_rate ? g.metrics.win_rate.toFixed() : null).toBe(closed.isZero() ? null : won.div(closed).toFixed());
          }
          expect(groups.reduce((n, g) => n + g.members.length, 0)).toBe(e.reps.length);
        }
        expect(e.distribution.reduce((n, d) => n + d.count, 0)).toBe(e.reps.length);
      }),
      { numRuns: 40 },
    );
  });

  test('serialised output is identical between runs', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (rows) => {
        const records = toRecords(rows);
        expect(json(evaluate(records).evaluation)).toBe(json(evaluate(records).evaluation));
      }),
      { numRuns: 20 },
    );
  });
});
