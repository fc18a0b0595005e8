import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanIdentifier } from '../../../src/shared/text.js';
import { openExport } from '../../../src/io/read-export.js';

const piece = fc.constantFrom('a', 'B', '张', '三', ' ', ',', ';', '"', '\n', '\r\n', '\t', '|', '¥', '1', '.');
const value = fc.array(piece, { maxLength: 8 }).map((a) => a.join(''));

describe('CSV round trip (property)', () => {
  it('reads back any quoted values, and every record starts on its real line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-csvprop-'));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), async (rows, eol) => {
        const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
        const text = `销售代表,客户名称,备注${eol}${rows.map(([a, b], i) => [`R${i}`, quote(a), quote(b)].join(',')).join(eol)}${eol}`;
        const path = join(dir, `p${n++}.csv`);
        writeFileSync(path, text);
        const reader = await openExport(path, { source: { fields: { rep: ['销售代表'], customer: ['客户名称'], note: ['备注'] } } });
        const got: { line: number; rep: string; customer: unknown; note: unknown }[] = [];
        for await (const r of reader.rows()) {
          expect(r.record).toBeDefined();
          got.push({ line: r.source.row, rep: r.record!.rep, customer: r.record!.fields.customer, note: r.record!.fields.note });
        }
        let line = 2;
        const expected = rows.map(([a, b], i) => {
          const e = { line, rep: `R${i}`, customer: cleanIdentifier(a) || null, note: cleanIdentifier(b) || null };
          line += 1 + (a.match(/\r\n|\n/g)?.length ?? 0) + (b.match(/\r\n|\n/g)?.length ?? 0);
          return e;
        });
        expect(got).toEqual(expected);
        expect(reader.findings).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
