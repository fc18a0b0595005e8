import { Decimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import { pipelineCoverage } from '../../../src/engine/pipeline.js';

const d = (x: number | null): Decimal | null => (x === null ? null : new Decimal(x));
const s = (x: Decimal | null): string | null => (x === null ? null : x.toFixed());

describe('pipelineCoverage: open ÷ max(target − actual, 0)', () => {
  const CASES: { name: string; open: number | null; target: number | null; actual: number | null; want: [string | null, string | null, string | null] }[] = [
    { name: 'half of the target left, open covers it twice', open: 1000, target: 1000, actual: 500, want: ['1000', '500', '2'] },
    { name: 'nothing closed yet (no actual counts as 0)', open: 250, target: 1000, actual: null, want: ['250', '1000', '0.25'] },
    { name: 'target exceeded: nothing remains, no coverage (never negative)', open: 300, target: 1000, actual: 1200, want: ['300', '0', null] },
    { name: 'target met exactly', open: 0, target: 1000, actual: 1000, want: ['0', '0', null] },
    { name: 'no target: nothing to cover', open: 300, target: null, actual: 100, want: ['300', null, null] },
    { name: 'no open pipeline value', open: null, target: 1000, actual: 100, want: [null, '900', null] },
    { name: 'no open deals: 0×', open: 0, target: 1000, actual: 100, want: ['0', '900', '0'] },
  ];
  for (const c of CASES) {
    test(c.name, () => {
      const r = pipelineCoverage(d(c.open), d(c.target), d(c.actual));
      expect([s(r.open), s(r.remaining), s(r.coverage)]).toEqual(c.want);
    });
  }
});
