// The workbook writer's byte path (io/xlsx-write-bytes.ts and `encodeRow` in io/xlsx-write.ts)
// against its reference, the string writer (`rowXml`): for generated rows — XML-illegal characters,
// `_xHHHH_`, formula-like text, leading/trailing spaces, long text, CJK, emoji (surrogate pairs) and
// lone surrogates, numbers of every shape, booleans, empty cells, styles by name and by object,
// notes, links, formulas, row heights — every sheet's XML and styles.xml are the same text, and the
// .xlsx the same bytes. Plus the byte sink's own edges: numbers as JavaScript prints them, chunks
// that never move under a reader, text across buffer ends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ascii, CHUNK_BYTES, XmlBytes } from '../../../src/io/xlsx-write-bytes.js';
import { sheetXmlTexts, workbookBytes } from '../../../src/io/xlsx-write.js';
import type { CellModel, CellStyle, RowModel, WorkbookModel } from '../../../src/shared/sheet-model.js';
import { adversarialString, mutated } from '../shared/adversarial.js';

const DATE = new Date('2026-09-30T00:00:00Z');

const SEEDS = ['Rep 212', 'Account 2443 Holdings Ltd', '2026-07-01', '123567.00', '张三', 'csat, visits', 'a_x0041_b', '_x', 'A & B', '<t>', '"q"', '=1+1', '－1', '@SUM(A1)', ' lead', 'trail ', '\ud83d\ude00 pair', 'lone \ud83d', '\udc00 lone', 'tab\tin', 'line\nbreak', 'cr\rhere', '\u0000nul', '\ufffe\uffff', 'é ß ÿ', '\u07ff\u0800'];
const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SEEDS) },
  { weight: 3, arbitrary: mutated(SEEDS) },
  { weight: 2, arbitrary: adversarialString(12) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  // long text: past a buffer's spare room, and the 32,767-unit cap of a cell
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '张', '&', '\ud83d\ude00', 'x_x0041_'), fc.integer({ min: 1_000, max: 33_000 })).map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n)) },
);
const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: 0, max: 1_048_576 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 2 ** 53, -(2 ** 31), 46037, 46037.5, Infinity, -Infinity, NaN),
);
const NAMED: Record<string, CellStyle> = { header: { font: { bold: true }, fill: 'FFE7ECF3' }, grey: { font: { color: 'FF808080' }, fill: 'FFF2F2F2' } };
const SHARED: CellStyle[] = [{ numFmt: 'yyyy-mm-dd' }, { numFmt: '0' }, { numFmt: '#,##0.00', fill: 'FFFFEB9C' }, {}];
const style = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom<CellStyle | string>('header', 'grey', ...SHARED) },
  // a fresh object of equal content: interned by content
  { weight: 1, arbitrary: fc.constantFrom(...SHARED).map((s) => ({ ...s })) },
);
const cell: fc.Arbitrary<CellModel | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 8,
    arbitrary: fc.record(
      {
        v: fc.oneof({ weight: 4, arbitrary: text }, { weight: 3, arbitrary: number }, { weight: 1, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom(null, '') }),
        s: style,
        note: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: text }),
        link: fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant("'Data q3'!D7") }),
        f: fc.oneof({ weight: 19, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant('SUM(A1:A3)') }),
      },
      { requiredKeys: [] },
    ),
  },
);
const rows: fc.Arbitrary<RowModel[]> = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.array(cell, { maxLength: 30 }), fc.option(fc.constantFrom(15, 30.5), { nil: undefined })), { maxLength: 12 })
  .map((list) => {
    let r = 0;
    return list.map(([step, cells, height]) => {
      r += step;
      // the last rows of a sheet: seven-digit row numbers
      const row = r > 300 ? 1_048_000 + r : r;
      return { r: row, cells, ...(height !== undefined ? { height } : {}) };
    });
  });

function model(sheets: RowModel[][]): WorkbookModel {
  return { title: 'bytes', styles: NAMED, sheets: sheets.map((rs, i) => ({ name: `S${i + 1}`, widths: { 1: 12 }, rows: rs })) };
}

describe('the byte writer is the string writer', () => {
  it('every sheet and styles.xml are the same text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(rows, { minLength: 1, maxLength: 3 }), async (sheets) => {
        const fast = await sheetXmlTexts(model(sheets), false);
        const ref = await sheetXmlTexts(model(sheets), true);
        expect(fast.sheets).toEqual(ref.sheets);
        expect(fast.styles).toBe(ref.styles);
      }),
      { numRuns: 300 },
    );
  });

  it('a data-sheet-like sheet of 3,000 rows gives the same .xlsx bytes', async () => {
    const grey: CellStyle = { font: { color: 'FF808080' }, fill: 'FFF2F2F2' };
    const date: CellStyle = { numFmt: 'yyyy-mm-dd' };
    const make = (): WorkbookModel => ({
      sheets: [
        {
          name: 'Data',
          rows: (function* () {
            yield { r: 1, cells: ['Deal ID', 'Owner', 'Date', 'Amount', 'Counted in', 'Source row'].map((v) => ({ v, s: 'header' })) };
            for (let r = 2; r <= 3_001; r++) {
              const s = r % 7 === 0 ? grey : undefined;
              yield {
                r,
                cells: [
                  { v: r % 3 ? `D${r}` : null, s },
                  { v: `Rep ${r % 500} 张三`, s },
                  { v: 46_000 + (r % 365), s: date },
                  { v: r % 5 ? (r * 37.5) / 7 : '=cmd|calc', s },
                  { v: r % 11 ? 'revenue, deals_won' : 'bad <value> & _x0041_ \u0001', s },
                  { v: r, s: { numFmt: '0' } },
                ],
              };
            }
          })(),
        },
      ],
      styles: NAMED,
    });
    const fast = await workbookBytes(make(), DATE);
    const ref = await workbookBytes(make(), DATE, { reference: true });
    expect(fast.equals(ref)).toBe(true);
  });
});

describe('XmlBytes', () => {
  it('writes numbers as JavaScript prints them', () => {
    const values = [0, -0, 7, 10, 99, 100, 1_048_576, Number.MAX_SAFE_INTEGER, -1, -123, 0.5, 1e21, 1e-7, 2 ** 53, 46037.25, -0.0001];
    const out = new XmlBytes();
    for (const v of values) {
      out.number(v);
      out.text('|');
    }
    expect(out.take().toString('latin1')).toBe(values.map((v) => `${v}|`).join(''));
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.nat()), (v) => {
        const b = new XmlBytes();
        b.number(v);
        return b.take().toString('latin1') === `${v}`;
      }),
      { numRuns: 5_000 },
    );
  });

  it('plainText encodes what it accepts as UTF-8 and writes nothing for what it refuses', () => {
    fc.assert(
      fc.property(text, (s) => {
        const b = new XmlBytes();
        b.bytes(ascii('<'));
        const ok = b.plainText(s);
        const got = b.take();
        if (ok) return got.equals(Buffer.from(`<${s}`, 'utf8'));
        return got.equals(Buffer.from('<'));
      }),
      { numRuns: 5_000 },
    );
    for (const bad of ['a&b', 'a<b', 'a>b', 'a"b', 'a_x0041_', '\u0001', '\ud83d\ude00', '\ud800', '\ufffe', '\uffff']) expect(new XmlBytes().plainText(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ["it's", 'a_b', 'x_', '\t\n\r', '\u007f', '张三', '\ud7ff\ue000\ufffd']) expect(new XmlBytes().plainText(good), JSON.stringify(good)).toBe(true);
  });

  it('hands out chunks that later writes never change, across buffer ends', () => {
    const out = new XmlBytes();
    const taken: { chunk: Buffer; copy: Buffer }[] = [];
    let expected = '';
    for (let i = 0; i < 20_000; i++) {
      // (row 389 and its multiples not of 3: a text longer than a chunk, measured before it is written)
      const s = i % 97 === 0 ? '张'.repeat(30_000) : i % 389 === 0 && i % 3 ? `<a>${'张€x'.repeat(40_000)}</a>` : i % 3 ? `<c r="A${i}">${i}</c>` : `c r=A${i} ${i} 张`;
      expected += s;
      if (i % 3) out.text(s);
      else expect(out.plainText(s)).toBe(true);
      if (out.full) {
        expect(out.size).toBeGreaterThanOrEqual(CHUNK_BYTES);
        const chunk = out.take();
        taken.push({ chunk, copy: Buffer.from(chunk) });
      }
    }
    const last = out.take();
    taken.push({ chunk: last, copy: Buffer.from(last) });
    for (const t of taken) expect(t.chunk.equals(t.copy)).toBe(true);
    expect(Buffer.concat(taken.map((t) => t.chunk)).toString('utf8')).toBe(expected);
  });

  it('a row wider than a buffer (nothing taken until its end) is copied a bounded number of times, not once per cell', () => {
    // a data sheet row as wide as Excel allows (16,384 cells, header row ~0.5 MB) is written before
    // anything is taken: the buffer grew by one cell at a time and copied all of it each time
    // (large-outputs' XFD case took 5.6 s in workbookBytes, 0.12 s with doubling)
    const out = new XmlBytes();
    const cell = '<c r="XFD1" t="inlineStr"><is><t>c16384</t></is></c>';
    let written = 0;
    for (let i = 0; i < 16_384; i++) {
      out.text(cell);
      written += cell.length;
    }
    expect(out.size).toBe(written);
    expect(out.copied).toBeLessThan(2 * written);
    expect(out.take().toString('utf8')).toBe(cell.repeat(16_384));
  });
});
