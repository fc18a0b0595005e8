import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { workbookBytes } from '../../../src/io/xlsx-write.js';
import { MAX_CELL_CHARS, MAX_SHEET_NAME, csvSafe, quoteSheetRef, safeSheetName } from '../../../src/report/safe-text.js';
import { looksLikeFormula } from '../../../src/shared/formula-text.js';
import { cellText, setText, SheetBuilder } from '../../../src/report/workbook-style.js';
import { dumpWorkbook, readEntries } from './workbook-dump.js';
import { binaryUnit } from '../shared/adversarial.js';

const INJECTIONS = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", '@SUM(1)', '-2+3', '－1+1', '＝1+1', '＋1', '＠A1', '\t=1', '\r=1'];

describe('csvSafe (CSV output)', () => {
  it.each(INJECTIONS)('%j gets a leading apostrophe', (text) => {
    expect(csvSafe(text)).toBe(`'${text}`);
  });

  it.each([
    ['张三', '张三'],
    ['Acme\u0007 Ltd', 'Acme Ltd'],
    ['a\u0000b\u009fc', 'abc'],
    ['1+1', '1+1'],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(csvSafe(text)).toBe(expected);
  });

  it('caps at 32,767 characters, apostrophe included', () => {
    expect(csvSafe('x'.repeat(40_000))).toHaveLength(MAX_CELL_CHARS);
    const out = csvSafe(`=${'x'.repeat(40_000)}`);
    expect(out).toHaveLength(MAX_CELL_CHARS);
    expect(out.startsWith("'=")).toBe(true);
  });

  it('property: the result never looks like a formula, has no control characters, fits a cell', () => {
    fc.assert(
      fc.property(fc.string({ unit: binaryUnit, maxLength: 60 }), (s) => {
        const out = csvSafe(s);
        expect(looksLikeFormula(out)).toBe(false);
        expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/);
        expect(out.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
      }),
    );
  });
});

describe('safeSheetName', () => {
  it.each([
    ['商机明细', '商机明细'],
    ['Q3 [draft]: a/b\\c?*', 'Q3 _draft__ a_b_c__'],
    ["'quoted'", 'quoted'],
    ['', 'Sheet'],
    ['History', 'History_'],
    ['A'.repeat(40), 'A'.repeat(31)],
    [`${'x'.repeat(30)}😀`, 'x'.repeat(30)],
    ['tab\there', 'tab here'],
  ])('%j → %j', (name, expected) => {
    expect(safeSheetName(name, new Set())).toBe(expected);
  });

  it('makes clashes unique, case-insensitively, within 31 characters', () => {
    const taken = new Set<string>();
    expect(safeSheetName('Data', taken)).toBe('Data');
    expect(safeSheetName('DATA', taken)).toBe('DATA (2)');
    expect(safeSheetName('data', taken)).toBe('data (3)');
    const long = 'L'.repeat(31);
    expect(safeSheetName(long, taken)).toBe(long);
    expect(safeSheetName(long, taken)).toBe(`${'L'.repeat(27)} (2)`);
  });

  it('property: any names give valid, unique sheet names that exceljs accepts', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 12 }), (names) => {
        const taken = new Set<string>();
        const wb = new ExcelJS.Workbook();
        const out = names.map((n) => safeSheetName(n, taken));
        for (const n of out) {
          expect(n.length).toBeGreaterThan(0);
          expect(n.length).toBeLessThanOrEqual(MAX_SHEET_NAME);
          expect(n).not.toMatch(/[[\]:*?/\\\u0000-\u001F]/);
          expect(n.startsWith("'") || n.endsWith("'")).toBe(false);
          wb.addWorksheet(n); // throws on an invalid or duplicate name
        }
        expect(new Set(out.map((n) => n.toLowerCase())).size).toBe(out.length);
      }),
    );
  });

  it('quoteSheetRef doubles apostrophes', () => {
    expect(quoteSheetRef("Bob's data")).toBe("'Bob''s data'");
  });
});

describe('text cells in the xlsx', () => {
  it('formula-looking text is written as a string cell (inline), never a formula, and reads back unchanged', async () => {
    const ws = new SheetBuilder();
    INJECTIONS.forEach((text, i) => setText(ws.cell(i + 1, 1), text));
    setText(ws.cell(20, 1), `a\u0001b${'y'.repeat(40_000)}`);
    const buf = await workbookBytes({ sheets: [ws.model('t')] }, new Date('2026-01-01T00:00:00Z'));
    const xml = (await readEntries(buf)).get('xl/worksheets/sheet1.xml')!;
    expect(xml).not.toMatch(/<f[ >]/);
    // every formula-looking cell gets a style with quotePrefix (Excel keeps it text when edited); the
    // plain long text keeps the default style
    const styles = (await readEntries(buf)).get('xl/styles.xml')!;
    const xfs = [.../<cellXfs count="\d+">([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!.matchAll(/<xf\b[^>]*>/g)].map((m) => m[0]);
    const cells = [...xml.matchAll(/<c r="(A\d+)"(?: s="(\d+)")? t="inlineStr">/g)].map((m) => [m[1], xfs[Number(m[2] ?? 0)]!.includes('quotePrefix="1"')]);
    expect(cells).toEqual([...INJECTIONS.map((_, i) => [`A${i + 1}`, true]), ['A20', false]]);
    const back = (await dumpWorkbook(buf))[0]!.cells;
    // a CR becomes LF (Excel's line break); the text stays a string
    INJECTIONS.forEach((text, i) => expect(back[`A${i + 1}`]).toEqual({ v: text.replace(/\r/g, '\n') }));
    const long = back.A20!.v as string;
    expect(long.startsWith('aby')).toBe(true);
    expect(long).toHaveLength(MAX_CELL_CHARS);
  });

  it('property: any text reads back as the cleaned string (CR as LF)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: binaryUnit, minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 8 }), async (texts) => {
        const ws = new SheetBuilder();
        texts.forEach((t, i) => setText(ws.cell(i + 1, 1), t));
        const cells = (await dumpWorkbook(await workbookBytes({ sheets: [ws.model('p')] }, new Date(0))))[0]!.cells;
        texts.forEach((t, i) => {
          const clean = cellText(t);
          const got = cells[`A${i + 1}`];
          if (clean === '') expect(got).toBeUndefined();
          else expect(got?.v).toBe(clean);
        });
      }),
      { numRuns: 40 },
    );
  });
});
