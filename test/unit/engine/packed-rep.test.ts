// Issue 10 item 16: an Evaluation keeps its reps' KPI results and traces packed (engine/packed-rep.ts),
// one array of slots per rep, and builds the objects when read. A packed rep must read exactly as the
// rep it was packed from: the same values (the very Decimals, facts, samples), keys in the same order
// (JSON.stringify byte for byte), whatever the KPI results hold (facts of every kind, pacing, exact
// values, a target's origin and proration, results with and without facts).
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RepPacker } from '../../../src/engine/packed-rep.js';
import type { CurveFact, FormulaFact, KpiFact, KpiResult, MetricTrace, RepEvaluation, SourceRef } from '../../../src/engine/types.js';
import { rat } from '../../../src/shared/rational.js';
import { manifest, rubric } from './helpers.js';
import { createEvaluator } from '../../../src/engine/evaluate.js';

/** The shared empty curve of an unclamped KPI (scoring.ts NO_CURVE). */
const EMPTY: CurveFact[] = Object.freeze([]) as unknown as CurveFact[];
const KPIS = ['won', 'calls', 'rate'];
const METRICS = ['calls', 'rate', 'won'];
const decs = [new Decimal(0), new Decimal('1.5'), new Decimal('0.3333333333333333333333333333333333333333'), new Decimal(12)];
const dec = fc.constantFrom(...decs);
const rows: SourceRef[] = [{ file: 'a.csv', row: 2 }, { file: 'a.csv', row: 3 }];
const samples = [[], [rows[0]!], [rows[0]!, rows[1]!]];
const formula: FormulaFact = { code: 'metric-rows', unit: 'count', agg: 'count', dateField: 'date', period: '2026-03', rows: 1 };

const kpiArb = (j: number): fc.Arbitrary<KpiResult> =>
  fc
    .record({
      actual: fc.option(dec),
      target: fc.option(fc.constantFrom(decs[1]!, decs[3]!)),
      attainment: fc.option(dec),
      points: dec,
      excluded: fc.boolean(),
      capped: fc.boolean(),
      floored: fc.boolean(),
      below: fc.boolean(),
      facts: fc.constantFrom('none', 'usual', 'usual-perfect', 'capped', 'no-value', 'no-value-ratio', 'no-target', 'band'),
      origin: fc.boolean(),
      proration: fc.boolean(),
      pacing: fc.boolean(),
      exact: fc.boolean(),
      source: fc.constantFrom('default', 'by_rep.Ann'),
    })
    .map((x) => {
      const r: KpiResult = {
        kpi: KPIS[j]!,
        metric: METRICS[j]!,
        label: `KPI ${j}`,
        weight: 10 * (j + 1),
        direction: j === 1 ? 'lower' : 'higher',
        actual: x.actual,
        target: x.target,
        targetSource: x.source,
        attainment: x.attainment,
        points: x.points,
        excluded: x.excluded,
        capped: x.capped,
        floored: x.floored,
        belowThreshold: x.below,
      };
      if (x.exact) r.exact = { points: rat(x.points), target: rat(decs[1]!) };
      if (x.origin) r.targetOrigin = { from: { code: 'rubric', key: x.source } };
      if (x.proration) r.targetProration = { code: 'calendar-days', days: 31, of: 365 } as never;
      let f: KpiFact | undefined;
      if (x.facts === 'usual' || x.facts === 'usual-perfect') f = { code: 'kpi-points', unit: 'count', perfect: x.facts === 'usual-perfect', curve: EMPTY, factor: x.attainment ?? decs[0]!, bands: false };
      else if (x.facts === 'capped') f = { code: 'kpi-points', unit: 'count', perfect: false, curve: [{ code: 'capped', at: 1.5 }], factor: decs[1]!, bands: false };
      else if (x.facts === 'band') f = { code: 'kpi-points', unit: 'count', perfect: false, curve: [{ code: 'band', at: decs[1]!, factor: decs[2]! }], factor: decs[2]!, bands: true };
      else if (x.facts === 'no-value') f = { code: 'kpi-no-value', unit: 'count', excluded: x.excluded };
      else if (x.facts === 'no-value-ratio') f = { code: 'kpi-no-value', unit: 'count', excluded: false, ratio: { num: { metric: 'won', value: decs[0]!, unit: 'count' }, den: { metric: 'calls', value: null, unit: 'count' } } };
      else if (x.facts === 'no-target') f = { code: 'kpi-no-target', unit: 'count', excluded: x.excluded };
      if (f !== undefined) r.explanationFacts = f;
      if (x.pacing) r.pacing = { target: decs[1]!, attainment: null, projected: decs[3]!, projectedAttainment: decs[2]! };
      return r;
    });

const repArb = (i: number): fc.Arbitrary<RepEvaluation> =>
  fc.record({ kpis: fc.tuple(kpiArb(0), kpiArb(1), kpiArb(2)), values: fc.array(fc.option(dec), { minLength: 3, maxLength: 3 }), samples: fc.array(fc.nat(2), { minLength: 3, maxLength: 3 }) }).map((x) => {
    const metrics: Record<string, MetricTrace> = {};
    METRICS.forEach((m, k) => {
      metrics[m] = { metric: m, value: x.values[k]!, rows: x.samples[k]!, sample: samples[x.samples[k]!]!.slice(), formulaFacts: formula };
    });
    return {
      rep: `R${i}`,
      team: 'T',
      region: '(unassigned)',
      inRoster: false,
      kpis: [...x.kpis],
      metrics,
      score: decs[3]!,
      rawScore: decs[3]!,
      exactRawScore: undefined,
      rank: i + 1,
      decision: { qualified: 'a', tier: 'a', movement: 'new', promoteRun: 0, demoteRun: 0, inGrace: false, gates: [], reasonFacts: { score: '12', qualified: 'a', blocked: [], movement: { code: 'new', tier: 'a' } } },
      trail: [],
    };
  });

describe('packed reps', () => {
  test('read exactly as the reps they were packed from: same values, same objects, same JSON byte for byte', () => {
    fc.assert(
      fc.property(fc.tuple(...Array.from({ length: 6 }, (_, i) => repArb(i))), (reps) => {
        const packer = new RepPacker();
        const copies = reps.map((r) => ({ ...r, kpis: r.kpis.map((k) => ({ ...k })), metrics: { ...r.metrics } }));
        const packed = reps.map((r) => packer.pack(r));
        packed.forEach((p, i) => {
          expect(Object.getOwnPropertyDescriptor(p, 'kpis')?.get).toBeTypeOf('function');
          expect(p).toEqual(copies[i]);
          expect(JSON.stringify(p)).toBe(JSON.stringify(copies[i]));
          expect(Object.keys(p)).toEqual(Object.keys(copies[i]!));
          p.kpis.forEach((k, j) => {
            const c = copies[i]!.kpis[j]!;
            expect(Object.keys(k)).toEqual(Object.keys(c));
            expect(k.actual).toBe(c.actual);
            expect(k.attainment).toBe(c.attainment);
            expect(k.explanationFacts?.code === 'kpi-points' ? k.explanationFacts.factor : null).toBe(c.explanationFacts?.code === 'kpi-points' ? c.explanationFacts.factor : null);
          });
          for (const m of METRICS) expect(p.metrics[m]!.sample).toEqual(copies[i]!.metrics[m]!.sample);
        });
      }),
      { numRuns: 200 },
    );
  });

  test('built objects are copies read again after many reps; assigning kpis or metrics replaces them', () => {
    const packer = new RepPacker();
    const reps = fc.sample(repArb(0), { numRuns: 600, seed: 7 }).map((r, i) => ({ ...r, rep: `R${i}` }));
    const copies = reps.map((r) => JSON.stringify(r));
    const packed = reps.map((r) => packer.pack(r));
    // read every rep (past the built objects kept), then the first again
    for (const p of packed) expect(p.kpis).toHaveLength(3);
    expect(JSON.stringify(packed[0])).toBe(copies[0]);
    expect(JSON.stringify(packed[599])).toBe(copies[599]);
    const p = packed[1]!;
    p.kpis = [];
    p.metrics = {};
    expect(p.kpis).toEqual([]);
    expect(p.metrics).toEqual({});
    expect({ ...packed[2]! }.kpis).toEqual(JSON.parse(copies[2]!).kpis.map((k: KpiResult) => expect.objectContaining({ kpi: k.kpi })));
  });

  test('an Evaluation keeps its reps packed, samples equal across a rep\'s metrics are one array, and a rep reads as the same JSON twice', () => {
    const r = rubric({
      period: 'month',
      source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' } } },
      metrics: { revenue: { sum: 'amount' }, deals: { count: 'rows' } } as never,
      kpis: [{ metric: 'revenue', weight: 60, target: 10, cap: 1.5 }, { metric: 'deals', weight: 40, target: 2 }] as never,
      tiers: [{ id: 'a', min_score: 50 }, { id: 'b', min_score: 0 }],
    });
    const ev = createEvaluator(r, { manifest });
    for (let i = 0; i < 300; i++) ev.add({ rep: `R${i}`, fields: { date: '2026-03-02', amount: new Decimal(i) }, source: { file: 'd.csv', row: i + 2 } });
    const out = ev.finish();
    const a = out.reps[0]!;
    expect(Object.getOwnPropertyDescriptor(a, 'kpis')?.get).toBeTypeOf('function');
    expect(a.metrics.revenue!.sample).toBe(a.metrics.deals!.sample);
    const once = JSON.stringify(out);
    for (const rep of out.reps) void rep.kpis;
    expect(JSON.stringify(out)).toBe(once);
  });
});
