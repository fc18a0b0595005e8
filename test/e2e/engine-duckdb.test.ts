/**
 * `evaluate --engine duckdb`, differential: on generated clean exports (several hundred rows, two
 * years, every metric kind and `where` operator, fiscal years, ISO weeks, team and region grades),
 * the report from DuckDB's aggregation equals the default engine's from the rows — scores, tiers,
 * movement, roll-ups, the data's range and coverage — apart from what the row reader alone tells
 * (docs/sql.md "--engine duckdb"); and equals `--metrics` fed by the same query's output. Then the
 * manifest's query sha256, Parquet input, and the loud refusals (a messy value, a missing column).
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot, run } from './evaluate-helpers.js';
import { genRow, rubricFor, writeWorkdir } from '../unit/engine/sql/generated-export.js';
import type { PeriodKind } from '../../src/engine/rubric-shape.js';

/** The report without what only the row reader tells (its per-row findings, samples) or that names the input. */
function comparable(json: string): unknown {
  const ev = JSON.parse(json) as Record<string, unknown> & { manifest: Record<string, unknown>; findings: { code: string }[] };
  delete ev.manifest.inputs;
  delete ev.manifest.files;
  for (const k of ['rows', 'dataLoss']) delete ev[k];
  ev.findings = ev.findings.filter((f) => !['kpi-rows-lost', 'sum-value-missing', 'where-value-unmatched', 'metric-table-limits', 'date-out-of-range'].includes(f.code) && !('row' in f));
  return JSON.parse(JSON.stringify(ev, (k, v: unknown) => (k === 'sample' ? undefined : v)));
}

const LEVELS = {
  team: {
    kpis: [
      { metric: 'deals_won', weight: 60, target: 6 },
      { metric: 'revenue', weight: 40, target: 'members' },
    ],
    tiers: [
      { id: 'a', min_score: 90 },
      { id: 'b', min_score: 0 },
    ],
  },
};

const CASES: { period: PeriodKind; fys: number; seed: number; levels?: boolean }[] = [
  { period: 'month', fys: 1, seed: 21, levels: true },
  { period: 'quarter', fys: 4, seed: 22 },
  { period: 'week', fys: 1, seed: 23 },
];

describe('evaluate --engine duckdb equals the default engine', () => {
  for (const { period, fys, seed, levels } of CASES) {
    test(`generated export, by ${period}, fiscal_year_start ${fys}${levels ? ', team grades' : ''}`, () => {
      const rows = fc.sample(genRow(30), { numRuns: 600, seed });
      const w = writeWorkdir(rows, { ...rubricFor(period, fys), ...(levels ? { levels: LEVELS } : {}) });
      const raw = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json']);
      expect(raw.status, raw.stderr).toBe(0);
      const labels = (JSON.parse(raw.stdout) as { periods: string[] }).periods;
      for (const p of [undefined, labels[1]!]) {
        const at = p === undefined ? [] : ['--period', p];
        const a = p === undefined ? raw : run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', ...at]);
        const b = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', '--engine', 'duckdb', ...at]);
        expect(b.status, b.stderr).toBe(0);
        const want = comparable(a.stdout);
        writeFileSync(join(w.dir, `want-${p ?? 'default'}.json`), JSON.stringify(want, null, 1));
        expect(comparable(b.stdout), `work dir ${w.dir}`).toEqual(want);
      }
    }, 60_000);
  }
});

test('--engine duckdb and --metrics fed by the same query agree; the manifest has the query sha256', async () => {
  const rows = fc.sample(genRow(20), { numRuns: 400, seed: 24 });
  const w = writeWorkdir(rows, rubricFor('month', 1));
  const q = run(w.dir, ['sql', '-r', w.rubric, '--dialect', 'duckdb', '--from', 'sg_input', '-o', 'm.sql']);
  expect(q.status, q.stderr).toBe(0);
  const b = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', '--engine', 'duckdb']);
  expect(b.status, b.stderr).toBe(0);
  const ev = JSON.parse(b.stdout) as { manifest: { files: { role: string; path: string; sha256: string }[]; inputs: { path: string; rows: number }[] } };
  // The query run is the one `salesgrade sql --from sg_input` prints for the rubric: the same sha256.
  const sql = (await import('node:fs')).readFileSync(join(w.dir, 'm.sql'));
  const sha = createHash('sha256').update(sql).digest('hex');
  expect(ev.manifest.files.find((f) => f.role === 'query')).toEqual({ role: 'query', path: '(--engine duckdb)', sha256: sha });
  expect(ev.manifest.inputs).toEqual([expect.objectContaining({ path: 'data.csv', rows: 400 })]);
  // The query's result through --metrics, with --query: the same report, the query's sha256 recorded.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(`CREATE VIEW sg_input AS SELECT * REPLACE (CAST(NULLIF(TRIM("Date"), '') AS DATE) AS "Date", CAST(NULLIF(TRIM("Close Date"), '') AS DATE) AS "Close Date", ` +
      `CAST(NULLIF(TRIM("Amount"), '') AS DECIMAL(38, 18)) AS "Amount", CAST(NULLIF(TRIM("CSAT"), '') AS DECIMAL(38, 18)) AS "CSAT") FROM read_csv('${w.csv}', header = true, all_varchar = true)`);
    await c.run(`COPY (${sql.toString('utf8').trim()}) TO '${join(w.dir, 'm.csv')}' (HEADER, DELIMITER ',')`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  const m = run(w.dir, ['evaluate', '--metrics', 'm.csv', '--query', 'm.sql', '-r', w.rubric, '-f', 'json']);
  expect(m.status, m.stderr).toBe(0);
  expect(comparable(m.stdout)).toEqual(comparable(b.stdout));
  const mev = JSON.parse(m.stdout) as typeof ev;
  expect(mev.manifest.files.find((f) => f.role === 'query')).toEqual({ role: 'query', path: 'm.sql', sha256: sha });
  // A query for another rubric's metrics is refused, located.
  writeFileSync(join(w.dir, 'other.sql'), sql.toString('utf8').replace(/^-- metrics: .*$/m, '-- metrics: calls, revenue'));
  const bad = run(w.dir, ['evaluate', '--metrics', 'm.csv', '--query', 'other.sql', '-r', w.rubric, '-f', 'json']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/other\.sql:3.*the query computes the metrics calls, revenue, the rubric defines/);
}, 60_000);

test('--engine duckdb reads Parquet, and refuses a messy value or a missing column loudly', async () => {
  const rows = fc.sample(genRow(12), { numRuns: 200, seed: 25 });
  const w = writeWorkdir(rows, rubricFor('quarter', 1));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(`COPY (SELECT * REPLACE (CAST(NULLIF(TRIM("Date"), '') AS DATE) AS "Date", CAST(NULLIF(TRIM("Close Date"), '') AS DATE) AS "Close Date", CAST(NULLIF(TRIM("Amount"), '') AS DECIMAL(18, 2)) AS "Amount") ` +
      `FROM read_csv('${w.csv}', header = true, all_varchar = true)) TO '${join(w.dir, 'data.parquet')}' (FORMAT PARQUET)`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  const a = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', '--engine', 'duckdb']);
  const b = run(w.dir, ['evaluate', 'data.parquet', '-r', w.rubric, '-f', 'json', '--engine', 'duckdb']);
  expect(a.status, a.stderr).toBe(0);
  expect(b.status, b.stderr).toBe(0);
  expect(comparable(b.stdout)).toEqual(comparable(a.stdout));
  // The manifest counts every row of each file (counted by the query itself: test/unit/io/duckdb-engine.test.ts).
  const inputsOf = (out: string): unknown => (JSON.parse(out) as { manifest: { inputs: { path: string; rows: number }[] } }).manifest.inputs.map((i) => [i.path, i.rows]);
  expect(inputsOf(a.stdout)).toEqual([['data.csv', rows.length]]);
  expect(inputsOf(b.stdout)).toEqual([['data.parquet', rows.length]]);
  // The default engine refuses Parquet in one line, naming the engine that reads it.
  const d = run(w.dir, ['evaluate', 'data.parquet', '-r', w.rubric, '-f', 'json']);
  expect(d.status).toBe(2);
  expect(d.stderr).toMatch(/data\.parquet: a Parquet file: the default engine reads CSV and XLSX.*--engine duckdb/);

  writeFileSync(join(w.dir, 'messy.csv'), 'Owner,Date,Close Date,Stage,Amount\nRep 001,2026-01-05,2026-01-09,Won,"$1,200"\n');
  const m = run(w.dir, ['evaluate', 'messy.csv', '-r', w.rubric, '-f', 'json', '--engine', 'duckdb']);
  expect(m.status).toBe(2);
  expect(m.stdout).toBe('');
  expect(m.stderr).toMatch(/messy\.csv: DuckDB could not run the query.*"\$1,200".*default engine/);
  // More decimals than the query keeps: refused, never rounded (the default engine keeps every decimal).
  writeFileSync(join(w.dir, 'fine.csv'), 'Owner,Date,Close Date,Stage,Amount\nRep 001,2026-01-05,2026-01-09,Won,1200.000010\n');
  const f = run(w.dir, ['evaluate', 'fine.csv', '-r', w.rubric, '-f', 'json', '--engine', 'duckdb']);
  expect(f.status).toBe(2);
  expect(f.stderr).toMatch(/fine\.csv: .*Amount: a value with more than 4 decimals.*1200\.000010/);
  writeFileSync(join(w.dir, 'nodate.csv'), 'Owner,Stage,Amount\nRep 001,Won,1200\n');
  const n = run(w.dir, ['evaluate', 'nodate.csv', '-r', w.rubric, '-f', 'json', '--engine', 'duckdb']);
  expect(n.status).toBe(2);
  expect(n.stderr).toMatch(/nodate\.csv: no column for field "close_date"/);
  expect(run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '--engine', 'duckdb', '--as-of', '2026-01-31']).status).toBe(2);
}, 60_000);

test('--engine duckdb names blank rows (every cell empty, Excel\'s ",,,,") "blank", as the default engine does, not "no-rep"', () => {
  const rows = fc.sample(genRow(12), { numRuns: 120, seed: 26 });
  const w = writeWorkdir(rows, rubricFor('quarter', 1));
  const lines = readFileSync(w.csv, 'utf8').split('\n');
  const width = lines[0]!.split(',').length;
  const blank = ','.repeat(width - 1);
  // two blank rows, one with spaces, and a row with only its rep cell empty (no-rep, as before)
  const noRep = lines[3]!.split(',');
  noRep[lines[0]!.split(',').indexOf('Owner')] = '';
  lines.splice(5, 0, blank, noRep.join(','), ` ${blank} `);
  lines.splice(lines.length - 1, 0, blank);
  writeFileSync(w.csv, lines.join('\n'));
  const excludedOf = (out: string): Record<string, number> => (JSON.parse(out) as { rows: { excluded: Record<string, number> } }).rows.excluded;
  const a = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json']);
  const b = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', '--engine', 'duckdb']);
  expect(a.status, a.stderr).toBe(0);
  expect(b.status, b.stderr).toBe(0);
  expect(excludedOf(a.stdout).blank).toBe(3);
  expect(excludedOf(a.stdout)['no-rep']).toBeGreaterThan(0);
  expect({ blank: excludedOf(b.stdout).blank, 'no-rep': excludedOf(b.stdout)['no-rep'] }).toEqual({ blank: 3, 'no-rep': excludedOf(a.stdout)['no-rep'] });
});

test('--engine duckdb counts a row whose dates fall in two periods once: rows read and out of period as the default engine says', () => {
  // the generated rows' Date and Close Date often lie in different quarters; the query counts such a row
  // in each (before: "Rows read 148" for a file of 124 rows, the manifest saying 124)
  const rows = fc.sample(genRow(12), { numRuns: 120, seed: 26 });
  const w = writeWorkdir(rows, rubricFor('quarter', 1));
  const rowsOf = (out: string): { read: number; counted: number; excluded: Record<string, number> } => (JSON.parse(out) as { rows: { read: number; counted: number; excluded: Record<string, number> } }).rows;
  for (const at of [[], ['--period', '2026-Q1']]) {
    const a = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', ...at]);
    const b = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json', '--engine', 'duckdb', ...at]);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(rowsOf(b.stdout).read).toBe(120);
    expect(rowsOf(b.stdout)).toEqual(rowsOf(a.stdout));
  }
}, 60_000);
