/**
 * The evaluator: `createEvaluator(rubric, options)` → `add` records as they stream, `exclude` rows the
 * reader dropped, `finish()` → the Evaluation, then `classify` rows for the annotated data sheets.
 * A thin wrapper over the two phases: `createAggregator` (engine/aggregate.ts: rows → MetricTable)
 * and `score` (engine/score.ts: MetricTable → Evaluation). Pure: no files, clock or environment; the
 * same records in any order give the same output.
 */
import { SalesgradeError } from '../shared/errors.js';
import type { ActivityRecord, Evaluation, ExcludedRow, RowAnnotation } from './types.js';
import { createAggregator, kpiBaseMetrics, lendableColumns, type Aggregator, type MetricTable } from './aggregate.js';
import { checkKpiMetrics, metricSignature, score, type ScoreOptions } from './score.js';
import { compileMetrics } from './metrics.js';
import type { RubricShape } from './rubric-shape.js';
import { viewOf, viewRubric } from './view.js';

export interface EvaluatorOptions extends ScoreOptions {
  /** Source rows kept per metric trace (default 5). */
  sampleRows?: number;
  /**
   * A MetricTable from elsewhere (`evaluate --metrics`: a warehouse query's result): scored instead of
   * the rows fed, of which there are none.
   */
  table?: MetricTable;
}

export interface Evaluator {
  add(record: ActivityRecord): void;
  exclude(row: ExcludedRow): void;
  /**
   * `last`: no other evaluator reads this one's aggregator (`shareWith`) and its table is not scored
   * again: scoring frees each rep's cells once graded (ScoreOptions.consume) and the table is released
   * after, so the table and the Evaluation are not alive in full together.
   */
  finish(options?: { last?: boolean }): Evaluation;
  classify(record: ActivityRecord): RowAnnotation;
  /**
   * `classify` for rows that are not kept (engine/aggregate.ts `rowCode`): a small code per record, taken
   * right after `add` (before or after `finish`), then `annotation(code)` after `finish` equals
   * `classify(record)`.
   */
  rowCode(record: ActivityRecord): number;
  annotation(code: number): RowAnnotation;
  /** The aggregated table (after `finish`, or to score it again with `score`), until `release`. */
  table(): MetricTable;
  /**
   * Frees the aggregated table once every evaluator that reads it has finished (the table is the size
   * of the Evaluation again: a rep's cells, teams and samples): `annotation` and `classify` still answer,
   * `table` and `add` refuse. Evaluators sharing an aggregator (`shareWith`) release it together.
   */
  release(): void;
  /**
   * What to feed the rows to: the aggregator this evaluator reads. Evaluators that share one (see
   * `shareWith`) are fed once through it, not once each.
   */
  readonly feed: Pick<Aggregator, 'add' | 'exclude' | 'repCount'>;
}

/**
 * What decides the aggregation of a rubric (its metrics' definitions and units, the metrics behind its
 * KPIs and gates, its calendar): rubrics with equal keys aggregate the same rows into the same table, so
 * one table serves both (`diff` of a weight or threshold change, `calibrate` of several periods).
 */
export function aggregationKey(rubric: RubricShape): string {
  const metrics = compileMetrics(rubric);
  return JSON.stringify([
    rubric.period,
    rubric.fiscal_year_start,
    metrics.map((m) => [m.id, m.ratio ?? metricSignature(m), m.unit]),
    kpiBaseMetrics(rubric, metrics).map((m) => m.id),
  ]);
}

interface Shared {
  agg: Aggregator;
  key: string;
  asOf: string | undefined;
  sampleRows: number | undefined;
}
const sharedOf = new WeakMap<Evaluator, Shared>();

/**
 * `shareWith`: evaluators created earlier for the same run, fed the same rows. The first whose rubric
 * aggregates alike (`aggregationKey`, same `asOf` and `sampleRows`) lends its aggregator: then feed the
 * rows once, through `feed`, and each evaluator scores the one table. Otherwise, when one of them has
 * aggregated some of this rubric's metrics with the same definition (engine/aggregate.ts `columnKey`:
 * a `diff` that changes one metric), this evaluator gets its own aggregator that borrows those columns
 * and aggregates only the others: both `feed`s must then be fed every row.
 */
export function createEvaluator(asked: RubricShape, options: EvaluatorOptions, shareWith: readonly Evaluator[] = []): Evaluator {
  checkKpiMetrics(asked);
  const { sampleRows, table: givenTable, ...scoreOptions } = options;
  let given = givenTable;
  // A period of another kind than the rubric's (a view): the rows are aggregated in it, the targets
  // converted from the rubric's kind, movement not decided (engine/view.ts).
  const view = options.period !== undefined ? viewOf(asked, options.period) : undefined;
  if (view && given) {
    throw new SalesgradeError('period-invalid', `"${options.period}" is a ${view.kind}, the metric table is by ${view.of} (the rubric's period): a table already aggregated cannot be viewed by another period kind`, {
      hint: `give a ${view.of} period, or grade the exports themselves (without --metrics / --engine duckdb)`,
    });
  }
  const rubric = view ? viewRubric(asked, view) : asked;
  if (view) scoreOptions.view = view;
  const key = shareWith.length && !options.table ? aggregationKey(rubric) : '';
  const lender = options.table ? undefined : shareWith.map((e) => sharedOf.get(e)).find((x) => x !== undefined && x.key === key && x.asOf === options.asOf && x.sampleRows === sampleRows);
  const aggOptions = {
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    ...(sampleRows !== undefined ? { sampleRows } : {}),
  };
  let agg = lender?.agg;
  if (!agg) {
    // The earlier aggregator with the most columns to lend, if any.
    let best: { agg: Aggregator; n: number } | undefined;
    if (!options.table) {
      for (const e of shareWith) {
        const s = sharedOf.get(e);
        const n = s ? lendableColumns(s.agg, rubric, aggOptions) : 0;
        if (s && n > 0 && (!best || n > best.n)) best = { agg: s.agg, n };
      }
    }
    agg = createAggregator(rubric, { ...aggOptions, ...(best ? { lender: best.agg } : {}) });
  }
  let finished: { period: string } | null = null;
  let released = false;
  const elsewhere = given !== undefined;
  let table: MetricTable | null = null;
  const release = (): void => {
    released = true;
    table = null;
    given = undefined;
    agg.release();
  };
  const ev: Evaluator = {
    feed: agg,
    add(record) {
      if (finished) throw new SalesgradeError('internal', 'add() after finish()');
      agg.add(record);
    },
    exclude(row) {
      agg.exclude(row);
    },
    finish(opts) {
      if (finished) throw new SalesgradeError('internal', 'finish() called twice');
      const last = opts?.last === true && !elsewhere;
      table = given ?? agg.table();
      if (last) agg.seal();
      const ev = score(rubric, table, last ? { ...scoreOptions, consume: true } : scoreOptions);
      finished = { period: ev.period.label };
      if (last) release();
      return ev;
    },
    classify(record) {
      if (!finished) throw new SalesgradeError('internal', 'classify() before finish()');
      if (elsewhere) throw new SalesgradeError('internal', 'classify() of a table from elsewhere: it has no rows');
      return agg.classify(record, finished.period);
    },
    rowCode(record) {
      if (elsewhere) throw new SalesgradeError('internal', 'rowCode() of a table from elsewhere: it has no rows');
      return agg.rowCode(record);
    },
    annotation(code) {
      if (!finished) throw new SalesgradeError('internal', 'annotation() before finish()');
      return agg.annotate(code, finished.period);
    },
    table() {
      if (released) throw new SalesgradeError('internal', 'table() after release()');
      return table ?? given ?? agg.table();
    },
    release,
  };
  sharedOf.set(ev, { agg, key: key || aggregationKey(rubric), asOf: options.asOf, sampleRows });
  return ev;
}

