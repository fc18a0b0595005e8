// Issue 10 item 16 (a 10,000-KPI rubric): `fieldsNeeded` copied a field's list of metrics for every metric
// added to it (quadratic: 10,000 metrics on one date field were 50 million copies, 0.5 s of the run).
// Measured as CPU time for n and 8n metrics, so the shared machine's load cancels out: linear is ~8×.
import { describe, expect, test } from 'vitest';
import { fieldsNeeded } from '../../../src/cli/pipeline/evaluate.js';
import type { Rubric } from '../../../src/rubric/schema.js';

function rubricOf(n: number): Rubric {
  const metrics: Record<string, unknown> = {};
  const kpis: unknown[] = [];
  for (let i = 0; i < n; i++) {
    metrics[`m${i}`] = { sum: 'amount', where: { stage: 'Won' } };
    kpis.push({ metric: `m${i}` });
  }
  return { metrics, kpis, tiers: [] } as unknown as Rubric;
}

function cpu(n: number): number {
  const r = rubricOf(n);
  let best = Infinity;
  for (let k = 0; k < 5; k++) {
    const t0 = process.cpuUsage();
    fieldsNeeded(r);
    const t = process.cpuUsage(t0);
    best = Math.min(best, t.user + t.system);
  }
  return best;
}

describe('fieldsNeeded', () => {
  test('is linear in the metrics: 8× the metrics costs well under 64× (5,000 → 40,000)', () => {
    cpu(2000);
    const small = Math.max(cpu(5000), 500);
    const big = cpu(40_000);
    expect(big / small).toBeLessThan(24);
    const need = fieldsNeeded(rubricOf(3));
    expect([...need]).toEqual([['amount', ['m0', 'm1', 'm2']], ['stage', ['m0', 'm1', 'm2']], ['date', ['m0', 'm1', 'm2']]]);
  });
});
