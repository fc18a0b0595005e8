import { describe, expect, test } from 'vitest';
import { Decimal } from 'decimal.js';
import { attainmentOf, bandFactor, pointsFor, scoreKpi, totalScore } from '../../../src/engine/scoring.js';
import { rat, toDecimal, type Rational } from '../../../src/shared/rational.js';
import type { BandsShape, KpiShape } from '../../../src/engine/rubric-shape.js';
import type { KpiResult } from '../../../src/engine/types.js';
import { kpiExplanation } from '../../../src/report/evaluation-text.js';

const d = (x: string | number): Decimal => new Decimal(x);
/** An exact rational shown as a plain decimal (the values here all terminate). */
const show = (r: Rational): string => toDecimal(r).toFixed();
const stepped: BandsShape = { mode: 'stepped', points: [{ at: 1, factor: 1 }, { at: 0.5, factor: 0.5 }, { at: 1.2, factor: 1.5 }] };
const linear: BandsShape = { ...stepped, mode: 'linear' };

describe('bands', () => {
  // [mode, attainment, factor | null]
  const cases: [BandsShape, string, string | null][] = [
    [stepped, '0.4', null], // below the first point: 0 points
    [stepped, '0.5', '0.5'],
    [stepped, '0.99', '0.5'],
    [stepped, '1', '1'],
    [stepped, '1.19', '1'],
    [stepped, '1.3', '1.5'], // above the last point: the last factor
    [linear, '0.4', null],
    [linear, '0.5', '0.5'],
    [linear, '0.75', '0.75'],
    [linear, '1.1', '1.25'], // 1 + (1.5 − 1)·(1.1 − 1)/(1.2 − 1)
    [linear, '1.2', '1.5'],
    [linear, '3', '1.5'],
  ];
  test.each(cases)('%j at %s → %s', (b, a, f) => {
    const r = bandFactor(b, rat(a));
    expect(r === null ? null : show(r)).toBe(f);
  });
});

describe('pointsFor', () => {
  const k = (extra: Partial<KpiShape>): Pick<KpiShape, 'weight' | 'floor' | 'cap' | 'threshold' | 'bands'> => ({ weight: 20, ...extra });
  // [kpi, attainment, points, capped, floored, belowThreshold]
  const cases: [ReturnType<typeof k>, string, string, boolean, boolean, boolean][] = [
    [k({}), '1.07', '21.4', false, false, false],
    [k({}), '0', '0', false, false, false],
    [k({ cap: 1.5 }), '2', '30', true, false, false],
    [k({ cap: 1.5 }), '1.5', '30', false, false, false],
    [k({ floor: 0.3 }), '0.1', '6', false, true, false],
    [k({ threshold: 0.6 }), '0.59', '0', false, false, true],
    [k({ threshold: 0.6 }), '0.6', '12', false, false, false], // inclusive
    [k({ threshold: 0.6, floor: 0.8 }), '0.5', '0', false, false, true], // threshold before floor
    [k({ bands: stepped }), '1.1', '20', false, false, false],
    [k({ bands: stepped }), '2', '30', true, false, false],
    [k({ bands: stepped, cap: 1 }), '2', '30', true, false, false], // bands replace the clamp
    [k({ bands: linear }), '0.2', '0', false, false, true],
  ];
  test.each(cases)('%j at %s → %s', (kpi, a, points, capped, floored, below) => {
    const r = pointsFor(kpi, rat(a));
    expect([show(r.points), r.capped, r.floored, r.belowThreshold]).toEqual([points, capped, floored, below]);
  });
});

describe('attainment', () => {
  test.each([
    ['higher', '120', '100', {}, '1.2'],
    ['lower', '4', '5', {}, '1.25'], // target ÷ actual
    ['lower', '0', '5', { cap: 1.5 }, '1.5'], // zero actual, lower is better → the cap
    ['lower', '0', '5', {}, null], // … and no value without a cap or bands
    ['higher', '10', '0', {}, null],
  ] as const)('%s %s vs %s → %s', (direction, actual, target, extra, expected) => {
    const a = attainmentOf({ direction, ...extra }, d(actual), d(target));
    expect(a === null ? null : a.toFixed()).toBe(expected);
  });
});

describe('score', () => {
  const kpi = (metric: string, weight: number, missing: 'zero' | 'exclude' = 'zero'): KpiShape => ({
    metric,
    weight,
    direction: 'higher',
    missing,
    target: 1,
  });
  const base = { label: 'X', unit: 'number' as const, targetSource: 'default' };
  // The engine returns facts; report/evaluation-text.ts words them (the same words the engine wrote before).
  const words = (r: KpiResult, locale: 'en' | 'zh-CN' = 'en') => kpiExplanation(r, 'CNY', locale);

  test('missing: zero counts 0 points; missing: exclude rescales by the weights with a value', () => {
    const a = scoreKpi({ ...base, kpi: kpi('a', 60), id: 'a', actual: d('0.9'), target: d(1) });
    const bZero = scoreKpi({ ...base, kpi: kpi('b', 40), id: 'b', actual: null, target: d(1) });
    const bEx = scoreKpi({ ...base, kpi: kpi('b', 40, 'exclude'), id: 'b', actual: null, target: d(1) });
    expect(totalScore([a, bZero], 2).score.toFixed()).toBe('54'); // 60 × 0.9
    expect(bEx.excluded).toBe(true);
    expect(totalScore([a, bEx], 2).score.toFixed()).toBe('90'); // 54 × 100 / 60
    expect(words(bEx)).toBe('X: no value; excluded from the score (missing: exclude); the other weights are rescaled');
  });

  test('rounded once, half-up, to the precision', () => {
    const r = (v: string) => [{ points: d(v), weight: 100, excluded: false }] as never;
    expect(totalScore(r('74.995'), 2).score.toFixed(2)).toBe('75.00');
    expect(totalScore(r('74.9949999'), 2).score.toFixed(2)).toBe('74.99');
    expect(totalScore(r('74.5'), 0).score.toFixed()).toBe('75');
    expect(totalScore(r('74.4999'), 0).raw.toFixed()).toBe('74.4999');
  });

  test('locale sentences', () => {
    const k: KpiShape = { ...kpi('revenue', 50), cap: 1.5 };
    const zh = scoreKpi({ ...base, kpi: k, id: 'revenue', label: '回款', unit: 'money', actual: d(1284300), target: d(1200000) });
    expect(words(zh, 'zh-CN')).toBe('回款 ¥1,284,300 ÷ 目标 ¥1,200,000 = 107.0%；50 × 107.0% = 53.51 分');
    const capped = scoreKpi({ ...base, kpi: k, id: 'revenue', label: 'Revenue', unit: 'money', actual: d(2000000), target: d(1200000) });
    expect(words(capped)).toBe('Revenue ¥2,000,000 ÷ target ¥1,200,000 = 166.7%; capped at 150.0%; 50 × 150.0% = 75.00 points');
    const lower = scoreKpi({
      ...base,
      kpi: { ...kpi('churn', 10), direction: 'lower' },
      id: 'churn',
      label: 'Churn',
      unit: 'percent',
      actual: d('0.04'),
      target: d('0.05'),
    });
    expect(words(lower)).toBe('Churn: target 5.0% ÷ 4.0% = 125.0%; 10 × 125.0% = 12.50 points');
    const noTarget = scoreKpi({ ...base, kpi: kpi('x', 10), id: 'x', actual: d(3), target: null });
    expect(words(noTarget)).toBe('X 3; no target; 0 points');
  });
});
