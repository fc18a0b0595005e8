/**
 * Differential: the query `salesgrade sql --dialect duckdb` prints, run by DuckDB over a table loaded
 * from a generated export, gives exactly the metric values salesgrade's own reader and engine give
 * from the same file — per rep, team, region and the company, in every period, for every period kind
 * and fiscal year start, with and without a roster.
 */
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileSql } from '../../../../src/engine/sql/compile.js';
import { Rubric } from '../../../../src/rubric/schema.js';
import type { MetricTableRow } from '../../../../src/engine/sql/metric-table.js';
import type { PeriodKind } from '../../../../src/engine/rubric-shape.js';
import { differences, engineEvaluations, fedPeriods } from './differential-helpers.js';
import { COLUMN_TYPES, genRow, rubricFor, writeWorkdir, repName } from './generated-export.js';

async function duck(): Promise<typeof import('@duckdb/node-api')> {
  return import('@duckdb/node-api');
}

/**
 * The CSV loaded as a typed table `acts` (and the roster as `roster_t`), then the query's rows. One
 * DuckDB thread: these tables are far smaller than a row group (122,880 rows), so more threads would
 * not split the work, only start and stop (~20% of this file's CPU on the 2-core machine).
 */
export async function runDuckDb(csv: string, sql: string, rosterCsv?: string): Promise<MetricTableRow[]> {
  const { DuckDBInstance } = await duck();
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await instance.connect();
  try {
    const cols = Object.entries(COLUMN_TYPES)
      .map(([k, t]) => `'${k}': '${t}'`)
      .join(', ');
    await c.run(`CREATE TABLE acts AS SELECT * FROM read_csv('${csv.replace(/'/g, "''")}', header = true, columns = {${cols}}, quote = '"', escape = '"')`);
    if (rosterCsv !== undefined) await c.run(`CREATE TABLE roster_t AS SELECT * FROM read_csv('${rosterCsv.replace(/'/g, "''")}', header = true, all_varchar = true)`);
    const reader = await c.runAndReadAll(sql);
    return reader.getRowObjectsJson() as MetricTableRow[];
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const CASES: { period: PeriodKind; fys: number }[] = [
  { period: 'month', fys: 1 },
  { period: 'quarter', fys: 4 },
  { period: 'half', fys: 7 },
  { period: 'year', fys: 10 },
  { period: 'week', fys: 1 },
  { period: 'quarter', fys: 1 },
];

describe('salesgrade sql --dialect duckdb equals the engine on generated exports', () => {
  for (const { period, fys } of CASES) {
    test(`${period}, fiscal_year_start ${fys}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(genRow(24), { minLength: 20, maxLength: period === 'week' ? 250 : 500 }), fc.boolean(), async (rows, withRoster) => {
          // A roster placing some reps (others left to the data's team column), one rep without rows.
          const rosterCsv = withRoster
            ? ['Sales Rep,Team,Region', `${repName(1)},Roster A,North`, `${repName(2)},Roster A,`, `${repName(4)},,South`, `${repName(99)},Roster B,North`].join('\n') + '\n'
            : undefined;
          const rubric = rubricFor(period, fys, rosterCsv ? 'roster.csv' : undefined);
          const w = writeWorkdir(rows, rubric, rosterCsv);
          const entries = withRoster
            ? [
                { rep: repName(1), team: 'Roster A', region: 'North' },
                { rep: repName(2), team: 'Roster A' },
                { rep: repName(4), region: 'South' },
                { rep: repName(99), team: 'Roster B', region: 'North' },
              ]
            : undefined;
          const { sql } = compileSql(Rubric.parse(rubric), { dialect: 'duckdb', from: 'acts', ...(entries ? { roster: { entries } } : {}) });
          const table = await runDuckDb(w.csv, sql);
          // Up to 5 periods (each is a full evaluation with its history): the first, the last, some between.
          const all = fedPeriods(table, rubric);
          if (all.length === 0) return;
          const periods = [...new Set([all[0]!, all[all.length - 1]!, ...all.filter((_, i) => i % Math.ceil(all.length / 3) === 1)])].slice(0, 5);
          const evaluations = await engineEvaluations(w, periods);
          const diff = differences(rubric, table, evaluations, rows.length);
          if (diff.length) writeFileSync(join(w.dir, 'query.sql'), sql);
          expect(diff.slice(0, 20), `work dir ${w.dir}`).toEqual([]);
        }),
        // endOnFailure: report the first failing export (kept in its work dir) instead of shrinking for minutes.
        { numRuns: period === 'week' ? 2 : 3, endOnFailure: true },
      );
    }, 60_000);
  }

  test('a roster table gives what the inlined roster gives', async () => {
    const rows = fc.sample(genRow(12), { numRuns: 300, seed: 7 });
    const rosterCsv = ['Sales Rep,Team,Region', `${repName(1)},Roster A,North`, `${repName(3)},,South`].join('\n') + '\n';
    const rubric = { ...rubricFor('month', 1, 'roster.csv'), roster: { file: 'roster.csv', fields: { rep: ['Sales Rep'], team: ['Team'], region: ['Region'] } } };
    const w = writeWorkdir(rows, rubric, rosterCsv);
    const r = Rubric.parse(rubric);
    const inline = compileSql(r, { dialect: 'duckdb', from: 'acts', roster: { entries: [{ rep: repName(1), team: 'Roster A', region: 'North' }, { rep: repName(3), region: 'South' }] } });
    const table = compileSql(r, { dialect: 'duckdb', from: 'acts', roster: { table: 'roster_t', columns: { rep: 'Sales Rep', team: 'Team', region: 'Region' } } });
    const a = await runDuckDb(w.csv, inline.sql);
    const b = await runDuckDb(w.csv, table.sql, join(w.dir, 'roster.csv'));
    expect(b).toEqual(a);
    expect(a.some((x) => x.team === 'Roster A')).toBe(true);
    const periods = fedPeriods(a, rubric);
    const diff = differences(rubric, a, await engineEvaluations(w, periods), rows.length);
    expect(diff).toEqual([]);
  });

  test('the shipped sample (inside-sales, its roster) gives the engine\'s numbers', async () => {
    // The sample writes amounts as "$17,160": the warehouse holds them as numbers.
    const { DuckDBInstance } = await duck();
    const { loadRubric } = await import('../../../../src/rubric/load.js');
    const loaded = await loadRubric('samples/inside-sales.yaml');
    const rosterText = readFileSync('samples/inside-sales-roster.csv', 'utf8').trim().split('\n').slice(1);
    const entries = rosterText.map((l) => {
      const [rep, team, region] = l.split(',');
      return { rep: rep!, team: team!, region: region! };
    });
    const { sql } = compileSql(loaded.rubric, { dialect: 'duckdb', from: 'acts', roster: { entries } });
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const c = await instance.connect();
    await c.run(
      `CREATE TABLE acts AS SELECT * REPLACE (CAST("Date" AS DATE) AS "Date", CAST("Close Date" AS DATE) AS "Close Date", ` +
        `CAST(replace(replace("Amount", '$', ''), ',', '') AS DECIMAL(18, 2)) AS "Amount", CAST("CSAT" AS DECIMAL(4, 1)) AS "CSAT") ` +
        `FROM read_csv('samples/inside-sales-2026.csv', header = true, all_varchar = true)`,
    );
    const table = (await c.runAndReadAll(sql)).getRowObjectsJson() as MetricTableRow[];
    c.closeSync();
    instance.closeSync();
    const rubricObj = loaded.rubric as unknown as Record<string, unknown>;
    const periods = fedPeriods(table, rubricObj);
    expect(periods).toEqual(['2026-07', '2026-08', '2026-09']);
    const outcomes = await engineEvaluations({ dir: process.cwd(), csv: 'samples/inside-sales-2026.csv', rubric: 'samples/inside-sales.yaml' }, periods);
    expect(differences(rubricObj, table, outcomes, outcomes.get('2026-09')!.rows.read)).toEqual([]);
  });
});
