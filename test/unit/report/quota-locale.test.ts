// `--locale en` and `--locale zh-CN` JSON of `quota` differ only in the fields documented as rendered
// text (src/report/quota-json.ts): the plan holds facts, report/quota-text.ts words them. decompose()
// took a locale and wrote 32 `zh ?` ternaries of prose into the plan.
import { describe, expect, it } from 'vitest';
import { quotaToJson } from '../../../src/report/quota-json.js';
import { prorationText, quotaNoteText, quotaWarningText } from '../../../src/report/quota-text.js';
import { Decimal } from 'decimal.js';
import { makeCalendar } from '../../../src/quota/calendar.js';
import { makeProrate, type ProrationFacts, type QuotaRubricShape } from '../../../src/quota/prorate.js';
import type { QuotaNote, QuotaWarning } from '../../../src/quota/decompose.js';
import { cn, plan } from '../quota/helpers.js';

/** Every leaf path where `a` and `b` differ (`reps[1].rampNote`, `notes[0]`). */
function differingPaths(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b) ? [] : [at];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const out: string[] = [];
  for (const k of keys) {
    const path = Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
    out.push(...differingPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path));
  }
  return out;
}

// The fields documented as rendered text in src/report/quota-json.ts.
const RENDERED = [/^locale$/, /^metrics\[\d+\]\.label$/, /^notes\[\d+\]$/, /^warnings\[\d+\]$/, /^(company|(regions|teams|reps)\[\d+\])\.rampNote$/];

const meta = (locale: string) => ({ salesgradeVersion: '0.1.0', rubric: { name: 'r', path: 'r.yaml', sha256: 'x' }, currency: 'CNY', locale });

describe('quota JSON: numbers and codes do not depend on --locale', () => {
  const cases = {
    'ramp, tier weights, unknown tier, a repeated rep': plan({
      calendar: cn,
      roster: [
        { rep: 'A', team: 'T1', region: 'R1', tier: 'senior' },
        { rep: 'B', team: 'T1', region: 'R1', startDate: '2026-07-15', tier: 'junior' },
        { rep: 'B', team: 'T2', region: 'R1' },
        { rep: 'C', team: 'T2', region: 'R2', tier: 'lead' },
      ],
      split: { by: 'roster', weights: { senior: 1.5, junior: 0.7 } },
      ramp: { months: [0.25, 0.5, 0.75], relief: 'absorb' },
      by: 'quarter',
    }),
    'team targets from a file with an unknown team, shares, start dates': plan({
      roster: [
        { rep: 'A', team: 'T1', region: 'R1' },
        { rep: 'B', team: 'T1', region: 'R1', startDate: '2026-10-01' },
        { rep: 'C', team: 'T2', region: 'R1' },
      ],
      annual: { level: 'team', byEntity: { T1: { revenue: 1000 }, T2: { revenue: 500 }, Z: { revenue: 1 } } },
      split: { by: 'shares', shares: { A: 2 } },
      by: 'week',
    }),
  };

  it.each(Object.entries(cases))('%s: only rendered-text fields differ, and they do differ', (_, p) => {
    const en = quotaToJson(p, meta('en'));
    const zh = quotaToJson(p, meta('zh-CN'));
    const paths = differingPaths(en, zh);
    expect(paths.filter((x) => !RENDERED.some((r) => r.test(x)))).toEqual([]);
    // the test can fail: the rendered text really is in two languages
    expect(paths).toContain('notes[0]');
    expect(paths.some((x) => x.startsWith('warnings['))).toBe(true);
    expect(paths.some((x) => x.endsWith('.rampNote'))).toBe(true);
    // and the facts behind it are there, the same in both
    expect(en.noteFacts).toEqual(p.notes);
    expect((en.warningFacts as unknown[]).length).toBeGreaterThan(0);
  });

  it('the plan itself holds no prose: the same input gives the same plan whatever the report language', () => {
    const p = cases['ramp, tier weights, unknown tier, a repeated rep'];
    expect(JSON.stringify(p)).not.toMatch(/[\u4e00-\u9fff]/);
    expect(p.warnings.map((w) => w.code)).toEqual(['roster-repeated-rep', 'tier-without-weight']);
  });

  it.each([
    [{ code: 'roster-repeated-rep', rep: 'B' }, 'B is listed more than once in the roster: the first line is used', '花名册中 B 出现多次：只用第一行'],
    [{ code: 'tier-without-weight', tier: 'lead' }, 'quota.split.weights has no weight for tier lead: its reps get weight 1', 'quota.split.weights 没有等级 lead 的权重：按 1 分配'],
    [{ code: 'shares-missing', level: 'team', names: ['T2', 'T3'] }, 'quota.split.shares has no share for teams T2, T3: they get 0', 'quota.split.shares 缺少 团队 T2、T3：份额记为 0'],
    [{ code: 'team-nobody-active', team: '' }, 'team (unassigned) has nobody active in the year: its target cannot be redistributed', '团队  全年无人在岗：目标无法再分配'],
  ] as [QuotaWarning, string, string][])('warning %j in both languages', (w, en, zh) => {
    expect([quotaWarningText(w, 'en'), quotaWarningText(w, 'zh-CN')]).toEqual([en, zh]);
  });

  it.each([
    [{ code: 'split', level: 'team', by: 'roster' }, 'Split: annual targets at team level, split by headcount down to regions, teams and reps.', '分解：年度目标给在团队层，按人数，逐级分到区域、团队、销售代表。'],
    [{ code: 'start-dates' }, 'Reps starting inside the year have no quota before their start date.', '入职日期在年内的销售代表，入职前无目标。'],
  ] as [QuotaNote, string, string][])('note %j in both languages', (n, en, zh) => {
    expect([quotaNoteText(n, 'en'), quotaNoteText(n, 'zh-CN')]).toEqual([en, zh]);
  });
});

// quota/prorate.ts wrote its explanation with 6 `zh ?` ternaries chosen by the rubric's locale; it now
// returns facts (code 'prorated', the seasonality source, the calendar, the parts) and the caller's
// `word` renders them (report/quota-text.ts prorationText).
describe('proration: facts from quota/, words from report/', () => {
  const weekdays = makeCalendar('weekdays');
  const Q4 = { kind: 'quarter' as const, label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' };
  const W40 = { kind: 'week' as const, label: '2026-W40', start: '2026-09-28', end: '2026-10-04' };
  const run = (rubric: QuotaRubricShape, locale: 'en' | 'zh-CN') => {
    const p = makeProrate(rubric, cn, { word: (f) => prorationText(f, locale) });
    return [p(new Decimal(2_480_000), 'year', Q4), p(new Decimal(48_000_000), 'year', W40), p(new Decimal(100), 'month', Q4)];
  };

  it.each([
    ['no seasonality, an en rubric', {}],
    ['monthly seasonality, a zh-CN rubric', { locale: 'zh-CN', quota: { seasonality: { months: [6, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 11] } } }],
    ['quarterly seasonality', { quota: { seasonality: { quarters: [1, 1, 1, 2] } } }],
  ] as [string, QuotaRubricShape][])('%s: only `how` depends on the language; the facts do not, nor on the rubric locale', (_, rubric) => {
    const en = run(rubric, 'en');
    const zh = run(rubric, 'zh-CN');
    const other = run({ ...rubric, locale: rubric.locale === 'zh-CN' ? 'en' : 'zh-CN' }, 'en');
    for (const [i, e] of en.entries()) {
      const z = zh[i]!;
      expect(differingPaths({ ...e, amount: e.amount.toString() }, { ...z, amount: z.amount.toString() })).toEqual(['how']);
      expect(other[i]!.how).toBe(e.how);
      expect(JSON.stringify(e.facts)).not.toMatch(/[\u4e00-\u9fff]/);
      expect(e.facts).toMatchObject({ code: 'prorated', calendar: 'cn' });
    }
  });

  it.each([
    [{ code: 'prorated', by: 'workdays', calendar: 'cn', parts: [{ label: '2026', percent: '25.00' }] }, 'prorated by working days (cn): 25.00% of 2026', '折算 按工作日 (cn): 2026 的 25.00%'],
    [{ code: 'prorated', by: 'months', calendar: 'cn', parts: [{ label: '2026', percent: '9.00' }] }, 'prorated by monthly seasonality × working days (cn): 9.00% of 2026', '折算 按月度季节性 × 工作日 (cn): 2026 的 9.00%'],
    [{ code: 'prorated', by: 'history', calendar: 'weekdays', parts: [{ label: '2026-01' }, { label: '2026-02' }] }, "prorated by last year's monthly shares × working days (weekdays): 2026-01 + 2026-02", '折算 按去年各月占比 × 工作日 (weekdays): 2026-01 + 2026-02'],
    [{ code: 'prorated', by: 'quarters', calendar: 'weekdays', parts: [{ label: 'FY2026', percent: '40.00' }] }, 'prorated by quarterly seasonality × working days (weekdays): 40.00% of FY2026', '折算 按季度季节性 × 工作日 (weekdays): FY2026 的 40.00%'],
  ] as [ProrationFacts, string, string][])('%j in both languages (the wording as before)', (f, en, zh) => {
    expect([prorationText(f, 'en'), prorationText(f, 'zh-CN')]).toEqual([en, zh]);
  });

  it('the facts of a real proration', () => {
    const p = makeProrate({}, weekdays, { word: (f) => prorationText(f, 'en') });
    expect(p(new Decimal(100), 'month', { kind: 'quarter', label: '2026-Q1', start: '2026-01-01', end: '2026-03-31' }).facts).toEqual({
      code: 'prorated',
      by: 'workdays',
      calendar: 'weekdays',
      parts: [{ label: '2026-01' }, { label: '2026-02' }, { label: '2026-03' }],
      factor: '3',
    });
  });
});
