// Issue 10 item 1: scores are exact rationals rounded ONCE, half-up, to `precision`; tiers are decided
// on the rounded score. The property test checks the engine against a separate big-rational
// computation written here with plain bigint numerator/denominator pairs (no shared code).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import type { RubricInput } from '../../../src/rubric/schema.js';
type KpiInput = RubricInput['kpis'][number];
import type { ActivityRecord } from '../../../src/engine/types.js';
import { rec, rubric, run } from './helpers.js';
import { kpiExplanation } from '../../../src/report/evaluation-text.js';

const sumField = (field: string) => ({ headers: [field], type: 'money' as const });

function tieRubric(precision = 2) {
  return rubric({
    precision,
    period: 'month',
    source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, amount: sumField('Amount'), kind: ['Kind'] } },
    metrics: { revenue: { sum: 'amount' }, visits: { count: 'rows', where: { kind: 'Visit' } } },
    kpis: [
      { metric: 'revenue', weight: 60, target: 9000 },
      { metric: 'visits', weight: 40, target: 12 },
    ],
    tiers: [
      { id: 'senior', label: 'Senior', min_score: 71.5 },
      { id: 'junior', label: 'Junior', min_score: 0 },
    ],
  });
}

describe('rounding ties', () => {
  test('71.495 exactly (¥9,724.25 of ¥9,000 at 60, 2 of 12 visits at 40) rounds to 71.50 and qualifies Senior', () => {
    const rows = [
      rec('Li', { date: '2026-03-02', amount: 9724.25, kind: 'Deal' }),
      rec('Li', { date: '2026-03-03', kind: 'Visit' }),
      rec('Li', { date: '2026-03-04', kind: 'Visit' }),
    ];
    const li = run(tieRubric(), rows).evaluation.reps[0]!;
    expect(li.score.toFixed(2)).toBe('71.50');
    expect(li.rawScore.toFixed()).toBe('71.495');
    expect(li.decision.qualified).toBe('senior');
  });

  test('precision 0: an exact 69.5 (26 of 15 calls at 30, 1 of 4 visits at 70) rounds to 70', () => {
    const r = rubric({
      precision: 0,
      period: 'month',
      source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, kind: ['Kind'] } },
      metrics: { calls: { count: 'rows', where: { kind: 'Call' } }, visits: { count: 'rows', where: { kind: 'Visit' } } },
      kpis: [
        { metric: 'calls', weight: 30, target: 15 },
        { metric: 'visits', weight: 70, target: 4 },
      ],
      tiers: [
        { id: 'b', min_score: 70 },
        { id: 'c', min_score: 0 },
      ],
    });
    const rows = [...Array.from({ length: 26 }, () => rec('Wu', { date: '2026-03-02', kind: 'Call' })), rec('Wu', { date: '2026-03-05', kind: 'Visit' })];
    const wu = run(r, rows).evaluation.reps[0]!;
    expect(wu.rawScore.toFixed()).toBe('69.5');
    expect(wu.score.toFixed()).toBe('70');
    expect(wu.decision.qualified).toBe('b');
  });

  test('points are shown from the exact value: 39 × 4/3 is 52, not 51.999…', () => {
    const r = rubric({
      period: 'month',
      source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, kind: ['Kind'] } },
      metrics: { calls: { count: 'rows', where: { kind: 'Call' } }, visits: { count: 'rows', where: { kind: 'Visit' } } },
      kpis: [
        { metric: 'calls', weight: 39, target: 3 },
        { metric: 'visits', weight: 61, target: 1 },
      ],
      tiers: [{ id: 'all', min_score: 0 }],
    });
    const rows = [1, 2, 3, 4].map((d) => rec('Xu', { date: `2026-03-0${d}`, kind: 'Call' }));
    const xu = run(r, rows).evaluation.reps[0]!;
    expect(xu.kpis[0]!.points.toFixed()).toBe('52');
    expect(kpiExplanation(xu.kpis[0]!, 'CNY', 'en')).toContain('= 52.00 points');
    expect(xu.score.toFixed()).toBe('52');
  });
});

// ---- the independent reference: plain bigint fractions [numerator, denominator], denominator > 0 ----
type Q = [bigint, bigint];
const qOf = (s: string): Q => {
  const [i, f = ''] = s.split('.');
  return [BigInt(i! + f), 10n ** BigInt(f.length)];
};
const qn = (x: number): Q => qOf(String(x));
const qAdd = (a: Q, b: Q): Q => [a[0] * b[1] + b[0] * a[1], a[1] * b[1]];
const qSub = (a: Q, b: Q): Q => [a[0] * b[1] - b[0] * a[1], a[1] * b[1]];
const qMul = (a: Q, b: Q): Q => [a[0] * b[0], a[1] * b[1]];
const qDiv = (a: Q, b: Q): Q => (b[0] < 0n ? [-a[0] * b[1], a[1] * -b[0]] : [a[0] * b[1], a[1] * b[0]]);
const qCmp = (a: Q, b: Q): number => {
  const l = a[0] * b[1];
  const r = b[0] * a[1];
  return l < r ? -1 : l > r ? 1 : 0;
};
/** Half-up to `dp` places for a non-negative value, as text with `dp` decimals. */
const qRound = (a: Q, dp: number): string => {
  const scaled = a[0] * 10n ** BigInt(dp);
  const q = (2n * scaled + a[1]) / (2n * a[1]);
  const s = q.toString().padStart(dp + 1, '0');
  return dp === 0 ? s : `${s.slice(0, -dp)}.${s.slice(-dp)}`;
};

interface KpiSpec {
  weight: number;
  target: number;
  direction: 'higher' | 'lower';
  cap?: number;
  floor?: number;
  threshold?: number;
  bands?: { mode: 'stepped' | 'linear'; points: { at: number; factor: number }[] };
  missing: 'zero' | 'exclude';
  avg: boolean;
}

function refPoints(k: KpiSpec, actual: Q | null): { points: Q; excluded: boolean } {
  const target = qn(k.target);
  let a: Q | null = null;
  if (actual !== null && target[0] !== 0n) {
    if (k.direction === 'lower') {
      if (actual[0] === 0n) {
        if (k.cap !== undefined) a = qn(k.cap);
        else if (k.bands && k.bands.points.length) a = qn(Math.max(...k.bands.points.map((p) => p.at)));
      } else a = qDiv(target, actual);
    } else a = qDiv(actual, target);
  }
  if (a === null) return { points: [0n, 1n], excluded: k.missing === 'exclude' };
  if (k.threshold !== undefined && qCmp(a, qn(k.threshold)) < 0) return { points: [0n, 1n], excluded: false };
  let f: Q;
  if (k.bands) {
    const ps = [...k.bands.points].sort((x, y) => x.at - y.at).map((p) => ({ at: qn(p.at), f: qn(p.factor) }));
    if (qCmp(a, ps[0]!.at) < 0) f = [0n, 1n];
    else if (qCmp(a, ps[ps.length - 1]!.at) >= 0) f = ps[ps.length - 1]!.f;
    else {
      let i = 0;
      while (i + 1 < ps.length && qCmp(ps[i + 1]!.at, a) <= 0) i++;
      const lo = ps[i]!;
      const hi = ps[i + 1]!;
      if (k.bands.mode === 'stepped') f = lo.f;
      else if (qCmp(hi.at, lo.at) === 0) f = hi.f;
      else f = qAdd(lo.f, qDiv(qMul(qSub(hi.f, lo.f), qSub(a, lo.at)), qSub(hi.at, lo.at)));
    }
  } else {
    f = a;
    const floor = qn(k.floor ?? 0);
    if (qCmp(f, floor) < 0) f = floor;
    if (k.cap !== undefined && qCmp(f, qn(k.cap)) > 0) f = qn(k.cap);
  }
  return { points: qMul(qn(k.weight), f), excluded: false };
}

const money = fc.integer({ min: 0, max: 2_000_000 }).map((c) => (c / 100).toFixed(2));
const factor = fc.integer({ min: 0, max: 300 }).map((x) => x / 100);
const kpiArb: fc.Arbitrary<KpiSpec> = fc.record(
  {
    weight: fc.integer({ min: 1, max: 1000 }).map((x) => x / 10),
    target: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 5_000_000 }).map((c) => c / 100)),
    direction: fc.constantFrom('higher' as const, 'lower' as const),
    cap: fc.integer({ min: 50, max: 300 }).map((x) => x / 100),
    floor: fc.integer({ min: 0, max: 80 }).map((x) => x / 100),
    threshold: fc.integer({ min: 0, max: 120 }).map((x) => x / 100),
    bands: fc.record({
      mode: fc.constantFrom('stepped' as const, 'linear' as const),
      points: fc.array(fc.record({ at: factor, factor }), { minLength: 1, maxLength: 4 }),
    }),
    missing: fc.constantFrom('zero' as const, 'exclude' as const),
    avg: fc.boolean(),
  },
  { requiredKeys: ['weight', 'target', 'direction', 'missing', 'avg'] },
);

describe('the engine against an independent big-rational computation', () => {
  test('score (rounded once, half-up, to precision 0–4) and qualified tier, over random rubrics and data', () => {
    fc.assert(
      fc.property(
        fc.array(kpiArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 15_000 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.option(money, { nil: null, freq: 4 }), { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        (specs, precision, mins, reps) => {
          const fields: Record<string, { headers: string[]; type: 'money' }> = {};
          const metrics: Record<string, { sum: string } | { avg: string } | { count: 'rows' }> = { rows: { count: 'rows' } };
          const kpis: KpiInput[] = [];
          specs.forEach((k, i) => {
            fields[`f${i}`] = sumField(`F${i}`);
            metrics[`m${i}`] = k.avg ? { avg: `f${i}` } : { sum: `f${i}` };
            const { avg: _avg, ...kpi } = k;
            kpis.push({ metric: `m${i}`, ...kpi } as KpiInput);
          });
          const minScores = [...new Set(mins.map((m) => m / 100))].sort((a, b) => b - a);
          if (minScores[minScores.length - 1] !== 0) minScores.push(0);
          const r = rubric({
            precision,
            period: 'month',
            source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, ...fields } },
            metrics,
            kpis,
            tiers: minScores.map((m, i) => ({ id: `t${i}`, min_score: m })),
          });
          // Two rows per rep: field i of row j is values[2i + j].
          let row = 2;
          const records: ActivityRecord[] = reps.flatMap((values, ri) =>
            [0, 1].map((j) => {
              const f: ActivityRecord['fields'] = { date: '2026-03-10' };
              specs.forEach((_, i) => {
                const v = values[2 * i + j];
                if (v !== null && v !== undefined) f[`f${i}`] = new Decimal(v);
              });
              return { rep: `R${ri}`, fields: f, source: { file: 'data.csv', row: row++ } };
            }),
          );
          const ev = run(r, records).evaluation;
          reps.forEach((values, ri) => {
            let sum: Q = [0n, 1n];
            let weights: Q = [0n, 1n];
            let anyExcluded = false;
            specs.forEach((k, i) => {
              const vs = [values[2 * i], values[2 * i + 1]].filter((v): v is string => v !== null && v !== undefined).map(qOf);
              const total = vs.reduce(qAdd, [0n, 1n] as Q);
              const actual: Q | null = k.avg ? (vs.length ? qDiv(total, [BigInt(vs.length), 1n]) : null) : total;
              const p = refPoints(k, actual);
              sum = qAdd(sum, p.points);
              if (p.excluded) anyExcluded = true;
              else weights = qAdd(weights, qn(k.weight));
            });
            const raw: Q = !anyExcluded ? sum : weights[0] === 0n ? [0n, 1n] : qDiv(qMul(sum, [100n, 1n]), weights);
            const score = qRound(raw, precision);
            const tier = minScores.findIndex((m) => qCmp(qOf(score), qn(m)) >= 0);
            const got = ev.reps.find((x) => x.rep === `R${ri}`)!;
            expect(got.score.toFixed(precision)).toBe(score);
            expect(got.decision.qualified).toBe(`t${tier}`);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
