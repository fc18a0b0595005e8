/**
 * A compact hash → row reference for duplicate detection: open addressing over typed arrays, so a
 * million rows cost about 32 MB instead of the ~100 MB a `Map` of boxed numbers takes (and never
 * boxes). A reference is any non-negative integer below 2⁵³ (the run-wide index stores file and row).
 */
export class HashIndex {
  private keys: Float64Array;
  private rows: Float64Array;
  private used = 0;

  constructor(capacity = 1024) {
    let cap = 1024;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Float64Array(cap).fill(-1);
    this.rows = new Float64Array(cap);
  }

  get size(): number {
    return this.used;
  }

  /** The row stored for `hash` (a non-negative integer below 2⁵³), or undefined. */
  get(hash: number): number | undefined {
    const mask = this.keys.length - 1;
    for (let i = this.slot(hash, mask); ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === -1) return undefined;
      if (k === hash) return this.rows[i];
    }
  }

  /** The row stored for `hash`; when there is none, `row` is stored and undefined returned (one probe). */
  getOrSet(hash: number, row: number): number | undefined {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let i = this.slot(hash, mask); ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === hash) return this.rows[i];
      if (k === -1) {
        this.keys[i] = hash;
        this.rows[i] = row;
        this.used++;
        return undefined;
      }
    }
  }

  /** Store `row` for `hash` unless the hash is already there. */
  set(hash: number, row: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let i = this.slot(hash, mask); ; i = (i + 1) & mask) {
      const k = this.keys[i]!;
      if (k === hash) return;
      if (k === -1) {
        this.keys[i] = hash;
        this.rows[i] = row;
        this.used++;
        return;
      }
    }
  }

  private slot(hash: number, mask: number): number {
    // the low 32 bits are well mixed already
    return (hash % 4294967296) & mask;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldRows = this.rows;
    this.keys = new Float64Array(oldKeys.length * 2).fill(-1);
    this.rows = new Float64Array(oldKeys.length * 2);
    this.used = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i] !== -1) this.set(oldKeys[i]!, oldRows[i]!);
  }
}
