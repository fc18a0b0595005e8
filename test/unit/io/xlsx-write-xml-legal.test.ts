// Item 13 of issue 10: U+FFFE / U+FFFF (and C0 controls, lone surrogates) in a text cell made the
// workbook invalid XML (openpyxl refused it, LibreOffice blanked every later string), exit 0. Any
// string written through the report's cell helpers now reads back — with our reader and with exceljs —
// as its XML-legal form, and every XML part of the file parses with a strict XML parser.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import { openXlsx } from '../../../src/io/xlsx-read.js';
import { workbookBytes } from '../../../src/io/xlsx-write.js';
import { cleanText, safeSheetName } from '../../../src/report/safe-text.js';
import { cellText, setNote, setText, SheetBuilder } from '../../../src/report/workbook-style.js';
import { hasXmlIllegal, xmlLegal } from '../../../src/shared/xml-text.js';
import { readEntries } from '../report/workbook-dump.js';
import { binaryUnit } from '../shared/adversarial.js';

const DATE = new Date('2026-01-01T00:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'sg-xml-legal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Throws when `xml` is not well-formed XML 1.0 (saxes checks characters, names and nesting). */
function assertWellFormed(name: string, xml: string): void {
  const p = new SaxesParser({ xmlns: false });
  p.on('error', (e) => {
    throw new Error(`${name}: ${e.message}`);
  });
  p.write(xml).close();
}

// Strings built to hit every edge: the illegal characters, surrogate pairs and halves, OOXML's own
// `_xHHHH_` escape syntax, CR/LF/tab, XML specials and formula starts.
const nasty = fc.constantFrom(
  '\uFFFE', '\uFFFF', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '😀', '\u0000', '\u0001', '\u000B', '\u000C', '\u001F',
  '\u007F', '\u0085', '\u009F', '\t', '\n', '\r', '\r\n', '_x0041_', '_x005F_', '_x000D_', '_x', '&', '<', '>', '"', "'",
  ']]>', '=', '+', '-', '@', ' ', '张三', '\u3000', '\uFEFF', '\u200B', 'a', 'Z', '1',
);
const anyText = fc.oneof(
  fc.array(nasty, { maxLength: 12 }).map((xs) => xs.join('')),
  fc.string({ unit: binaryUnit, maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 30 }),
);

describe('xmlLegal', () => {
  it.each([
    ['a\uFFFEb\uFFFFc', 'abc'],
    ['x\u0001\u0008\u000B\u000C\u001Fy', 'xy'],
    ['tab\tLF\nCR\r', 'tab\tLF\nCR\r'],
    ['lone \uD800 high', 'lone \uFFFD high'],
    ['lone \uDC00 low', 'lone \uFFFD low'],
    ['pair 😀 kept', 'pair 😀 kept'],
    ['\uDC00\uD800', '\uFFFD\uFFFD'],
  ])('%j → %j', (input, expected) => {
    expect(xmlLegal(input)).toBe(expected);
    expect(hasXmlIllegal(expected)).toBe(false);
  });

  it('property: the result is XML-legal, and legal text is left alone', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = xmlLegal(s);
        expect(hasXmlIllegal(out)).toBe(false);
        expect(xmlLegal(out)).toBe(out);
        if (!hasXmlIllegal(s)) expect(out).toBe(s);
      }),
    );
  });

  it('a cell capped at 32,767 units never ends on half of a surrogate pair', () => {
    const s = `${'x'.repeat(32_766)}😀tail`;
    const out = cleanText(s);
    expect(out).toBe('x'.repeat(32_766));
    expect(hasXmlIllegal(out)).toBe(false);
  });
});

describe('workbook round trip of any text (cells, notes, sheet names)', () => {
  it('property: reads back as its XML-legal form with our reader and exceljs; every part is well-formed', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 6 }), anyText, async (texts, sheetName) => {
        const ws = new SheetBuilder();
        texts.forEach((t, i) => {
          setText(ws.cell(i + 1, 1), t);
          setNote(ws.cell(i + 1, 1), [t]);
        });
        const buf = await workbookBytes({ sheets: [ws.model(safeSheetName(sheetName, new Set()))] }, DATE);
        for (const [name, xml] of await readEntries(buf)) if (/\.(xml|rels|vml)$/.test(name)) assertWellFormed(name, xml);

        const expected = texts.map((t) => cellText(t));
        for (const e of expected) expect(hasXmlIllegal(e)).toBe(false);

        // exceljs
        const back = new ExcelJS.Workbook();
        await back.xlsx.load(buf as unknown as ExcelJS.Buffer);
        const sheet = back.worksheets[0]!;
        texts.forEach((_t, i) => {
          const v = sheet.getCell(i + 1, 1).value;
          // exceljs does not decode OOXML's `_xHHHH_` in inline strings (it does in shared strings);
          // Excel, SheetJS and our reader do: decode as they do
          expect(v === null ? '' : String(v).replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))).toBe(expected[i]);
        });

        // our reader
        const file = join(dir, `rt-${n++}.xlsx`);
        writeFileSync(file, buf);
        const book = await openXlsx(file);
        try {
          const got = new Map<number, string>();
          for await (const row of book.rows(book.sheets[0]!.name)) {
            const c = row.cells[0];
            if (c?.t === 's') got.set(row.row, c.v);
          }
          texts.forEach((_t, i) => expect(got.get(i + 1) ?? '').toBe(expected[i]));
        } finally {
          await book.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('U+FFFE in a name: the file is well-formed and the name reads back without it (the reported case)', async () => {
    const ws = new SheetBuilder();
    setText(ws.cell(1, 1), '张\uFFFE三');
    setText(ws.cell(2, 1), '李四\uFFFF');
    const buf = await workbookBytes({ sheets: [ws.model('S')] }, DATE);
    const entries = await readEntries(buf);
    assertWellFormed('xl/worksheets/sheet1.xml', entries.get('xl/worksheets/sheet1.xml')!);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(buf as unknown as ExcelJS.Buffer);
    expect([back.worksheets[0]!.getCell('A1').value, back.worksheets[0]!.getCell('A2').value]).toEqual(['张三', '李四']);
  });

  it('the writer itself drops illegal characters that bypassed the cell helpers (last guard)', async () => {
    const model = {
      title: 'title\uFFFF',
      sheets: [{ name: 'S\uFFFE', rows: [{ r: 1, cells: [{ v: 'raw\uFFFE\u0001text', note: 'n\u0002ote', link: "'S'!A1\u0003", tooltip: 't\uFFFF' }] }] }],
    };
    const entries = await readEntries(await workbookBytes(model, DATE));
    for (const [name, xml] of entries) if (/\.(xml|rels|vml)$/.test(name)) assertWellFormed(name, xml);
    expect(entries.get('xl/worksheets/sheet1.xml')).toContain('rawtext');
    expect(entries.get('xl/comments1.xml')).toContain('note');
  });
});
