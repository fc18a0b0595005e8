/**
 * What `evaluate` and `explain` share: the flags that say what to read and which period, checked and
 * turned into the pipeline's request in one place. Type-only imports keep command start-up lean.
 */
import type { CliContext } from '../context.js';
import type { EvaluateRequest } from '../pipeline/evaluate.js';
import { templatedError, UsageError } from '../../shared/errors.js';
import type { ReportLocale } from '../../report/labels.js';
import { isValidIsoDate } from '../../engine/periods.js';
import { resolve } from 'node:path';

/**
 * `--engine duckdb`: DuckDB opened in a worker thread as the command starts (io/duckdb-session.ts:
 * loading `@duckdb/node-api` and each data file's DESCRIBE run on the other core while this thread
 * checks the outputs and loads the rubric); `run` gets the request with the session, which the
 * pipeline claims for its first query (evaluate, explain, diff, calibrate alike), and which is closed at
 * the end, always. Without `--engine duckdb`, `run(request)` as it is.
 */
export async function withEarlyDuckDb<R extends Omit<EvaluateRequest, 'keepRows'>, T>(ctx: CliContext, request: R, run: (request: R) => Promise<T>): Promise<T> {
  if (request.engine !== 'duckdb') return run(request);
  const { prefetchDescribes, startDuckDb } = await import('../../io/duckdb-session.js');
  const duckdb = startDuckDb();
  prefetchDescribes(duckdb, request.data.filter((p) => p !== '-').map((p) => resolve(ctx.io.cwd, p)));
  try {
    return await run({ ...request, duckdb });
  } finally {
    await duckdb.close();
  }
}

export interface EvaluationInputOptions {
  rubric?: string;
  roster?: string;
  period?: string;
  asOf?: string;
  history?: string[];
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  weekdayFallback?: boolean;
  /** `--metrics FILE`: a MetricTable file (the `salesgrade sql` query's result) instead of exports. */
  metrics?: string;
  /** `--query FILE` with `--metrics`: the query that produced the table, hashed into the manifest. */
  query?: string;
  /** `--engine duckdb`: aggregate the exports in embedded DuckDB with the compiled query. */
  engine?: 'js' | 'duckdb';
}

/** A real calendar date `YYYY-MM-DD` (`2026-02-30` is refused: `Date.parse` would roll it over to March). */
export function checkAsOf(asOf: string | undefined): void {
  if (asOf !== undefined && !isValidIsoDate(asOf)) {
    throw templatedError('usage', 'as-of-invalid', { value: asOf });
  }
}

/** The pipeline request for these flags; the caller adds what is its own (`keepRows`, `sampleRows`). */
export function evaluationRequest(
  ctx: CliContext,
  data: string[],
  o: EvaluationInputOptions,
): Omit<EvaluateRequest, 'keepRows'> {
  checkAsOf(o.asOf);
  if (o.metrics !== undefined && data.length) throw new UsageError(`--metrics ${o.metrics} is graded alone: the exports ${data.join(', ')} would be a second source`, 'give either the exports or --metrics');
  if (o.metrics === undefined && !data.length) throw templatedError('usage', 'no-data-given');
  if (o.metrics !== undefined && o.asOf !== undefined) throw new UsageError('--as-of is not applied to a MetricTable (its rows are already aggregated)', 'filter the table in the query, or give --period');
  if (o.query !== undefined && o.metrics === undefined) throw new UsageError(`--query ${o.query} names the query behind a MetricTable: give it with --metrics`);
  if (o.engine === 'duckdb') {
    if (o.metrics !== undefined) throw new UsageError('--engine duckdb aggregates exports; --metrics is an aggregated table already', 'give either the exports with --engine duckdb, or --metrics');
    if (o.asOf !== undefined) throw new UsageError('--as-of is not applied by --engine duckdb (the query aggregates every dated row)', 'give --period, or drop --engine duckdb');
    if (o.encoding !== undefined) throw new UsageError('--encoding is the default engine\'s: --engine duckdb reads UTF-8 CSV and Parquet');
  }
  const g = ctx.globals();
  return {
    io: ctx.io,
    data,
    ...(o.metrics !== undefined ? { metrics: o.metrics } : {}),
    ...(o.query !== undefined ? { query: o.query } : {}),
    ...(o.engine === 'duckdb' ? { engine: 'duckdb' as const } : {}),
    ...(o.rubric !== undefined ? { rubric: o.rubric } : {}),
    ...(o.roster !== undefined ? { roster: o.roster } : {}),
    ...(o.period !== undefined ? { period: o.period } : {}),
    ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
    ...(o.history ? { history: o.history } : {}),
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.weekdayFallback ? { weekdayFallback: true } : {}),
    quiet: g.quiet,
    ...(g.locale ? { locale: g.locale } : {}),
    note: ctx.note,
    rubricLocale: ctx.rubricLocale,
  };
}

/** Says on stderr which period was chosen when the user did not name one. */
export async function notePeriod(ctx: CliContext, outcome: { periodDefaulted: boolean; evaluation: { period: { label: string } } }, locale: ReportLocale): Promise<void> {
  // Later periods passed over as too sparse (or far outside the data's dates) are findings (period-sparse).
  if (!outcome.periodDefaulted) return;
  const { cliNotes } = await import('../../report/cli-notes.js');
  ctx.note(cliNotes(locale).periodLatest({ period: outcome.evaluation.period.label }));
}

/** The `--metrics` flag of `evaluate` and `explain`, with one help text. */
export const METRICS_HELP = 'grade a MetricTable file instead of exports (.csv or .parquet: the result of the `salesgrade sql` query, as any engine exports it; docs/sql.md)';

/** The flag `evaluate`, `explain` and `quota` share, with one help text. */
export const WEEKDAY_FALLBACK_HELP = 'count Monday–Friday (with a warning) for a year the cn holiday data does not cover, instead of failing';

/** `--engine`, shared by evaluate, explain, diff and calibrate. */
export const ENGINE_HELP =
  'how the exports are aggregated: js (default: row by row, every messy-export check) or duckdb (the compiled query in embedded DuckDB over clean CSV/Parquet files, for files too large for the row reader; needs the optional @duckdb/node-api)';

/** `--query`, with `--metrics`. */
export const QUERY_HELP = 'with --metrics: the query file that produced the table (salesgrade sql … -o FILE); its sha256 goes into the manifest';
