/**
 * `--engine duckdb`'s row counts and hashes (src/io/duckdb-engine.ts): the query counts the rows it
 * reads (compile.ts `sourceRows`) instead of a counting pass of its own per file, and hashes the files
 * while DuckDB runs. The counts must equal the counting pass they replace (`count(*)` over the same
 * reader) on CSV files shaped the awkward ways exports are: blank lines, quoted newlines, a BOM, a last
 * line without a newline, CRLF, rows without a rep or a date; per file when several are given; and a
 * Parquet file's footer count.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { compileSql, SOURCE_ROWS_LEVEL } from '../../../src/engine/sql/compile.js';
import { DUCKDB_FILE_COLUMN, duckDbMemoryLimitMb, runDuckDbMetricQuery } from '../../../src/io/duckdb-engine.js';
import { Rubric } from '../../../src/rubric/schema.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { main } from '../../../src/cli/main.js';
import { ownerDateAmountRubric } from '../../big-inputs.js';
import { rubricFor } from '../engine/sql/generated-export.js';

const rubric = Rubric.parse(rubricFor('quarter', 1));
const NEEDED = new Set(['rep', 'date', 'close_date', 'stage', 'kind', 'amount', 'customer', 'csat']);
const HEAD = 'Owner,Team,Region,Date,Close Date,Stage,Kind,Amount,Account,CSAT,Units';

/** Awkward CSV files: name → text. */
const FILES: Record<string, string> = {
  plain: `${HEAD}\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,Acme,4,1\nRep 2,A,N,2026-02-05,,Lost,Call,50,Beta,,\n`,
  'blank lines': `${HEAD}\n\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,Acme,4,1\n\n\nRep 2,A,N,2026-04-05,,Lost,Call,50,Beta,,\n\n`,
  'quoted newlines': `${HEAD}\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,"Acme\nInc, ""the"" one",4,1\n"Rep\n2",A,N,2026-02-05,,Lost,Call,50,"Beta\r\n",,\n`,
  BOM: `\uFEFF${HEAD}\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,Acme,4,1\n`,
  'no final newline': `${HEAD}\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,Acme,4,1\nRep 3,B,S,2026-07-05,2026-07-06,Won,Visit,7,Gamma,5,2`,
  CRLF: `${HEAD}\r\nRep 1,A,N,2026-01-05,2026-01-09,Won,Visit,100,Acme,4,1\r\nRep 2,A,N,2026-02-05,,Lost,Call,50,Beta,,\r\n`,
  'no rep, no date, both dates in two periods': `${HEAD}\n,A,N,2026-01-05,,Won,Visit,100,Acme,4,1\nRep 1,A,N,,,Won,Visit,100,Acme,4,1\nRep 1,A,N,2025-12-30,2026-01-02,Won,Visit,1,X,3,1\n,,,,,,,,,,\n`,
  'header only': `${HEAD}\n`,
};

async function countPass(abs: string): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const r = await c.runAndReadAll(`SELECT count(*) FROM read_csv('${abs.replace(/'/g, "''")}', header = true, all_varchar = true)`);
    return Number((r.getRowsJson() as unknown[][])[0]![0]);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const sha = (abs: string): string => createHash('sha256').update(readFileSync(abs)).digest('hex');

function write(name: string, text: string): { abs: string; shown: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-duck-rows-'));
  const abs = join(dir, `${name.replace(/[^a-z]+/gi, '-')}.csv`);
  writeFileSync(abs, text);
  return { abs, shown: name };
}

const sqlFor = (files: number): string =>
  compileSql(rubric, { dialect: 'duckdb', from: 'sg_input', scale: 4, sourceRows: files > 1 ? { fileColumn: DUCKDB_FILE_COLUMN } : {} }).sql;

test('the row count from the query equals the CSV counting pass it replaced, file by file (blank lines, quoted newlines, a BOM, no final newline, CRLF, no rep / no date)', async () => {
  for (const [name, text] of Object.entries(FILES)) {
    const f = write(name, text);
    const run = await runDuckDbMetricQuery([f], rubric.source, NEEDED, sqlFor(1), 4, 'result');
    expect(run.fileRows, name).toEqual([await countPass(f.abs)]);
    expect(run.sha256, name).toEqual([sha(f.abs)]);
    // The count rows are not MetricTable rows.
    expect(run.rows.some((r) => r.cells.get('level') === SOURCE_ROWS_LEVEL), name).toBe(false);
  }
}, 60_000);

test('several files: each counted on its own by the query (and the MetricTable is the one of their rows together)', async () => {
  const files = Object.entries(FILES).map(([name, text]) => write(name, text));
  const run = await runDuckDbMetricQuery(files, rubric.source, NEEDED, sqlFor(files.length), 4, 'result');
  const want: number[] = [];
  for (const f of files) want.push(await countPass(f.abs));
  expect(run.fileRows).toEqual(want);
  expect(run.sha256).toEqual(files.map((f) => sha(f.abs)));
  // The same table as one file holding all the rows (the per-file key only splits the groups).
  const all = write('all', `${HEAD}\n${files.map((f) => readFileSync(f.abs, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).slice(1).join('\n')).join('\n')}\n`);
  const one = await runDuckDbMetricQuery([all], rubric.source, NEEDED, sqlFor(1), 4, 'result');
  const cells = (rows: typeof run.rows): unknown[] => rows.map((r) => Object.fromEntries(r.cells));
  expect(cells(run.rows).length).toBeGreaterThan(10);
  expect(cells(run.rows)).toEqual(cells(one.rows));
}, 60_000);

test('a Parquet file: the query counts what its footer says', async () => {
  const csv = write('plain', FILES['no rep, no date, both dates in two periods']!);
  const parquet = csv.abs.replace(/\.csv$/, '.parquet');
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  let footer: number;
  try {
    await c.run(`COPY (SELECT * FROM read_csv('${csv.abs}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT PARQUET)`);
    footer = Number(((await c.runAndReadAll(`SELECT SUM(num_rows) FROM parquet_file_metadata('${parquet}')`)).getRowsJson() as unknown[][])[0]![0]);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
  const run = await runDuckDbMetricQuery([{ abs: parquet, shown: 'p' }, csv], rubric.source, NEEDED, sqlFor(2), 4, 'result');
  expect(run.fileRows).toEqual([footer, await countPass(csv.abs)]);
  expect(footer).toBe(4);
}, 60_000);

test("DuckDB's memory limit: 1.5 GiB (the 20M-row case spilled and cost 50 % more CPU at 1 GiB), never more than half the machine", () => {
  const GiB = 2 ** 30;
  expect([24 * GiB, 4 * GiB, 3 * GiB, 2 * GiB, GiB, 0].map(duckDbMemoryLimitMb)).toEqual([1536, 1536, 1536, 1024, 512, 64]);
});

test('a file that changes while DuckDB runs the query is refused (input-changed, naming it), not graded from bytes its sha256 does not describe', async () => {
  const a = write('plain', FILES.plain!);
  const b = write('CRLF', FILES.CRLF!);
  // appended to (the size changes) and rewritten in place to the same size (the mtime changes)
  const changes: [string, (abs: string) => void][] = [
    ['appended', (abs) => writeFileSync(abs, `${readFileSync(abs, 'utf8')}Rep 9,A,N,2026-01-05,2026-01-09,Won,Visit,1,Acme,4,1\n`, { flag: 'w' })],
    ['same size', (abs) => {
      const text = readFileSync(abs, 'utf8').replace('100', '900');
      const later = new Date(Date.now() + 5_000);
      writeFileSync(abs, text);
      utimesSync(abs, later, later);
    }],
  ];
  for (const [how, change] of changes) {
    const err = await runDuckDbMetricQuery([a, b], rubric.source, NEEDED, sqlFor(2), 4, 'result', { afterQuery: () => change(b.abs) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err, how).toBeInstanceOf(SalesgradeError);
    expect((err as SalesgradeError).code, how).toBe('input-changed');
    expect((err as SalesgradeError).location?.file, how).toBe('CRLF');
    writeFileSync(b.abs, FILES.CRLF!);
  }
  // unchanged: the same call runs
  const run = await runDuckDbMetricQuery([a, b], rubric.source, NEEDED, sqlFor(2), 4, 'result', { afterQuery: () => undefined });
  expect(run.sha256).toEqual([sha(a.abs), sha(b.abs)]);
}, 60_000);

test('a row without a rep and without a date is no loss in the period under --engine duckdb, as under the default engine (a dated one is)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-duck-loss-'));
  writeFileSync(join(dir, 'salesgrade.yaml'), ownerDateAmountRubric('loss'));
  // a counted row; no rep, no date (twice: one with an amount, one blank); no rep dated in the period; no rep dated in another
  writeFileSync(join(dir, 'data.csv'), 'Owner,Date,Amount\nA,2026-03-01,5\n,,7\n,2026-03-04,3\n,2026-01-04,2\n,,\n');
  const lossOf = async (engine: string[]): Promise<unknown> => {
    const out: string[] = [];
    const status = await main(['node', 'salesgrade', 'evaluate', 'data.csv', '--no-workbook', '-q', '-f', 'json', ...engine], {
      stdout: { write: (s: string) => void out.push(s), isTTY: false },
      stderr: { write: () => undefined, isTTY: false },
      env: {},
      cwd: dir,
      now: () => new Date('2026-08-15T00:00:00Z'),
    });
    expect(status).toBe(0);
    const ev = JSON.parse(out.join('')) as { period: unknown; dataLoss?: { rows: number; byReason: unknown; money: unknown } };
    return { period: ev.period, rows: ev.dataLoss?.rows, byReason: ev.dataLoss?.byReason, money: ev.dataLoss?.money };
  };
  const want = await lossOf([]);
  expect(want).toMatchObject({ rows: 1, byReason: { 'no-rep': 1 }, money: [{ field: 'amount', amount: '3' }] });
  expect(await lossOf(['--engine', 'duckdb'])).toEqual(want);
}, 60_000);
