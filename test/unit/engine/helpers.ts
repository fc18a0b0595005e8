import { Decimal } from 'decimal.js';
import { Rubric, type RubricInput } from '../../../src/rubric/schema.js';
import type { ActivityRecord, FieldValue } from '../../../src/engine/types.js';
import { createEvaluator, type EvaluatorOptions } from '../../../src/engine/evaluate.js';

export const manifest: EvaluatorOptions['manifest'] = {
  salesgradeVersion: '0.0.0-test',
  rubric: { name: 'test', path: 'rubric.yaml', sha256: 'x' },
  inputs: [{ path: 'data.csv', sha256: 'y', rows: 0 }],
};

export function rubric(input: Partial<RubricInput> & Pick<RubricInput, 'metrics' | 'kpis' | 'tiers'>): Rubric {
  return Rubric.parse({ salesgrade: 1, name: 'test', ...input });
}

let nextRow = 2;
/** A record; numbers become Decimals, everything else stays text. */
export function rec(rep: string, fields: Record<string, string | number | null>, row?: number): ActivityRecord {
  const f: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(fields)) f[k] = typeof v === 'number' ? new Decimal(v) : v;
  return { rep, fields: f, source: { file: 'data.csv', row: row ?? nextRow++ } };
}

export function run(r: Rubric, records: ActivityRecord[], options: Partial<EvaluatorOptions> = {}) {
  const ev = createEvaluator(r, { manifest, ...options });
  for (const x of records) ev.add(x);
  return { evaluation: ev.finish(), evaluator: ev };
}

/** Decimal → string for compact assertions. */
export const s = (d: Decimal | null | undefined): string | null => (d === null || d === undefined ? null : d.toFixed());
