import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../../../src/quota/calendar.js';
import { quotaNoteText, quotaWarningText, rampText } from '../../../src/report/quota-text.js';
import { cn, dsum, plan, reconcile, weekdays } from './helpers.js';

const SEASON = [6, 6, 8, 8, 8, 9, 8, 8, 9, 9, 10, 11]; // sums to 100

describe('worked example: 2026, cn calendar, 48,000,000 by monthly seasonality', () => {
  const p = plan({
    calendar: cn,
    seasonality: { months: SEASON },
    metrics: [{ id: 'revenue', label: 'Revenue', unit: 'money', rounding: 100 }],
    annual: { level: 'company', totals: { revenue: 48_000_000 } },
    split: { by: 'roster', weights: { senior: 1.5, intermediate: 1, junior: 0.5 } },
    roster: [
      { rep: '张三', team: '华东一组', region: '华东', tier: 'senior' },
      { rep: '李四', team: '华东一组', region: '华东', tier: 'junior' },
      { rep: '王五', team: '华南一组', region: '华南', tier: 'intermediate' },
    ],
  });

  it('has the official working days per month', () => {
    expect(p.months.map((m) => m.workingDays)).toEqual([21, 16, 22, 21, 19, 21, 23, 21, 22, 18, 21, 23]);
    expect(p.calendar.makeupWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('splits the company by tier weights: 1.5 : 0.5 : 1 of 3', () => {
    expect(p.regions.map((r) => [r.name, r.amounts.revenue!.year])).toEqual([
      ['华东', '32000000'],
      ['华南', '16000000'],
    ]);
    expect(p.reps.map((r) => [r.name, r.amounts.revenue!.year])).toEqual([
      ['张三', '24000000'],
      ['李四', '8000000'],
      ['王五', '16000000'],
    ]);
  });

  it('gives each month its seasonality share: October is 9% = 4,320,000', () => {
    expect(p.company.amounts.revenue!.months).toEqual(SEASON.map((s) => String(480_000 * s)));
    // 张三's October: 24,000,000 × 9% = 2,160,000 over 18 working days = 120,000 a day
    expect(p.reps[0]!.amounts.revenue!.months[9]).toBe('2160000');
    expect(reconcile(p)).toBeUndefined();
  });

  it('spreads October over its working days by ISO week (National Day leaves W40 with nothing in October)', () => {
    const w = plan({
      calendar: cn,
      seasonality: { months: SEASON },
      metrics: [{ id: 'revenue', label: 'Revenue', unit: 'money', rounding: 100 }],
      annual: { level: 'company', totals: { revenue: 48_000_000 } },
      by: 'week',
    });
    const labels = w.periods.map((x) => x.label);
    const at = (l: string): string => w.company.amounts.revenue!.periods[labels.indexOf(l)]!;
    // W40 = Sep 28 – Oct 4: Sep 28, 29, 30 are 3 of September's 22 working days (9% = 4,320,000),
    // Oct 1–4 are holidays: 4,320,000 × 3 / 22 = 589,090.9 → 589,100 by largest remainder
    expect(w.periods[labels.indexOf('2026-W40')]).toEqual({ label: '2026-W40', start: '2026-09-28', end: '2026-10-04', workingDays: 3 });
    expect(at('2026-W40')).toBe('589100');
    // W41 = Oct 5–11: Oct 8, 9 and Saturday Oct 10 (make-up) are 3 of October's 18 working days
    expect(w.periods[labels.indexOf('2026-W41')]!.workingDays).toBe(3);
    expect(at('2026-W41')).toBe('720000');
    expect(reconcile(w)).toBeUndefined();
  });
});

describe('across time', () => {
  it('2026 has 53 ISO weeks, the first and last clipped to the year', () => {
    const p = plan({ by: 'week' });
    expect(p.periods).toHaveLength(53);
    expect(p.periods[0]).toEqual({ label: '2026-W01', start: '2026-01-01', end: '2026-01-04', workingDays: 2 });
    expect(p.periods[52]).toEqual({ label: '2026-W53', start: '2026-12-28', end: '2026-12-31', workingDays: 4 });
    expect(dsum(p.company.amounts.revenue!.periods)).toBe('120000');
  });

  it('2027 starts in ISO week 2026-W53', () => {
    const p = plan({ fiscalYear: 2027, by: 'week' });
    expect(p.periods[0]).toEqual({ label: '2026-W53', start: '2027-01-01', end: '2027-01-03', workingDays: 1 });
    expect(p.periods.at(-1)!.label).toBe('2027-W52');
    expect(p.periods).toHaveLength(53);
  });

  it('fiscal weeks when the fiscal year starts in April: FY2027 = 2026-04 … 2027-03', () => {
    const p = plan({ fiscalYear: 2027, fiscalYearStart: 4, by: 'week' });
    expect(p.label).toBe('FY2027');
    expect([p.start, p.end]).toEqual(['2026-04-01', '2027-03-31']);
    // 2026-04-01 is a Wednesday: its week holds the first Thursday, so it is FY2027-W01
    expect(p.periods[0]).toEqual({ label: 'FY2027-W01', start: '2026-04-01', end: '2026-04-05', workingDays: 3 });
    // 2027-03-31 is a Wednesday: its week's Thursday is in FY2028, so the last days are FY2028-W01
    expect(p.periods.at(-2)!.label).toBe('FY2027-W52');
    expect(p.periods.at(-1)).toEqual({ label: 'FY2028-W01', start: '2027-03-29', end: '2027-03-31', workingDays: 3 });
    expect(p.periods).toHaveLength(53);
    expect(p.months[0]!.label).toBe('2026-04');
    expect(reconcile(p)).toBeUndefined();
  });

  it('a leap year: February 2028 has 29 days and 21 weekdays', () => {
    const p = plan({ fiscalYear: 2028, by: 'quarter' });
    expect(p.months[1]).toEqual({ label: '2028-02', start: '2028-02-01', end: '2028-02-29', workingDays: 21 });
    expect(p.periods.map((q) => q.label)).toEqual(['2028-Q1', '2028-Q2', '2028-Q3', '2028-Q4']);
    expect(reconcile(p)).toBeUndefined();
  });

  it("a week spanning two months takes each day's share from its own month", () => {
    // March and April 2026 both have 22 weekdays; April carries twice March's weight.
    const months = [0, 0, 22, 44, 0, 0, 0, 0, 0, 0, 0, 0];
    const p = plan({ seasonality: { months }, annual: { level: 'company', totals: { revenue: 66000 } }, by: 'week' });
    const i = p.periods.findIndex((x) => x.label === '2026-W14'); // Mon Mar 30 – Sun Apr 5
    expect(p.periods[i]).toEqual({ label: '2026-W14', start: '2026-03-30', end: '2026-04-05', workingDays: 5 });
    // Mar 30, 31 at 1,000 a day + Apr 1, 2, 3 at 2,000 a day
    expect(p.company.amounts.revenue!.periods[i]).toBe('8000');
  });

  it('quarterly seasonality splits each quarter over its months by working days', () => {
    const p = plan({ calendar: cn, seasonality: { quarters: [1, 1, 1, 1] }, annual: { level: 'company', totals: { revenue: 248000 } } });
    // Q4: 62 working days, a quarter of the year: Oct 18/62, Nov 21/62, Dec 23/62 of 62,000
    expect(p.company.amounts.revenue!.months.slice(9)).toEqual(['18000', '21000', '23000']);
  });

  it('seasonality from history uses last year\'s monthly shares', () => {
    const hist = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 89];
    const p = plan({ seasonality: { from: 'history' }, historyMonths: { revenue: hist }, annual: { level: 'company', totals: { revenue: 100 } } });
    expect(p.seasonality).toBe('history');
    expect(p.company.amounts.revenue!.months).toEqual(hist.map(String));
  });

  it('rejects seasonality of the wrong length or all zeros', () => {
    expect(() => plan({ seasonality: { months: [1, 2, 3] } })).toThrow('quota.seasonality.months needs 12 numbers, got 3');
    expect(() => plan({ seasonality: { quarters: [0, 0, 0, 0] } })).toThrow('quota.seasonality.quarters: every weight is 0');
  });
});

describe('down the hierarchy', () => {
  const roster = [
    { rep: 'a1', team: 'A', region: 'N', tier: 'senior' },
    { rep: 'a2', team: 'A', region: 'N', tier: 'junior' },
    { rep: 'b1', team: 'B', region: 'N', tier: 'junior' },
    { rep: 'c1', team: 'C', region: 'S', tier: 'senior' },
  ];

  it('headcount: 4 reps of 100,000 each', () => {
    const p = plan({ roster, annual: { level: 'company', totals: { revenue: 400000 } } });
    expect(p.reps.map((r) => r.amounts.revenue!.year)).toEqual(['100000', '100000', '100000', '100000']);
    expect(p.teams.map((t) => [t.name, t.headcount, t.amounts.revenue!.year])).toEqual([
      ['A', 2, '200000'],
      ['B', 1, '100000'],
      ['C', 1, '100000'],
    ]);
  });

  it('explicit shares for regions, then headcount inside', () => {
    const p = plan({ roster, split: { by: 'shares', shares: { N: 3, S: 1 } }, annual: { level: 'company', totals: { revenue: 400000 } } });
    expect(p.regions.map((r) => r.amounts.revenue!.year)).toEqual(['300000', '100000']);
    // region N: teams A (2 reps) and B (1 rep) by headcount
    expect(p.teams.map((t) => t.amounts.revenue!.year)).toEqual(['200000', '100000', '100000']);
  });

  it('zero weights: a tier weighted 0 gets nothing, the rest share it all', () => {
    const p = plan({ roster, split: { by: 'roster', weights: { senior: 1, junior: 0 } }, annual: { level: 'company', totals: { revenue: 1000 } } });
    expect(p.reps.map((r) => [r.name, r.amounts.revenue!.year])).toEqual([
      ['a1', '500'],
      ['a2', '0'],
      ['b1', '0'],
      ['c1', '500'],
    ]);
    expect(reconcile(p)).toBeUndefined();
  });

  it('history: last year\'s actuals; a rep without history gets the team mean', () => {
    const p = plan({
      roster,
      split: { by: 'history' },
      historyByRep: { revenue: { a1: 300, a2: 100, c1: 400 } },
      annual: { level: 'company', totals: { revenue: 1000 } },
    });
    // b1 has no history and team B has nobody else: the overall mean (800 / 3)
    // weights 300, 100, 266.67, 400 of 1066.67 → 281.25, 93.75, 250, 375
    expect(p.reps.map((r) => r.amounts.revenue!.year)).toEqual(['281', '94', '250', '375']);
  });

  it('annual targets per team from a file; unknown names are warned about', () => {
    const p = plan({
      roster,
      annual: { level: 'team', byEntity: { A: { revenue: '1000' }, C: { revenue: '50.5' }, Z: { revenue: 9 } } },
      metrics: [{ id: 'revenue', label: 'Revenue', unit: 'money', rounding: '0.5' }],
    });
    expect(p.teams.map((t) => t.amounts.revenue!.year)).toEqual(['1000', '0', '50.5']);
    expect(p.company.amounts.revenue!.year).toBe('1050.5');
    expect(p.metrics[0]!.target).toBe('1050.5');
    expect(p.warnings).toEqual([{ code: 'annual-unknown-names', level: 'team', names: ['Z'] }]);
    expect(quotaWarningText(p.warnings[0]!, 'en')).toBe('annual targets for Z match no team in the roster: ignored');
    expect(quotaWarningText(p.warnings[0]!, 'zh-CN')).toBe('年度目标文件中的 Z 不在花名册中：忽略');
    expect(reconcile(p)).toBeUndefined();
  });

  it('several metrics, counts rounded to whole numbers', () => {
    const p = plan({
      roster,
      metrics: [
        { id: 'revenue', label: 'Revenue', unit: 'money', rounding: 100 },
        { id: 'new_customers', label: 'New customers', unit: 'count', rounding: 1 },
      ],
      annual: { level: 'company', totals: { revenue: 480000, new_customers: 30 } },
      by: 'quarter',
    });
    // regions N (3 reps) and S (1): 22.5 / 7.5, the tie goes to the larger weight → 23 / 7;
    // N's teams A (2) and B (1): 15.33 / 7.67 → 15 / 8; A's reps 7.5 / 7.5, the tie to the first → 8 / 7
    expect(p.reps.map((r) => r.amounts.new_customers!.year)).toEqual(['8', '7', '8', '7']);
    // Time is rounded per rep and summed up (the fixed order), with the column carry: ideal quarters
    // 7.36 / 7.47 / 7.59 / 7.59; without the carry every rep would round the same months up (8/8/8/6).
    expect(p.company.amounts.new_customers!.periods).toEqual(['8', '8', '7', '7']);
    expect(reconcile(p)).toBeUndefined();
  });

  it('a single rep carries the whole target; a total not a multiple of the unit keeps its odd rest', () => {
    const p = plan({ annual: { level: 'company', totals: { revenue: 1250 } }, metrics: [{ id: 'revenue', label: 'R', unit: 'money', rounding: 100 }] });
    expect(p.reps[0]!.amounts.revenue!.year).toBe('1250');
    expect(reconcile(p)).toBeUndefined();
  });

  it('all weights zero with a target is an error, not a silent loss', () => {
    expect(() =>
      plan({ roster, split: { by: 'roster', weights: { senior: 0, junior: 0 } }, annual: { level: 'team', byEntity: { A: { revenue: 10 } } } }),
    ).toThrow('team A: every weight is 0, so its revenue target cannot be split');
  });
});

describe('new hires', () => {
  const roster = [
    { rep: 'A', team: 'T', region: 'R' },
    { rep: 'B', team: 'T', region: 'R', startDate: '2026-07-01' },
  ];
  // weekdays 2026: Jul 23, Aug 21, Sep 22, Oct 22, Nov 21, Dec 23 of 261; July at 50 %:
  // B's effective share = (11.5 + 109) / 261 = 120.5 / 261

  it('absorb: nothing before start_date, ramp on the first month, the team total drops', () => {
    const p = plan({ roster, ramp: { months: [0.5], relief: 'absorb' } });
    const b = p.reps[1]!;
    expect(b.ramped).toBe(true);
    expect(b.ramp).toEqual({ startDate: '2026-07-01', factors: ['50'], effective: '46.2' });
    expect(rampText(b.ramp!, 'en')).toBe('starts 2026-07-01 · ramp 50% · effective 46.2%');
    expect(b.amounts.revenue!.target).toBe('60000');
    expect(b.amounts.revenue!.year).toBe('27701'); // 60,000 × 120.5 / 261 = 27,701.15
    expect(b.amounts.revenue!.months.slice(0, 6)).toEqual(['0', '0', '0', '0', '0', '0']);
    expect(p.reps[0]!.amounts.revenue!.year).toBe('60000');
    expect(p.teams[0]!.amounts.revenue!.year).toBe('87701');
    expect(p.metrics[0]).toMatchObject({ target: '120000', planned: '87701', relief: '32299' });
    expect(reconcile(p)).toBeUndefined();
  });

  it('redistribute: the relief goes to the rest of the team, the total holds', () => {
    const p = plan({ roster, ramp: { months: [0.5], relief: 'redistribute' } });
    // weights 1 and 120.5/261: A = 120,000 × 261 / 381.5 = 82,097.0 , B = 37,902.99
    expect(p.reps.map((r) => r.amounts.revenue!.year)).toEqual(['82097', '37903']);
    expect(p.teams[0]!.amounts.revenue!.year).toBe('120000');
    expect(reconcile(p)).toBeUndefined();
  });

  it('a start in the middle of a week gives that week only the days from the start', () => {
    const p = plan({ roster: [{ rep: 'B', team: 'T', region: 'R', startDate: '2026-12-30' }], by: 'week', annual: { level: 'team', byEntity: { T: { revenue: 261 } } } });
    // December: 23 weekdays, B works Dec 30 and 31: 261 × 2/261 = 2, both in W53
    const y = p.reps[0]!.amounts.revenue!;
    expect(y.year).toBe('2');
    expect(y.periods.at(-1)).toBe('2');
  });

  it('rejects ramp factors out of range', () => {
    expect(() => plan({ ramp: { months: [1.5], relief: 'absorb' } })).toThrow('quota.ramp.months[0]: expected a factor 0–1, got 1.5');
  });
});

describe('calendars in the plan', () => {
  it('lists the custom days and names the calendar', () => {
    const c = makeCalendar({ base: 'cn' }, { holidays: ['2026-12-31'], workdays: [] });
    const p = plan({ calendar: c });
    expect(p.calendar.name).toBe('cn+custom');
    expect(p.months[11]!.workingDays).toBe(22);
    expect(p.calendar.holidays).toContain('2026-12-31');
    expect(p.notes[1]).toMatchObject({ code: 'calendar', name: 'cn', custom: true });
    expect(quotaNoteText(p.notes[1]!, 'en')).toContain('plus a custom calendar');
  });

  it('a year outside the cn data is a clear error', () => {
    expect(() => plan({ fiscalYear: 2027, calendar: cn })).toThrow(/2027 is not covered/);
  });
});
