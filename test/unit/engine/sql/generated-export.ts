/**
 * Generated clean exports (CSV) and the rubric that reads them (every metric kind, every `where`
 * operator), for the differential tests of `salesgrade sql`, `--engine duckdb` and `--metrics`. Nothing
 * of src/ at run time (types only): the e2e files that use it load no module graph of src/ through
 * vitest's module runner for it (they run the built CLI). The comparison with salesgrade's own engine is
 * differential-helpers.ts.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { PeriodKind } from '../../../../src/engine/rubric-shape.js';

export const HEADERS = ['Owner', 'Team', 'Region', 'Date', 'Close Date', 'Stage', 'Kind', 'Amount', 'Account', 'CSAT', 'Units'] as const;
/** DuckDB column types of the generated export, as a warehouse table would hold it. */
export const COLUMN_TYPES: Record<(typeof HEADERS)[number], string> = {
  Owner: 'VARCHAR',
  Team: 'VARCHAR',
  Region: 'VARCHAR',
  Date: 'DATE',
  'Close Date': 'DATE',
  Stage: 'VARCHAR',
  Kind: 'VARCHAR',
  Amount: 'DECIMAL(18,2)',
  Account: 'VARCHAR',
  CSAT: 'DECIMAL(4,1)',
  Units: 'VARCHAR',
};

export interface GenRow {
  rep: number | null;
  day: number | null;
  closeOffset: number | null;
  stage: string;
  kind: string;
  amount: string | null;
  account: number | null;
  csat: string | null;
  units: string;
  /** How the rep's name is spelled: as is, or with spaces and invisible characters the reader cleans away. */
  spelling: number;
}

/** The same name as an export may spell it: NBSP, a doubled space, a zero-width space, a full-width space at the end. */
const SPELLINGS = [(s: string) => s, (s: string) => s.replace(' ', '\u00a0'), (s: string) => ` ${s.replace(' ', '  ')}`, (s: string) => `\u200b${s}`, (s: string) => `${s}\u3000`];

const DAY0 = Date.UTC(2025, 0, 1) / 86_400_000;
const iso = (day: number): string => new Date((DAY0 + day) * 86_400_000).toISOString().slice(0, 10);

/** Reps: a home team and region; "movers" switch team from day 365 on (so a period's pick never ties on count and date). */
export function repName(i: number): string {
  return `Rep ${String(i).padStart(3, '0')}`;
}
function teamOf(rep: number, day: number): string {
  const home = `T${rep % 5}`;
  return rep % 7 === 3 && day >= 365 ? `T${(rep + 1) % 5}` : home;
}
function regionOf(rep: number): string {
  return rep % 11 === 0 ? '' : `R${rep % 3}`;
}

export const genRow = (reps: number): fc.Arbitrary<GenRow> =>
  fc.record({
    rep: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: reps - 1 }) }, { weight: 1, arbitrary: fc.constant(null) }),
    day: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: 729 }) }, { weight: 1, arbitrary: fc.constant(null) }),
    closeOffset: fc.option(fc.integer({ min: 0, max: 60 }), { freq: 3 }),
    stage: fc.constantFrom('Won', 'won ', 'Lost', 'Open', '', 'WON', 'Won\u3000', 'Lo\u200bst'),
    kind: fc.constantFrom('Call', 'Visit', 'Meeting', 'call', ''),
    amount: fc.option(
      fc.tuple(fc.integer({ min: -500, max: 20000 }), fc.integer({ min: 0, max: 99 })).map(([a, c]) => `${a}.${String(c).padStart(2, '0')}`),
      { freq: 4 },
    ),
    account: fc.option(fc.integer({ min: 0, max: 40 }), { freq: 5 }),
    csat: fc.option(
      fc.integer({ min: 10, max: 50 }).map((n) => (n / 10).toFixed(1)),
      { freq: 3 },
    ),
    units: fc.constantFrom('', '3', '5', '5.0', ' 7 ', 'n/a', '12', '+2'),
    spelling: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: SPELLINGS.length - 1 }) }),
  });

export function toCsv(rows: GenRow[]): string {
  const q = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [HEADERS.join(',')];
  for (const r of rows) {
    const day = r.day;
    const close = day !== null && r.closeOffset !== null ? iso(day + r.closeOffset) : '';
    lines.push(
      [
        r.rep === null ? '' : SPELLINGS[r.spelling]!(repName(r.rep)),
        r.rep === null || day === null ? '' : teamOf(r.rep, day),
        r.rep === null ? '' : regionOf(r.rep),
        day === null ? '' : iso(day),
        close,
        r.stage,
        r.kind,
        r.amount ?? '',
        r.account === null ? '' : `Acct ${r.account}`,
        r.csat ?? '',
        r.units,
      ]
        .map(q)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** A rubric with every metric kind and every `where` operator over the generated columns. */
export function rubricFor(period: PeriodKind, fiscalYearStart: number, roster?: string): Record<string, unknown> {
  return {
    salesgrade: 1,
    name: 'differential',
    locale: 'en',
    currency: 'USD',
    period,
    fiscal_year_start: fiscalYearStart,
    source: {
      fields: {
        rep: { headers: ['Owner'], type: 'text' },
        team: { headers: ['Team'], type: 'text' },
        region: { headers: ['Region'], type: 'text' },
        date: { headers: ['Date'], type: 'date' },
        close_date: { headers: ['Close Date'], type: 'date' },
        stage: { headers: ['Stage'], type: 'text' },
        kind: { headers: ['Kind'], type: 'text' },
        amount: { headers: ['Amount'], type: 'money' },
        customer: { headers: ['Account'], type: 'text' },
        csat: { headers: ['CSAT'], type: 'number' },
        units: { headers: ['Units'], type: 'text' },
      },
    },
    ...(roster ? { roster: { file: roster } } : {}),
    metrics: {
      revenue: { sum: 'amount', where: { stage: ['Won'] }, date: 'close_date' },
      deals_won: { count: 'rows', where: { stage: 'won' }, date: 'close_date' },
      deals_closed: { count: 'rows', where: { stage: { in: ['Won', 'Lost'] } }, date: 'close_date' },
      win_rate: { ratio: ['deals_won', 'deals_closed'] },
      avg_deal: { ratio: ['revenue', 'deals_won'] },
      new_customers: { distinct: 'customer', where: { stage: { eq: 'Won' } }, date: 'close_date' },
      customers: { distinct: 'customer' },
      visits: { count: 'rows', where: { kind: { ne: 'Call' } } },
      calls: { count: 'rows', where: { kind: { not_in: ['Visit', 'Meeting'] } } },
      big: { count: 'rows', where: { amount: { gte: 5000 }, stage: { ne: 'Lost' } } },
      small: { count: 'rows', where: { amount: { lt: '100.5', gt: -100 } } },
      csat_avg: { avg: 'csat' },
      csat_min: { min: 'csat', where: { csat: { empty: false } } },
      csat_max: { max: 'csat', where: { kind: { empty: true } } },
      no_customer: { count: 'rows', where: { customer: { empty: true } } },
      late: { count: 'rows', where: { date: { gte: '2025-10-01', lte: '2026-03-31' } } },
      units_5: { count: 'rows', where: { units: 5 } },
      units_big: { count: 'rows', where: { units: { gt: 4 } } },
      units_sum: { sum: 'units' },
      amount_max: { max: 'amount', date: 'close_date' },
    },
    kpis: [{ metric: 'revenue', weight: 100, target: 10000 }],
    tiers: [
      { id: 'a', min_score: 80 },
      { id: 'b', min_score: 0 },
    ],
  };
}

export interface Workdir {
  dir: string;
  csv: string;
  rubric: string;
}

export function writeWorkdir(rows: GenRow[], rubric: Record<string, unknown>, rosterCsv?: string): Workdir {
  const dir = mkdtempSync(join(tmpdir(), 'sg-sql-'));
  const csv = join(dir, 'data.csv');
  writeFileSync(csv, toCsv(rows));
  if (rosterCsv !== undefined) writeFileSync(join(dir, 'roster.csv'), rosterCsv);
  const path = join(dir, 'rubric.yaml');
  writeFileSync(path, stringify(rubric));
  return { dir, csv, rubric: path };
}
