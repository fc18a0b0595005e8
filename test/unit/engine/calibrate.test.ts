import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { calibrate, roundestBetween, tiersOf, wantedCounts, type CalibrationSample } from '../../../src/engine/calibrate.js';
import { D } from '../../../src/engine/decimal.js';
import type { TierShape } from '../../../src/engine/rubric-shape.js';

const TIERS: TierShape[] = [
  { id: 'senior', min_score: 95, gates: [] },
  { id: 'intermediate', min_score: 75, gates: [] },
  { id: 'junior', min_score: 0, gates: [] },
];
const GATED: TierShape[] = [{ ...TIERS[0]!, gates: [{ metric: 'csat', min: 4.2 }] }, TIERS[1]!, TIERS[2]!];

function sample(id: string, score: number | string, csat: number | null = 5): CalibrationSample {
  return { id, score: new D(score), metric: (m) => (m === 'csat' && csat !== null ? new D(csat) : null) };
}

const count = (tiers: TierShape[], s: CalibrationSample[], suggested: number[]) =>
  tiersOf(tiers.map((t, i) => ({ ...t, min_score: suggested[i]! })), s);

describe('wantedCounts', () => {
  test.each([
    [[20, 60, 20], 10, [2, 6, 2]],
    [[20, 60, 20], 16, [3, 10, 3]],
    [[33.3, 33.3, 33.4], 10, [3, 3, 4]],
    [[50, 50], 3, [2, 1]],
    [[0, 100, 0], 7, [0, 7, 0]],
  ])('%j of %i → %j', (p, n, want) => expect(wantedCounts(p, n)).toEqual(want));
});

describe('roundestBetween', () => {
  test.each([
    [111.36, 116.57, 2, '115'],
    [116.57, 124, 2, '120'],
    [99.32, 106.02, 2, '100'],
    [80.33, 80.34, 2, '80.34'],
    [null, 3.5, 2, '3'],
    [0.5, 0.52, 2, '0.52'],
  ])('(%s, %s] → %s', (lo, hi, p, want) => expect(roundestBetween(lo === null ? null : new D(lo), new D(hi), p).toFixed()).toBe(want));
});

describe('calibrate', () => {
  test('scores one step apart and an empty tier between them: inexact, said why', () => {
    const c = calibrate(TIERS, [sample('a', '110.90'), sample('b', '110.89')], { senior: 17, intermediate: 17, junior: 66 }, 2);
    expect(c.tiers.map((t) => t.wanted)).toEqual([1, 0, 1]);
    expect(c.exact).toBe(false);
    expect(c.issues).toContainEqual({ kind: 'precision', tier: 'intermediate', reps: [] });
  });

  test('ten distinct scores, 20/60/20: exact, thresholds in the gaps, strictly descending', () => {
    const s = [99, 93, 90, 88, 80, 77, 70, 65, 61, 12].map((x, i) => sample(`r${i}`, x));
    const c = calibrate(TIERS, s, { senior: 20, intermediate: 60, junior: 20 }, 2);
    expect(c.exact).toBe(true);
    expect(c.tiers.map((t) => [t.id, t.count, t.suggested])).toEqual([
      ['senior', 2, 93],
      ['intermediate', 6, 65],
      ['junior', 2, 0],
    ]);
    expect(c.issues).toEqual([]);
  });

  test('a tie on the boundary: never split, reported, closest count taken', () => {
    const s = [99, 95, 95, 95, 80, 70, 60, 50, 40, 30].map((x, i) => sample(`r${i}`, x));
    const c = calibrate(TIERS, s, { senior: 20, intermediate: 60, junior: 20 }, 2);
    expect(c.exact).toBe(false);
    const senior = c.tiers[0]!;
    expect([1, 4]).toContain(senior.count);
    expect(c.issues.filter((i) => i.kind === 'tie').map((i) => [i.tier, i.score!.toFixed(), i.reps])).toContainEqual(['senior', '95', ['r1', 'r2', 'r3']]);
    // every rep with the same score lands in the same tier
    const got = count(TIERS, s, c.tiers.map((t) => t.suggested));
    expect(new Set(got.slice(1, 4)).size).toBe(1);
  });

  test('a gate keeps a top scorer out of senior: the next scores fill the tier, and the gate is reported', () => {
    const s = [sample('a', 130, 3.9), sample('b', 120), sample('c', 110), sample('d', 100), sample('e', 90), sample('f', 80), sample('g', 70), sample('h', 60), sample('i', 50), sample('j', 40)];
    const c = calibrate(GATED, s, { senior: 20, intermediate: 60, junior: 20 }, 2);
    expect(c.tiers[0]!.members).toEqual(['b', 'c']);
    expect(c.tiers[1]!.members).toContain('a');
    expect(c.exact).toBe(true);
    expect(c.issues).toEqual([{ kind: 'gate', tier: 'senior', reps: ['a'] }]);
  });

  // The property of the issue: the result, decided by the engine, gives the reported counts; with no
  // ties (and no gates) the counts equal the wanted distribution rounded to whole reps.
  const percents = fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b) - Math.min(a, b), 100 - Math.max(a, b)] as const);

  // Distinct scores at least two steps of the precision apart: one step apart leaves no threshold
  // between them for an empty tier (reported as a 'precision' issue).
  test('property: reported counts are the engine decision; distinct scores give the wanted counts', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 7500 }).map((x) => x * 2), { minLength: 1, maxLength: 60 }),
        percents,
        (cents, [p1, p2, p3]) => {
          const s = cents.map((c, i) => sample(`r${i}`, new D(c).div(100).toFixed()));
          const wanted = { senior: p1, intermediate: p2, junior: p3 };
          const c = calibrate(TIERS, s, wanted, 2);
          const got = count(TIERS, s, c.tiers.map((t) => t.suggested));
          for (const t of c.tiers) expect(got.filter((g) => g === t.id).length).toBe(t.count);
          expect(c.tiers.map((t) => t.count)).toEqual(wantedCounts([p1, p2, p3], s.length));
          expect(c.exact).toBe(true);
          const th = c.tiers.map((t) => t.suggested);
          expect(th[0]!).toBeGreaterThan(th[1]!);
          expect(th[1]!).toBeGreaterThan(th[2]!);
          expect(th[2]).toBe(0);
          for (const x of th) expect(new D(x).decimalPlaces()).toBeLessThanOrEqual(2);
        },
      ),
    );
  });

  test('property: with ties and gates, the counts are still the engine decision and no tie straddles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score: fc.integer({ min: 0, max: 30 }).map((x) => x * 5), csat: fc.option(fc.integer({ min: 30, max: 50 }).map((x) => x / 10)) }), { minLength: 1, maxLength: 40 }),
        percents,
        (rows, [p1, p2, p3]) => {
          const s = rows.map((r, i) => sample(`r${i}`, r.score, r.csat));
          const c = calibrate(GATED, s, { senior: p1, intermediate: p2, junior: p3 }, 2);
          const got = count(GATED, s, c.tiers.map((t) => t.suggested));
          for (const t of c.tiers) expect(got.filter((g) => g === t.id).length).toBe(t.count);
          expect(c.tiers.reduce((a, t) => a + t.count, 0)).toBe(s.length);
          const th = c.tiers.map((t) => t.suggested);
          expect(th[0]!).toBeGreaterThan(th[1]!);
          expect(th[1]!).toBeGreaterThan(th[2]!);
          // equal scores with the same gate outcome get the same tier
          for (let i = 0; i < s.length; i++)
            for (let j = 0; j < i; j++)
              if (s[i]!.score.eq(s[j]!.score) && (rows[i]!.csat ?? 0) >= 4.2 === (rows[j]!.csat ?? 0) >= 4.2) expect(got[i]).toBe(got[j]);
        },
      ),
    );
  });
});
