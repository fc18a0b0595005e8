// The full collection before a big data sheet's second read (src/cli/pipeline/heap.ts): it collects
// (V8's gc exposed at run time), and only for a data sheet of FULL_GC_ROWS rows or more.
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, BOUNDED_GROWTH_REPS, collectBeforeDataSheet, collectBeforeWorkbook, collectGarbage, collectYoung, FULL_GC_REPS, FULL_GC_ROWS } from '../../../src/cli/pipeline/heap.js';

describe('collectGarbage', () => {
  it('frees an old-generation heap of garbage that is no longer reachable', async () => {
    let held: { id: number; text: string }[] | undefined = Array.from({ length: 400_000 }, (_, i) => ({ id: i, text: `row ${i}` }));
    // survive a few scavenges, as a first read's structures do, so that only a full collection frees them
    for (let k = 0; k < 4; k++) {
      await new Promise((r) => setImmediate(r));
      Array.from({ length: 200_000 }, (_, i) => ({ i }));
    }
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    expect(held.length).toBe(400_000);
    held = undefined;
    collectGarbage();
    const after = process.memoryUsage().heapUsed;
    // 400,000 objects with a string each: well over 20 MB
    expect(before - after).toBeGreaterThan(20e6);
  });
});

describe('collectYoung', () => {
  it('frees the dead buffers of the young generation, which no object allocation would scavenge soon', async () => {
    collectGarbage();
    const base = process.memoryUsage().arrayBuffers;
    let last: Buffer | undefined;
    // 24 MB of buffers, each dead once the next is made (a notes part's inflated pieces)
    for (let i = 0; i < 60; i++) last = Buffer.alloc(400_000, i);
    collectYoung();
    // V8 frees the buffers' memory on a background thread after the scavenge: given up to 3 s (a loaded machine)
    for (let k = 0; k < 150 && process.memoryUsage().arrayBuffers - base >= 4e6; k++) await new Promise((r) => setTimeout(r, 20));
    const after = process.memoryUsage().arrayBuffers;
    expect(last!.length).toBe(400_000);
    // what is left is the last buffer and whatever else is alive, not the 23 MB of dead ones
    expect(after - base).toBeLessThan(4e6);
  });
});

describe('collectBeforeDataSheet', () => {
  it.each([
    [0, false],
    [100_000, false],
    [FULL_GC_ROWS - 1, false],
    [FULL_GC_ROWS, true],
    [1_048_575, true],
  ])('a data sheet of %i rows: collects first = %s', (rows, collects) => {
    expect(collectBeforeDataSheet(rows)).toBe(collects);
  });
});

describe('collectBeforeWorkbook (issue 10 item 16)', () => {
  it.each([
    [0, false],
    [15_000, false],
    [FULL_GC_REPS - 1, false],
    [FULL_GC_REPS, true],
    [61_000, true],
  ])('an evaluation of %i reps: collects before its workbook = %s', (reps, collects) => {
    expect(collectBeforeWorkbook(reps)).toBe(collects);
  });
});

describe('boundHeapGrowth (issue 10 item 16)', () => {
  it.each([
    [0, false],
    // the 1M-row CSV's reps: a long export of few reps is not bounded (it was, by its 71 MB)
    [500, false],
    [BOUNDED_GROWTH_REPS - 1, false],
    [BOUNDED_GROWTH_REPS, true],
    [61_000, true],
  ])('%i reps read so far: the growth bounded = %s', (reps, bounds) => {
    expect(boundHeapGrowth(reps)).toBe(bounds);
  });
});
