// Managers graded on their team (issue 15): every format names the manager, shows the level's tier by
// its label (never the id), the level's own KPIs, and lists `(unassigned)` last, ungraded.
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { Evaluation, KpiResult } from '../../../src/engine/types.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { renderEvaluationMarkdown } from '../../../src/report/evaluation-md.js';
import { renderEvaluationCsv } from '../../../src/report/evaluation-csv.js';
import { evaluationToJson } from '../../../src/report/evaluation-json.js';
import { fixtureEvaluation } from './evaluation-fixture.js';
import { loadEvaluationSchema, validate } from './evaluation-schema-check.js';

const D = (v: string | number) => new Decimal(v);

function levelKpi(kpi: string, label: string, weight: number, actual: string, target: string): KpiResult {
  const a = D(actual).div(target);
  return {
    kpi, metric: kpi, label, weight, direction: 'higher', actual: D(actual), target: D(target), targetSource: 'members (sum)',
    attainment: a, points: a.mul(weight), excluded: false, capped: false, floored: false, belowThreshold: false,
  };
}

function graded(): Evaluation {
  const ev = fixtureEvaluation();
  ev.levels = {
    team: {
      kpis: [
        { kpi: 'revenue', metric: 'revenue', label: '回款', weight: 70, unit: 'money' },
        { kpi: 'deals', metric: 'deals', label: '赢单数', weight: 30, unit: 'count' },
      ],
      tiers: [
        { id: 'a', label: '优秀', minScore: 100 },
        { id: 'b', label: '良好', minScore: 80 },
        { id: 'c', label: '待改进', minScore: 0 },
      ],
    },
  };
  const t1 = ev.teams[0]!;
  t1.manager = '陈静';
  t1.managers = ['陈静', '李强'];
  t1.kpis = [levelKpi('revenue', '回款', 70, '2820000', '2400000'), levelKpi('deals', '赢单数', 30, '9', '10')];
  t1.score = D('109.25');
  t1.tier = 'b';
  t1.decision = { current: 'c', qualified: 'a', tier: 'b', movement: 'promoted', promoteRun: 0, demoteRun: 0, reasonFacts: { score: '109.25', qualified: 'a', blocked: [], movement: { code: 'promoted', run: 2, tier: 'b' } }, trail: [] };
  const t2 = ev.teams[1]!;
  t2.manager = '赵磊';
  t2.managers = ['赵磊'];
  t2.kpis = [levelKpi('revenue', '回款', 70, '0', '1200000'), levelKpi('deals', '赢单数', 30, '0', '5')];
  t2.score = D('0');
  t2.tier = 'c';
  return ev;
}

describe('manager grades in every format', () => {
  it('terminal: manager, level KPI columns, tier label, (unassigned) last and ungraded', () => {
    const lines = renderTerminal(graded(), { color: false }).split('\n');
    const at = lines.indexOf('团队');
    expect(lines.slice(at, at + 5)).toEqual([
      '团队',
      '  团队        经理     成员  回款  赢单数    总分  等级    升降  高级/中级/初级',
      '  上海一组    陈静 +1     2  118%     90%  109.25  良好    ↑              1/1/0',
      '  上海二组    赵磊        1    0%      0%    0.00  待改进  —              0/0/1',
      '  （未分配）  —           1   25%       —       —  —       —              0/0/1',
    ]);
    expect(lines.join('\n')).not.toMatch(/ b /);
  });

  it('markdown: every manager, the level KPIs with weights, tier label', () => {
    const md = renderEvaluationMarkdown(graded());
    expect(md).toContain('| 团队 | 经理 | 成员 | 回款 (70) | 赢单数 (30) | 总分 | 等级 | 升降 | 高级 | 中级 | 初级 |');
    expect(md).toContain('| 上海一组 | 陈静, 李强 | 2 | ¥2,820,000 (118%) | 9 (90%) | 109.25 | 良好 | ↑ | 1 | 1 | 0 |');
    expect(md).toContain('| （未分配） | — | 1 | ¥300,000 (25%) | 无数据 | — | — | — | 0 | 0 | 1 |');
  });

  it('csv: a team row with level, manager, tier label, movement and the level-only KPI columns', () => {
    const lines = renderEvaluationCsv(graded(), { bom: false }).split('\r\n');
    expect(lines[0]!.includes(',赢单数 实际,赢单数 目标,赢单数 达成率,赢单数 得分点,')).toBe(true);
    const team = lines.find((l) => l.startsWith(',,上海一组,'))!;
    expect(team.startsWith(',,上海一组,上海区,陈静,109.25,良好,待改进,优秀,晋升,2820000,2400000,1.175,82.25,')).toBe(true);
    expect(team.endsWith(',9,10,0.9,27,,,,team')).toBe(true);
    // a rep has no value in a level-only KPI's columns
    expect(lines[1]!.endsWith(',,,,,,,,rep') || lines[1]!.includes(',,,,,')).toBe(true);
  });

  it('json: manager, managers, tierLabel, decision and levels; valid against the schema', () => {
    const doc = evaluationToJson(graded()) as any;
    const t = doc.teams.find((g: any) => g.name === '上海一组');
    expect(t.manager).toBe('陈静');
    expect(t.managers).toEqual(['陈静', '李强']);
    expect(t.tier).toBe('b');
    expect(t.tierLabel).toBe('良好');
    expect(t.decision.movement).toBe('promoted');
    expect(doc.levels.team.tiers.map((x: any) => x.label)).toEqual(['优秀', '良好', '待改进']);
    expect(validate(doc, loadEvaluationSchema())).toEqual([]);
  });
});
