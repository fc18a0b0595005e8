/**
 * `evaluate --metrics`, differential: the JSON report graded from the MetricTable DuckDB returns for
 * `salesgrade sql --dialect duckdb` (exported as CSV, and as Parquet) equals the report graded from the
 * export itself, apart from what a table from a warehouse cannot carry (docs/sql.md "evaluate
 * --metrics"): source rows, the data's dates, the input file. Then the located refusals of a malformed file.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot, run } from './evaluate-helpers.js';
import { COLUMN_TYPES, genRow, rubricFor, writeWorkdir, type Workdir } from '../unit/engine/sql/differential-helpers.js';
import type { PeriodKind } from '../../src/engine/rubric-shape.js';

/** The query `salesgrade sql` prints, run by DuckDB over the export loaded as a typed table, its result written as CSV and Parquet. */
async function metricTableFiles(w: Workdir): Promise<{ csv: string; parquet: string }> {
  const q = run(repoRoot, ['sql', '-r', w.rubric, '--dialect', 'duckdb', '--from', 'acts']);
  expect(q.status, q.stderr).toBe(0);
  const sql = q.stdout.trim().replace(/;\s*$/, '');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const csv = join(w.dir, 'm.csv');
  const parquet = join(w.dir, 'm.parquet');
  try {
    const cols = Object.entries(COLUMN_TYPES)
      .map(([k, t]) => `'${k}': '${t}'`)
      .join(', ');
    await c.run(`CREATE TABLE acts AS SELECT * FROM read_csv('${w.csv}', header = true, columns = {${cols}}, quote = '"', escape = '"')`);
    await c.run(`CREATE TABLE m AS ${sql}`);
    await c.run(`COPY m TO '${csv}' (HEADER, DELIMITER ',')`);
    await c.run(`COPY m TO '${parquet}' (FORMAT PARQUET)`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  return { csv, parquet };
}

/** The report without what a MetricTable does not carry (documented in docs/sql.md). */
/** Findings about the rows and their dates, which the table does not carry (metric-table-limits says so). */
const ROW_FINDINGS = new Set(['kpi-rows-lost', 'period-partly-covered', 'date-out-of-range', 'where-value-unmatched', 'metric-table-limits']);

function comparable(json: string): unknown {
  const ev = JSON.parse(json) as Record<string, unknown> & { manifest: Record<string, unknown>; findings: { code: string }[] };
  delete ev.manifest.inputs;
  for (const k of ['rows', 'dataRange', 'coverage', 'dataLoss']) delete ev[k];
  // The reader's per-row findings (a row without a rep, …): the table has no rows to point at.
  ev.findings = ev.findings.filter((f) => !ROW_FINDINGS.has(f.code) && !('row' in f));
  // Source rows: none in a table from a warehouse.
  return JSON.parse(JSON.stringify(ev, (k, v: unknown) => (k === 'sample' ? undefined : v)));
}

function evaluate(w: Workdir, input: string[], period: string): string {
  const r = run(w.dir, ['evaluate', ...input, '-r', w.rubric, '-f', 'json', '--period', period]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const CASES: { period: PeriodKind; fys: number; seed: number }[] = [
  { period: 'month', fys: 1, seed: 1 },
  { period: 'quarter', fys: 4, seed: 2 },
];

describe('evaluate --metrics equals evaluate on the export', () => {
  for (const { period, fys, seed } of CASES) {
    test(`generated export, by ${period}, fiscal_year_start ${fys}`, async () => {
      const rows = fc.sample(genRow(24), { numRuns: 400, seed });
      const w = writeWorkdir(rows, rubricFor(period, fys));
      const files = await metricTableFiles(w);
      const raw = JSON.parse(run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json']).stdout) as { periods: string[] };
      const labels = raw.periods;
      // Periods the data covers in full (the first and last may be partial, which only the rows' dates tell).
      for (const p of [labels[1]!, labels[labels.length - 2]!]) {
        const want = comparable(evaluate(w, [w.csv], p));
        writeFileSync(join(w.dir, `want-${p}.json`), JSON.stringify(want, null, 1));
        expect(comparable(evaluate(w, ['--metrics', files.csv], p)), `work dir ${w.dir}`).toEqual(want);
        expect(comparable(evaluate(w, ['--metrics', files.parquet], p)), `work dir ${w.dir}`).toEqual(want);
      }
    }, 60_000);
  }
});
