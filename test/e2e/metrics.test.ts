/**
 * `evaluate --metrics`, differential: the JSON report graded from the MetricTable DuckDB returns for
 * `salesgrade sql --dialect duckdb` (exported as CSV, and as Parquet) equals the report graded from the
 * export itself, apart from what a table from a warehouse cannot carry (docs/sql.md "evaluate
 * --metrics"): source rows, the data's dates, the input file. Then the located refusals of a malformed file.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot, run } from './evaluate-helpers.js';
import { COLUMN_TYPES, genRow, rubricFor, writeWorkdir, type Workdir } from '../unit/engine/sql/generated-export.js';
import type { PeriodKind } from '../../src/engine/rubric-shape.js';

/** The query `salesgrade sql` prints, run by DuckDB over the export loaded as a typed table, its result written as CSV and Parquet. */
async function metricTableFiles(w: Workdir): Promise<{ csv: string; parquet: string }> {
  const q = run(repoRoot, ['sql', '-r', w.rubric, '--dialect', 'duckdb', '--from', 'acts']);
  expect(q.status, q.stderr).toBe(0);
  const sql = q.stdout.trim().replace(/;\s*$/, '');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
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
const ROW_FINDINGS = new Set(['kpi-rows-lost', 'sum-value-missing', 'period-partly-covered', 'date-out-of-range', 'where-value-unmatched', 'metric-table-limits']);

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

/**
 * Team and region grades with level movement (each group's distinct counts are in the report's group
 * metrics all the same: the query's own per-group counts).
 */
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
  region: {
    kpis: [
      { metric: 'units_sum', weight: 50, target: 40 },
      { metric: 'win_rate', weight: 50, target: 0.3 },
    ],
    tiers: [
      { id: 'a', min_score: 80 },
      { id: 'b', min_score: 0 },
    ],
  },
};

const CASES: { period: PeriodKind; fys: number; seed: number; levels?: boolean }[] = [
  { period: 'month', fys: 1, seed: 1 },
  { period: 'quarter', fys: 4, seed: 2, levels: true },
  { period: 'month', fys: 1, seed: 5, levels: true },
];

describe('evaluate --metrics equals evaluate on the export', () => {
  for (const { period, fys, seed, levels } of CASES) {
    test(`generated export, by ${period}, fiscal_year_start ${fys}${levels ? ', team and region grades' : ''}`, async () => {
      const rows = fc.sample(genRow(24), { numRuns: 400, seed });
      const w = writeWorkdir(rows, { ...rubricFor(period, fys), ...(levels ? { levels: LEVELS } : {}) });
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

test('a level graded on a distinct count over earlier periods is refused, not approximated', async () => {
  // A team's earlier periods are graded from its current members; the query counted everyone then.
  const rows = fc.sample(genRow(24), { numRuns: 400, seed: 5 });
  const levels = { team: { ...LEVELS.team, kpis: [{ metric: 'customers', weight: 100, target: 6 }] } };
  const w = writeWorkdir(rows, { ...rubricFor('month', 1), levels });
  const files = await metricTableFiles(w);
  const a = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json']);
  expect(a.status, a.stderr).toBe(0);
  const b = run(w.dir, ['evaluate', '--metrics', files.csv, '-r', w.rubric, '-f', 'json']);
  expect(b.status).toBe(2);
  expect(b.stdout).toBe('');
  expect(b.stderr).toMatch(/is rolled up from other reps than the query grouped.*its distinct count customers is not in the table/);
}, 60_000);

describe('evaluate --metrics on the shipped sample', () => {
  test('inside-sales: the sample loaded as a typed warehouse table, graded both ways', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-metrics-'));
    const q = run(repoRoot, ['sql', '-r', 'samples/inside-sales.yaml', '--dialect', 'duckdb', '--from', 'acts']);
    expect(q.status, q.stderr).toBe(0);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const c = await instance.connect();
    const m = join(dir, 'm.csv');
    try {
      // As a warehouse holds it: dates as DATE, amounts numeric (the export's "$17,160" is the reader's job).
      await c.run(
        `CREATE TABLE acts AS SELECT * REPLACE (CAST("Date" AS DATE) AS "Date", CAST("Close Date" AS DATE) AS "Close Date", ` +
          `CAST(replace(replace("Amount", '$', ''), ',', '') AS DECIMAL(18, 2)) AS "Amount", CAST("CSAT" AS DECIMAL(4, 1)) AS "CSAT") ` +
          `FROM read_csv('${join(repoRoot, 'samples/inside-sales-2026.csv')}', header = true, all_varchar = true)`,
      );
      await c.run(`COPY (${q.stdout.trim().replace(/;\s*$/, '')}) TO '${m}' (HEADER, DELIMITER ',')`);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
    const rubric = join(repoRoot, 'samples/inside-sales.yaml');
    for (const p of ['2026-07', '2026-08']) {
      const a = run(repoRoot, ['evaluate', 'samples/inside-sales-2026.csv', '-r', rubric, '-f', 'json', '--period', p]);
      const b = run(repoRoot, ['evaluate', '--metrics', m, '-r', rubric, '-f', 'json', '--period', p]);
      expect(a.status, a.stderr).toBe(0);
      expect(b.status, b.stderr).toBe(0);
      expect(b.stdout).toContain('"code": "metric-table-limits"');
      expect(comparable(b.stdout), `${p}: ${dir}`).toEqual(comparable(a.stdout));
    }
  }, 60_000);
});

describe('a malformed MetricTable file is refused with its place', () => {
  let base: { dir: string; rubric: string; lines: string[] } | undefined;
  async function table(): Promise<{ dir: string; rubric: string; lines: string[] }> {
    if (base) return base;
    const w = writeWorkdir(fc.sample(genRow(6), { numRuns: 60, seed: 3 }), rubricFor('month', 1));
    const files = await metricTableFiles(w);
    return (base = { dir: w.dir, rubric: w.rubric, lines: readFileSync(files.csv, 'utf8').trimEnd().split('\n') });
  }
  /** Replace cell `col` (a header name) of line `line` (1-based) of the good table. */
  const setCell = (lines: string[], line: number, col: string, value: string): string[] => {
    const i = lines[0]!.split(',').indexOf(col);
    return lines.map((l, n) => (n === line - 1 ? l.split(',').map((c, k) => (k === i ? value : c)).join(',') : l));
  };
  const repLine = (lines: string[]): number => lines.findIndex((l) => l.startsWith('rep,')) + 1;
  const colOf = (lines: string[], col: string): number => lines[0]!.split(',').indexOf(col) + 1;
  const CASES: { name: string; edit: (lines: string[]) => string[]; where: (lines: string[]) => string; says: RegExp }[] = [
    { name: 'missing column', edit: (l) => l.map((x) => x.split(',').filter((_, k) => k !== colOf(l, 'revenue__sum') - 1).join(',')), where: () => 'bad.csv:1', says: /no column "revenue__sum"/ },
    { name: 'bad number', edit: (l) => setCell(l, repLine(l), 'revenue__sum', '12,5x'.replace(',', '')), where: (l) => `bad.csv:${repLine(l)}:${colOf(l, 'revenue__sum')}`, says: /revenue__sum: "125x" is not a number/ },
    { name: 'unknown metric', edit: (l) => [l[0]!.replace('revenue__sum', 'revenu__sum'), ...l.slice(1)], where: (l) => `bad.csv:1:${colOf(l, 'revenue__sum')}`, says: /metric revenu, which the rubric does not define/ },
    { name: 'period label that does not parse', edit: (l) => setCell(l, repLine(l), 'period', '2026-7'), where: (l) => `bad.csv:${repLine(l)}:${colOf(l, 'period')}`, says: /period "2026-7"/ },
    { name: 'a quarter label for a monthly rubric', edit: (l) => setCell(l, repLine(l), 'period', '2026-Q3'), where: (l) => `bad.csv:${repLine(l)}:${colOf(l, 'period')}`, says: /period "2026-Q3" is not a month period/ },
    { name: 'unknown level', edit: (l) => setCell(l, repLine(l), 'level', 'division'), where: (l) => `bad.csv:${repLine(l)}:${colOf(l, 'level')}`, says: /level "division" is not one of/ },
    { name: 'rounded sums', edit: (l) => setCell(l, repLine(l), 'rounded', '2'), where: (l) => `bad.csv:${repLine(l)}:${colOf(l, 'rounded')}`, says: /were rounded: the sums are not exact/ },
    { name: 'fractional row count', edit: (l) => setCell(l, repLine(l), 'rows', '1.5'), where: (l) => `bad.csv:${repLine(l)}:${colOf(l, 'rows')}`, says: /rows: "1.5" is not a whole number/ },
    // a table saved through a spreadsheet: a long number shortened to its exponent form (was read as written)
    { name: 'an amount Excel shortened to an exponent', edit: (l) => setCell(l, repLine(l), 'revenue__sum', '1.23457E+11'), where: (l) => `bad.csv:${repLine(l)}:${colOf(l, 'revenue__sum')}`, says: /revenue__sum: "1.23457E\+11" is written with an exponent and 6 or more digits/ },
  ];
  for (const c of CASES) {
    test(c.name, async () => {
      const t = await table();
      writeFileSync(join(t.dir, 'bad.csv'), c.edit(t.lines).join('\n') + '\n');
      const r = run(t.dir, ['evaluate', '--metrics', 'bad.csv', '-r', t.rubric, '-f', 'json']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${c.where(t.lines)}`);
      expect(r.stderr).toMatch(c.says);
    });
  }

  // `1.2E+04` in a MetricTable was read as 12,000 without a word (exports warn): the same warning now,
  // at its place, and an error under --strict.
  test('an amount written with a short exponent is read as written, with an exponent-number warning (an error under --strict)', async () => {
    const t = await table();
    const line = repLine(t.lines);
    const value = t.lines[line - 1]!.split(',')[colOf(t.lines, 'revenue__sum') - 1]!;
    expect(value).toMatch(/^\d+(\.\d+)?$/);
    const exp = new Intl.NumberFormat('en-US', { notation: 'scientific', maximumFractionDigits: 20 }).format(Number(value)).replace('E', 'E+').replace('E+-', 'E-');
    writeFileSync(join(t.dir, 'exp.csv'), setCell(t.lines, line, 'revenue__sum', exp).join('\n') + '\n');
    writeFileSync(join(t.dir, 'same.csv'), t.lines.join('\n') + '\n');
    const json = (file: string, ...more: string[]) => {
      const r = run(t.dir, ['evaluate', '--metrics', file, '-r', t.rubric, '-f', 'json', ...more]);
      return { status: r.status, out: JSON.parse(r.stdout || '{}') as { reps: unknown[]; findings: { code: string; severity: string; line?: number; column?: number }[] } };
    };
    const same = json('same.csv');
    const withExp = json('exp.csv');
    expect(withExp.status).toBe(0);
    expect(withExp.out.reps).toEqual(same.out.reps);
    expect(withExp.out.findings.filter((f) => f.code === 'exponent-number').map((f) => [f.severity, f.line, f.column])).toEqual([['warning', line, colOf(t.lines, 'revenue__sum')]]);
    expect(json('exp.csv', '--strict').status).toBe(1);
  });

  // A MetricTable saved as HTML (.xls) read its first table: a cover table before it ended the run (no
  // column "level"), a second MetricTable was dropped without a word. The table is now chosen by the
  // columns every MetricTable has (level, rows), as a roster's is; a second one is a sheet-ambiguous error.
  test('a MetricTable saved as HTML: a cover table passed over; a second table: sheet-ambiguous (exit 0, --strict 1)', async () => {
    const t = await table();
    const html = (rows: string[]) => `<table>${rows.map((l) => `<tr>${l.split(',').map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
    const page = (...tables: string[]) => `<html><head><meta charset="utf-8"></head><body>${tables.join('<br>')}</body></html>`;
    writeFileSync(join(t.dir, 'same.csv'), t.lines.join('\n') + '\n');
    writeFileSync(join(t.dir, 'cover.xls'), page('<table><tr><td>MetricTable 2026</td></tr></table>', html(t.lines)));
    writeFileSync(join(t.dir, 'two.xls'), page(html(t.lines), html([t.lines[0]!, t.lines[repLine(t.lines) - 1]!])));
    const json = (file: string, ...more: string[]) => {
      const r = run(t.dir, ['evaluate', '--metrics', file, '-r', t.rubric, '-f', 'json', ...more]);
      return { status: r.status, stderr: r.stderr, out: JSON.parse(r.stdout || '{}') as { reps: unknown[]; findings: { code: string; severity: string; message: string }[] } };
    };
    const same = json('same.csv');
    const cover = json('cover.xls');
    expect(cover.status, cover.stderr).toBe(0);
    expect(cover.out.reps).toEqual(same.out.reps);
    expect(cover.out.findings.filter((f) => f.code === 'sheet-ambiguous')).toEqual([]);
    const two = json('two.xls');
    expect(two.status, two.stderr).toBe(0);
    expect(two.out.reps).toEqual(same.out.reps);
    const amb = two.out.findings.filter((f) => f.code === 'sheet-ambiguous');
    expect(amb.map((f) => f.severity)).toEqual(['error']);
    expect(amb[0]!.message).toMatch(new RegExp(`^read HTML table 1 \\(${t.lines.length} rows\\), the first table whose header has level and 1 more field \\(rows\\); table 2 \\(2 rows\\) has a matching header too and is not read, so its rows are not used`));
    expect(json('two.xls', '--strict').status).toBe(1);
  });

  test('--metrics with exports, or with --as-of, is a usage error', async () => {
    const t = await table();
    expect(run(t.dir, ['evaluate', 'data.csv', '--metrics', 'm.csv', '-r', t.rubric]).status).toBe(2);
    expect(run(t.dir, ['evaluate', '--metrics', 'm.csv', '--as-of', '2026-01-31', '-r', t.rubric]).status).toBe(2);
  });
});

describe('a partly covered latest period: the same finding and decisions from the table as from the export', () => {
  /** The report without what a MetricTable does not carry — but with the data's range, coverage and their findings. */
  function withCoverage(json: string): unknown {
    const ev = JSON.parse(json) as Record<string, unknown> & { manifest: Record<string, unknown>; findings: { code: string }[] };
    delete ev.manifest.inputs;
    for (const k of ['rows', 'dataLoss']) delete ev[k];
    ev.findings = ev.findings.filter((f) => !['kpi-rows-lost', 'sum-value-missing', 'where-value-unmatched', 'metric-table-limits'].includes(f.code) && !('row' in f));
    return JSON.parse(JSON.stringify(ev, (k, v: unknown) => (k === 'sample' ? undefined : v)));
  }

  test('quarterly rubric, data ending 2026-10-28: 2026-Q4 graded as partly covered both ways', async () => {
    // Dates up to day 660 (2026-10-23), closed within 5 days: 2026-Q4 holds a quarter of a busy
    // quarter's rows (the default period) and is covered only until late October.
    const rows = fc
      .sample(genRow(24), { numRuns: 500, seed: 11 })
      .map((r) => ({ ...r, day: r.day === null ? null : Math.min(r.day, 660), closeOffset: r.closeOffset === null ? null : r.closeOffset % 6 }));
    const w = writeWorkdir(rows, rubricFor('quarter', 1));
    const files = await metricTableFiles(w);
    const raw = run(w.dir, ['evaluate', w.csv, '-r', w.rubric, '-f', 'json']);
    const table = run(w.dir, ['evaluate', '--metrics', files.csv, '-r', w.rubric, '-f', 'json']);
    expect(raw.status, raw.stderr).toBe(0);
    expect(table.status, table.stderr).toBe(0);
    const want = withCoverage(raw.stdout) as { period: { label: string }; findings: { code: string; data?: { graded?: boolean } }[]; coverage?: unknown };
    expect(want.period.label).toBe('2026-Q4');
    expect(want.coverage).toBeDefined();
    expect(want.findings.some((f) => f.code === 'period-partly-covered' && f.data?.graded === true)).toBe(true);
    expect(withCoverage(table.stdout), `work dir ${w.dir}`).toEqual(want);
    expect(withCoverage(run(w.dir, ['evaluate', '--metrics', files.parquet, '-r', w.rubric, '-f', 'json']).stdout)).toEqual(want);

    // A table without first_date / last_date (MetricTable v1) cannot tell: graded as complete, and the warning says so.
    const lines = readFileSync(files.csv, 'utf8').trimEnd().split('\n');
    const drop = new Set(['first_date', 'last_date'].map((c) => lines[0]!.split(',').indexOf(c)));
    writeFileSync(join(w.dir, 'v1.csv'), lines.map((l) => l.split(',').filter((_, k) => !drop.has(k)).join(',')).join('\n') + '\n');
    const v1 = run(w.dir, ['evaluate', '--metrics', 'v1.csv', '-r', w.rubric, '-f', 'json']);
    expect(v1.status, v1.stderr).toBe(0);
    const old = JSON.parse(v1.stdout) as { findings: { code: string; message: string }[]; coverage?: unknown };
    expect(old.coverage ?? null).toBeNull();
    expect(old.findings.some((f) => f.code === 'period-partly-covered')).toBe(false);
    expect(old.findings.find((f) => f.code === 'metric-table-limits')?.message).toMatch(/without first_date \/ last_date/);
  }, 60_000);

  test('a first_date outside the row\'s period is refused with its place', async () => {
    const w = writeWorkdir(fc.sample(genRow(6), { numRuns: 60, seed: 3 }), rubricFor('month', 1));
    const files = await metricTableFiles(w);
    const lines = readFileSync(files.csv, 'utf8').trimEnd().split('\n');
    const col = lines[0]!.split(',').indexOf('first_date');
    const at = lines.findIndex((l) => l.startsWith('company,'));
    const edited = lines.map((l, n) => (n === at ? l.split(',').map((c, k) => (k === col ? '1999-01-01' : c)).join(',') : l));
    writeFileSync(join(w.dir, 'bad.csv'), edited.join('\n') + '\n');
    const r = run(w.dir, ['evaluate', '--metrics', 'bad.csv', '-r', w.rubric, '-f', 'json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`bad.csv:${at + 1}:${col + 1}`);
    expect(r.stderr).toMatch(/first_date: 1999-01-01 is not in the row's period/);
  }, 60_000);
});

describe('--fail-on warning with --metrics', () => {
  test('metric-table-limits alone does not fail the run when the table carries the data\'s dates; a v1 table without them does', async () => {
    // Clean rows (a rep and a date on each): nothing for --fail-on warning to fail on but the table's limits.
    const rows = fc.sample(genRow(6), { numRuns: 60, seed: 3 }).map((r) => ({ ...r, rep: r.rep ?? 0, day: r.day ?? 160 }));
    const w = writeWorkdir(rows, rubricFor('month', 1));
    const files = await metricTableFiles(w);
    const r = run(w.dir, ['evaluate', '--metrics', files.csv, '-r', w.rubric, '-f', 'json', '--fail-on', 'warning', '--period', '2025-06']);
    const findings = (JSON.parse(r.stdout) as { findings: { code: string; severity: string }[] }).findings;
    const limits = findings.find((f) => f.code === 'metric-table-limits');
    expect(limits?.severity).toBe('info');
    const failing = findings.filter((f) => f.severity !== 'info');
    expect(failing).toEqual([]);
    expect(r.status, r.stderr).toBe(0);

    const lines = readFileSync(files.csv, 'utf8').trimEnd().split('\n');
    const drop = new Set(['first_date', 'last_date'].map((c) => lines[0]!.split(',').indexOf(c)));
    writeFileSync(join(w.dir, 'v1.csv'), lines.map((l) => l.split(',').filter((_, k) => !drop.has(k)).join(',')).join('\n') + '\n');
    const v1 = run(w.dir, ['evaluate', '--metrics', 'v1.csv', '-r', w.rubric, '-f', 'json', '--fail-on', 'warning', '--period', '2025-06']);
    expect((JSON.parse(v1.stdout) as { findings: { code: string; severity: string }[] }).findings.find((f) => f.code === 'metric-table-limits')?.severity).toBe('warning');
    expect(v1.status).toBe(1);
  }, 60_000);
});
