/**
 * `where` filters compiled once per metric into a predicate over a record's fields.
 *
 * Text compares trimmed and case-insensitively (`won` = `Won`); a number in the rubric compares
 * numerically with a numeric field (and with text that reads as a number); `gt/gte/lt/lte` compare
 * numbers numerically and anything else as text (so ISO dates compare by date). An empty value
 * (missing field, null, blank text) equals nothing, is in no list, passes `ne` and `not_in`, and
 * fails every comparison; `empty: true|false` tests for it.
 */
import { Decimal } from 'decimal.js';
import type { FieldValue } from './types.js';
import type { ConditionShape, Scalar } from './rubric-shape.js';
import { D } from './decimal.js';

export type Predicate = (fields: Record<string, FieldValue>) => boolean;

const NUMERIC_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

interface Wanted {
  text: string;
  num: Decimal | null;
}

function wanted(s: Scalar): Wanted {
  const text = String(s).trim().toLowerCase();
  const num = typeof s === 'number' ? new D(s) : typeof s === 'string' && NUMERIC_RE.test(s.trim()) ? new D(s.trim()) : null;
  return { text, num };
}

function isEmpty(v: FieldValue | undefined): v is null | undefined {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function numericOf(v: string | Decimal): Decimal | null {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return NUMERIC_RE.test(t) ? new D(t) : null;
}

function equals(v: string | Decimal, w: Wanted): boolean {
  if (typeof v !== 'string') return w.num !== null ? v.eq(w.num) : v.toString() === w.text;
  if (w.num !== null) {
    const n = numericOf(v);
    if (n !== null) return n.eq(w.num);
  }
  return v.trim().toLowerCase() === w.text;
}

function compare(v: string | Decimal, bound: number | string): number | null {
  const b = typeof bound === 'number' ? new D(bound) : NUMERIC_RE.test(bound.trim()) ? new D(bound.trim()) : null;
  if (b !== null) {
    const n = numericOf(v);
    return n === null ? null : n.cmp(b);
  }
  const text = typeof v === 'string' ? v.trim() : v.toString();
  const bt = String(bound).trim();
  return text < bt ? -1 : text > bt ? 1 : 0;
}

function compileCondition(field: string, c: ConditionShape): Predicate {
  if (typeof c !== 'object') {
    const w = wanted(c);
    return (f) => {
      const v = f[field];
      return !isEmpty(v) && equals(v, w);
    };
  }
  if (Array.isArray(c)) {
    const ws = c.map(wanted);
    // Fast path: a list of plain text values becomes a set lookup.
    if (ws.every((w) => w.num === null)) {
      const set = new Set(ws.map((w) => w.text));
      return (f) => {
        const v = f[field];
        if (isEmpty(v)) return false;
        return set.has(typeof v === 'string' ? v.trim().toLowerCase() : v.toString());
      };
    }
    return (f) => {
      const v = f[field];
      return !isEmpty(v) && ws.some((w) => equals(v, w));
    };
  }
  const parts: Predicate[] = [];
  if (c.eq !== undefined) parts.push(compileCondition(field, c.eq));
  if (c.in !== undefined) parts.push(compileCondition(field, c.in));
  if (c.ne !== undefined) {
    const p = compileCondition(field, c.ne);
    parts.push((f) => !p(f));
  }
  if (c.not_in !== undefined) {
    const p = compileCondition(field, c.not_in);
    parts.push((f) => !p(f));
  }
  const cmp = (bound: number | string, ok: (r: number) => boolean): Predicate => (f) => {
    const v = f[field];
    if (isEmpty(v)) return false;
    const r = compare(v, bound);
    return r !== null && ok(r);
  };
  if (c.gt !== undefined) parts.push(cmp(c.gt, (r) => r > 0));
  if (c.gte !== undefined) parts.push(cmp(c.gte, (r) => r >= 0));
  if (c.lt !== undefined) parts.push(cmp(c.lt, (r) => r < 0));
  if (c.lte !== undefined) parts.push(cmp(c.lte, (r) => r <= 0));
  if (c.empty !== undefined) {
    const want = c.empty;
    parts.push((f) => isEmpty(f[field]) === want);
  }
  if (parts.length === 1) return parts[0]!;
  return (f) => parts.every((p) => p(f));
}

/** All conditions must hold. No `where` → always true. */
export function compileWhere(where: Record<string, ConditionShape> | undefined): Predicate | null {
  if (!where) return null;
  const fields = Object.keys(where).sort();
  if (fields.length === 0) return null;
  const preds = fields.map((f) => compileCondition(f, where[f]!));
  if (preds.length === 1) return preds[0]!;
  return (f) => preds.every((p) => p(f));
}

/** `stage ∈ {赢单, Won}`, `amount > 0`, for formulas. */
export function describeWhere(where: Record<string, ConditionShape> | undefined): string {
  if (!where) return '';
  const out: string[] = [];
  for (const field of Object.keys(where).sort()) {
    const c = where[field]!;
    if (typeof c !== 'object') out.push(`${field} = ${String(c)}`);
    else if (Array.isArray(c)) out.push(`${field} ∈ {${c.map(String).join(', ')}}`);
    else {
      if (c.eq !== undefined) out.push(`${field} = ${String(c.eq)}`);
      if (c.ne !== undefined) out.push(`${field} ≠ ${String(c.ne)}`);
      if (c.in !== undefined) out.push(`${field} ∈ {${c.in.map(String).join(', ')}}`);
      if (c.not_in !== undefined) out.push(`${field} ∉ {${c.not_in.map(String).join(', ')}}`);
      if (c.gt !== undefined) out.push(`${field} > ${String(c.gt)}`);
      if (c.gte !== undefined) out.push(`${field} ≥ ${String(c.gte)}`);
      if (c.lt !== undefined) out.push(`${field} < ${String(c.lt)}`);
      if (c.lte !== undefined) out.push(`${field} ≤ ${String(c.lte)}`);
      if (c.empty !== undefined) out.push(c.empty ? `${field} empty` : `${field} not empty`);
    }
  }
  return out.join(' and ');
}
