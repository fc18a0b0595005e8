import { describe, expect, test } from 'vitest';
import { formatThreshold, setTierThresholds } from '../../../src/rubric/edit.js';

/** Line numbers (1-based) where two texts differ; both must have the same number of lines. */
function changedLines(a: string, b: string): number[] {
  const la = a.split('\n');
  const lb = b.split('\n');
  expect(lb.length).toBe(la.length);
  return la.flatMap((l, i) => (l === lb[i] ? [] : [i + 1]));
}

const FLOW = `# tiers, highest first
salesgrade: 1
name: "East"   # the name
tiers:
  # senior needs csat
  - { id: senior,       label: 高级, min_score: 95, gates: [{ metric: csat, min: 4.2 }] }   # keep
  - { id: intermediate, label: 中级, min_score: 75 }
  - { id: junior,       label: 初级, min_score: 0 }
movement: { promote_after: 2 }
`;

const BLOCK = `salesgrade: 1\r
tiers:\r
  - id: senior\r
    min_score: 95.0   # was 90 in 2025\r
    gates:\r
      - metric: csat\r
        min: 4.2\r
  - id: junior\r
    min_score: 0\r
`;

describe('setTierThresholds', () => {
  test.each([
    ['flow style, comments and alignment', FLOW, { senior: 100, intermediate: 66.5, junior: 0 }, [6, 7], ['min_score: 100,', 'min_score: 66.5 }']],
    ['block style, CRLF, a comment after the value', BLOCK, { senior: 112.25, junior: 0 }, [4], ['min_score: 112.25   # was 90 in 2025\r']],
    ['nothing to change', FLOW, { senior: 95, intermediate: 75, junior: 0 }, [], []],
  ] as const)('%s', (_t, text, values, lines, contains) => {
    const edit = setTierThresholds(text, values, 'x.yaml')!;
    expect(changedLines(text, edit.text)).toEqual(lines);
    for (const c of contains) expect(edit.text).toContain(c);
    expect(edit.changed.length).toBe(lines.length);
  });

  test('a file without its own tiers (they come from extends): undefined, so the caller refuses', () => {
    expect(setTierThresholds('salesgrade: 1\nextends: ./base.yaml\nname: x\n', { senior: 1 }, 'x.yaml')).toBeUndefined();
  });

  test.each([
    [100, '100'],
    [66.5, '66.5'],
    [0.01, '0.01'],
    [1e-7, '0.0000001'],
  ])('formatThreshold(%s) = %s', (v, s) => expect(formatThreshold(v)).toBe(s));
});
