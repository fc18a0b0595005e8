/**
 * Differential on a real PostgreSQL server (started by the test in a temporary directory, on a Unix
 * socket): the `--dialect postgres` query over a generated export gives the engine's values. Runs
 * when `SALESGRADE_POSTGRES=1` (or under CI, where a missing server fails it) and `initdb`, `pg_ctl`
 * and `psql` are on the PATH (Debian: apt-get install postgresql).
 */
import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compileSql } from '../../../../src/engine/sql/compile.js';
import type { MetricTableRow } from '../../../../src/engine/sql/metric-table.js';
import { Rubric } from '../../../../src/rubric/schema.js';
import { differences, engineEvaluations, fedPeriods } from './differential-helpers.js';
import { COLUMN_TYPES, genRow, repName, rubricFor, writeWorkdir } from './generated-export.js';

const enabled = process.env.SALESGRADE_POSTGRES === '1' || Boolean(process.env.CI);
const NULL = '\u2400NULL';
let dir = '';
const port = String(55_000 + (process.pid % 1000));
/** Postgres refuses to run as root: then the server runs as the `postgres` user. */
const asRoot = process.getuid?.() === 0;
const sh = (cmd: string): void => {
  if (asRoot) execFileSync('su', ['postgres', '-c', cmd], { stdio: 'pipe' });
  else execFileSync('sh', ['-c', cmd], { stdio: 'pipe' });
};

beforeAll(() => {
  if (!enabled) return;
  dir = mkdtempSync(join(tmpdir(), 'sg-pg-'));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  sh(`initdb -D ${dir}/data -A trust -U sg -E UTF8 --locale=C.UTF-8 >/dev/null && pg_ctl -D ${dir}/data -o "-k ${dir} -p ${port} -c listen_addresses=" -l ${dir}/log -w start >/dev/null`);
}, 120_000);

afterAll(() => {
  if (enabled && dir) sh(`pg_ctl -D ${dir}/data -m immediate stop >/dev/null`);
});

function psql(sql: string): string {
  const r = spawnSync('psql', ['-h', dir, '-p', port, '-U', 'sg', '-d', 'postgres', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--csv', '-P', `null=${NULL}`], { input: sql, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}

const pgType = (t: string): string => (t === 'VARCHAR' ? 'TEXT' : t);

test.runIf(enabled)('salesgrade sql --dialect postgres on PostgreSQL equals the engine: fiscal quarters with an inlined roster, ISO weeks', async () => {
  for (const [i, c] of [
    { period: 'quarter' as const, fys: 4, roster: true },
    { period: 'week' as const, fys: 1, roster: false },
  ].entries()) {
    const rows = fc.sample(genRow(16), { numRuns: 400, seed: 11 + i });
    const rosterCsv = c.roster ? `Sales Rep,Team,Region\n${repName(1)},Roster A,North\n${repName(3)},,South\n` : undefined;
    const rubric = rubricFor(c.period, c.fys, rosterCsv ? 'roster.csv' : undefined);
    const w = writeWorkdir(rows, rubric, rosterCsv);
    const entries = c.roster ? [{ rep: repName(1), team: 'Roster A', region: 'North' }, { rep: repName(3), region: 'South' }] : undefined;
    const { sql } = compileSql(Rubric.parse(rubric), { dialect: 'postgres', from: `acts${i}`, ...(entries ? { roster: { entries } } : {}) });
    const cols = Object.entries(COLUMN_TYPES).map(([k, t]) => `"${k}" ${pgType(t)}`);
    // COPY ... FROM STDIN: the CSV through psql, so the server needs no access to the file.
    const load = `CREATE TABLE acts${i} (${cols.join(', ')});\n\\copy acts${i} FROM '${w.csv}' WITH (FORMAT csv, HEADER true)\n`;
    psql(load);
    const out = psql(sql);
    const table = (parse(out, { columns: true, bom: true }) as Record<string, string>[]).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === NULL ? null : v])),
    ) as MetricTableRow[];
    const all = fedPeriods(table, rubric);
    expect(all.length).toBeGreaterThan(0);
    const periods = [...new Set([all[0]!, all[all.length - 1]!, all[Math.floor(all.length / 2)]!])];
    writeFileSync(join(w.dir, 'query.sql'), sql);
    const diff = differences(rubric, table, await engineEvaluations(w, periods), rows.length);
    expect(diff.slice(0, 20), `${c.period}: ${w.dir}`).toEqual([]);
  }
  expect(readFileSync(join(dir, 'log'), 'utf8')).not.toMatch(/FATAL/);
}, 180_000);
