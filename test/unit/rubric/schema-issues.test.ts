import { describe, expect, test } from 'vitest';
import { lintRubricText } from '../../../src/rubric/load.js';
import { editDistance, suggest } from '../../../src/rubric/schema-issues.js';
import { BASE, withSections } from './rules/base.js';

function findings(text: string): string[] {
  return lintRubricText(text, 'r.yaml').diagnostics.map((d) => `${d.range!.start.line + 1}:${d.range!.start.character + 1} ${d.code} ${d.message}`);
}

describe('schema problems say where, what was expected and what was found', () => {
  test.each([
    ['a target written as text', { kpis: 'kpis:\n  - { metric: revenue, weight: 100, target: "4,800,000" }' }, ['10:45 schema kpis[0].target: expected a number or a mapping, got "4,800,000"']],
    ['a zero weight', { kpis: 'kpis:\n  - { metric: revenue, weight: 0, target: 5 }' }, ['10:32 schema kpis[0].weight: expected a number > 0, got 0']],
    ['a tier without id', { tiers: 'tiers:\n  - { min_score: 0 }' }, ['12:5 schema tiers[0]: missing required key "id"']],
    ['two aggregates in one metric', { metrics: 'metrics:\n  revenue: { sum: amount, count: rows }' }, ['8:12 schema metrics.revenue: expected exactly one of the keys sum, count, distinct, avg, min, max, ratio, found sum and count']],
    ['a metric with no aggregate', { metrics: 'metrics:\n  revenue: { summ: amount }' }, ['8:12 schema metrics.revenue: expected one of the keys sum, count, distinct, avg, min, max, ratio, found summ; did you mean "sum"?']],
    ['a field spec with a typo', { source: 'source:\n  fields:\n    date: { header: [Date], type: date }\n    amount: [Amount]' }, ['5:11 schema source.fields.date: missing required key "headers"', '5:13 unknown-key source.fields.date.header: unknown key "header"; did you mean "headers"?']],
    ['an unknown calendar', { quota: 'quota:\n  annual: { revenue: 100 }\n  calendar: china' }, ['16:13 schema quota.calendar: expected one of "cn", "weekdays", got "china"']],
    ['seasonality by month', { quota: 'quota:\n  annual: { revenue: 100 }\n  seasonality: { month: [1, 1, 1, 1] }' }, ['16:16 schema quota.seasonality: expected one of the keys months, quarters, from, found month; did you mean "months"?']],
    ['a bad tier colour and a fractional integer', { tiers: 'tiers:\n  - { id: s, min_score: 90, color: green }\n  - { id: j, min_score: 0 }', movement: 'movement: { promote_after: 1.5 }' }, ['12:36 schema tiers[0].color: expected a colour like #2E7D32, got "green"', '14:28 schema movement.promote_after: expected a whole number, got 1.5']],
    ['a metric name that is not an identifier', { metrics: 'metrics:\n  revenue: { sum: amount }\n  2nd: { count: rows }' }, ['9:3 schema metrics["2nd"]: the key "2nd" is not an identifier (letters, digits, _ and -, not starting with a digit)']],
  ])('%s', (_name, sections, expected) => {
    expect(findings(withSections(sections as Record<string, string>))).toEqual(expected);
  });

  test('the version and the root', () => {
    expect(findings(BASE.replace('salesgrade: 1', 'salesgrade: 2'))).toEqual(['1:13 schema salesgrade: expected 1, got 2']);
    expect(findings('# only a comment\n')).toEqual(['1:1 schema (root): expected a mapping with "salesgrade: 1"']);
    expect(findings('salesgrade: 1\n')).toEqual([
      '1:1 schema (root): missing required key "kpis"',
      '1:1 schema (root): missing required key "metrics"',
      '1:1 schema (root): missing required key "name"',
      '1:1 schema (root): missing required key "tiers"',
    ]);
  });

  test('did-you-mean distance', () => {
    expect(editDistance('wieght', 'weight')).toBe(2);
    expect(suggest('wieght', ['weight', 'target'])).toBe('weight');
    expect(suggest('zzz', ['weight', 'target'])).toBeUndefined();
    expect(suggest('ZH-cn', ['zh-CN', 'en'])).toBe('zh-CN');
  });
});
