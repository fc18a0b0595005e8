/**
 * A worked example, computed by hand. Three quarters of data (2026-Q1, Q2 as history in the same
 * data, Q3 evaluated), five reps, four KPIs. Every number below is written out from the rubric.
 *
 * Rubric (en, quarterly, precision 2):
 *   revenue       = sum(amount) of Won deals, by close_date          KPI weight 40, target 100,000, cap 1.5
 *   win_rate      = won ÷ closed (Won+Lost deals), by close_date    KPI weight 20, target 0.5, cap 1.2
 *   visits        = count of Visit rows, by date                    KPI weight 20, target 20, cap 1.0, threshold 0.5
 *   new_customers = distinct customer of Won deals, by close_date   KPI weight 20, target 4 (no cap)
 *   csat          = avg(csat), by date                              gate: senior needs csat ≥ 4.2
 *   tiers: senior ≥ 100 (gate), intermediate ≥ 70, junior ≥ 0;  movement: promote_after 2, demote_after 2
 *
 * Points:  P_rev = 40·min(rev/100000, 1.5)   P_wr = 20·min((won/closed)/0.5, 1.2) (closed = 0 → no value → 0)
 *          P_vis = visits/20 < 0.5 ? 0 : 20·min(visits/20, 1)   P_nc = 20·nc/4
 *
 * Roster: Ann (East team, East region, tier intermediate), Bob (East, East, intermediate),
 *         Cai (West, West, senior), Dan (West, West, no tier, no activity at all). Eve is only in the data.
 */
import { describe, expect, test } from 'vitest';
import type { ActivityRecord, RepEvaluation } from '../../../src/engine/types.js';
import { rubric, run, s } from './helpers.js';
import { Decimal } from 'decimal.js';
import { formulaText, kpiExplanation, repReason } from '../../../src/report/evaluation-text.js';

const R = rubric({
  locale: 'en',
  currency: 'CNY',
  period: 'quarter',
  source: {
    fields: {
      amount: { headers: ['Amount'], type: 'money' },
      csat: { headers: ['CSAT'], type: 'number' },
    },
  },
  metrics: {
    revenue: { sum: 'amount', label: 'Revenue', where: { stage: 'Won' }, date: 'close_date' },
    won: { count: 'rows', where: { stage: 'Won' }, date: 'close_date' },
    closed: { count: 'rows', where: { stage: ['Won', 'Lost'] }, date: 'close_date' },
    win_rate: { ratio: ['won', 'closed'], label: 'Win rate' },
    visits: { count: 'rows', label: 'Visits', where: { kind: 'Visit' } },
    new_customers: { distinct: 'customer', label: 'New customers', where: { stage: 'Won' }, date: 'close_date' },
    csat: { avg: 'csat' },
  },
  kpis: [
    { metric: 'revenue', weight: 40, target: 100000, cap: 1.5 },
    { metric: 'win_rate', weight: 20, target: 0.5, cap: 1.2 },
    { metric: 'visits', weight: 20, target: 20, cap: 1.0, threshold: 0.5 },
    { metric: 'new_customers', weight: 20, target: 4 },
  ],
  tiers: [
    { id: 'senior', min_score: 100, gates: [{ metric: 'csat', min: 4.2 }] },
    { id: 'intermediate', min_score: 70 },
    { id: 'junior', min_score: 0 },
  ],
  // The example's few rows cover Q1 only from 01-20 and Q3 only until mid-September: count those
  // periods toward movement anyway (the default would grade them but leave tiers and runs alone).
  movement: { promote_after: 2, demote_after: 2, grace_periods: 0, count_partial_periods: true },
  levels: {
    team: {
      kpis: [{ metric: 'revenue', weight: 100, target: 'members' }],
      tiers: [
        { id: 'A', min_score: 100 },
        { id: 'B', min_score: 60 },
        { id: 'C', min_score: 0 },
      ],
    },
  },
  actions: { senior: { bonus_multiplier: 1.5 } },
});

const roster = [
  { rep: 'Ann', team: 'East', region: 'East', tier: 'intermediate' },
  { rep: 'Bob', team: 'East', region: 'East', tier: 'intermediate' },
  { rep: 'Cai', team: 'West', region: 'West', tier: 'senior' },
  { rep: 'Dan', team: 'West', region: 'West' },
];

let row = 1;
const records: ActivityRecord[] = [];
const push = (rep: string, fields: Record<string, string | number>): void => {
  const f: ActivityRecord['fields'] = {};
  for (const [k, v] of Object.entries(fields)) f[k] = typeof v === 'number' ? new Decimal(v) : v;
  records.push({ rep, fields: f, source: { file: 'q.csv', row: ++row } });
};
const deal = (rep: string, close: string, amount: number, stage: string, customer: string): void =>
  push(rep, { close_date: close, amount, stage, customer });
const visits = (rep: string, date: string, n: number): void => {
  for (let i = 0; i < n; i++) push(rep, { date, kind: 'Visit' });
};
const survey = (rep: string, date: string, csat: number): void => push(rep, { date, kind: 'Survey', csat });

// ---- 2026-Q1 --------------------------------------------------------------------------------------
// Ann: rev 4×30,000 = 120,000 → 40·1.2 = 48; won 4/closed 4 = 1 → a 2 → cap 1.2 → 24; visits 20 → 20;
//      nc 4 → 20.  Score 112, csat 4.5 → qualifies senior. Current intermediate: promote run 1/2 → held.
for (const c of ['A1', 'A2', 'A3', 'A4']) deal('Ann', '2026-02-10', 30000, 'Won', c);
visits('Ann', '2026-02-11', 20);
survey('Ann', '2026-03-01', 4.5);
// Bob: rev 2×40,000 = 80,000 → 32; won 2/closed 4 = 0.5 → a 1 → 20; visits 16 → 0.8 → 16; nc 2 → 10.
//      Score 78 → intermediate = current → unchanged.
deal('Bob', '2026-01-20', 40000, 'Won', 'B1');
deal('Bob', '2026-01-21', 40000, 'Won', 'B2');
deal('Bob', '2026-01-22', 10000, 'Lost', 'BX');
deal('Bob', '2026-01-23', 10000, 'Lost', 'BY');
visits('Bob', '2026-01-24', 16);
survey('Bob', '2026-03-02', 4.0);
// Cai: rev 70,000 → 28; won 1/closed 2 = 0.5 → 20; visits 15 → 0.75 → 15; nc 1 → 5. Score 68 → junior.
//      Current senior: demote run 1/2 → held senior.
deal('Cai', '2026-03-05', 70000, 'Won', 'C1');
deal('Cai', '2026-03-06', 5000, 'Lost', 'CX');
visits('Cai', '2026-03-07', 15);
// Dan: nothing in any quarter. Score 0 → junior; no earlier tier → "new".

// ---- 2026-Q2 --------------------------------------------------------------------------------------
// Ann: rev 3×50,000 = 150,000 → 40·1.5 = 60; won 3/closed 4 = 0.75 → a 1.5 → cap → 24; visits 22 → cap → 20;
//      nc 3 → 15. Score 119, csat 4.4 → senior. Promote run 2/2 → promoted to senior.
for (const c of ['A5', 'A6', 'A7']) deal('Ann', '2026-05-10', 50000, 'Won', c);
deal('Ann', '2026-05-11', 9000, 'Lost', 'AX');
visits('Ann', '2026-05-12', 22);
survey('Ann', '2026-06-01', 4.4);
// Bob: rev 2×65,000 = 130,000 → 52; won 2/closed 2 = 1 → cap → 24; visits 20 → 20; nc 2 → 10. Score 106,
//      csat 4.3 → senior. Current intermediate: promote run 1/2 → held intermediate.
deal('Bob', '2026-04-02', 65000, 'Won', 'B3');
deal('Bob', '2026-04-03', 65000, 'Won', 'B4');
visits('Bob', '2026-04-04', 20);
survey('Bob', '2026-06-02', 4.3);
// Cai: rev 2×60,000 = 120,000 → 48; won 2/2 → 24; visits 20 → 20; nc 2 → 10. Score 102, csat 4.5 → senior
//      = current → unchanged; the demote run resets (one weak quarter did not demote: hysteresis).
deal('Cai', '2026-06-10', 60000, 'Won', 'C2');
deal('Cai', '2026-06-11', 60000, 'Won', 'C3');
visits('Cai', '2026-06-12', 20);
survey('Cai', '2026-06-13', 4.5);

// ---- 2026-Q3 (evaluated) ----------------------------------------------------------------------------
// Ann: rev 2×45,000 = 90,000 → 40·0.9 = 36; won 2/closed 3 = 0.6667 → a 1.3333 → cap 1.2 → 24;
//      visits 18 → 0.9 → 18; nc 2 → 10. Score 88 → intermediate. Current senior: demote run 1/2 → held senior.
deal('Ann', '2026-07-10', 45000, 'Won', 'A8');
deal('Ann', '2026-07-11', 45000, 'Won', 'A9');
deal('Ann', '2026-07-12', 1000, 'Lost', 'AY');
visits('Ann', '2026-08-01', 18);
survey('Ann', '2026-09-01', 4.6);
// Bob: rev 4×35,000 = 140,000 → 56; won 4/closed 5 = 0.8 → a 1.6 → cap → 24; visits 20 → 20;
//      nc 4 (A8, B6, B7, B8: he also sold to Ann's customer A8) → 20. Score 120 ≥ 100, but csat 4.0 < 4.2:
//      the senior gate fails → qualifies intermediate = current → unchanged. Without the gate this second
//      senior quarter in a row would have promoted him: the gate blocks the promotion.
deal('Bob', '2026-07-20', 35000, 'Won', 'A8');
deal('Bob', '2026-07-21', 35000, 'Won', 'B6');
deal('Bob', '2026-07-22', 35000, 'Won', 'B7');
deal('Bob', '2026-07-23', 35000, 'Won', 'B8');
deal('Bob', '2026-07-24', 2000, 'Lost', 'BZ');
visits('Bob', '2026-08-02', 20);
survey('Bob', '2026-09-02', 4.0);
// Cai: no deals: rev 0 → 0; won 0/closed 0 → zero denominator → no value → 0 points; visits 8 → 0.4 < 0.5
//      → threshold → 0 points; nc 0 → 0. Score 0 → junior. Current senior: demote run 1/2 → held senior.
visits('Cai', '2026-08-03', 8);
// An open deal: counted in no metric (filtered by where).
deal('Cai', '2026-08-04', 99999, 'Open', 'CO');
// Eve (not in the roster → finding, team "(unassigned)"): rev 100,001 → 40·1.00001 = 40.0004;
//      won 1/1 → a 2 → cap → 24; visits 10 → a 0.5 = threshold (inclusive: not below) → 20·0.5 = 10;
//      nc 1 → 5. Raw 79.0004 → score 79.00 (rounded once, half-up) → intermediate; no history → new.
deal('Eve', '2026-09-15', 100001, 'Won', 'E1');
visits('Eve', '2026-09-16', 10);
// A row with no date in either date field: counts for nothing ('no-date').
push('Eve', { kind: 'Visit' });

function byRep(reps: RepEvaluation[], name: string): RepEvaluation {
  const r = reps.find((x) => x.rep === name);
  if (!r) throw new Error(`no rep ${name}`);
  return r;
}

describe('worked example', () => {
  const { evaluation: ev, evaluator } = run(R, records, { roster });

  test('period and data periods', () => {
    expect(ev.period.label).toBe('2026-Q3');
    expect(ev.periods.map((p) => p.label)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
  });

  test('scores, ranks (competition, ties by rep) and order', () => {
    // Bob 120 (1), Ann 88 (2), Eve 79 (3), Cai 0 and Dan 0 tie at 4 in rep order.
    expect(ev.reps.map((r) => [r.rep, s(r.score), r.rank])).toEqual([
      ['Bob', '120', 1],
      ['Ann', '88', 2],
      ['Eve', '79', 3],
      ['Cai', '0', 4],
      ['Dan', '0', 4],
    ]);
    expect(s(byRep(ev.reps, 'Eve').rawScore)).toBe('79.0004');
    expect(byRep(ev.reps, 'Eve').score.toFixed(2)).toBe('79.00');
  });

  test('KPI points per rep', () => {
    const points = (name: string): (string | null)[] => byRep(ev.reps, name).kpis.map((k) => s(k.points));
    expect(points('Ann')).toEqual(['36', '24', '18', '10']);
    expect(points('Bob')).toEqual(['56', '24', '20', '20']);
    expect(points('Cai')).toEqual(['0', '0', '0', '0']);
    expect(points('Dan')).toEqual(['0', '0', '0', '0']);
    expect(points('Eve')).toEqual(['40.0004', '24', '10', '5']);
  });

  test('cap, threshold and zero denominator flags', () => {
    const ann = byRep(ev.reps, 'Ann');
    expect(ann.kpis[1]!.capped).toBe(true);
    expect(ann.kpis[1]!.attainment!.toDecimalPlaces(4).toFixed()).toBe('1.3333');
    const cai = byRep(ev.reps, 'Cai');
    expect(cai.kpis[1]!.actual).toBeNull(); // 0 ÷ 0
    expect(cai.kpis[1]!.attainment).toBeNull();
    expect(cai.kpis[2]!.belowThreshold).toBe(true);
    expect(s(cai.kpis[2]!.attainment)).toBe('0.4');
    const eve = byRep(ev.reps, 'Eve');
    expect(eve.kpis[2]!.belowThreshold).toBe(false); // a = threshold exactly
    expect(s(eve.kpis[2]!.points)).toBe('10');
  });

  test('explanations', () => {
    // The engine returns facts; report/evaluation-text.ts words them.
    const words = (k: Parameters<typeof kpiExplanation>[0]) => kpiExplanation(k, ev.currency, 'en');
    const ann = byRep(ev.reps, 'Ann');
    expect(words(ann.kpis[0]!)).toBe('Revenue ¥90,000 ÷ target ¥100,000 = 90.0%; 40 × 90.0% = 36.00 points');
    expect(words(ann.kpis[1]!)).toBe('Win rate 66.7% ÷ target 50.0% = 133.3%; capped at 120.0%; 20 × 120.0% = 24.00 points');
    const cai = byRep(ev.reps, 'Cai');
    expect(words(cai.kpis[1]!)).toBe('Win rate: no value (won ÷ closed = 0 ÷ 0: zero denominator); 0 points');
    expect(words(cai.kpis[2]!)).toBe('Visits 8 ÷ target 20 = 40.0%; below threshold 50.0% → 0 points');
    expect(formulaText(ann.metrics.revenue!, ev.currency, 'en')).toBe('sum(amount) where stage = Won; by close_date in 2026-Q3: 2 rows = ¥90,000');
    expect(ann.metrics.revenue!.sample).toEqual([
      { file: 'q.csv', row: records.findIndex((r) => r.rep === 'Ann' && r.fields.customer === 'A8') + 2 },
      { file: 'q.csv', row: records.findIndex((r) => r.rep === 'Ann' && r.fields.customer === 'A9') + 2 },
    ]);
    expect(ann.metrics.visits!.rows).toBe(18);
    expect(ann.metrics.visits!.sample).toHaveLength(5);
  });

  test('tiers and movement with two periods of history', () => {
    const d = (name: string) => {
      const x = byRep(ev.reps, name).decision;
      return [x.current, x.qualified, x.tier, x.movement, x.promoteRun, x.demoteRun];
    };
    // Ann: promoted to senior in Q2 after two senior quarters; Q3 intermediate → demote run 1 of 2 → stays.
    expect(d('Ann')).toEqual(['senior', 'intermediate', 'senior', 'held', 0, 1]);
    // Bob: Q2 senior (run 1); Q3 score 120 but the csat gate fails → intermediate → unchanged, runs reset.
    expect(d('Bob')).toEqual(['intermediate', 'intermediate', 'intermediate', 'unchanged', 0, 0]);
    // Cai: Q1 junior (run 1), Q2 senior (reset), Q3 junior (run 1) → still senior.
    expect(d('Cai')).toEqual(['senior', 'junior', 'senior', 'held', 0, 1]);
    // Dan: new in Q1 as junior, unchanged since.
    expect(d('Dan')).toEqual(['junior', 'junior', 'junior', 'unchanged', 0, 0]);
    // Eve: first seen in Q3.
    expect(d('Eve')).toEqual([undefined, 'intermediate', 'intermediate', 'new', 0, 0]);
    const bob = byRep(ev.reps, 'Bob').decision;
    expect(bob.gates).toEqual([
      { tier: 'senior', results: [{ metric: 'csat', min: 4.2, actual: expect.anything(), passed: false }] },
    ]);
    expect(s(bob.gates[0]!.results[0]!.actual)).toBe('4');
    expect(repReason(ev, bob.reasonFacts, 'en')).toBe(
      'score 120.00 qualifies for intermediate; senior gate failed: csat ≥ 4.2 (4); qualified for the current tier intermediate; both runs reset',
    );
    expect(byRep(ev.reps, 'Ann').action).toEqual({ bonus_multiplier: 1.5 });
    // The periods walked before Q3, with the scores computed above.
    const trail = (name: string) => byRep(ev.reps, name).trail!.map((t) => [t.period, s(t.score!), t.current, t.qualified, t.tier, t.movement]);
    expect(trail('Ann')).toEqual([
      ['2026-Q1', '112', 'intermediate', 'senior', 'intermediate', 'held'],
      ['2026-Q2', '119', 'intermediate', 'senior', 'senior', 'promoted'],
    ]);
    expect(trail('Bob')).toEqual([
      ['2026-Q1', '78', 'intermediate', 'intermediate', 'intermediate', 'unchanged'],
      ['2026-Q2', '106', 'intermediate', 'senior', 'intermediate', 'held'],
    ]);
    expect(trail('Cai')).toEqual([
      ['2026-Q1', '68', 'senior', 'junior', 'senior', 'held'],
      ['2026-Q2', '102', 'senior', 'senior', 'senior', 'unchanged'],
    ]);
    expect(trail('Dan')).toEqual([
      ['2026-Q1', '0', undefined, 'junior', 'junior', 'new'],
      ['2026-Q2', '0', 'junior', 'junior', 'junior', 'unchanged'],
    ]);
    expect(trail('Eve')).toEqual([]);
  });

  test('distance to the next tier', () => {
    // Ann qualifies intermediate: 100 − 88 = 12 points to senior; revenue alone: (36 + 12)/40 = 1.2 → ¥120,000,
    // i.e. ¥30,000 more.
    const ann = byRep(ev.reps, 'Ann').distanceToNext!;
    expect([ann.tier, s(ann.points), ann.kpi?.kpi, s(ann.kpi?.amount)]).toEqual(['senior', '12', 'revenue', '30000']);
    // Bob's score reaches senior; only the gate holds him: 0 points, no amount.
    const bob = byRep(ev.reps, 'Bob').distanceToNext!;
    expect([bob.tier, s(bob.points), bob.kpi, bob.blockedBy]).toEqual(['senior', '0', undefined, ['csat']]);
    // Cai: 70 points to intermediate; revenue would need a = 70/40 = 1.75 > cap 1.5 → not alone.
    const cai = byRep(ev.reps, 'Cai').distanceToNext!;
    expect([cai.tier, s(cai.points), cai.kpi]).toEqual(['intermediate', '70', undefined]);
  });

  test('roster, unassigned and findings', () => {
    expect(byRep(ev.reps, 'Eve').team).toBe('(unassigned)');
    expect(byRep(ev.reps, 'Eve').inRoster).toBe(false);
    expect(ev.findings.map((f) => [f.code, f.row])).toEqual([
      // Eve's undated Visit row would feed the visits KPI: lost to a data problem (a file-level summary).
      ['kpi-rows-lost', undefined],
      ['rep-not-in-roster', records.findIndex((r) => r.rep === 'Eve') + 2],
      ['period-partly-covered', undefined],
      ['period-partly-covered', undefined],
      // Dan has no row at all.
      ['roster-rep-no-data', undefined],
    ]);
    expect(ev.findings.filter((f) => f.code === 'period-partly-covered').map((f) => f.message)).toEqual([
      'period 2026-Q1 (2026-01-01 … 2026-03-31) is covered by the data only from 2026-01-20; it counts toward promotion and demotion (movement.count_partial_periods)',
      'period 2026-Q3 (2026-07-01 … 2026-09-30) is covered by the data only until 2026-09-16: it is graded on partial data; it counts toward promotion and demotion (movement.count_partial_periods)',
    ]);
    expect(ev.dataLoss).toMatchObject({ rows: 1, byReason: { 'no-date': 1 }, unknownAmounts: 0 });
    expect(ev.distribution.map((x) => [x.tier, x.count])).toEqual([
      ['senior', 2],
      ['intermediate', 2],
      ['junior', 1],
    ]);
  });

  test('roll-ups: sums, ratios from summed parts, distinct over the union, members targets', () => {
    expect(ev.teams.map((t) => t.name)).toEqual(['East', 'West', '(unassigned)']);
    const east = ev.teams[0]!;
    expect(east.members).toEqual(['Ann', 'Bob']);
    expect(s(east.metrics.revenue)).toBe('230000'); // 90,000 + 140,000
    expect(s(east.metrics.win_rate)).toBe('0.75'); // (2 + 4) ÷ (3 + 5), not the mean 0.7333
    expect(s(east.metrics.new_customers)).toBe('5'); // {A8, A9} ∪ {A8, B6, B7, B8}
    expect(s(east.targets.revenue)).toBe('200000');
    // Team KPI: revenue vs members' targets: 230,000 ÷ 200,000 = 1.15 → 115 points → tier A.
    expect(s(east.score)).toBe('115');
    expect(east.tier).toBe('A');
    expect(east.tierCounts).toEqual({ senior: 1, intermediate: 1, junior: 0 });
    const west = ev.teams[1]!;
    // Qualifies for C; the manager's movement (issue 15) holds the tier of the earlier period, as for a rep.
    expect([s(west.metrics.revenue), s(west.score), west.decision?.qualified]).toEqual(['0', '0', 'C']);
    expect([west.decision?.movement, west.decision?.current, west.tier]).toEqual(['held', 'B', 'B']);
    expect(west.metrics.win_rate).toBeNull();
    expect(s(ev.company.metrics.revenue)).toBe('330001');
    expect(ev.company.members).toEqual(['Ann', 'Bob', 'Cai', 'Dan', 'Eve']);
    expect(ev.regions.map((r) => r.name)).toEqual(['East', 'West', '(unassigned)']);
  });

  test('row counts and classification', () => {
    // Q3 rows: Ann 3 deals + 18 visits + 1 survey = 22; Bob 5 + 20 + 1 = 26; Cai 8 visits + 1 open deal;
    // Eve 1 deal + 10 visits + 1 undated. Counted: 22 + 26 + 8 + 11 = 67 (the survey rows feed csat).
    // Filtered: Cai's open deal. No date: Eve's undated row. Everything else is Q1/Q2: out of period.
    expect(ev.rows.read).toBe(records.length);
    expect(ev.rows.counted).toBe(67);
    expect(ev.rows.excluded).toMatchObject({ filtered: 1, 'no-date': 1, 'out-of-period': records.length - 69 });
    const open = records.find((r) => r.fields.customer === 'CO')!;
    expect(evaluator.classify(open)).toEqual({ excluded: 'filtered', detail: 'closed, new_customers, revenue, won' });
    const q1 = records.find((r) => r.fields.customer === 'A1')!;
    expect(evaluator.classify(q1)).toEqual({ excluded: 'out-of-period', detail: '2026-Q1' });
    const a8 = records.find((r) => r.rep === 'Ann' && r.fields.customer === 'A8')!;
    expect(evaluator.classify(a8)).toEqual({ metrics: ['closed', 'new_customers', 'revenue', 'win_rate', 'won'] });
    expect(evaluator.classify(records[records.length - 1]!)).toEqual({ excluded: 'no-date', detail: 'close_date, date' });
  });
});
