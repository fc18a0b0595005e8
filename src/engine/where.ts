/**
 * `where` filters compiled once per metric into a predicate over a record's fields.
 *
 * Text compares trimmed and case-insensitively (`won` = `Won`); a number in the rubric compares
 * numerically with a numeric field (and with text that reads as a number); `gt/gte/lt/lte` compare
 * numbers numerically and anything else as text (so ISO dates compare by date). An empty value
 * (missing field, null, blank text) equals nothing, is in no list, passes `ne` and `not_in`, and
 * fails every comparison; `empty: true|false` tests for it.
 */
import type { Decimal } from 'decimal.js';
import type { FieldValue, SourceRef } from './types.js';
import type { ConditionShape, Scalar } from './rubric-shape.js';
import { D } from './decimal.js';
import { compareSource } from './source-order.js';

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

/** The text values a condition tests a field for (`eq`, `in`, a list, a scalar, `ne`, `not_in`), per key. */
function textValuesOf(c: ConditionShape): string[][] {
  const texts = (vs: readonly Scalar[]): string[] =>
    vs.filter((v): v is string => typeof v === 'string' && v.trim() !== '' && !NUMERIC_RE.test(v.trim()));
  if (typeof c !== 'object') return [texts([c])];
  if (Array.isArray(c)) return [texts(c)];
  return [c.eq === undefined ? [] : texts([c.eq]), c.ne === undefined ? [] : texts([c.ne]), texts(c.in ?? []), texts(c.not_in ?? [])];
}

/** Optimal-string-alignment distance (a transposition counts 1), for telling a typo from an alias. */
export function editDistance(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev2: number[] = [];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (A[i - 1] === B[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && A[i - 1] === B[j - 2] && A[i - 2] === B[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[B.length]!;
}

/** Close enough to be a misspelling: 1 edit for up to 4 characters, 2 beyond. */
function isNear(a: string, b: string): boolean {
  const len = Math.max([...a].length, [...b].length);
  if (Math.abs([...a].length - [...b].length) > 2) return false;
  return editDistance(a, b) <= (len <= 4 ? 1 : 2);
}

/** Distinct values kept per audited column; past it, only values a `where` asks for are still noted. */
const AUDIT_KEYS = 10_000;
/** Text values per audited column counted without a lookup (`createWhereAudit`'s fast path). */
const RECENT_KEYS = 8;

export interface WhereValueFinding {
  metric: string;
  field: string;
  /** The value as written in the rubric. */
  value: string;
  /** A value the column does hold that is one or two edits away (the likely intended one). */
  near?: string;
  /** The most frequent values the column holds (up to 5), as they appear, with their row counts. */
  top: { value: string; rows: number }[];
}

/**
 * A value the data holds that a `where` list does not name but that looks like a value it does name and
 * the data holds more often: `Closed Wonn` or `Closed-Won` beside `Closed Won`. The filter compares
 * values exactly (trimmed, case-insensitive), so such rows are not counted as the value they were meant
 * to be — a won deal left out of the revenue without a word.
 */
export interface WhereNearValue {
  field: string;
  /** The data's spelling (its most frequent one) and the rows holding it, over all the rows read. */
  value: string;
  rows: number;
  /** The listed value it looks like, as the data spells it, and its rows. */
  like: string;
  likeRows: number;
  /** The metrics whose `where` names `like` for this field, sorted. */
  metrics: string[];
  /** The first row holding `value`. */
  first?: SourceRef;
}

/** Letters and digits only, width-folded and lower case: `Closed-Won`, `closed won`, `ＣｌｏｓｅｄＷｏｎ` are one. */
function squash(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * `v` is a likely misspelling of `w`: equal but for spaces, punctuation and width; or, for words of at
 * least 5 letters outside CJK scripts, with the same digits and a typo away (two from 8 letters on).
 * Short words and CJK are compared only the first way: `Won`/`Wan`, `赢单`/`丢单` are other words.
 */
function looksLike(v: string, w: string): boolean {
  const [a, b] = [squash(v), squash(w)];
  if (a === b) return true;
  if (v.replace(/\D+/g, '') !== w.replace(/\D+/g, '')) return false;
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(v + w)) return false;
  const len = Math.min([...a].length, [...b].length);
  if (len < 5) return false;
  return editDistance(a, b) <= (len < 8 ? 1 : 2);
}

/**
 * Finds `where` values that match no row at all: `stage: [Won, Lsot]` counts lost deals nowhere and
 * gives everyone a 100 % win rate. `observe` every record (one map update per audited column), then
 * `unmatched()` lists, once per metric × value, each text value no row holds (compared as the filter
 * compares: trimmed, case-insensitive) when it is a likely misspelling of a value the column does
 * hold, or when no value of its list matches anything. A list's other-language alias that the data
 * does not use (`[赢单, Won]` on a Chinese export) is not reported.
 */
export function createWhereAudit(
  metrics: readonly { id: string; def: { where?: Record<string, ConditionShape> } }[],
  options: { reference?: boolean } = {},
): {
  observe(fields: Record<string, FieldValue>, source?: SourceRef): void;
  unmatched(): WhereValueFinding[];
  nearValues(): WhereNearValue[];
} {
  const asked: { metric: string; field: string; values: string[] }[] = [];
  for (const m of metrics) {
    const where = m.def.where;
    if (!where) continue;
    for (const field of Object.keys(where).sort()) {
      for (const values of textValuesOf(where[field]!)) if (values.length) asked.push({ metric: m.id, field, values });
    }
  }
  const fields = [...new Set(asked.map((a) => a.field))].sort();
  const counts = fields.map(() => new Map<string, number>());
  const wanted = fields.map((f) => new Set(asked.filter((a) => a.field === f).flatMap((a) => a.values.map((v) => v.trim().toLowerCase()))));
  const seenLate = fields.map(() => new Set<string>());
  /** The first row holding each counted value (only when the caller passes rows' sources). */
  const firsts = fields.map(() => new Map<string, SourceRef>());
  // The fast path: per column, the first few text values counted (as they appear) and the rows seen
  // since, so that a repeated value is counted without a Map lookup; folded into `counts` before they
  // are read. `observeReference` (the straightforward count, `options.reference`) is its twin, held to
  // the same findings by test/unit/engine/aggregate-fast.test.ts.
  const recent = fields.map((): string[] => []);
  const pending = fields.map((): number[] => []);
  const fold = (): void => {
    for (let i = 0; i < fields.length; i++) {
      const r = recent[i]!;
      const p = pending[i]!;
      for (let k = 0; k < r.length; k++) {
        if (p[k]! > 0) counts[i]!.set(r[k]!, counts[i]!.get(r[k]!)! + p[k]!);
        p[k] = 0;
      }
    }
  };
  const observe = (rec: Record<string, FieldValue>, source?: SourceRef): void => {
    for (let i = 0; i < fields.length; i++) {
      const v = rec[fields[i]!];
      if (v === null || v === undefined) continue;
      const r = recent[i]!;
      if (typeof v === 'string') {
        let k = 0;
        while (k < r.length && r[k] !== v) k++;
        if (k < r.length) {
          pending[i]![k]!++;
          continue;
        }
      }
      const key = typeof v === 'string' ? v : v.toString();
      const m = counts[i]!;
      const n = m.get(key);
      let counted: string | undefined;
      if (n !== undefined) {
        m.set(key, n + 1);
        counted = key;
      } else if (key.trim() === '') continue;
      else if (m.size < AUDIT_KEYS) {
        m.set((counted = (key + ' ').slice(0, -1)), 1);
        if (source !== undefined) firsts[i]!.set(counted, source);
      } else {
        const norm = key.trim().toLowerCase();
        if (wanted[i]!.has(norm)) seenLate[i]!.add(norm);
      }
      if (counted !== undefined && typeof v === 'string' && r.length < RECENT_KEYS) {
        r.push(counted.length < 13 ? counted : (counted + ' ').slice(0, -1));
        pending[i]!.push(0);
      }
    }
  };
  const observeReference = (rec: Record<string, FieldValue>, source?: SourceRef): void => {
    for (let i = 0; i < fields.length; i++) {
      const v = rec[fields[i]!];
      if (v === null || v === undefined) continue;
      const key = typeof v === 'string' ? v : v.toString();
      const m = counts[i]!;
      const n = m.get(key);
      if (n !== undefined) m.set(key, n + 1);
      else if (key.trim() === '') continue;
      else if (m.size < AUDIT_KEYS) {
        const k = (key + ' ').slice(0, -1);
        m.set(k, 1);
        if (source !== undefined) firsts[i]!.set(k, source);
      } else {
        const norm = key.trim().toLowerCase();
        if (wanted[i]!.has(norm)) seenLate[i]!.add(norm);
      }
    }
  };
  const unmatched = (): WhereValueFinding[] => {
    fold();
    const out: WhereValueFinding[] = [];
    const done = new Set<string>();
    fields.forEach((field, i) => {
      const held = new Map<string, string>(); // normalised → as it appears (the most frequent spelling)
      const byRows = [...counts[i]!].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
      for (const [k] of byRows) if (!held.has(k.trim().toLowerCase())) held.set(k.trim().toLowerCase(), k);
      for (const k of seenLate[i]!) if (!held.has(k)) held.set(k, k);
      const top = byRows.slice(0, 5).map(([value, rows]) => ({ value, rows }));
      for (const a of asked) {
        if (a.field !== field) continue;
        const missing = a.values.filter((v) => !held.has(v.trim().toLowerCase()));
        const noneMatch = missing.length === a.values.length;
        for (const value of missing) {
          const norm = value.trim().toLowerCase();
          const key = `${a.metric}\u0000${field}\u0000${norm}`;
          if (done.has(key)) continue;
          let near: string | undefined;
          for (const [h, shown] of held) {
            if (isNear(norm, h)) {
              near = shown;
              break;
            }
          }
          if (near === undefined && !noneMatch) continue; // an alias the data does not use
          done.add(key);
          const f: WhereValueFinding = { metric: a.metric, field, value, top };
          if (near !== undefined) f.near = near;
          out.push(f);
        }
      }
    });
    return out.sort((x, y) => (x.metric < y.metric ? -1 : x.metric > y.metric ? 1 : 0));
  };
  const nearValues = (): WhereNearValue[] => {
    fold();
    const out: WhereNearValue[] = [];
    fields.forEach((field, i) => {
      // the column's values by the filter's comparison: rows, the most frequent spelling, the first row
      const byNorm = new Map<string, { rows: number; shown: string; shownRows: number; first?: SourceRef }>();
      for (const [k, n] of counts[i]!) {
        const norm = k.trim().toLowerCase();
        const f = firsts[i]!.get(k);
        const d = byNorm.get(norm);
        if (d === undefined) {
          const e: { rows: number; shown: string; shownRows: number; first?: SourceRef } = { rows: n, shown: k.trim(), shownRows: n };
          if (f !== undefined) e.first = f;
          byNorm.set(norm, e);
          continue;
        }
        d.rows += n;
        if (n > d.shownRows || (n === d.shownRows && k.trim() < d.shown)) [d.shown, d.shownRows] = [k.trim(), n];
        if (f !== undefined && (d.first === undefined || compareSource(f, d.first) < 0)) d.first = f;
      }
      const listed = [...wanted[i]!].sort();
      for (const [norm, d] of [...byNorm].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (wanted[i]!.has(norm)) continue;
        for (const w of listed) {
          const held = byNorm.get(w);
          if (held === undefined || held.rows <= d.rows || !looksLike(norm, w)) continue;
          const metrics = [...new Set(asked.filter((a) => a.field === field && a.values.some((v) => v.trim().toLowerCase() === w)).map((a) => a.metric))].sort();
          const x: WhereNearValue = { field, value: d.shown, rows: d.rows, like: held.shown, likeRows: held.rows, metrics };
          if (d.first !== undefined) x.first = d.first;
          out.push(x);
          break;
        }
      }
    });
    return out;
  };
  return { observe: options.reference ? observeReference : observe, unmatched, nearValues };
}
