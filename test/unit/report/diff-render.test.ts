import { describe, expect, test } from 'vitest';
import { D } from '../../../src/engine/decimal.js';
import type { EvaluationDiff, RepDelta } from '../../../src/engine/compare.js';
import { renderDiffGithub } from '../../../src/report/diff-github.js';
import { renderDiffJson } from '../../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../../src/report/diff-md.js';
import type { DiffReport } from '../../../src/report/diff-report.js';
import { renderDiffTable } from '../../../src/report/diff-table.js';

const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 5 } });

function rep(name: string, before: [string, string], after: [string, string], kpi?: [string, number]): RepDelta {
  const d: RepDelta = {
    rep: name,
    team: '(unassigned)',
    region: 'East',
    before: { score: new D(before[1]), tier: before[0], qualified: before[0] },
    after: { score: new D(after[1]), tier: after[0], qualified: after[0] },
    delta: new D(after[1]).minus(before[1]),
    tierChanged: before[0] !== after[0],
    qualifiedOnly: false,
  };
  if (kpi) d.topKpi = { kpi: kpi[0], label: 'Win rate', before: new D(10), after: new D(10 + kpi[1]), delta: new D(kpi[1]) };
  return d;
}

function report(locale: 'en' | 'zh-CN'): DiffReport {
  const diff: EvaluationDiff = {
    period: '2026-Q3',
    reps: 3,
    tierChanges: [rep('Ann, "A"', ['senior', '99'], ['intermediate', '97.5'], ['win_rate', -1.5])],
    scoreMoved: [rep('Bo|b', ['junior', '50'], ['junior', '52'], ['win_rate', 2]), rep('Cy', ['junior', '40'], ['junior', '39'], ['win_rate', -1])],
    qualifiedOnly: [],
    unchanged: 0,
    onlyBefore: [],
    onlyAfter: [],
    distribution: [
      { tier: 'senior', label: 'Senior', before: 1, after: 0 },
      { tier: 'intermediate', label: 'Intermediate', before: 0, after: 1 },
      { tier: 'junior', label: 'Junior', before: 2, after: 2 },
    ],
    scoreChange: { min: new D(-1.5), median: new D(-1), max: new D(2) },
    levels: [],
  };
  return {
    locale,
    before: { path: 'main:rules/x.yaml', name: 'X', sha256: 'a'.repeat(64) },
    after: { path: 'rules/x.yaml', name: 'X', sha256: 'b'.repeat(64) },
    period: '2026-Q3',
    changes: [
      { kind: 'changed', path: ['tiers', 'senior', 'min_score'], name: 'tiers.senior.min_score', area: 'tiers', before: 95, after: 98, old: { source: 'main:rules/x.yaml', range: range(11) }, new: { source: 'rules/x.yaml', range: range(11) } },
      { kind: 'removed', path: ['kpis', 'visits'], name: 'kpis.visits', area: 'kpis', before: { metric: 'visits', weight: 10 }, old: { source: 'main:rules/x.yaml', range: range(20) }, new: { source: 'rules/x.yaml', range: range(18) } },
      { kind: 'changed', path: ['tiers', 'junior', 'min_score'], name: 'tiers.junior.min_score', area: 'tiers', before: 0, after: 1, old: { source: 'main:rules/base.yaml', range: range(3) }, new: { source: 'main:rules/base.yaml', range: range(3) } },
    ],
    diff,
    readOnce: true,
    inputs: ['q3.xlsx'],
    history: { periods: ['2026-Q2'], files: [], roster: false },
    tierLabels: { senior: 'Senior', intermediate: 'Intermediate', junior: 'Junior' },
    levelTierLabels: {},
    top: 1,
  };
}

describe('diff renderers', () => {
  test('github: a summary, one notice per change (file and line only for a working-tree file), one per tier change; escaped', () => {
    expect(renderDiffGithub(report('en')).split('\n')).toEqual([
      '::notice title=Rubric diff 2026-Q3::3 rubric changes · 1 of 3 reps change tier · 2 more change score · Score change: min −1.50 · median −1.00 · max +2.00',
      '::notice file=rules/x.yaml,line=12,title=Rubric change::tiers.senior.min_score 95 → 98',
      '::notice title=Rubric change::kpis.visits removed ({ metric: visits, weight: 10 })',
      '::notice title=Rubric change::tiers.junior.min_score 0 → 1',
      '::notice title=Tier change::Ann, "A": Senior → Intermediate (Score 99.00 → 97.50; Win rate −1.50)',
      '',
    ]);
  });

  test('markdown: the summary line first, pipes escaped, movers folded past --top', () => {
    const md = renderDiffMarkdown(report('en'));
    expect(md.split('\n').slice(0, 3)).toEqual(['### Rubric diff · 2026-Q3', '', '**3 rubric changes · 1 of 3 reps change tier · 2 more change score**']);
    expect(md).toContain('| `tiers.senior.min_score 95 → 98` | main:rules/x.yaml:12 → rules/x.yaml:12 |');
    expect(md).toContain('| `kpis.visits removed ({ metric: visits, weight: 10 })` | main:rules/x.yaml:21 |');
    expect(md).toContain('| Ann, "A" | (unassigned) | Senior → **Intermediate** | 99.00 → 97.50 | Win rate −1.50 |');
    expect(md).toContain('<summary>Score moved, tier unchanged: 2 reps (top 1)</summary>');
    expect(md).toContain('| Bo\\|b |');
    expect(md).not.toContain('| Cy |');
  });

  test('zh-CN table: the unassigned team and words in Chinese', () => {
    const text = renderDiffTable(report('zh-CN'));
    expect(text).toContain('考核方案对比 · 2026-Q3');
    expect(text).toContain('（未分配）');
    expect(text).toContain('等级变化：3 人中 1 人');
    expect(text).toContain('总分变化、等级不变：2 人（前 1 名）');
  });

  test('json: stable shape, decimals as strings, removed has no after', () => {
    const j = JSON.parse(renderDiffJson(report('en')));
    expect(j.format).toBe('salesgrade-diff');
    expect(j.rubricChanges[1]).toMatchObject({ kind: 'removed', after: null, new: null, old: { file: 'main:rules/x.yaml', line: 21, column: 3 } });
    expect(j.reps.scoreMoved).toMatchObject({ count: 2 });
    expect(j.reps.scoreMoved.top).toHaveLength(1);
    expect(j.scoreChange).toEqual({ min: '-1.5', median: '-1', max: '2' });
  });
});
