// Baseline for `--engine duckdb`: raw DuckDB running the very query salesgrade runs, over the same
// file, behind the same view (text columns as VARCHAR, dates CAST to DATE, numbers to DECIMAL(18, 4)
// for a CSV read as text; a Parquet file's typed columns as they are), fetching the result rows.
//   node bench/baselines/duckdb-query.mjs <file.csv|file.parquet> <query.sql>
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, queryFile] = process.argv.slice(2);
const sql = readFileSync(queryFile, 'utf8');
// As salesgrade runs it: spill files in a temp folder of its own (DuckDB's default is ./.tmp), 1.5 GiB of
// buffers (src/io/duckdb-engine.ts duckDbMemoryLimitMb, on a machine with 3 GiB or more).
const spill = mkdtempSync(join(tmpdir(), 'bench-duckdb-'));
const db = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'false', memory_limit: '1536MB', temp_directory: spill });
const con = await db.connect();
const q = (s) => `'${s.replaceAll("'", "''")}'`;
if (file.endsWith('.parquet')) {
  await con.run(`CREATE TEMP VIEW sg_input AS SELECT * FROM read_parquet(${q(file)})`);
} else {
  const t = (c, type) => `CAST(NULLIF(TRIM("${c}"), '') AS ${type}) AS "${c}"`;
  // Numbers as salesgrade's view reads them: DECIMAL(18, 4), a value with more decimals refused.
  const n = (c) => `CASE WHEN length(rtrim(split_part(TRIM("${c}"), '.', 2), '0')) > 4 OR strpos(lower(TRIM("${c}")), 'e') > 0 THEN error('${c}: ' || TRIM("${c}")) ELSE CAST(NULLIF(TRIM("${c}"), '') AS DECIMAL(18, 4)) END AS "${c}"`;
  await con.run(
    `CREATE TEMP VIEW sg_input AS SELECT * REPLACE (${t('Date', 'DATE')}, ${t('Close Date', 'DATE')}, ${n('Amount')}, ${n('CSAT')}) ` +
      `FROM read_csv(${q(file)}, header = true, all_varchar = true)`,
  );
}
const rows = (await con.runAndReadAll(sql)).getRowsJson();
process.stdout.write(`${rows.length} MetricTable rows\n`);
rmSync(spill, { recursive: true, force: true });
