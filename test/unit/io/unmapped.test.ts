// io/unmapped.ts: the one rep-not-mapped finding builds the message that report/finding-messages.ts
// renders in zh-CN from the same data (the cases there use these exact strings).
import { describe, expect, it } from 'vitest';
import { distinctHeaders, repNotMapped } from '../../../src/io/unmapped.js';
import { findingMessage } from '../../../src/report/finding-messages.js';

describe('repNotMapped', () => {
  it('names the columns found and every alias once, at the header line', () => {
    const d = repNotMapped({ source: 'e.csv', table: 'export', found: ['日期', '', '客户'], aliases: ['销售代表', 'Sales Rep', 'sales_rep', '销售代表'], at: { line: 3 } });
    expect(d).toMatchObject({ code: 'rep-not-mapped', severity: 'error', source: 'e.csv', range: { start: { line: 2, character: 0 } } });
    expect(d.message).toBe('the rep column is not mapped (found columns: 日期, 客户); add one of the headers 销售代表, Sales Rep to the rep column, or map it in source.fields.rep; no row can be counted without it');
    expect(findingMessage(d, 'en')).toBe(d.message);
  });

  it('counts the columns past 20, in both languages', () => {
    const found = Array.from({ length: 23 }, (_, i) => `c${i + 1}`);
    const d = repNotMapped({ source: 'r.xlsx', table: 'roster', found, aliases: ['姓名'], at: { sheet: '花名册', row: 2 } });
    expect(d).toMatchObject({ sheet: '花名册', row: 2 });
    expect(d.message).toContain(`found columns: ${found.slice(0, 20).join(', ')}, … (3 more)`);
    expect(findingMessage(d, 'zh-CN')).toContain('……（另有 3 列）');
    expect(findingMessage(d, 'zh-CN')).toContain('roster.fields.rep');
  });

  it('distinctHeaders compares as the header matcher does (case, spaces, full-width)', () => {
    expect(distinctHeaders(['Sales Rep', 'sales rep', 'SalesRep', 'ＯＷＮＥＲ', 'Owner', ''])).toEqual(['Sales Rep', 'ＯＷＮＥＲ']);
  });
});
