// The XLSX reader's suites once more, on the reference sheet path (the generic XmlScanner feeding
// SheetRows) instead of the fast one (xlsx-sheet-fast.ts), which their own files run on: every
// expectation of those suites holds on both paths. xlsx-fast-differential.test.ts compares the two
// directly on generated sheets. xlsx-fuzz.test.ts (random damage: read or refuse, in bounded time) is not
// run again here: the fast path hands every construct it does not take to this path, and
// xlsx-fast-differential's damaged-sheet property compares the two paths on 2,000 damaged sheets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSheetScanner } from '../../../src/io/xlsx-read.js';

// The switch is the module's, and the thread runs other files after this one (not isolated): set it
// for this file's tests only, and give the fast path back after them.
let before: ReturnType<typeof useSheetScanner> | undefined;
beforeAll(() => {
  before = useSheetScanner('reference');
});
afterAll(() => {
  useSheetScanner(before ?? 'fast');
});

describe('the reference sheet path', () => {
  it('is the one these suites run on (the default is the fast path)', () => {
    expect(before).toBe('fast');
    expect(useSheetScanner('reference')).toBe('reference');
  });
});

// Each suite under a module id of its own (`?reference-path`): in a thread that is not isolated, a plain
// import would return the module its own file already ran (registering no test here), or run it here
// first and leave its own file with no test at all — which path ran would depend on the file order.
const again = (file: string): Promise<unknown> => import(/* @vite-ignore */ `${file}?reference-path`);
await again('./read-xlsx.test.js');
await again('./xlsx-cells.test.js');
await again('./xlsx-differential.test.js');
