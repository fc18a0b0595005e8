import { describe, expect, test } from 'vitest';
import { Decimal } from 'decimal.js';
import { compileWhere, describeWhere } from '../../../src/engine/where.js';
import type { ConditionShape } from '../../../src/engine/rubric-shape.js';
import type { FieldValue } from '../../../src/engine/types.js';

const row: Record<string, FieldValue> = {
  stage: ' Won ',
  amount: new Decimal('1200.50'),
  qty: '12',
  close_date: '2026-07-15',
  note: '',
  owner: null,
};

// [field, condition, expected]
const cases: [string, ConditionShape, boolean][] = [
  ['stage', 'Won', true],
  ['stage', 'won', true], // trimmed, case-insensitive
  ['stage', 'Lost', false],
  ['stage', ['赢单', 'Won'], true],
  ['stage', ['赢单', 'Lost'], false],
  ['amount', 1200.5, true],
  ['amount', '1200.5', true],
  ['amount', [1, 1200.5], true],
  ['qty', 12, true], // numeric text vs a number
  ['stage', { eq: 'won' }, true],
  ['stage', { ne: 'Won' }, false],
  ['stage', { in: ['Won', 'Lost'] }, true],
  ['stage', { not_in: ['Won'] }, false],
  ['stage', { not_in: ['Lost'] }, true],
  ['amount', { gt: 1200 }, true],
  ['amount', { gt: 1200.5 }, false],
  ['amount', { gte: 1200.5 }, true],
  ['amount', { lt: 1000 }, false],
  ['amount', { lte: '1200.50' }, true],
  ['amount', { gt: 1000, lt: 2000 }, true],
  ['qty', { gt: 9 }, true], // numeric, not text ('12' < '9' as text)
  ['close_date', { gte: '2026-07-01', lte: '2026-07-31' }, true],
  ['close_date', { lt: '2026-07-15' }, false],
  ['note', { empty: true }, true],
  ['owner', { empty: true }, true],
  ['missing', { empty: true }, true],
  ['stage', { empty: true }, false],
  ['stage', { empty: false }, true],
  ['note', 'x', false],
  ['missing', { ne: 'x' }, true], // an empty value is unequal to anything
  ['missing', { not_in: ['x'] }, true],
  ['missing', { gt: 0 }, false], // and fails every comparison
  ['stage', { gt: 0 }, false], // text vs a number bound: no comparison
];

describe('where', () => {
  test.each(cases)('%s %j → %s', (field, cond, expected) => {
    const p = compileWhere({ [field]: cond })!;
    expect(p(row)).toBe(expected);
  });

  test('all conditions must hold', () => {
    expect(compileWhere({ stage: 'Won', amount: { gt: 2000 } })!(row)).toBe(false);
    expect(compileWhere({ stage: 'Won', amount: { gt: 1000 } })!(row)).toBe(true);
    expect(compileWhere(undefined)).toBeNull();
    expect(compileWhere({})).toBeNull();
  });

  test('describeWhere', () => {
    expect(describeWhere({ stage: ['赢单', 'Won'], amount: { gt: 0, lte: 10 }, note: { empty: false } })).toBe(
      'amount > 0 and amount ≤ 10 and note not empty and stage ∈ {赢单, Won}',
    );
  });
});
