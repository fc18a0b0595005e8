/**
 * The evaluator: `createEvaluator(rubric, options)` → `add` records as they stream, `exclude` rows the
 * reader dropped, `finish()` → the Evaluation, then `classify` rows for the annotated data sheets.
 * A thin wrapper over the two phases: `createAggregator` (engine/aggregate.ts: rows → MetricTable)
 * and `score` (engine/score.ts: MetricTable → Evaluation). Pure: no files, clock or environment; the
 * same records in any order give the same output.
 */
import { SalesgradeError } from '../shared/errors.js';
import type { ActivityRecord, Evaluation, ExcludedRow, RowAnnotation } from './types.js';
import { createAggregator, type MetricTable } from './aggregate.js';
import { checkKpiMetrics, score, type ScoreOptions } from './score.js';
import type { RubricShape } from './rubric-shape.js';

export { UNASSIGNED } from './rollup.js';

export interface EvaluatorOptions extends ScoreOptions {
  /** Source rows kept per metric trace (default 5). */
  sampleRows?: number;
}

export interface Evaluator {
  add(record: ActivityRecord): void;
  exclude(row: ExcludedRow): void;
  finish(): Evaluation;
  classify(record: ActivityRecord): RowAnnotation;
  /** The aggregated table (after `finish`, or to score it again with `score`). */
  table(): MetricTable;
}

export function createEvaluator(rubric: RubricShape, options: EvaluatorOptions): Evaluator {
  checkKpiMetrics(rubric);
  const { sampleRows, ...scoreOptions } = options;
  const agg = createAggregator(rubric, {
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    ...(sampleRows !== undefined ? { sampleRows } : {}),
  });
  let finished: { period: string } | null = null;
  let table: MetricTable | null = null;
  return {
    add(record) {
      if (finished) throw new SalesgradeError('internal', 'add() after finish()');
      agg.add(record);
    },
    exclude(row) {
      agg.exclude(row);
    },
    finish() {
      if (finished) throw new SalesgradeError('internal', 'finish() called twice');
      table = agg.table();
      const ev = score(rubric, table, scoreOptions);
      finished = { period: ev.period.label };
      return ev;
    },
    classify(record) {
      if (!finished) throw new SalesgradeError('internal', 'classify() before finish()');
      return agg.classify(record, finished.period);
    },
    table() {
      return table ?? agg.table();
    },
  };
}

/** Types callers may need alongside the evaluator. */
export type { RubricShape } from './rubric-shape.js';
export type { FileTargets } from './targets.js';
export type { MetricTable } from './aggregate.js';
