// Issue 15: with --as-of inside the period every format shows per KPI the period-to-date target, the
// actual, the straight-line projection and its attainment; the terminal and Markdown add what the
// heaviest KPI still needs per remaining working day.
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { Evaluation } from '../../../src/engine/types.js';
import { neededPerDay, renderTerminal } from '../../../src/report/terminal.js';
import { renderEvaluationMarkdown } from '../../../src/report/evaluation-md.js';
import { renderEvaluationCsv } from '../../../src/report/evaluation-csv.js';
import { evaluationToJson } from '../../../src/report/evaluation-json.js';
import { fixtureEvaluation } from './evaluation-fixture.js';
import { loadEvaluationSchema, validate } from './evaluation-schema-check.js';

const D = (v: string | number) => new Decimal(v);

/** Half the period gone (30 of 60 workdays): projection = actual ÷ 0.5. */
function paced(): Evaluation {
  const ev = fixtureEvaluation();
  ev.manifest.asOf = '2026-08-15';
  ev.pacing = { elapsedWorkdays: 30, totalWorkdays: 60, fraction: D('0.5') };
  for (const r of ev.reps) {
    for (const k of r.kpis) {
      if (k.target === null || k.actual === null) continue;
      const ptd = k.target.mul('0.5');
      const projected = k.actual.div('0.5');
      k.pacing = { target: ptd, attainment: ptd.isZero() ? null : k.actual.div(ptd), projected, projectedAttainment: k.target.isZero() ? null : projected.div(k.target) };
    }
  }
  return ev;
}

describe('pacing with --as-of', () => {
  it('needed per remaining working day: (target − actual) ÷ days left, rounded up; on pace at or past target', () => {
    const ev = paced();
    const wang = ev.reps[1]!; // revenue ¥1,020,000 of ¥1,200,000
    expect(neededPerDay(wang, 'revenue', 30)!.toFixed()).toBe('6000');
    expect(neededPerDay(wang, 'revenue', 7)!.toFixed()).toBe('25714.29');
    expect(neededPerDay(ev.reps[0]!, 'revenue', 30)!.lte(0)).toBe(true);
    expect(neededPerDay(wang, 'revenue', 0)).toBeUndefined();
  });

  it('terminal: a pacing table with projected attainment per KPI and the heaviest KPI per day', () => {
    const lines = renderTerminal(paced(), { color: false }).split('\n');
    const at = lines.findIndex((l) => l.startsWith('截至 2026-08-15 的进度'));
    expect(at).toBeGreaterThan(0);
    const wang = lines.slice(at).find((l) => l.includes('王芳'))!;
    expect(wang).toMatch(/王芳\s+170%\s+167%\s+167%\s+160%\s+¥6,000$/);
    expect(lines.slice(at).find((l) => l.includes('张伟'))).toMatch(/已达成$/);
    expect(lines.join('\n')).toContain('回款：剩余每个工作日还需（剩 30 个工作日）');
  });

  it('Markdown, CSV and JSON carry the period-to-date target, the projection and its attainment', () => {
    const ev = paced();
    const md = renderEvaluationMarkdown(ev);
    expect(md).toContain('| 王芳 | ¥1,020,000 / ¥600,000 (170%) → ¥2,040,000 (170%) |');
    const csv = renderEvaluationCsv(ev, { bom: false }).split('\r\n');
    const head = csv[0]!.split(',');
    const i = head.indexOf('回款 截至当前目标');
    expect(head.slice(i, i + 3)).toEqual(['回款 截至当前目标', '回款 期末预计', '回款 预计达成率']);
    expect(csv[2]!.split(',').slice(i, i + 3)).toEqual(['600000', '2040000', '1.7']);
    const doc = evaluationToJson(ev) as any;
    expect(doc.reps.find((r: any) => r.rep === '王芳').kpis[0].pacing).toEqual({ target: '600000', attainment: '1.7', projected: '2040000', projectedAttainment: '1.7' });
    expect(validate(doc, loadEvaluationSchema())).toEqual([]);
  });
});
