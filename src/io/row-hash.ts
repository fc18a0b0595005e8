/**
 * Row hashes for duplicate detection: a 53-bit hash per row (not the row), with each cell keyed by
 * its column's normalised header, so the same row in another export with its columns in another
 * order is still the same row.
 */
import { isSpaceOrInvisible } from '../shared/text.js';
import { cleanIdentifier, normalizeHeader } from '../shared/text.js';
import { cellText, type RawCell } from './values.js';

/**
 * A 53-bit hash of the strings (cyrb53: two 32-bit multiplicative hashes), as a number: a Map of
 * numbers stays small where a Set of whole rows would not. Two different rows collide with a
 * probability of about n²/2⁵⁴ (≈ 6·10⁻⁵ for a million rows).
 */
export function hash53(parts: string[]): number {
  const h = new Hash53();
  for (const p of parts) h.add(p);
  return h.value();
}

class Hash53 {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** Mix in a 32-bit integer (a column key). */
  mix(k: number): void {
    this.h1 = Math.imul(this.h1 ^ k, 2654435761);
    this.h2 = Math.imul(this.h2 ^ k, 1597334677);
  }

  add(p: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < p.length; i++) {
      const ch = p.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = Math.imul(h1 ^ 1, 2654435761);
    this.h2 = Math.imul(h2 ^ 1, 1597334677);
  }

  /**
   * `mix(key)` then `add(cleanIdentifier(text))`, nothing when the cleaned text is empty — in one pass
   * over a text that is already clean (the usual cell), hashing while it checks `isPlainText`'s rule;
   * any other text takes that very path (`addCleaned`).
   */
  addCell(key: number, text: string): void {
    const n = text.length;
    if (n === 0) return;
    let h1 = Math.imul(this.h1 ^ key, 2654435761);
    let h2 = Math.imul(this.h2 ^ key, 1597334677);
    let prevSpace = true; // a leading space needs cleaning
    for (let i = 0; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch > 0x20 && ch < 0x7f) prevSpace = false;
      else if (ch === 0x20) {
        if (prevSpace) return this.addCleaned(key, text);
        prevSpace = true;
      } else if (isSpaceOrInvisible(ch)) return this.addCleaned(key, text);
      else prevSpace = false;
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    if (prevSpace) return this.addCleaned(key, text); // a trailing space
    this.h1 = Math.imul(h1 ^ 1, 2654435761);
    this.h2 = Math.imul(h2 ^ 1, 1597334677);
  }

  private addCleaned(key: number, text: string): void {
    const t = cleanIdentifier(text);
    if (t === '') return;
    this.mix(key);
    this.add(t);
  }

  value(): number {
    const h1 = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    const h2 = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
}

/**
 * How a file's rows are hashed for duplicate detection: each cell with the key of its column (its
 * normalised header, numbered when a header repeats), in the order of the keys. So a row repeated in
 * another export whose columns are in another order, or which has an extra empty column, is still the
 * same row.
 */
export interface RowKeys {
  /** Key per header column. */
  keys: Int32Array;
  /** The header columns in key order. */
  order: Int32Array;
}

export function rowKeys(headers: string[]): RowKeys {
  const seen = new Map<string, number>();
  const keys = new Int32Array(headers.length);
  headers.forEach((h, i) => {
    const n = normalizeHeader(h);
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    keys[i] = hash53([n, String(k)]) % 4294967296 | 0;
  });
  const order = Int32Array.from(headers.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return { keys, order };
}

/** The key of a column past the header (a ragged row's extra cells). */
function extraKey(col: number): number {
  return (0x5bd1e995 + col) | 0;
}

/**
 * The duplicate-detection hash of a row: every cell whose cleaned text is not empty, with its
 * column's key, in key order, then any cells past the header in column order. (An inlined twin of
 * this function was measured and deleted: 33 vs 52 ms CPU per 200,000 rows, about 1% of reading them.)
 */
export function rowHash(cells: (RawCell | undefined)[], rk: RowKeys): number {
  const h = new Hash53();
  const { keys, order } = rk;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const t = cleanIdentifier(cellText(cells[i]));
    if (t === '') continue;
    h.mix(keys[i]!);
    h.add(t);
  }
  for (let i = keys.length; i < cells.length; i++) {
    const t = cleanIdentifier(cellText(cells[i]));
    if (t === '') continue;
    h.mix(extraKey(i));
    h.add(t);
  }
  return h.value();
}

/**
 * `rowHash` in one pass per cell (`Hash53.addCell`): the same hash, without scanning each clean text
 * twice (once to find it clean, once to hash it). Measured on the 1M-row bench CSV: rowHash and its
 * `isPlainText` scans were 19 % of the reader's CPU time. `rowHash` is its reference twin
 * (test/unit/io/row-hash-differential.test.ts).
 */
export function rowHashFast(cells: (RawCell | undefined)[], rk: RowKeys): number {
  const h = new Hash53();
  const { keys, order } = rk;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    h.addCell(keys[i]!, cellText(cells[i]));
  }
  for (let i = keys.length; i < cells.length; i++) h.addCell(extraKey(i), cellText(cells[i]));
  return h.value();
}
