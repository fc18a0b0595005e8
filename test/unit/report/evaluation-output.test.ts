import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { renderEvaluationCsv } from '../../../src/report/evaluation-csv.js';
import { evaluationToJson, historyFromJson, renderEvaluationJson } from '../../../src/report/evaluation-json.js';
import { renderEvaluationMarkdown } from '../../../src/report/evaluation-md.js';
import { isSalesgradeError } from '../../../src/shared/errors.js';
import { fixtureEvaluation } from './evaluation-fixture.js';
import { loadEvaluationSchema, validate } from './evaluation-schema-check.js';

describe('evaluation JSON', () => {
  it('validates against schema/evaluation.schema.json', () => {
    const doc = JSON.parse(renderEvaluationJson(fixtureEvaluation()));
    expect(validate(doc, loadEvaluationSchema())).toEqual([]);
  });

  it('the schema check rejects a broken document (the test can fail)', () => {
    const doc = JSON.parse(renderEvaluationJson(fixtureEvaluation()));
    doc.reps[0].score = 136.5; // a number where a decimal string is documented
    delete doc.manifest.rubric.sha256;
    doc.reps[1].surprise = true;
    expect(validate(doc, loadEvaluationSchema())).toEqual([
      '$.manifest.rubric: missing sha256',
      '$.reps[0].score: expected string, got number',
      '$.reps[1]: unexpected property surprise',
    ]);
  });

  it('writes exact decimals as strings and keeps no value as null', () => {
    const doc = evaluationToJson(fixtureEvaluation()) as any;
    expect(doc.format).toBe('salesgrade-evaluation');
    expect(doc.formatVersion).toBe(1);
    const wang = doc.reps.find((r: any) => r.rep === '王芳');
    expect(wang.score).toBe('83.67');
    expect(wang.rawScore).toBe('83.666666666666666667');
    expect(wang.kpis[0]).toMatchObject({ kpi: 'revenue', actual: '1020000', target: '1200000', attainment: '0.85', points: '42.5' });
    const lin = doc.reps.find((r: any) => r.rep === '林涛');
    expect(lin.kpis[1]).toMatchObject({ kpi: 'win_rate', actual: null, attainment: null, points: '0' });
    expect(lin.decision.current).toBeNull();
    expect(doc.reps.map((r: any) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(doc.teams.map((g: any) => g.name)).toEqual(['上海一组', '上海二组', '(unassigned)']);
    expect(doc.rows.excluded).toMatchObject({ duplicate: 1, filtered: 3, 'out-of-period': 55, 'totals-row': 1 });
  });

  it('lists (unassigned) last among teams and regions, as the terminal does, however the groups arrive', () => {
    const ev = fixtureEvaluation();
    ev.teams.reverse();
    ev.regions.unshift({ ...ev.regions[0]!, name: '(unassigned)', members: ['林涛'] });
    const doc = evaluationToJson(ev) as any;
    expect(doc.teams.at(-1).name).toBe('(unassigned)');
    expect(doc.regions.at(-1).name).toBe('(unassigned)');
    expect(doc.teams.map((g: any) => g.name)).toEqual(['上海一组', '上海二组', '(unassigned)']);
  });

  it('carries each rep\'s tier history (trail), oldest first, with source, score, qualified and held tier', () => {
    const doc = evaluationToJson(fixtureEvaluation()) as any;
    const wang = doc.reps.find((r: any) => r.rep === '王芳');
    expect(wang.trail).toEqual([
      { period: '2026-Q1', source: 'data', score: '80.25', current: null, qualified: 'intermediate', tier: 'intermediate', movement: 'new', partial: null },
      { period: '2026-Q2', source: 'data', score: '97.5', current: 'intermediate', qualified: 'senior', tier: 'intermediate', movement: 'held', partial: null },
    ]);
    expect(doc.reps.find((r: any) => r.rep === '张伟').trail).toEqual([]);
  });

  it('is byte-identical however the reps and teams arrive', () => {
    const a = fixtureEvaluation();
    const b = fixtureEvaluation();
    b.reps.reverse();
    b.teams.reverse();
    expect(renderEvaluationJson(b)).toBe(renderEvaluationJson(a));
  });

  it('reads back as tier history', () => {
    const h = historyFromJson(renderEvaluationJson(fixtureEvaluation()), 'q3.json');
    expect(h.map((x) => ({ rep: x.rep, period: x.period, qualified: x.qualified, tier: x.tier }))).toEqual([
      { rep: '张伟', period: '2026-Q3', qualified: 'senior', tier: 'senior' },
      { rep: '王芳', period: '2026-Q3', qualified: 'intermediate', tier: 'intermediate' },
      { rep: '林涛', period: '2026-Q3', qualified: 'junior', tier: 'junior' },
      { rep: '吴婷', period: '2026-Q3', qualified: 'junior', tier: 'junior' },
    ]);
    // The movement state after the period is read back too (run lengths), so the last file resumes the runs.
    expect(h.map((x) => [x.movement, x.promoteRun, x.demoteRun, x.file])).toEqual(
      fixtureEvaluation()
        .reps.slice()
        .sort((a, b) => a.rank - b.rank)
        .map((r) => [r.decision.movement, r.decision.promoteRun, r.decision.demoteRun, 'q3.json']),
    );
  });

  it('rejects a file that is not a result, naming the file', () => {
    const attempt = (text: string) => {
      try {
        historyFromJson(text, 'old.json');
        return 'no error';
      } catch (e) {
        return isSalesgradeError(e) ? `${e.code} ${e.toLine()}` : String(e);
      }
    };
    expect(attempt('{"format":"other"}')).toBe(
      'history-invalid old.json: expected a salesgrade evaluation result (format "salesgrade-evaluation") (write one with: salesgrade evaluate … -f json > result.json)',
    );
    expect(attempt('{')).toMatch(/^history-invalid old\.json: not JSON: /);
    expect(attempt('{"format":"salesgrade-evaluation","formatVersion":2,"period":{"label":"x"},"reps":[]}')).toBe(
      'history-invalid old.json: unsupported formatVersion 2 (this salesgrade reads 1)',
    );
  });
});

describe('evaluation CSV', () => {
  it('one row per rep with localised headers, exact plain numbers, BOM and CRLF', () => {
    const csv = renderEvaluationCsv(fixtureEvaluation());
    expect(csv.startsWith('\uFEFF排名,销售代表,团队,区域,经理,总分,等级,原等级,本期达标等级,升降,回款 实际,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(10); // header + 4 reps + 3 teams + 1 region + trailing empty
    expect(lines[9]).toBe('');
    expect(lines[0]!.endsWith(',培训,层级')).toBe(true);
    expect(lines[2]).toBe(
      '2,王芳,上海一组,上海区,陈静,83.67,中级,中级,中级,保持,1020000,1200000,0.85,42.5,0.25,0.3,0.833333,16.666667,5,6,0.833333,12.5,48,60,0.8,12,11.33,,,rep',
    );
    // teams then regions, in the engine's order; no rank or rep; the roll-up's actual / target / attainment
    expect(lines[5]).toBe(',,上海一组,上海区,,,,,,,2820000,2400000,1.175,,,0.3,,,14,12,1.166667,,114,120,0.95,,,,,team');
    expect(lines[8]!.startsWith(',,,上海区,,')).toBe(true);
    expect(lines[8]!.endsWith(',region')).toBe(true);
    expect(lines[3]!.startsWith('3,林涛,（未分配）,（未分配）,,18.00,初级,,初级,新评,300000,1200000,0.25,12.5,,0.3,,0,')).toBe(true);
  });

  it('makes formula-looking text inert and quotes separators', () => {
    const ev = fixtureEvaluation();
    ev.reps[0]!.rep = '=HYPERLINK("http://x","y")';
    ev.reps[1]!.team = '-2+3';
    ev.reps[1]!.manager = 'Lee, "J"';
    const csv = renderEvaluationCsv(ev, { locale: 'en', bom: false });
    const lines = csv.split('\r\n');
    expect(lines[0]!.startsWith('Rank,Rep,Team,Region,Manager,Score,Tier,Previous tier,Qualified tier,Movement,回款 Actual')).toBe(true);
    expect(lines[1]!.startsWith(`1,"'=HYPERLINK(""http://x"",""y"")",上海一组,`)).toBe(true);
    expect(lines[2]!.startsWith(`2,王芳,'-2+3,上海区,"Lee, ""J""",83.67,`)).toBe(true);
  });
});

describe('evaluation Markdown', () => {
  it('renders the manifest, distribution, leaderboard, teams and findings as tables', () => {
    const md = renderEvaluationMarkdown(fixtureEvaluation());
    const lines = md.split('\n');
    expect(lines[0]).toBe('# 华东直销 FY2026 · 2026-Q3');
    expect(lines).toContain('| 高级 | 1 | 25.0% |');
    expect(lines).toContain('| 2 | 王芳 | 上海一组 | ¥1,020,000 (85%) | 25.0% (83%) | 5 (83%) | 48 (80%) | 83.67 | 中级 | = | 11.33 → 高级 | — | — |');
    expect(lines).toContain('| 3 | 林涛 | （未分配） | ¥300,000 (25%) | 无数据 | 1 (17%) | 12 (20%) | 18.00 | 初级 | 新评 |  | — | — |');
    // the tier's action (bonus multiplier, training) on each rep's row
    expect(lines).toContain('| 1 | 张伟 | 上海一组 | ¥1,800,000 (150%) | 40.0% (133%) | 9 (150%) | 66 (110%) | 136.50 | 高级 | = |  | ×1.5 | 领导力培训 |');
    expect(lines).toContain('| 上海一组 | 2 | ¥2,820,000 (118%) | 无数据 | 14 (117%) | 114 (95%) | 1 | 1 | 0 |');
    expect(lines).toContain('| warning | duplicate | east-china-2026.xlsx 商机明细 第 41 行 | exact duplicate of row 40 |');
    expect(md.endsWith('|\n')).toBe(true);
  });

  it('marks a rep held below their score\'s tier by a gate with ^ and names the gate', () => {
    const ev = fixtureEvaluation();
    const wang = ev.reps[1]!;
    wang.score = ev.reps[0]!.score;
    wang.decision.gates = [{ tier: 'senior', results: [{ metric: 'csat', min: 4.2, actual: new Decimal('3.9'), passed: false }] }];
    const lines = renderEvaluationMarkdown(ev).split('\n');
    expect(lines.find((l) => l.startsWith('| 2 | 王芳 '))).toContain('| 136.50 | 中级^ |');
    expect(lines).toContain('^ = 总分已达更高等级，但该等级门槛未通过：高级 csat ≥ 4.2');
  });

  it('escapes pipes in cells', () => {
    const ev = fixtureEvaluation();
    ev.reps[0]!.rep = 'a|b';
    expect(renderEvaluationMarkdown(ev, { locale: 'en' })).toContain('| 1 | a\\|b |');
  });
});
