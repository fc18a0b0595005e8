import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanIdentifier } from '../../../src/shared/text.js';
import { isTotalLabel, TotalLabels, totalPrecheck } from '../../../src/io/totals.js';
import { adversarialString, mutated, same } from '../shared/adversarial.js';

const LABELS = ['合计', '小计', '总计', '小计：', '合计:张三', 'Grand Total', 'Grand Totals (12 records)', 'Total (3 records)', 'Subtotal', 'Sub-total', 'TOTAL', 'totals', 'sum', '张三 小计', 'Total Solutions Inc', '合计科技有限公司', '张三', 'Totally', '总额（元）'];

describe('totals labels (issue 9.6)', () => {
  it.each([
    ['合计\u3000', false, true],
    ['\u3000合计\u3000', false, true],
    ['合计\u00a0', false, true],
    ['合\u200b计', false, true],
    ['\ufeff小计', false, true],
    ['总计\u2002', false, true],
    ['Grand Totals (5 records)', false, true],
    ['Grand Totals (1,234 records)', true, true],
    ['Total (5 records)', false, true],
    ['Subtotal', false, true],
    ['Subtotals', false, true],
    ['小计', false, true],
    ['总计', false, true],
    ['张三 小计\u3000', true, true],
    ['合计科技有限公司', true, false],
    ['Total Solutions Inc', true, false],
    ['张三', true, false],
  ])('isTotalLabel(%j, suffix %s) → %s', (text, suffix, expected) => {
    expect(isTotalLabel(text, suffix)).toBe(expected);
  });

  it('the fast twin (precheck + cache) gives exactly what isTotalLabel gives, on adversarial strings', () => {
    const fast = new TotalLabels();
    const arb = fc.tuple(fc.oneof(adversarialString(20), mutated(LABELS)), fc.boolean());
    fc.assert(
      fc.property(arb, ([s, suffix]) => {
        const want = isTotalLabel(s, suffix) ? cleanIdentifier(s) : undefined;
        same(fast.of(s, suffix), want, 'fast.of');
        // asked twice: the cached answer is the same
        same(fast.of(s, suffix), want, 'fast.of, asked again');
        if (isTotalLabel(s, true) || isTotalLabel(s, false)) same(totalPrecheck(s), true, 'totalPrecheck');
      }),
      { numRuns: 10000 },
    );
  });
});
