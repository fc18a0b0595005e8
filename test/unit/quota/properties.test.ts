import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestRemainder } from '../../../src/quota/allocate.js';
import type { RosterEntryShape } from '../../../src/quota/decompose.js';
import { cn, dsum, plan, reconcile, weekdays } from './helpers.js';
import { same } from '../shared/adversarial.js';

const rosterArb = fc
  .array(
    fc.record({
      region: fc.constantFrom('N', 'S', 'E'),
      team: fc.constantFrom('t1', 't2', 't3'),
      tier: fc.constantFrom('senior', 'junior', 'mid'),
      start: fc.option(fc.integer({ min: -400, max: 400 }), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((rows) =>
    rows.map((r, i): RosterEntryShape => {
      const e: RosterEntryShape = { rep: `rep${String(i).padStart(2, '0')}`, team: r.team, region: r.region, tier: r.tier };
      if (r.start !== undefined) e.startDate = new Date(Date.UTC(2026, 0, 1 + r.start)).toISOString().slice(0, 10);
      return e;
    }),
  );

describe('largest remainder', () => {
  it('sums exactly, never below the floor or above the ceiling', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 60 }), (units, weights) => {
        fc.pre(weights.some((w) => w > 0n));
        const parts = largestRemainder(units, weights);
        const total = weights.reduce((a, b) => a + b, 0n);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(units);
        parts.forEach((p, i) => {
          const floor = (units * weights[i]!) / total;
          expect(p === floor || p === floor + 1n).toBe(true);
          if (weights[i] === 0n) expect(p).toBe(0n);
        });
      }),
    );
  });
});

describe('every level sums exactly to its parent', () => {
  it('for random hierarchies, weights, seasonality, ramp, rounding units and calendars', () => {
    fc.assert(
      fc.property(
        rosterArb,
        fc.record({
          weights: fc.record({ senior: fc.integer({ min: 0, max: 30 }), junior: fc.integer({ min: 0, max: 30 }), mid: fc.integer({ min: 1, max: 30 }) }),
          season: fc.option(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 12, maxLength: 12 }), { nil: undefined }),
          unit: fc.constantFrom('1', '10', '100', '0.01', '0.5'),
          units: fc.integer({ min: 0, max: 5_000_000 }),
          ramp: fc.option(fc.array(fc.integer({ min: 0, max: 100 }).map((x) => x / 100), { maxLength: 4 }), { nil: undefined }),
          relief: fc.constantFrom('absorb' as const, 'redistribute' as const),
          by: fc.constantFrom('week' as const, 'month' as const, 'quarter' as const),
          fys: fc.constantFrom(1, 1, 4, 7, 10),
          year: fc.integer({ min: 2024, max: 2026 }),
          cal: fc.constantFrom('cn', 'weekdays'),
        }),
        (roster, o) => {
          fc.pre(!o.season || o.season.some((s) => s > 0));
          const total = (BigInt(o.units) * BigInt(o.unit.replace('.', ''))).toString();
          const scale = (o.unit.split('.')[1] ?? '').length;
          const raw = scale ? `${total.slice(0, -scale) || '0'}.${total.slice(-scale).padStart(scale, '0')}` : total;
          const amount = dsum([raw]);
          // the zero-weight case must have somebody to carry the target
          fc.pre(roster.some((r) => (o.weights as Record<string, number>)[r.tier!]! > 0));
          const p = plan({
            fiscalYear: o.year,
            fiscalYearStart: o.fys,
            calendar: o.cal === 'cn' && o.fys === 1 ? cn : weekdays,
            roster,
            seasonality: o.season ? { months: o.season } : undefined,
            metrics: [{ id: 'revenue', label: 'R', unit: 'money', rounding: o.unit }],
            annual: { level: 'company', totals: { revenue: amount } },
            split: { by: 'roster', weights: o.weights },
            ramp: o.ramp ? { months: o.ramp, relief: o.relief } : undefined,
            by: o.by,
          });
          expect(reconcile(p)).toBeUndefined();
          // every amount is a whole multiple of the unit
          const unitAtoms = BigInt(o.unit.replace('.', ''));
          for (const e of [p.company, ...p.reps]) {
            for (const x of [...e.amounts.revenue!.periods, e.amounts.revenue!.year]) {
              const [i = '0', f = ''] = x.split('.');
              // a throw, not an expect per amount (thousands a run): same failure, without expect's cost
              if (BigInt(i + f.padEnd(scale, '0')) % unitAtoms !== 0n) throw new Error(`${x} is not a whole multiple of the unit ${o.unit}`);
            }
          }
          // the target is split exactly before ramp; ramp only ever lowers the plan
          expect(p.company.amounts.revenue!.target).toBe(amount);
          const planned = Number(p.company.amounts.revenue!.year);
          expect(planned).toBeLessThanOrEqual(Number(amount));
          if (!p.reps.some((r) => r.ramped)) expect(p.company.amounts.revenue!.year).toBe(amount);
          // columns stay close to exact: with no ramp every rep has the same profile, so the company's
          // month m should be year × share m; the carry keeps it within 2 units (per-rep rounding alone
          // could drift by one unit per rep)
          if (!p.reps.some((r) => r.ramped) && o.season) {
            const S = o.season.reduce((a, b) => a + b, 0);
            const unitNum = Number(o.unit);
            p.company.amounts.revenue!.months.forEach((v, i) => {
              const exact = (Number(amount) * o.season![i]!) / S;
              expect(Math.abs(Number(v) - exact)).toBeLessThanOrEqual(2 * unitNum + 1e-6 * Math.max(1, exact));
            });
          }
          // nothing before a start date
          for (const r of p.reps) {
            if (!r.startDate) continue;
            p.months.forEach((m, i) => {
              if (m.end < r.startDate!) same(r.amounts.revenue!.months[i], '0', `${r.name} before their start ${r.startDate}, month ${i + 1}`);
            });
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
