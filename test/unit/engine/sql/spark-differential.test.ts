/**
 * Differential on Apache Spark (local mode, pyspark): the `--dialect spark` query over generated
 * exports gives exactly the engine's metric values. One Spark session runs every case (its startup is
 * most of the cost). It runs when `SALESGRADE_SPARK=1` (set by `.ci/run`, which installs pyspark) or
 * under CI, where a missing pyspark fails it; a plain `npx vitest run` skips it (minutes on a shared
 * 2-core machine). pyspark comes from `SALESGRADE_PYSPARK_PYTHON`, else ~/.cache/salesgrade/spark-venv.
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { compileSql } from '../../../../src/engine/sql/compile.js';
import type { MetricTableRow } from '../../../../src/engine/sql/metric-table.js';
import type { PeriodKind } from '../../../../src/engine/rubric-shape.js';
import { Rubric } from '../../../../src/rubric/schema.js';
import { differences, engineEvaluations, fedPeriods } from './differential-helpers.js';
import { COLUMN_TYPES, genRow, repName, rubricFor, writeWorkdir } from './generated-export.js';

const python = process.env.SALESGRADE_PYSPARK_PYTHON ?? join(homedir(), '.cache', 'salesgrade', 'spark-venv', 'bin', 'python');
const available = existsSync(python);

const sparkType = (t: string): string => (t === 'VARCHAR' ? 'STRING' : t);

test.runIf(process.env.SALESGRADE_SPARK === '1' || Boolean(process.env.CI))(
  'salesgrade sql --dialect spark on Spark (local mode) equals the engine: fiscal quarters (start 4) with a roster table, ISO weeks with the data\'s teams',
  async () => {
    expect(available, `pyspark not found at ${python}: run .ci/run, or set SALESGRADE_PYSPARK_PYTHON`).toBe(true);
    const cases: { period: PeriodKind; fys: number; roster: boolean; seed: number }[] = [
      // Two cases (Spark's per-query cost dominates): fiscal quarters with a roster table, ISO weeks with the data's teams.
      { period: 'quarter', fys: 4, roster: true, seed: 2 },
      { period: 'week', fys: 1, roster: false, seed: 3 },
    ];
    const jobs = cases.map((c) => {
      const rows = fc.sample(genRow(20), { numRuns: 400, seed: c.seed });
      const rosterCsv = c.roster ? `Sales Rep,Team,Region\n${repName(1)},Roster A,North\n${repName(3)},,South\n` : undefined;
      const rubric = rubricFor(c.period, c.fys, rosterCsv ? 'roster.csv' : undefined);
      const w = writeWorkdir(rows, rubric, rosterCsv);
      const { sql } = compileSql(Rubric.parse(rubric), {
        dialect: 'spark',
        from: 'acts',
        ...(c.roster ? { roster: { table: 'roster_t', columns: { rep: 'Sales Rep', team: 'Team', region: 'Region' } } } : {}),
      });
      writeFileSync(join(w.dir, 'query.sql'), sql);
      return {
        c,
        rows,
        rubric,
        w,
        job: {
          csv: w.csv,
          schema: Object.fromEntries(Object.entries(COLUMN_TYPES).map(([k, t]) => [k, sparkType(t)])),
          table: 'acts',
          sql: join(w.dir, 'query.sql'),
          out: join(w.dir, 'out.json'),
          ...(c.roster ? { roster_csv: join(w.dir, 'roster.csv'), roster_table: 'roster_t' } : {}),
        },
      };
    });
    const jobsFile = join(jobs[0]!.w.dir, 'jobs.json');
    writeFileSync(jobsFile, JSON.stringify(jobs.map((j) => j.job)));
    const run = spawnSync(python, [resolve('test/spark/run_sql.py'), jobsFile], { encoding: 'utf8', timeout: 600_000 });
    expect(run.status, `spark: ${run.stderr.slice(-3000)}`).toBe(0);
    console.log(`spark: ${run.stdout.trim()}`);
    for (const j of jobs) {
      const table = JSON.parse(readFileSync(j.job.out, 'utf8')) as MetricTableRow[];
      const all = fedPeriods(table, j.rubric);
      expect(all.length).toBeGreaterThan(0);
      const periods = [...new Set([all[0]!, all[all.length - 1]!, all[Math.floor(all.length / 2)]!])];
      const diff = differences(j.rubric, table, await engineEvaluations(j.w, periods), j.rows.length);
      expect(diff.slice(0, 20), `${j.c.period} fys ${j.c.fys}: ${j.w.dir}`).toEqual([]);
    }
  },
  700_000,
);
