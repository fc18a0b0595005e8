import { describe, expect, it } from 'vitest';
import { compareDiagnostics, formatLocation, type Diagnostic } from '../../../src/shared/diagnostic.js';

const d = (over: Partial<Diagnostic>): Diagnostic => ({ code: 'x', message: 'm', severity: 'error', source: 'a.yaml', ...over });

describe('formatLocation', () => {
  it.each([
    [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } } }, 'a.yaml:1:5'],
    [{ sheet: '商机明细', cell: 'C12' }, 'a.yaml 商机明细!C12'],
    [{ sheet: 'Deals Q3', cell: 'A2' }, "a.yaml 'Deals Q3'!A2"],
    [{ row: 7 }, 'a.yaml:7'],
    [{}, 'a.yaml'],
  ])('%j → %s', (over, expected) => {
    expect(formatLocation(d(over))).toBe(expected);
  });
});

describe('compareDiagnostics', () => {
  it('orders by file, line, column, then code', () => {
    const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });
    const list = [
      d({ source: 'b.yaml', range: at(0, 0) }),
      d({ code: 'z', range: at(3, 1) }),
      d({ code: 'a', range: at(3, 1) }),
      d({ range: at(1, 9) }),
    ];
    const sorted = [...list].sort(compareDiagnostics);
    expect(sorted.map((x) => `${x.source}:${x.range!.start.line}:${x.range!.start.character}:${x.code}`)).toEqual([
      'a.yaml:1:9:x',
      'a.yaml:3:1:a',
      'a.yaml:3:1:z',
      'b.yaml:0:0:x',
    ]);
  });

  it('orders spreadsheet cells by row, then column', () => {
    const list = [d({ sheet: 'S', cell: 'B10' }), d({ sheet: 'S', cell: 'AA2' }), d({ sheet: 'S', cell: 'C2' })];
    expect([...list].sort(compareDiagnostics).map((x) => x.cell)).toEqual(['C2', 'AA2', 'B10']);
  });
});
