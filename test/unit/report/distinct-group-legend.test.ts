// A distinct count has no group attainment (the roll-up rule, README "Reps and roll-ups"): the team and
// region tables show `—` for it, and every format says why, in the report's language — the terminal
// and Markdown with a legend line under the table (the workbook with cell notes: workbook-readback).
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { Evaluation } from '../../../src/engine/types.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { renderEvaluationMarkdown } from '../../../src/report/evaluation-md.js';
import { distinctLegend, distinctWithoutAttainment } from '../../../src/report/groups.js';
import { fixtureEvaluation } from './evaluation-fixture.js';

/** The fixture with `new_customers` a distinct count, as the engine gives it: no group target. */
function withDistinct(): Evaluation {
  const ev = fixtureEvaluation();
  ev.kpis.find((k) => k.kpi === 'new_customers')!.distinct = true;
  for (const g of [...ev.teams, ...ev.regions, ev.company]) g.targets.new_customers = null;
  return ev;
}

const section = (text: string, title: string) => {
  const lines = text.split('\n');
  const at = lines.indexOf(title);
  return lines.slice(at, lines.indexOf('', at)).join('\n');
};

describe('a distinct count\'s "—" in the team and region tables says why', () => {
  it('terminal zh-CN and en: a legend line naming the KPI under each table that shows the dash', () => {
    const zh = renderTerminal(withDistinct(), { color: false, width: 100 });
    for (const title of ['团队', '区域']) {
      const s = section(zh, title);
      expect(s, title).toMatch(/新客户 +—|— +\d/); // the dash is there …
      expect(s.replace(/\n +/g, ''), title).toContain('新客户 的 —：去重计数是成员取值的并集而非合计，不与成员目标之和相比，故无团队/区域达成率；如需考评，请在 levels 中为该层级设定目标');
    }
    const en = renderTerminal(withDistinct(), { color: false, width: 100, locale: 'en' });
    const s = section(en, 'Regions').replace(/\n +/g, ' ');
    expect(s).toContain("— under 新客户: no group attainment for a distinct count (the union of the members' values, not their sum, is not held against the sum of their targets); give the level its own target to grade it");
    for (const line of en.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('markdown: "(—)" beside the count and the full reason under the table, zh-CN and en', () => {
    const zh = renderEvaluationMarkdown(withDistinct());
    expect(zh).toMatch(/\| 上海区 \| 3 \| [^|]+ \| [^|]+ \| \d+ \(—\) \|/);
    expect(zh).toContain('新客户 的 —：去重计数没有团队/区域达成率');
    const en = renderEvaluationMarkdown(withDistinct(), { locale: 'en' });
    expect(en).toContain("— under 新客户: no group attainment for a distinct count: the group's count is the union of its members' values");
  });

  it('no legend when no KPI is a distinct count, or when the level gives the distinct KPI its own target', () => {
    const plain = fixtureEvaluation();
    expect(renderTerminal(plain, { color: false })).not.toMatch(/去重计数/);
    expect(renderEvaluationMarkdown(plain)).not.toMatch(/去重计数|\(—\)/);
    // a level KPI on the distinct metric with its own target: an attainment, no legend
    const ev = withDistinct();
    const k = { kpi: 'new_customers', metric: 'new_customers', label: '新客户', weight: 100, unit: 'count', distinct: true as const };
    const own = { ...ev.teams[0]!, kpis: [{ kpi: 'new_customers', metric: 'new_customers', label: '新客户', weight: 100, direction: 'higher' as const, actual: new Decimal(3), target: new Decimal(4), targetSource: 'default', targetOrigin: { from: { code: 'rubric' as const, key: 'default' } }, attainment: new Decimal(0.75), points: new Decimal(75), excluded: false, capped: false, floored: false, belowThreshold: false }] };
    expect(distinctWithoutAttainment(own, k)).toBe(false);
    expect(distinctLegend([k], [own], 'en')).toBeUndefined();
    // … and with `target: members` (none for a union): the reason
    const members = { ...own, kpis: [{ ...own.kpis[0]!, target: null, attainment: null, points: new Decimal(0), excluded: true, targetSource: 'members (none for a distinct count)', targetOrigin: { from: { code: 'members' as const, rule: 'distinct-none' as const } } }] };
    expect(distinctWithoutAttainment(members, k)).toBe(true);
    expect(distinctLegend([k], [members], 'zh-CN')).toMatch(/^新客户 的 —：去重计数没有团队\/区域达成率/);
  });

  it('KPI labels with "$&" or "{why}" are placed as they are', () => {
    const k = { kpi: 'n', metric: 'n', label: 'New $& {why}', weight: 1, unit: 'count', distinct: true as const };
    expect(distinctLegend([k], [{ targets: { n: null } }], 'en')).toMatch(/^— under New \$& \{why\}: no group attainment/);
  });
});
