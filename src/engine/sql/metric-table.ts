/**
 * Reading the MetricTable back: the value of every metric from one row's parts, exactly as the
 * engine derives it from its accumulators (metrics.ts `metricValues`): a sum is 0 without rows, an
 * average is sum ÷ rows (no value without rows), min and max have no value without rows, a ratio is
 * computed from its two metrics' values (a zero denominator: no value).
 */
import type { Decimal } from 'decimal.js';
import { D } from '../decimal.js';
import { ratioValue, type CompiledMetric } from '../metrics.js';
import { partColumn } from './compile.js';

/** A MetricTable row as an engine exports it: every cell as text (or null). */
export type MetricTableRow = Record<string, string | number | bigint | null | undefined>;

function cell(row: MetricTableRow, name: string): string | null {
  const v = row[name];
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

function decimalOf(row: MetricTableRow, name: string): Decimal | null {
  const s = cell(row, name);
  return s === null ? null : new D(s);
}

/** Rows that fed each non-ratio metric, by metric id. */
export function rowsOf(metrics: CompiledMetric[], row: MetricTableRow): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metrics) if (!m.ratio) out[m.id] = Number(cell(row, partColumn(m.id, 'rows')) ?? 0);
  return out;
}

/** The value of every metric (in `metrics` order) from one MetricTable row; null = no value. */
export function valuesOfRow(metrics: CompiledMetric[], row: MetricTableRow): (Decimal | null)[] {
  const values: (Decimal | null | undefined)[] = new Array(metrics.length).fill(undefined);
  const get = (i: number): Decimal | null => {
    const cached = values[i];
    if (cached !== undefined) return cached;
    const m = metrics[i]!;
    let v: Decimal | null;
    if (m.ratio) v = ratioValue(get(m.ratio[0]), get(m.ratio[1]));
    else {
      const rows = decimalOf(row, partColumn(m.id, 'rows')) ?? new D(0);
      switch (m.agg) {
        case 'count':
          v = rows;
          break;
        case 'sum':
          v = decimalOf(row, partColumn(m.id, 'sum')) ?? new D(0);
          break;
        case 'avg': {
          const sum = decimalOf(row, partColumn(m.id, 'sum'));
          v = rows.isZero() || sum === null ? null : sum.div(rows);
          break;
        }
        case 'min':
        case 'max':
          v = rows.isZero() ? null : decimalOf(row, partColumn(m.id, m.agg));
          break;
        case 'distinct':
          v = decimalOf(row, partColumn(m.id, 'distinct')) ?? new D(0);
          break;
        default:
          v = null;
      }
    }
    values[i] = v;
    return v;
  };
  return metrics.map((_, i) => get(i));
}
