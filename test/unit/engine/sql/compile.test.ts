/**
 * `compileSql`: period labels computed by DuckDB for every day of 1999–2031 equal `periodOf` (every kind,
 * every fiscal year start), and the integer period key the query groups by is one-to-one with them; golden queries per dialect (BigQuery and Snowflake are only generated:
 * these files are their test); literals escaped per dialect; what a dialect cannot express is
 * refused with the reason; --period / --periods keep exactly their periods.
 */
import { describe, expect, test } from 'vitest';
import { compileSql, periodKeySql, periodLabelSql } from '../../../../src/engine/sql/compile.js';
import { DIALECTS } from '../../../../src/engine/sql/dialects.js';
import { periodOf } from '../../../../src/engine/periods.js';
import type { PeriodKind } from '../../../../src/engine/rubric-shape.js';
import { Rubric } from '../../../../src/rubric/schema.js';
import { SalesgradeError } from '../../../../src/shared/errors.js';
import { rubricFor } from './generated-export.js';

async function duckRows(sql: string): Promise<Record<string, unknown>[]> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await instance.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('period labels in SQL equal periodOf', () => {
  const kinds: PeriodKind[] = ['week', 'month', 'quarter', 'half', 'year'];
  test('every day of 1999-01-01 … 2031-12-31, every kind, fiscal years starting in every month (DuckDB)', async () => {
    const selects: string[] = [];
    const keys: { kind: PeriodKind; fys: number }[] = [];
    for (const kind of kinds) {
      for (const fys of kind === 'week' || kind === 'month' ? [1] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
        keys.push({ kind, fys });
        selects.push(`${periodLabelSql({ period: kind, fiscal_year_start: fys }, 'duckdb', 'd')} AS l${keys.length - 1}`);
        selects.push(`${periodKeySql({ period: kind, fiscal_year_start: fys }, 'duckdb', 'd')} AS k${keys.length - 1}`);
      }
    }
    const rows = await duckRows(
      `SELECT strftime(d, '%Y-%m-%d') AS day, ${selects.join(', ')} FROM (SELECT CAST(range AS DATE) AS d FROM range(DATE '1999-01-01', DATE '2032-01-01', INTERVAL 1 DAY)) ORDER BY d`,
    );
    expect(rows.length).toBe(12053);
    const wrong: string[] = [];
    // The integer key the query groups rows by before labelling them: one key per period, one period per key.
    const keyToLabel = keys.map(() => new Map<string, string>());
    const labelToKey = keys.map(() => new Map<string, string>());
    for (const r of rows) {
      keys.forEach((k, i) => {
        const want = periodOf(String(r.day), k.kind, k.fys).label;
        if (r[`l${i}`] !== want && wrong.length < 10) wrong.push(`${String(r.day)} ${k.kind} fys ${k.fys}: sql ${String(r[`l${i}`])} ≠ ${want}`);
        const key = String(r[`k${i}`]);
        if ((keyToLabel[i]!.get(key) ?? want) !== want || (labelToKey[i]!.get(want) ?? key) !== key) {
          if (wrong.length < 10) wrong.push(`${String(r.day)} ${k.kind} fys ${k.fys}: key ${key} ↔ ${want}, also ${keyToLabel[i]!.get(key) ?? ''} ↔ ${labelToKey[i]!.get(want) ?? ''}`);
        }
        keyToLabel[i]!.set(key, want);
        labelToKey[i]!.set(want, key);
      });
    }
    expect(wrong).toEqual([]);
  });
});

describe('golden queries per dialect (BigQuery and Snowflake: generated, not executed in CI)', () => {
  const rubric = Rubric.parse(rubricFor('quarter', 4));
  for (const dialect of DIALECTS) {
    test(dialect, async () => {
      const { sql } = compileSql(rubric, {
        dialect,
        from: 'crm.activities',
        roster: { entries: [{ rep: "Rep 'O", team: 'East\\1', region: 'North' }, { rep: 'Rep 002' }] },
        periods: ['FY2026-Q1', 'FY2026-Q2'],
      });
      await expect(sql).toMatchFileSnapshot(`golden/${dialect}.sql`);
    });
  }
});

describe('literals are escaped per dialect', () => {
  const withQuote = (dialect: (typeof DIALECTS)[number]): string =>
    compileSql(Rubric.parse({ ...rubricFor('month', 1), metrics: { n: { count: 'rows', where: { stage: "it's \\ won" } } }, kpis: [{ metric: 'n', weight: 100, target: 1 }] }), { dialect, from: 't' }).sql;
  test.each([
    ['duckdb', "'it''s \\ won'"],
    ['postgres', "'it''s \\ won'"],
    ['spark', "'it\\'s \\\\ won'"],
    ['bigquery', "'it\\'s \\\\ won'"],
    ['snowflake', "'it''s \\\\ won'"],
  ] as const)('%s writes %s', (dialect, literal) => {
    expect(withQuote(dialect)).toContain(literal);
  });

  test('DuckDB matches a value with a quote and a backslash, case-insensitively and trimmed', async () => {
    const r = Rubric.parse({
      ...rubricFor('month', 1),
      source: { fields: { rep: ['Owner'], date: { headers: ['Date'], type: 'date' }, stage: ['Stage'] } },
      metrics: { n: { count: 'rows', where: { stage: "it's \\ won" } } },
      kpis: [{ metric: 'n', weight: 100, target: 1 }],
    });
    const from = `(SELECT * FROM (VALUES ('a', DATE '2026-01-05', ' IT''S \\ WON '), ('a', DATE '2026-01-06', 'its \\ won')) AS v("Owner", "Date", "Stage"))`;
    const rows = await duckRows(compileSql(r, { dialect: 'duckdb', from }).sql);
    expect(rows.find((x) => x.level === 'rep')).toMatchObject({ rep: 'a', period: '2026-01', rows: '2', n__rows: '1' });
  });
});

describe('refused with the reason', () => {
  const base = rubricFor('month', 1);
  const refused = (r: Record<string, unknown>, options: Partial<Parameters<typeof compileSql>[1]> = {}): string => {
    try {
      compileSql(Rubric.parse(r), { dialect: 'duckdb', from: 't', ...options });
    } catch (e) {
      expect(e).toBeInstanceOf(SalesgradeError);
      return `${(e as SalesgradeError).code}: ${(e as Error).message}`;
    }
    throw new Error('not refused');
  };
  const fields = (base.source as { fields: Record<string, unknown> }).fields;
  test('no rep field', () => {
    const { rep: _rep, ...rest } = fields;
    expect(refused({ ...base, source: { fields: rest } })).toMatch(/^sql-unsupported: source.fields has no rep field/);
  });
  test('a metric placed by an undeclared date field', () => {
    expect(refused({ ...base, metrics: { n: { count: 'rows', date: 'signed_on' } }, kpis: [{ metric: 'n', weight: 100, target: 1 }] })).toMatch(
      /metrics.n: places rows by the field signed_on, which source.fields does not declare/,
    );
  });
  test('a metric placed by a field that is not a date', () => {
    expect(refused({ ...base, metrics: { n: { count: 'rows', date: 'stage' } }, kpis: [{ metric: 'n', weight: 100, target: 1 }] })).toMatch(/places rows by stage, a text field/);
  });
  test('a number field compared with a text bound (the engine compares its digits as text)', () => {
    expect(refused({ ...base, metrics: { n: { count: 'rows', where: { amount: { gt: 'abc' } } } }, kpis: [{ metric: 'n', weight: 100, target: 1 }] })).toMatch(
      /comparing the number field amount with the text "abc"/,
    );
  });
  test('a scale beyond 18', () => {
    expect(refused(base, { scale: 19 })).toMatch(/--scale must be a whole number 0–18/);
  });
  test('a last period before the first', () => {
    expect(refused(base, { periods: ['2026-05', '2026-03'] })).toMatch(/^period-invalid: --periods 2026-05..2026-03/);
  });
});

test('--period and --periods keep exactly their periods (DuckDB)', async () => {
  const r = Rubric.parse(rubricFor('month', 1));
  const from = `(SELECT * FROM (VALUES ('a', 'T', DATE '2026-01-05', DATE '2026-03-01'), ('b', 'T', DATE '2026-02-06', NULL), (NULL, 'T', DATE '2026-04-01', NULL)) AS v("Owner", "Team", "Date", "Close Date"))`;
  const select = `SELECT level, period, rep, "rows" FROM (%q) AS q ORDER BY 1, 2, 3`;
  const run = async (o: Partial<Parameters<typeof compileSql>[1]>): Promise<string[]> => {
    // the generated columns Stage, Kind, … do not exist in this table: give them as NULL
    const table = `(SELECT *, CAST(NULL AS VARCHAR) AS "Region", CAST(NULL AS VARCHAR) AS "Stage", CAST(NULL AS VARCHAR) AS "Kind", CAST(NULL AS DECIMAL(18,2)) AS "Amount", CAST(NULL AS VARCHAR) AS "Account", CAST(NULL AS DECIMAL(4,1)) AS "CSAT", CAST(NULL AS VARCHAR) AS "Units" FROM ${from})`;
    const sql = compileSql(r, { dialect: 'duckdb', from: table, ...o }).sql.replace(/\nORDER BY[^\n]*\n$/, '\n');
    const rows = await duckRows(select.replace('%q', () => sql.replace(/^--[^\n]*\n/gm, '')));
    return rows.map((x) => `${String(x.level)} ${String(x.period)} ${String(x.rep)} ${String(x.rows)}`);
  };
  const all = await run({});
  expect(all).toContain('rep 2026-01 a 1');
  expect(all).toContain('rep 2026-03 a 1');
  expect(all).toContain('no-rep 2026-04 null 1');
  // Rows without a date have no period: they are listed whatever the period asked for.
  expect(await run({ period: '2026-02' })).toEqual([
    'company 2026-02 null 1',
    'no-date null null 0',
    'no-rep null null 0',
    'region 2026-02 null 1',
    'rep 2026-02 b 1',
    'team 2026-02 null 1',
  ]);
  const q1 = await run({ periods: ['2026-01', '2026-03'] });
  expect(q1.filter((x) => x.startsWith('rep'))).toEqual(['rep 2026-01 a 1', 'rep 2026-02 b 1', 'rep 2026-03 a 1']);
  expect(q1.some((x) => x.includes('2026-04'))).toBe(false);
});

test('a value with more decimals than --scale is counted in `rounded` (DuckDB), none at a scale that holds it', async () => {
  const r = Rubric.parse({
    ...rubricFor('month', 1),
    source: { fields: { rep: ['Owner'], date: { headers: ['Date'], type: 'date' }, amount: { headers: ['Amount'], type: 'money' } } },
    metrics: { revenue: { sum: 'amount' } },
    kpis: [{ metric: 'revenue', weight: 100, target: 1 }],
  });
  const from = `(SELECT * FROM (VALUES ('a', DATE '2026-01-05', CAST(0.12345 AS DOUBLE)), ('a', DATE '2026-01-06', CAST(2.5 AS DOUBLE))) AS v("Owner", "Date", "Amount"))`;
  const rep = async (scale: number) => (await duckRows(compileSql(r, { dialect: 'duckdb', from, scale }).sql)).find((x) => x.level === 'rep');
  expect(await rep(4)).toMatchObject({ rows: '2', rounded: '1', revenue__sum: '2.6235' });
  expect(await rep(5)).toMatchObject({ rows: '2', rounded: '0', revenue__sum: '2.62345' });
});
