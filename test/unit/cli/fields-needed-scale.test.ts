// Issue 10 item 16 (a 10,000-KPI rubric): `fieldsNeeded` copied a field's list of metrics for every metric
// added to it (quadratic: 10,000 metrics on one date field were 50 million copies, 0.5 s of the run).
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

describe('fieldsNeeded', () => {
  // An absolute bound with a wide margin instead of a ratio of two short timings (those read 26x for the
  // linear build under the full suite's load): linear, 20,000 metrics take ~0.01 s of CPU; quadratic,
  // they are 200 million element copies (~10 s).
  test('is linear in the metrics: 20,000 metrics on one field in well under 1 s of CPU', () => {
    const r = rubricOf(20_000);
    const t0 = process.cpuUsage();
    const need = fieldsNeeded(r);
    const t = process.cpuUsage(t0);
    expect((t.user + t.system) / 1e6).toBeLessThan(1);
    expect(need.get('date')).toHaveLength(20_000);
    expect([...fieldsNeeded(rubricOf(3))]).toEqual([['amount', ['m0', 'm1', 'm2']], ['stage', ['m0', 'm1', 'm2']], ['date', ['m0', 'm1', 'm2']]]);
  }, 60_000);
});
