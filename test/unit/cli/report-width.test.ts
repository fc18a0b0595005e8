import { describe, expect, it } from 'vitest';
import { reportWidth } from '../../../src/cli/io.js';

describe('reportWidth', () => {
  it('uses the terminal width; 100 when not a terminal, unknown or 0 (a pty without a size)', () => {
    const w = (isTTY: boolean, columns?: number) => reportWidth({ write: () => undefined, isTTY, columns });
    expect([w(true, 132), w(true, 80), w(true, 0), w(true, undefined), w(false, 132), w(true, Number.NaN), w(true, 12)]).toEqual([132, 80, 100, 100, 100, 100, 40]);
  });
});
