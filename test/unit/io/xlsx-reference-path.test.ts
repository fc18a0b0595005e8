// The XLSX reader's suites once more, on the reference sheet path (the generic XmlScanner feeding
// SheetRows) instead of the fast one (xlsx-sheet-fast.ts), which their own files run on: every
// expectation of those suites holds on both paths. xlsx-fast-differential.test.ts compares the two
// directly on generated sheets. xlsx-fuzz.test.ts (random damage: read or refuse, in bounded time) is not
// run again here: the fast path hands every construct it does not take to this path, and
// xlsx-fast-differential's damaged-sheet property compares the two paths on 2,000 damaged sheets.
import { describe, expect, it } from 'vitest';
import { useSheetScanner } from '../../../src/io/xlsx-read.js';

const before = useSheetScanner('reference');

describe('the reference sheet path', () => {
  it('is the one these suites run on (the default is the fast path)', () => {
    expect(before).toBe('fast');
    expect(useSheetScanner('reference')).toBe('reference');
  });
});

await import('./read-xlsx.test.js');
await import('./xlsx-cells.test.js');
await import('./xlsx-differential.test.js');
