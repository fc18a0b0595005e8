/**
 * Shared by the differential tests of `salesgrade sql`: salesgrade's own aggregation of a generated
 * export (generated-export.ts: the reader and the engine, one evaluation per period), and the comparison
 * with a MetricTable an SQL engine returned.
 */
import type { Decimal } from 'decimal.js';
import { runEvaluations } from '../../../../src/cli/pipeline/evaluate.js';
import type { CliIo } from '../../../../src/cli/io.js';
import type { Evaluation } from '../../../../src/engine/types.js';
import { compileMetrics } from '../../../../src/engine/metrics.js';
import { valuesOfRow, rowsOf, type MetricTableRow } from '../../../../src/engine/sql/metric-table.js';
import { Rubric } from '../../../../src/rubric/schema.js';
import type { Workdir } from './generated-export.js';

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
