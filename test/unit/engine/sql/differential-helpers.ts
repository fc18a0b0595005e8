/**
 * Shared by the differential tests of `salesgrade sql`: generated clean exports (CSV), the rubric that
 * reads them (every metric kind, every `where` operator), salesgrade's own aggregation of the file
 * (the reader and the engine, one evaluation per period), and the comparison with a MetricTable an
 * SQL engine returned.
 */
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decimal } from 'decimal.js';
import { stringify } from 'yaml';
import { runEvaluations } from '../../../../src/cli/pipeline/evaluate.js';
import type { CliIo } from '../../../../src/cli/io.js';
import type { Evaluation } from '../../../../src/engine/types.js';
import { compileMetrics } from '../../../../src/engine/metrics.js';
import { valuesOfRow, rowsOf, type MetricTableRow } from '../../../../src/engine/sql/metric-table.js';
import { Rubric } from '../../../../src/rubric/schema.js';
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

function memoryIo(cwd: string): CliIo {
  const sink = { write: () => {}, isTTY: false };
  return { stdout: sink, stderr: sink, env: {}, cwd, now: () => new Date(Date.UTC(2027, 0, 1)) };
}

/** salesgrade's own evaluation of the file, one per period (the data read once). */
export async function engineEvaluations(w: Workdir, periods: string[]): Promise<Map<string, Evaluation>> {
  const outcomes = await runEvaluations(
    { io: memoryIo(w.dir), data: [w.csv], rubric: w.rubric, keepRows: 0, note: () => {} },
    periods.map((period) => ({ period })),
  );
  return new Map(outcomes.map((o, i) => [periods[i]!, o.evaluation]));
}

const show = (d: Decimal | null | undefined): string | null => (d === null || d === undefined ? null : d.toFixed());

/**
 * Every difference between the engine's evaluations and a MetricTable, as text lines (empty = the same).
 * Compared per period: each rep's, team's, region's and the company's metric values, each rep's rows per
 * metric, the set of reps and groups, and the rows without a rep or a date.
 */
export function differences(rubricObj: Record<string, unknown>, table: MetricTableRow[], evaluations: Map<string, Evaluation>, readRows: number): string[] {
  const rubric = Rubric.parse(rubricObj);
  const metrics = compileMetrics(rubric);
  const out: string[] = [];
  const valuesOf = (row: MetricTableRow): Record<string, string | null> => {
    const v = valuesOfRow(metrics, row);
    return Object.fromEntries(metrics.map((m, i) => [m.id, show(v[i])]));
  };
  const cmp = (where: string, sqlVals: Record<string, string | null>, engineVals: Record<string, string | null>): void => {
    for (const m of metrics) {
      if (sqlVals[m.id] !== engineVals[m.id]) out.push(`${where} ${m.id}: sql ${sqlVals[m.id]} ≠ engine ${engineVals[m.id]}`);
    }
  };
  const byPeriod = new Map<string, MetricTableRow[]>();
  for (const r of table) {
    if (r.level === 'no-rep' || r.level === 'no-date') continue;
    const p = String(r.period);
    if (!byPeriod.has(p)) byPeriod.set(p, []);
    byPeriod.get(p)!.push(r);
  }
  for (const [period, ev] of evaluations) {
    const rows = byPeriod.get(period) ?? [];
    const sqlReps = new Map(rows.filter((r) => r.level === 'rep').map((r) => [String(r.rep), r]));
    for (const rep of ev.reps) {
      const row = sqlReps.get(rep.rep);
      const engineVals = Object.fromEntries(Object.entries(rep.metrics).map(([k, t]) => [k, show(t.value)]));
      if (!row) {
        // a roster rep without rows in the period: graded on zeros
        const zero = valuesOf({});
        cmp(`${period} rep ${rep.rep} (not in the table)`, zero, engineVals);
        continue;
      }
      sqlReps.delete(rep.rep);
      if (row.team !== rep.team || row.region !== rep.region) out.push(`${period} rep ${rep.rep}: sql ${String(row.team)}/${String(row.region)} ≠ engine ${rep.team}/${rep.region}`);
      cmp(`${period} rep ${rep.rep}`, valuesOf(row), engineVals);
      const rowsSql = rowsOf(metrics, row);
      for (const [id, t] of Object.entries(rep.metrics)) {
        if (id in rowsSql && rowsSql[id] !== t.rows) out.push(`${period} rep ${rep.rep} ${id} rows: sql ${rowsSql[id]} ≠ engine ${t.rows}`);
      }
    }
    for (const rep of sqlReps.keys()) out.push(`${period}: rep ${rep} in the table, not in the engine's evaluation`);
    // Rows that fed some metric in the period: the engine's rows.counted (the default period and period-sparse are decided on them).
    const company = rows.find((r) => r.level === 'company');
    if (company && Number(company.fed_rows) !== ev.rows.counted) out.push(`${period} fed rows: sql ${String(company.fed_rows)} ≠ engine counted ${ev.rows.counted}`);
    for (const [level, groups] of [
      ['team', ev.teams],
      ['region', ev.regions],
      ['company', [ev.company]],
    ] as const) {
      const sqlGroups = new Map(rows.filter((r) => r.level === level).map((r) => [level === 'company' ? '' : String(r[level]), r]));
      for (const g of groups) {
        const key = level === 'company' ? '' : g.name;
        const row = sqlGroups.get(key);
        const engineVals = Object.fromEntries(Object.entries(g.metrics).map(([k, v]) => [k, show(v)]));
        if (!row) {
          // a group of roster reps without rows in the period
          cmp(`${period} ${level} ${g.name} (not in the table)`, valuesOf({}), engineVals);
          continue;
        }
        sqlGroups.delete(key);
        cmp(`${period} ${level} ${g.name}`, valuesOf(row), engineVals);
      }
      for (const k of sqlGroups.keys()) out.push(`${period}: ${level} ${k} in the table, not in the engine's evaluation`);
    }
  }
  // Row accounting, the same in every period's evaluation: rows without a rep, rows without any date.
  const any = [...evaluations.values()][0];
  if (any) {
    const noRep = table.filter((r) => r.level === 'no-rep').reduce((n, r) => n + Number(r.rows), 0);
    const noDate = table.filter((r) => r.level === 'no-date' && (r.period === null || r.period === undefined)).reduce((n, r) => n + Number(r.rows), 0);
    if (noRep !== (any.rows.excluded['no-rep'] ?? 0)) out.push(`rows without a rep: sql ${noRep} ≠ engine ${any.rows.excluded['no-rep'] ?? 0}`);
    if (noDate !== (any.rows.excluded['no-date'] ?? 0)) out.push(`rows without a date: sql ${noDate} ≠ engine ${any.rows.excluded['no-date'] ?? 0}`);
    if (any.rows.read !== readRows) out.push(`rows read: engine ${any.rows.read} ≠ generated ${readRows}`);
    // The data's date range (coverage): the company rows' first_date … last_date over every period.
    const company = table.filter((r) => r.level === 'company' && r.first_date !== null && r.first_date !== undefined);
    const first = company.map((r) => String(r.first_date)).sort()[0];
    const last = company.map((r) => String(r.last_date)).sort().at(-1);
    const farOutside = any.findings.some((f) => f.code === 'date-out-of-range');
    if (!farOutside && (first !== any.dataRange?.first || last !== any.dataRange?.last)) {
      out.push(`data range: sql ${first} … ${last} ≠ engine ${any.dataRange?.first} … ${any.dataRange?.last}`);
    }
  }
  return out;
}

/** Periods of the table in which some row fed some metric (the ones `--period` accepts). */
export function fedPeriods(table: MetricTableRow[], rubricObj: Record<string, unknown>): string[] {
  const metrics = compileMetrics(Rubric.parse(rubricObj)).filter((m) => !m.ratio);
  return table
    .filter((r) => r.level === 'company' && metrics.some((m) => Number(r[`${m.id}__rows`] ?? 0) > 0))
    .map((r) => String(r.period))
    .sort();
}
