// Issue 10 item 16: scoring cost grows linearly with reps × KPIs. Roll-ups looked each member's KPI up
// by id (O(KPIs²) per member: 7 reps × 2,000 KPIs took 65 s). Measured as CPU time of finish() for
// n and 4n, so the shared machine's load cancels out: linear is ~4×, quadratic 16×.
import { describe, expect, test } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Decimal } from 'decimal.js';
import { createEvaluator } from '../../../src/engine/evaluate.js';
import { manifest, rubric } from './helpers.js';

function evaluator(reps: number, kpis: number) {
  const metrics: Record<string, unknown> = {};
  const list: unknown[] = [];
  for (let i = 0; i < kpis; i++) {
    metrics[`m${i}`] = i % 2 ? { count: 'rows' } : { sum: 'amount' };
    list.push({ metric: `m${i}`, weight: 100 / kpis, target: 3, cap: 1.5 });
  }
  const r = rubric({
    period: 'month',
    source: { fields: { rep: ['Rep'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' } } },
    metrics: metrics as never,
    kpis: list as never,
    tiers: [{ id: 'a', min_score: 50 }, { id: 'b', min_score: 0 }],
  });
  const ev = createEvaluator(r, { manifest, roster: Array.from({ length: reps }, (_, i) => ({ rep: `R${i}`, team: `T${i % 3}` })) });
  for (let i = 0; i < reps; i++) ev.add({ rep: `R${i}`, fields: { date: '2026-03-02', amount: new Decimal('2.5') }, source: { file: 'd.csv', row: i + 2 } });
  return ev;
}

function finishCpu(reps: number, kpis: number): number {
  const ev = evaluator(reps, kpis);
  const t0 = process.cpuUsage();
  ev.finish();
  const t = process.cpuUsage(t0);
  return t.user + t.system;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('scoring cost is linear', () => {
  test('in KPIs: 4× the KPIs costs well under 16× (7 reps × 300 → 1,200 KPIs)', () => {
    finishCpu(7, 50); // warm up
    const small = Math.min(finishCpu(7, 300), finishCpu(7, 300));
    const big = finishCpu(7, 1200);
    expect(big / small).toBeLessThan(8);
  });

  test('in reps: 4× the reps costs well under 16× (500 → 2,000 reps × 10 KPIs)', () => {
    finishCpu(100, 10);
    const small = Math.min(finishCpu(500, 10), finishCpu(500, 10));
    const big = finishCpu(2000, 10);
    expect(big / small).toBeLessThan(10);
  });

  test('memory: an Evaluation keeps under 4 KB per rep with 10 KPIs (24 KB before issue 10; 15.3 KB before item 16\'s second pass: 40-digit Decimals with spare digit slots, exact rationals kept after scoring, a trace\'s facts and sample per rep × metric; 6.0 KB before its packed reps: a KpiResult, facts and trace object per rep × KPI)', () => {
    const ev = evaluator(2000, 10);
    gc();
    const before = process.memoryUsage().heapUsed;
    const out = ev.finish();
    gc();
    const perRep = (process.memoryUsage().heapUsed - before) / 2000;
    expect(out.reps).toHaveLength(2000);
    expect(perRep).toBeLessThan(4_000);
  });

  test('the table does not outlive scoring: release() frees every rep\'s cells (the pipeline calls it once every job is graded), and rows are still annotated', async () => {
    const ev = evaluator(2000, 10);
    const record = { rep: 'R7', fields: { date: '2026-03-02', amount: new Decimal('2.5') }, source: { file: 'd.csv', row: 9 } };
    const code = ev.rowCode(record);
    const out = ev.finish();
    const cells = new WeakRef(ev.table().reps.get('R0')!);
    const groups = ev.table().groups;
    gc();
    const before = process.memoryUsage().heapUsed;
    ev.release();
    // a WeakRef's target lives at least until the job that made it ends
    await new Promise((r) => setTimeout(r, 0));
    gc();
    const freed = (before - process.memoryUsage().heapUsed) / 2000;
    expect(cells.deref()).toBeUndefined();
    expect(groups.pick('R0', '2026-03', 'team')).toBeUndefined();
    // a rep's cells, samples and map entries: ~0.7 KB each here (one row a rep)
    expect(freed).toBeGreaterThan(400);
    expect(out.reps).toHaveLength(2000);
    expect(ev.annotation(code)).toEqual(ev.classify(record));
    expect(ev.annotation(code)).toEqual({ metrics: Array.from({ length: 10 }, (_, i) => `m${i}`).sort() });
    expect(() => ev.table()).toThrow(/after release/);
    expect(() => ev.add(record)).toThrow(/after finish/);
  });

  test('finish({ last: true }) frees each rep\'s cells as the rep is graded (the roll-ups merge them on the way) and grades exactly as finish()', async () => {
    const r = rubric({
      period: 'month',
      source: { fields: { rep: ['Rep'], team: ['Team'], region: ['Region'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' }, customer: ['Customer'] } },
      metrics: { revenue: { sum: 'amount' }, deals: { count: 'rows' }, customers: { distinct: 'customer' }, avg_deal: { avg: 'amount' }, smallest: { min: 'amount' }, per_customer: { ratio: ['revenue', 'customers'] } } as never,
      kpis: [{ metric: 'revenue', weight: 40, target: 20 }, { metric: 'deals', weight: 20, target: 2 }, { metric: 'customers', weight: 20, target: 2 }, { metric: 'per_customer', weight: 20, target: 5 }] as never,
      levels: { team: { kpis: [{ metric: 'revenue', weight: 60, target: 'members' }, { metric: 'customers', weight: 40, target: 4 }], tiers: [{ id: 'ta', min_score: 60 }, { id: 'tb', min_score: 0 }] } } as never,
      tiers: [{ id: 'a', min_score: 50 }, { id: 'b', min_score: 0 }],
    });
    const feed = (withLevels: boolean) => {
      const ev = createEvaluator(withLevels ? r : { ...r, levels: undefined }, { manifest });
      for (let i = 0; i < 900; i++) {
        const rep = `R${i % 300}`;
        ev.add({ rep, fields: { team: `T${i % 7}`, region: `G${i % 3}`, date: `2026-0${1 + (i % 3)}-1${i % 9}`, amount: new Decimal(`${i % 17}.${i % 10}5`), customer: `C${i % 11}` }, source: { file: 'd.csv', row: i + 2 } });
      }
      return ev;
    };
    for (const withLevels of [false, true]) {
      const whole = JSON.stringify(feed(withLevels).finish());
      const ev = feed(withLevels);
      const cells = new WeakRef(ev.table().reps.get('R0')!);
      const out = ev.finish({ last: true });
      expect(JSON.stringify(out)).toBe(whole);
      await new Promise((res) => setTimeout(res, 0));
      gc();
      expect(cells.deref()).toBeUndefined();
      expect(() => ev.table()).toThrow(/after release/);
    }
  });

  test('what an Evaluation keeps per rep: no exact rationals once scored, row facts shared, samples exactly as long as they are', () => {
    const out = evaluator(300, 4).finish();
    const [a, b] = [out.reps[0]!, out.reps[1]!];
    // nothing reads them after the distance to the next tier: ~1.3 KB per rep with 10 KPIs
    expect(out.reps.every((r) => r.exactRawScore === undefined && r.kpis.every((k) => k.exact === undefined))).toBe(true);
    // one row each: the same `metric-rows` facts object for every rep
    expect(a.metrics.m0!.formulaFacts).toBe(b.metrics.m0!.formulaFacts);
    expect(a.metrics.m0!.formulaFacts).toMatchObject({ code: 'metric-rows', rows: 1 });
    // the facts' numbers are still the rep's own
    expect(a.kpis[0]!.attainment?.toString()).toBe('0.8333333333333333333333333333333333333333');
    expect(a.metrics.m0!.sample).toEqual([{ file: 'd.csv', row: 2 }]);
    // a value shown for many reps (1 row against a target of 3) is one Decimal, and still exact to 40 digits
    expect(a.kpis[1]!.attainment).toBe(b.kpis[1]!.attainment);
    expect(a.kpis[1]!.attainment?.toString()).toBe('0.3333333333333333333333333333333333333333');
    expect(a.kpis[1]!.points.toString()).toBe('8.333333333333333333333333333333333333333');
  });
});
