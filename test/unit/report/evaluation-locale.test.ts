// `--locale en` and `--locale zh-CN` evaluation JSON differ only in the fields documented as rendered
// text (README "Output formats"): the engine returns facts (codes, ids, exact numbers) and
// report/evaluation-text.ts words them. Before, the engine wrote its explanations, formulas and reasons
// in the rubric's language (phrases(locale), formatValue(…, locale)), so the Evaluation itself changed
// with --locale.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { createEvaluator } from '../../../src/engine/evaluate.js';
import type { ActivityRecord, Evaluation, RosterEntry } from '../../../src/engine/types.js';
import { evaluationToJson } from '../../../src/report/evaluation-json.js';
import { targetOriginText } from '../../../src/report/evaluation-text.js';
import type { Rubric } from '../../../src/rubric/schema.js';
import { makeCalendar } from '../../../src/quota/calendar.js';
import { makeProrate } from '../../../src/quota/prorate.js';
import { manifest, rubric } from '../engine/helpers.js';
import { differingPaths, RENDERED } from '../../rendered-fields.js';


const REPS = ['Ann', 'Bob', 'Cai', 'Dan'];
const MONTHS = ['2026-04', '2026-05', '2026-06'];

function makeRubric(locale: 'en' | 'zh-CN'): Rubric {
  const both = (en: string, zh: string) => ({ label: en, labels: { en, 'zh-CN': zh } });
  return rubric({
    locale,
    period: 'month',
    source: { fields: { amount: { headers: ['Amount'], type: 'money' } } },
    metrics: {
      revenue: { sum: 'amount', where: { stage: 'Won' }, ...both('Revenue', '回款') },
      won: { count: 'rows', where: { stage: 'Won' } },
      closed: { count: 'rows', where: { stage: ['Won', 'Lost'] } },
      win_rate: { ratio: ['won', 'closed'], ...both('Win rate', '赢单率') },
      lost: { count: 'rows', where: { stage: 'Lost' }, ...both('Lost deals', '输单数') },
      csat: { avg: 'csat' },
      // Fed by every row (the anchors too), read by no KPI.
      touches: { count: 'rows' },
    },
    kpis: [
      { metric: 'revenue', weight: 40, target: { default: 1200, per: 'year', by_tier: { top: 2400 } }, cap: 1.5, floor: 0.2 },
      { metric: 'win_rate', weight: 30, target: 0.5, bands: { mode: 'stepped', points: [{ at: 0.5, factor: 0.5 }, { at: 1, factor: 1 }, { at: 1.5, factor: 1.2 }] }, missing: 'exclude' },
      { metric: 'lost', weight: 20, target: 2, direction: 'lower', cap: 1.5 },
      { metric: 'csat', weight: 10, target: { by_tier: { top: 4 } }, threshold: 0.6 },
    ],
    tiers: [
      { id: 'top', min_score: 90, gates: [{ metric: 'csat', min: 3 }], ...both('Top', '优秀') },
      { id: 'mid', min_score: 50, ...both('Middle', '良好') },
      { id: 'low', min_score: 0, ...both('Low', '待改进') },
    ],
    movement: { promote_after: 2, demote_after: 2, grace_periods: 1 },
    levels: {
      team: {
        kpis: [
          { metric: 'revenue', weight: 70, target: 'members', cap: 1.5 },
          { metric: 'win_rate', weight: 30, target: { default: 2, per: 'quarter' } },
        ],
        tiers: [
          { id: 'A', min_score: 100, gates: [{ metric: 'win_rate', min: 0.5 }], ...both('Strong', '强') },
          { id: 'B', min_score: 60, ...both('Fair', '中') },
          { id: 'C', min_score: 0, ...both('Weak', '弱') },
        ],
        movement: { promote_after: 1, demote_after: 1, grace_periods: 0 },
      },
    },
  });
}

interface Deal {
  rep: number;
  month: number;
  day: number;
  amount: number;
  stage: 'Won' | 'Lost' | 'Open';
  csat: number | null;
}

const dealArb: fc.Arbitrary<Deal> = fc.record({
  rep: fc.integer({ min: 0, max: REPS.length - 1 }),
  month: fc.integer({ min: 0, max: MONTHS.length - 1 }),
  day: fc.integer({ min: 1, max: 28 }),
  amount: fc.constantFrom(0, 30, 100, 250),
  stage: fc.constantFrom('Won' as const, 'Won' as const, 'Lost' as const, 'Open' as const),
  csat: fc.option(fc.constantFrom(1, 3, 4, 5), { nil: null }),
});

const roster: RosterEntry[] = [
  { rep: 'Ann', team: 'T1', region: 'N', tier: 'top' },
  { rep: 'Bob', team: 'T1', region: 'N', tier: 'mid' },
  { rep: 'Cai', team: 'T2', region: 'S' },
  { rep: 'Dan', team: 'T2', region: 'S', tier: 'low', startDate: '2026-05-10' },
];

/** `quotaRules`: targets prorated by the quota rules (working days), as the CLI does; else by calendar days. */
function evaluate(locale: 'en' | 'zh-CN', deals: Deal[], asOf?: string, quotaRules = false): Evaluation {
  const prorate = quotaRules ? { prorate: makeProrate({}, makeCalendar('weekdays'), {}) } : {};
  const ev = createEvaluator(makeRubric(locale), { manifest, roster, period: '2026-06', ...(asOf ? { asOf } : {}), ...prorate });
  deals.forEach((d, i) => {
    const record: ActivityRecord = {
      rep: REPS[d.rep]!,
      fields: { date: `${MONTHS[d.month]}-${String(d.day).padStart(2, '0')}`, amount: new Decimal(d.amount), stage: d.stage, csat: d.csat === null ? null : new Decimal(d.csat) },
      source: { file: 'data.csv', row: i + 2 },
    };
    ev.add(record);
  });
  // Every rep has a row in the evaluated period, so the period is graded.
  for (const [i, rep] of REPS.entries()) ev.add({ rep, fields: { date: '2026-06-01', amount: new Decimal(0), stage: 'Open', csat: null }, source: { file: 'data.csv', row: 1000 + i } });
  return ev.finish();
}

/** The Evaluation as data (Decimals as strings), to compare the engine's output itself. */
function plain(ev: Evaluation): unknown {
  return JSON.parse(JSON.stringify(ev, (_, v: unknown) => (Decimal.isDecimal(v) ? (v as Decimal).toFixed() : v)));
}

describe('evaluation JSON: numbers, codes and facts do not depend on --locale', () => {
  test('on random exports, en and zh-CN JSON differ only in the documented rendered-text fields; the engine output only in labels', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(dealArb, { minLength: 1, maxLength: 30 }), fc.boolean(), fc.boolean(), (deals, pacing, quotaRules) => {
        const asOf = pacing ? '2026-06-20' : undefined;
        const en = evaluate('en', deals, asOf, quotaRules);
        const zh = evaluate('zh-CN', deals, asOf, quotaRules);
        const paths = differingPaths(evaluationToJson(en), evaluationToJson(zh));
        expect(paths.filter((p) => !RENDERED.some((r) => r.test(p)))).toEqual([]);
        for (const p of paths) seen.add(p.replace(/\[\d+\]/g, '[]').replace(/metrics\.\w+\./, 'metrics.*.'));
        // The engine's own output: only the labels it picks from the rubric (and the locale) differ.
        const enginePaths = differingPaths(plain(en), plain(zh));
        expect(enginePaths.filter((p) => !/(^locale$|\.label$|^(kpis|tiers|distribution)\[\d+\]\.label$)/.test(p))).toEqual([]);
        // The target's origin as facts reads, in English, exactly as the engine's targetSource.
        for (const k of [...en.reps, ...en.teams].flatMap((r) => r.kpis ?? [])) {
          expect(k.targetOrigin).toBeDefined();
          expect(targetOriginText(k.targetOrigin!, 'en')).toBe(k.targetSource);
          seen.add(`origin:${k.targetOrigin!.from.code}${k.targetOrigin!.per ? ':per' : ''}`);
        }
      }),
      { numRuns: 25 },
    );
    // The test can fail: every kind of rendered text really is in two languages somewhere.
    for (const p of ['reps[].kpis[].explanation', 'reps[].kpis[].targetSource', 'reps[].metrics.*.formula', 'reps[].decision.reason', 'teams[].decision.reason', 'teams[].kpis[].explanation', 'teams[].kpis[].targetSource', 'tiers[].label']) {
      expect([...seen]).toContain(p);
    }
    for (const o of ['origin:rubric', 'origin:rubric:per', 'origin:members', 'origin:none']) expect([...seen]).toContain(o);
  });

  test('the facts are in the JSON, the same in both languages, beside the words', () => {
    const deals: Deal[] = [
      { rep: 0, month: 2, day: 3, amount: 250, stage: 'Won', csat: 4 },
      { rep: 0, month: 2, day: 4, amount: 30, stage: 'Lost', csat: 5 },
      { rep: 1, month: 2, day: 5, amount: 30, stage: 'Open', csat: 1 },
    ];
    const en = evaluationToJson(evaluate('en', deals)) as any;
    const zh = evaluationToJson(evaluate('zh-CN', deals)) as any;
    const ann = en.reps.find((r: any) => r.rep === 'Ann');
    const annZh = zh.reps.find((r: any) => r.rep === 'Ann');
    expect(ann.kpis[0].targetProration).toEqual({ code: 'prorated-calendar-days', parts: [{ label: '2026', inside: 30, days: 365 }], factor: '0.0822' });
    expect(ann.kpis[0].explanationFacts).toMatchObject({ code: 'kpi-points', unit: 'money', curve: [] });
    expect(ann.metrics.win_rate.formulaFacts).toEqual({
      code: 'metric-ratio',
      unit: 'percent',
      num: { metric: 'won', value: '1', unit: 'count' },
      den: { metric: 'closed', value: '2', unit: 'count' },
    });
    expect(ann.decision.reasonFacts.movement.code).toBeDefined();
    for (const k of ['explanationFacts', 'targetProration']) expect(annZh.kpis.map((x: any) => x[k])).toEqual(ann.kpis.map((x: any) => x[k]));
    expect(annZh.decision.reasonFacts).toEqual(ann.decision.reasonFacts);
    expect(annZh.metrics).toEqual(Object.fromEntries(Object.entries(ann.metrics).map(([id, m]: [string, any]) => [id, { ...m, formula: annZh.metrics[id].formula }])));
    // and the words are the two languages' words
    expect(ann.kpis[1].explanation).toBe('Win rate 50.0% ÷ target 50.0% = 100.0%; band ≥ 100.0% → factor 1; 30 × 1 = 30.00 points');
    expect(annZh.kpis[1].explanation).toBe('赢单率 50.0% ÷ 目标 50.0% = 100.0%；档位 ≥ 100.0% → 系数 1；30 × 1 = 30.00 分');
    expect(ann.metrics.win_rate.formula).toBe('won ÷ closed = 1 ÷ 2 = 50.0%');
  });
});
