// Any period, from any rubric (issue 15): the shipped quarterly sample asked for a year, a half-year, a
// month and an ISO week. The rows are placed in the asked period; targets without per: are converted
// from the quarter by the quota rules (checked here against an independent computation: the quarter
// targets × the seasonality-and-working-day share, working days from chinese-days directly); tiers
// are the qualified ones and no movement is decided; both languages say so, and the JSON is the same
// in both but for the documented rendered fields.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvaluationSchema, validate } from '../unit/report/evaluation-schema-check.js';
import { copyInto, run, workdir } from './evaluate-helpers.js';
import { undocumentedDifferences } from '../rendered-fields.js';

const isWorkday = (createRequire(import.meta.url)('chinese-days') as { isWorkday: (d: string) => boolean }).isWorkday;
const D = Decimal.clone({ precision: 60 });

let w: { dir: string; cleanup: () => void };
beforeAll(() => {
  w = workdir();
  copyInto(w.dir, 'samples', 'samples');
  copyInto(w.dir, 'rules', 'rules');
});
afterAll(() => w.cleanup());

const SAMPLE = ['samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '--no-workbook', '-q'];
/**
 * The JSON of the sample for a period, parsed afresh each call from one run per period and locale
 * (the same command on the same files: several cases read the year view and 2026-Q3).
 */
const runs = new Map<string, ReturnType<typeof run>>();
function json(period: string, locale: 'en' | 'zh-CN' = 'en'): any {
  const key = `${locale} ${period}`;
  let r = runs.get(key);
  if (!r) runs.set(key, (r = run(w.dir, ['--locale', locale, 'evaluate', ...SAMPLE, '--period', period, '-f', 'json'])));
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

/** cn working days in [a, b] (ISO dates), straight from chinese-days. */
function workdays(a: string, b: string): number {
  let n = 0;
  for (let d = new Date(`${a}T00:00:00Z`); d <= new Date(`${b}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) if (isWorkday(d.toISOString().slice(0, 10))) n++;
  return n;
}
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

// The preset's quota rules: monthly seasonality weights (fiscal year = calendar year), cn calendar.
const SEASON = [6, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 11];
/**
 * A target given per quarter, for the days [from, to] of 2026: for each month touched, the quarter's
 * target × (the month's weight ÷ its quarter's weight) × (working days inside ÷ working days of the month).
 */
function fromQuarter(target: number, from: string, to: string): Decimal {
  let out = new D(0);
  for (let m = 1; m <= 12; m++) {
    const a = iso(2026, m, 1) < from ? from : iso(2026, m, 1);
    const b = iso(2026, m, lastDay(2026, m)) > to ? to : iso(2026, m, lastDay(2026, m));
    if (a > b) continue;
    const q = Math.floor((m - 1) / 3);
    const quarterWeight = SEASON[q * 3]! + SEASON[q * 3 + 1]! + SEASON[q * 3 + 2]!;
    out = out.plus(new D(target).mul(SEASON[m - 1]!).div(quarterWeight).mul(workdays(a, b)).div(workdays(iso(2026, m, 1), iso(2026, m, lastDay(2026, m)))));
  }
  return out;
}

const VIEWS = [
  { period: '2026', kind: 'year', from: '2026-01-01', to: '2026-12-31', factor: '4' },
  { period: '2026-H1', kind: 'half', from: '2026-01-01', to: '2026-06-30', factor: '2' },
  { period: '2026-07', kind: 'month', from: '2026-07-01', to: '2026-07-31', factor: '0.32' },
  // ISO week 27 crosses 2026-Q2 and 2026-Q3
  { period: '2026-W27', kind: 'week', from: '2026-06-29', to: '2026-07-05', factor: undefined },
] as const;

describe('a quarterly rubric asked for another period kind (a view)', () => {
  for (const v of VIEWS) {
    it(`--period ${v.period}: rows placed in the ${v.kind}, quarter targets converted (independent computation), no movement decided`, () => {
      const doc = json(v.period);
      expect(validate(doc, loadEvaluationSchema())).toEqual([]);
      expect(doc.period).toMatchObject({ kind: v.kind, label: v.period, start: v.from, end: v.to });
      expect(doc.view).toEqual({ code: 'period-view', kind: v.kind, of: 'quarter' });
      expect(doc.findings.filter((f: any) => f.code === 'period-view').map((f: any) => [f.severity, f.data])).toEqual([
        ['info', { period: v.period, kind: v.kind, of: 'quarter', history: 0 }],
      ]);
      expect(doc.reps.length).toBeGreaterThan(0);
      for (const r of doc.reps) {
        // the metric traces say the rows were placed in the asked period
        expect(r.metrics.visits.formulaFacts.period).toBe(v.period);
        // new_customers (6) and visits (60) are per quarter in the preset, without per:
        for (const [kpi, quarterTarget] of [['new_customers', 6], ['visits', 60]] as const) {
          const k = r.kpis.find((x: any) => x.kpi === kpi);
          const expected = fromQuarter(quarterTarget, v.from, v.to);
          expect(new D(k.target).minus(expected).abs().lt('1e-30'), `${r.rep} ${kpi} ${k.target} vs ${expected.toFixed()}`).toBe(true);
          expect(k.targetProration.code).toBe('prorated');
          if (v.factor !== undefined) expect(k.targetProration.factor).toBe(v.factor);
          expect(k.targetSource).toContain(`target ×${k.targetProration.factor} from quarter`);
        }
        // a rate keeps its target as written, unconverted
        const wr = r.kpis.find((x: any) => x.kpi === 'win_rate');
        expect([wr.target, wr.targetProration]).toEqual(['0.3', null]);
        // tiers as qualified; no movement, no run, no trail
        expect(r.decision).toMatchObject({ movement: 'view', tier: r.decision.qualified, promoteRun: 0, demoteRun: 0 });
        expect(r.decision.reasonFacts.movement).toEqual({ code: 'view', tier: r.decision.qualified, per: 'quarter' });
        expect(r.trail).toEqual([]);
      }
      for (const g of doc.teams.filter((x: any) => x.decision)) {
        expect(g.decision).toMatchObject({ movement: 'view', tier: g.decision.qualified, trail: [] });
      }
    });
  }

  it('the year view counts every row of 2026 and the month view only July\'s', () => {
    const year = json('2026');
    const q2 = json('2026-Q2');
    const q3 = json('2026-Q3');
    expect(year.rows.counted).toBe(q2.rows.counted + q3.rows.counted);
    const revenue = (doc: any, rep: string) => new D(doc.reps.find((r: any) => r.rep === rep).metrics.revenue.value);
    expect(revenue(year, '王芳').toFixed()).toBe(revenue(q2, '王芳').plus(revenue(q3, '王芳')).toFixed());
  });

  it('the rubric\'s own period kind is no view: movement decided as before', () => {
    const doc = json('2026-Q3');
    expect(doc.view).toBeNull();
    expect(doc.findings.some((f: any) => f.code === 'period-view')).toBe(false);
    expect(doc.reps.some((r: any) => r.decision.movement === 'promoted')).toBe(true);
    expect(doc.reps.every((r: any) => r.decision.movement !== 'view')).toBe(true);
  });

  for (const v of VIEWS) {
    it(`--period ${v.period}: --locale en and zh-CN JSON differ only in the documented rendered fields`, () => {
      expect(undocumentedDifferences(json(v.period, 'en'), json(v.period, 'zh-CN'))).toEqual([]);
    });
  }

  it('the terminal report says it is a view in both languages, and marks no movement', () => {
    const en = run(w.dir, ['--locale', 'en', 'evaluate', ...SAMPLE, '--period', '2026']);
    expect(en.status).toBe(0);
    expect(en.stdout.replace(/\n  /g, ' ')).toContain(
      'ℹ 2026 is a year view of a rubric graded by quarter: targets without per: are taken per quarter and converted by the quota rules (seasonality × working days; rates kept as written); tiers are as qualified, promotion and demotion are decided per quarter only',
    );
    const row = en.stdout.split('\n').find((l) => l.includes('王芳'))!;
    expect(row).not.toMatch(/[↑↓=]/);
    const zh = run(w.dir, ['--locale', 'zh-CN', 'evaluate', ...SAMPLE, '--period', '2026-07']);
    expect(zh.status).toBe(0);
    // wrapped to the terminal width: compared without the white space
    const bare = (x: string) => x.replace(/\s+/g, '');
    expect(bare(zh.stdout)).toContain(bare('ℹ 2026-07 是按季度考评的规则的月视图：未写 per: 的目标按季度给出，按配额规则（季节性 × 工作日）换算（比率类目标不换算）；等级为本期达标等级，晋升/降级只按季度判定'));
    const md = run(w.dir, ['--locale', 'en', 'evaluate', ...SAMPLE, '--period', '2026-H1', '-f', 'md']);
    expect(md.stdout).toContain('2026-H1 is a half view of a rubric graded by quarter');
  });

  it('explain says how each target was converted, in both languages, and that movement is not decided', () => {
    const en = run(w.dir, ['--locale', 'en', 'explain', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '--rep', '王芳', '--period', '2026']);
    expect(en.status).toBe(0);
    const text = en.stdout.replace(/\n +/g, ' ');
    expect(text).toContain('Target 24 (Source: default, per quarter, prorated by monthly seasonality × working days (cn): 2026-Q1 + 2026-Q2 + 2026-Q3 + 2026-Q4; target ×4 from quarter)');
    expect(text).toContain('Previous tier Intermediate · not decided (view)');
    expect(text).toContain('promotion and demotion are decided per quarter only');
    const zh = run(w.dir, ['--locale', 'zh-CN', 'explain', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '--rep', '王芳', '--period', '2026-H1']);
    expect(zh.status).toBe(0);
    const zhText = zh.stdout.replace(/\n +/g, ' ');
    expect(zhText).toContain('目标 120 (来源：default，按季度给出，折算 按月度季节性 × 工作日 (cn): 2026-Q1 + 2026-Q2；目标由季度 ×2 换算)');
    expect(zhText).toContain('不判定（视图）');
    const team = run(w.dir, ['--locale', 'en', 'explain', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '--team', '杭州组', '--period', '2026']);
    expect(team.status).toBe(0);
    expect(team.stdout).toContain('not decided (view)');
  });

  it('history: a view reads none (said in its finding), and a view result is refused as history', () => {
    writeFileSync(join(w.dir, 'q2.json'), run(w.dir, ['evaluate', ...SAMPLE, '--period', '2026-Q2', '-f', 'json']).stdout);
    const withHistory = run(w.dir, ['--locale', 'en', 'evaluate', ...SAMPLE, '--period', '2026', '-f', 'json', '--history', 'q2.json']);
    expect(withHistory.status).toBe(0);
    const doc = JSON.parse(withHistory.stdout);
    expect(doc.findings.find((f: any) => f.code === 'period-view').data.history).toBe(1);
    expect(doc.reps.every((r: any) => r.decision.movement === 'view')).toBe(true);
    writeFileSync(join(w.dir, 'h1.json'), run(w.dir, ['evaluate', ...SAMPLE, '--period', '2026-H1', '-f', 'json']).stdout);
    const refused = run(w.dir, ['evaluate', ...SAMPLE, '--period', '2026-Q3', '--history', 'h1.json']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('2026-H1 is a view period');
  });

  it('calibrate refuses a view period; diff compares it and says it is a view', () => {
    const cal = run(w.dir, ['calibrate', 'samples/salesgrade.yaml', 'samples/east-china-2026.xlsx', '--period', '2026', '--distribution', 'senior=20,intermediate=50,junior=30', '-q']);
    expect(cal.status).toBe(2);
    expect(cal.stderr).toContain('--period 2026 is a year, the rubric grades by quarter');
    writeFileSync(
      join(w.dir, 'samples', 'lenient.yaml'),
      'salesgrade: 1\nname: lenient\nextends: salesgrade.yaml\ntiers:\n  - { id: senior, min_score: 90 }\n  - { id: intermediate, min_score: 60 }\n  - { id: junior, min_score: 0 }\n',
    );
    const diff = run(w.dir, ['--locale', 'en', 'diff', 'samples/salesgrade.yaml', 'samples/lenient.yaml', 'samples/east-china-2026.xlsx', '--period', '2026-H1', '-f', 'json']);
    expect(diff.status).toBe(0);
    expect(JSON.parse(diff.stdout).view).toEqual({ code: 'period-view', kind: 'half', of: 'quarter' });
  });

  it('--metrics / --engine duckdb tables (aggregated by the rubric\'s period) are refused for a view, with the way out', () => {
    const r = run(w.dir, ['evaluate', ...SAMPLE, '--period', '2026', '--engine', 'duckdb']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--period 2026 is a year, the rubric grades by quarter: --engine duckdb aggregates by quarter, so it cannot give a year view');
  });
});
