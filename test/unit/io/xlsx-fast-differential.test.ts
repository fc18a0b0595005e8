// The fast sheet reader (src/io/xlsx-sheet-fast.ts) against its reference twin (the generic XmlScanner
// feeding SheetRows, src/io/xlsx-sheet.ts): generated sheet XML — shared and inline strings, rich text
// with phonetic runs, formulas with cached values and errors, dates in 1900 and 1904, empty cells,
// missing, prefixed or lower-case `r`, entities, CDATA, comments, odd white space and quotes, self-closing
// rows, rows and cells out of order — cut into chunks at random places, must give the same rows and
// cells, the same refusal (code, message, location) and leave the same reader state. Then whole
// workbooks through openExport on each path: the same rows, records, exclusions and findings. And
// well-formed sheets damaged at random (characters inserted, deleted, repeated) read the same on both.
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../../src/io/csv.js';
import { openExport } from '../../../src/io/read-export.js';
import { openXlsx, useSheetScanner, type SheetScanner } from '../../../src/io/xlsx-read.js';
import { FastSheetScanner, HANDOVER_CHARS, isCanonicalNumber } from '../../../src/io/xlsx-sheet-fast.js';
import { MAX_CELL_CHARS, SheetRows, xlsxNumber, type SheetContext } from '../../../src/io/xlsx-sheet.js';
import { XmlScanner } from '../../../src/io/xml.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import { columnLetter } from '../../../src/shared/text.js';
// @ts-expect-error: a plain .mjs script without types
import { xlsxParts, zipBuffer } from '../../../scripts/make-fixtures-zip.mjs';

const SHARED = ['张三', 'A&B', '<tag>', 'Won', '', ' padded ', 'x_x0041_y'];

const context = (date1904: boolean): SheetContext => ({
  file: 'gen.xlsx',
  sheet: 'S',
  shared: SHARED,
  // style 1: a date format, 2: a date-time format, 3: a currency format
  dateStyles: [false, true, true, false],
  currencyStyles: [undefined, undefined, undefined, 'EUR'],
  // their number formats (kept on the cells for the data sheets): both readers must carry them alike
  formatStyles: [undefined, 'yyyy-mm-dd', 'yyyy-mm-dd hh:mm', '"€"#,##0.00'],
  date1904,
});

interface Outcome {
  rows: RawRow[];
  error?: { code: string; message: string; location: unknown };
  state: Record<string, unknown>;
}

/** One sheet's XML read by one path, fed in the pieces the cuts give. */
function read(kind: SheetScanner, xml: string, cuts: number[], date1904: boolean): Outcome & { fastRows: number } {
  const rows = new SheetRows(context(date1904));
  const fast = kind === 'fast' ? new FastSheetScanner(rows, { file: 'gen.xlsx', sheet: 'S' }) : undefined;
  const sc = fast ?? new XmlScanner(rows, { file: 'gen.xlsx', sheet: 'S' });
  const out: RawRow[] = [];
  let error: Outcome['error'];
  const points = [...new Set(cuts.map((c) => c % (xml.length + 1)))].sort((a, b) => a - b);
  try {
    let from = 0;
    for (const p of [...points, xml.length]) {
      sc.feed(xml.slice(from, p));
      from = p;
      out.push(...rows.queue);
      rows.queue = [];
    }
    fast?.end();
    // the end of the sheet: a row or construct still open is refused on both paths
    rows.end(sc.unfinished);
  } catch (e) {
    if (!(e instanceof SalesgradeError)) throw e;
    error = { code: e.code, message: e.message, location: e.location };
  }
  out.push(...rows.queue);
  const { queue: _q, cx: _cx, ...state } = rows;
  return { rows: out, ...(error ? { error } : {}), state: { ...state, clean: rows.clean }, fastRows: fast?.stats.fast ?? 0 };
}

// ---- the generators ----------------------------------------------------------------------------------

const ws = fc.constantFrom('', '', '', ' ', '\n', '\r\n  ', '\t');
const text = fc.oneof(
  fc.constantFrom('张三', 'Won', 'A&amp;B', '&lt;x&gt;', '&#49;2', 'line_x000D_ break', ' padded ', '', '1.5', 'TRUE', '#N/A', ']]', '"q"', "it's", '>'),
  fc.string({ maxLength: 6 }).map((s) => s.replace(/[<&]/g, '')),
);
const numberText = fc.oneof(
  fc.constantFrom('0', '-0', '1', '42', '0.5', '-0.25', '261.95999999999998', '1E+21', '1.5e-3', '+7', '007', '1.50', '.5', '5.', '0.000001', '0.0000001', '123456789012345', '1234567890123456', ' 12 ', 'Infinity', 'NaN', '0x10', '1e400', '46204', '46204.5', '-1', '2958466', '99999999', '', 'abc'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((d) => d.toPrecision(17)),
  fc.integer({ min: -10, max: 3_000_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 9999 })).map(([a, b]) => `${a}.${b}`),
);
const sharedIndex = fc.oneof(fc.integer({ min: 0, max: SHARED.length - 1 }).map(String), fc.constantFrom('7', '99', ' 1 ', '01', '1.0', '-1', '', 'x', '12345678901'));

/** What goes inside a cell element (after its start tag). */
const content = fc.oneof(
  { weight: 5, arbitrary: sharedIndex.map((i) => ({ t: 's', body: `<v>${i}</v>` })) },
  { weight: 5, arbitrary: numberText.map((n) => ({ t: '', body: `<v>${n}</v>` })) },
  { weight: 2, arbitrary: numberText.map((n) => ({ t: 'n', body: `<v>${n}</v>` })) },
  { weight: 2, arbitrary: text.map((x) => ({ t: 'inlineStr', body: `<is><t>${x}</t></is>` })) },
  { weight: 1, arbitrary: text.map((x) => ({ t: 'inlineStr', body: `<is><t xml:space="preserve">${x}</t></is>` })) },
  { weight: 1, arbitrary: text.map((x) => ({ t: 'inlineStr', body: `<is><r><rPr><b/></rPr><t>${x}</t></r><rPh sb="0" eb="1"><t>ヨミ</t></rPh><r><t>2</t></r></is>` })) },
  { weight: 1, arbitrary: text.map((x) => ({ t: 'inlineStr', body: `<v>${x}</v>` })) },
  { weight: 1, arbitrary: text.map((x) => ({ t: 'str', body: `<f>A1&amp;"x"</f><v>${x}</v>` })) },
  { weight: 1, arbitrary: numberText.map((n) => ({ t: '', body: `<f t="shared" ref="B2:B9" si="0">1+1</f><v>${n}</v>` })) },
  { weight: 1, arbitrary: numberText.map((n) => ({ t: '', body: `<f t="shared" si="0"/><v>${n}</v>` })) },
  { weight: 1, arbitrary: fc.constantFrom('#DIV/0!', '#N/A', '', ' #REF! ').map((e) => ({ t: 'e', body: `<f>1/0</f><v>${e}</v>` })) },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', 'true', 'yes', '').map((b) => ({ t: 'b', body: `<v>${b}</v>` })) },
  { weight: 1, arbitrary: fc.constantFrom('2026-07-01T00:00:00', '').map((d) => ({ t: 'd', body: `<v>${d}</v>` })) },
  { weight: 1, arbitrary: fc.constantFrom('', 'n', 's', 'str', 'inlineStr').map((t) => ({ t, body: `<f>SUM(A1:A2)</f>` })) },
  { weight: 1, arbitrary: fc.constantFrom('<v/>', '<v></v>', '', ' ', '<v>1</v><v>2</v>', '<v><![CDATA[12]]></v>', '<v>1<!-- c --></v>', '<!-- c --><v>3</v>', '<x:v>4</x:v>', '<v >5</v >', '<is/>', '<is><t/></is>', '<extLst/>').map((body) => ({ t: '', body })) },
  { weight: 1, arbitrary: fc.constantFrom('<v>1</v>', '<v>0</v>').map((body) => ({ t: 'x', body })) },
);

interface CellSpec {
  colStep: number;
  refForm: 'upper' | 'none' | 'lower' | 'prefixed' | 'wrong-row' | 'bad' | 'single-quote' | 'spaced' | 'entity';
  style: string;
  selfClosing: boolean;
  extra: string;
  c: { t: string; body: string };
  gap: string;
}

const cellSpec: fc.Arbitrary<CellSpec> = fc.record({
  colStep: fc.oneof({ weight: 200, arbitrary: fc.constant(1) }, { weight: 30, arbitrary: fc.integer({ min: 2, max: 30 }) }, { weight: 1, arbitrary: fc.integer({ min: -2, max: 0 }) }),
  refForm: fc.oneof(
    { weight: 150, arbitrary: fc.constant('upper' as const) },
    { weight: 10, arbitrary: fc.constant('none' as const) },
    { weight: 5, arbitrary: fc.constantFrom('lower' as const, 'prefixed' as const, 'single-quote' as const, 'spaced' as const, 'entity' as const) },
    { weight: 1, arbitrary: fc.constantFrom('wrong-row' as const, 'bad' as const) },
  ),
  style: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 4, arbitrary: fc.constantFrom(' s="1"', ' s="2"', ' s="3"', ' s="0"', ' s=""', ' s="01"', ' s="x"', ' s="9"') }),
  selfClosing: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  extra: fc.constantFrom('', '', '', ' cm="1"', ' x14ac:foo="a>b"', '\n\t'),
  c: content,
  gap: ws,
});

interface RowSpec {
  rowStep: number;
  noR: boolean;
  selfClosing: boolean;
  tag: 'row' | 'x:row';
  attrs: string;
  cells: CellSpec[];
  before: string;
}

const rowSpec: fc.Arbitrary<RowSpec> = fc.record({
  rowStep: fc.oneof({ weight: 100, arbitrary: fc.constant(1) }, { weight: 15, arbitrary: fc.integer({ min: 2, max: 5 }) }, { weight: 1, arbitrary: fc.integer({ min: -1, max: 0 }) }),
  noR: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  selfClosing: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  tag: fc.oneof({ weight: 20, arbitrary: fc.constant('row' as const) }, { weight: 1, arbitrary: fc.constant('x:row' as const) }),
  attrs: fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('', ' spans="1:10" x14ac:dyDescent="0.25"', ' ht="15"', '\n') },
    // hidden rows (a filter): counted by both paths alike, however the attribute is written
    { weight: 4, arbitrary: fc.constantFrom(' hidden="1"', ' spans="1:3" hidden="true"', ' hidden="0"', ' hidden="false"') },
    { weight: 1, arbitrary: fc.constantFrom(" customHeight='1'", ' r="0"', ' hidden=" 1 "', " hidden='1'", ' hidden="&#49;"', ' x:hidden="1"', ' hidden="1" hidden="0"', ' hidden="yes"') },
  ),
  cells: fc.array(cellSpec, { maxLength: 8 }),
  before: fc.oneof({ weight: 30, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('\n', '<!-- a <row r="9"> in a comment -->', '<?pi x?>', '<![CDATA[<row>]]>', 'stray text', '<v>', '</v>', '<rPh>', '<is>', '<c r="A1"><v>1</v></c>') }),
});

function cellXml(spec: CellSpec, col: number, row: number): string {
  const letters = columnLetter(Math.max(0, col));
  let r: string;
  switch (spec.refForm) {
    case 'upper':
      r = ` r="${letters}${row}"`;
      break;
    case 'none':
      r = '';
      break;
    case 'lower':
      r = ` r="${letters.toLowerCase()}${row}"`;
      break;
    case 'prefixed':
      r = ` x:r="${letters}${row}"`;
      break;
    case 'wrong-row':
      r = ` r="${letters}${row + 1}"`;
      break;
    case 'bad':
      r = ` r="${letters}0${row}"`;
      break;
    case 'single-quote':
      r = ` r='${letters}${row}'`;
      break;
    case 'spaced':
      r = ` r = "${letters}${row}"`;
      break;
    case 'entity':
      r = ` r="&#${letters.charCodeAt(0)};${letters.slice(1)}${row}"`;
      break;
  }
  const t = spec.c.t ? ` t="${spec.c.t}"` : '';
  const head = `<c${r}${t}${spec.style}${spec.extra}`;
  return spec.selfClosing ? `${head}/>` : `${head}>${spec.c.body}</c>`;
}

function sheetXml(rows: RowSpec[], tail: string, head = ''): string {
  let rowNo = 0;
  let out = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${head}<dimension ref="A1:Z99"/><sheetData>`;
  for (const rs of rows) {
    // a row without r is the one after the last (a step back or 0 only where r is written)
    rowNo = rs.noR ? rowNo + 1 : rowNo + rs.rowStep;
    const r = rowNo;
    out += rs.before;
    const rAttr = rs.noR ? '' : ` r="${r}"`;
    if (rs.selfClosing) {
      out += `<${rs.tag}${rAttr}${rs.attrs}/>`;
      continue;
    }
    let col = -1;
    let cells = '';
    for (const c of rs.cells) {
      col += c.colStep;
      cells += c.gap + cellXml(c, col, r);
    }
    out += `<${rs.tag}${rAttr}${rs.attrs}>${cells}</${rs.tag}>`;
  }
  return `${out}</sheetData>${tail}</worksheet>`;
}

const sheet = fc.record({
  rows: fc.array(rowSpec, { maxLength: 12 }),
  tail: fc.constantFrom('', '', '', '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>', '<!-- end -->', '<row r="99"><c r="A99"><v>1</v></c></row>', '<extLst><ext><row r="3"/></ext></extLst>', '<x:row><c><v>5</v></c></x:row>'),
  // junk before <sheetData> (a <row> there is refused like one after it)
  head: fc.oneof(
    { weight: 7, arbitrary: fc.constantFrom('', '', '', '<sheetPr><outlinePr summaryBelow="0"/></sheetPr>', '<sheetPr><row r="1"><c r="A1"><v>9</v></c></row></sheetPr>', '<row/>', '<sheetData/>') },
    // hidden columns (`<cols>`, before <sheetData>): the same ranges on both paths, however written
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '<cols><col min="2" max="2" width="0" hidden="1" customWidth="1"/></cols>',
        '<cols><col min="1" max="1" width="9"/><col min="2" max="3" hidden="true"/><col min="5" max="16384" hidden="1"/></cols>',
        '<cols><col min="2" max="2" hidden="0"/><col min="3" max="3" hidden="false"/></cols>',
        "<cols><col min='2' max='2' hidden='1'/></cols>",
        '<cols><col min=" 2 " max="2" hidden=" 1 "/><col min="0" max="2" hidden="1"/><col min="4" max="3" hidden="1"/><col min="1" max="16385" hidden="1"/></cols>',
        '<x:cols><x:col min="2" max="2" hidden="1"/></x:cols>',
        '<cols><!-- <col min="1" max="1" hidden="1"/> --><col min="2" max="2" hidden="&#49;"/></cols>',
      ),
    },
  ),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  date1904: fc.boolean(),
});

// ---- the tests --------------------------------------------------------------------------------------------

describe('fast sheet reader = reference (XmlScanner + SheetRows)', () => {
  it('gives the same rows, cells, refusal and state on generated sheet XML cut at random places (property)', () => {
    let fastRows = 0;
    let rowsWritten = 0;
    let refused = 0;
    let hiddenCols = 0;
    fc.assert(
      fc.property(sheet, ({ rows, tail, head, cuts, date1904 }) => {
        const xml = sheetXml(rows, tail, head);
        const ref = read('reference', xml, cuts, date1904);
        if ((ref.state.hiddenCols as unknown[]).length > 0) hiddenCols++;
        const { fastRows: n, ...fast } = read('fast', xml, cuts, date1904);
        fastRows += n;
        rowsWritten += rows.length;
        if (ref.error) refused++;
        const { fastRows: _r, ...reference } = ref;
        expect(fast).toEqual(reference);
      }),
      { numRuns: 1500 },
    );
    // the generator reaches both paths, and refusals
    expect(fastRows).toBeGreaterThan(rowsWritten / 5);
    expect(refused).toBeGreaterThan(20);
    // and sheets with hidden columns (compared in `state.hiddenCols`)
    expect(hiddenCols).toBeGreaterThan(100);
  });

  it('on well-formed sheets every row is read by the fast path, whatever the cuts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(numberText, sharedIndex, fc.boolean()), { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (cells, cuts) => {
        const body = cells
          .map(([n, i, date], k) => `<row r="${k + 1}" spans="1:3"><c r="A${k + 1}" t="s"><v>${i}</v></c><c r="B${k + 1}"${date ? ' s="1"' : ''}><v>${n}</v></c><c r="C${k + 1}" t="inlineStr"><is><t>x${k}</t></is></c></row>`)
          .join('');
        const xml = `<worksheet><sheetData>${body}</sheetData></worksheet>`;
        const fast = read('fast', xml, cuts, false);
        const { fastRows, ...rest } = fast;
        const { fastRows: _r, ...reference } = read('reference', xml, cuts, false);
        expect(rest).toEqual(reference);
        // a row cut by a chunk boundary is read again when its end arrives: still the fast path
        expect(fastRows).toBe(cells.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result on well-formed sheets damaged at random: characters inserted, deleted or repeated (property)', () => {
    const wellFormed = fc.array(fc.tuple(numberText, sharedIndex, text, fc.boolean()), { minLength: 1, maxLength: 12 }).map((cells) =>
      `<worksheet><sheetData>${cells
        .map(([n, i, x, date], k) => `<row r="${k + 1}" spans="1:4"><c r="A${k + 1}" t="s"><v>${i}</v></c><c r="B${k + 1}"${date ? ' s="1"' : ''}><v>${n}</v></c><c r="C${k + 1}" t="inlineStr"><is><t>${x}</t></is></c><c r="D${k + 1}"><f>B${k + 1}*2</f><v>${n}</v></c></row>`)
        .join('')}</sheetData></worksheet>`,
    );
    const piece = fc.constantFrom('<', '>', '/', '"', "'", '=', ' ', '&', ';', '!', '-', '[', ']', '?', 'r', 'c', 'v', 't', 's', 'f', 'is', '1', '0', ':', '\n', '<row>', '</row>', '<c>', '</c>', '<v>', '</v>', '<!--', '-->', '<![CDATA[', ']]>');
    const damage = fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom('insert', 'delete', 'repeat'), piece);
    let differentFromInput = 0;
    fc.assert(
      fc.property(wellFormed, fc.array(damage, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (xml0, damages, cuts, date1904) => {
        let xml = xml0;
        for (const [at, len, how, p] of damages) {
          const i = at % (xml.length + 1);
          if (how === 'insert') xml = xml.slice(0, i) + p + xml.slice(i);
          else if (how === 'delete') xml = xml.slice(0, i) + xml.slice(i + len);
          else xml = xml.slice(0, i + len) + xml.slice(i, i + len) + xml.slice(i + len);
        }
        if (xml !== xml0) differentFromInput++;
        const { fastRows: _f, ...fast } = read('fast', xml, cuts, date1904);
        const { fastRows: _r, ...reference } = read('reference', xml, cuts, date1904);
        expect(fast).toEqual(reference);
      }),
      { numRuns: 2000 },
    );
    expect(differentFromInput).toBeGreaterThan(1500);
  });

  it('isCanonicalNumber only when the text is what xlsxNumber gives back (property)', () => {
    fc.assert(
      fc.property(numberText, (t) => {
        if (isCanonicalNumber(t, 0, t.length)) expect(xlsxNumber(t)).toBe(t);
      }),
      { numRuns: 5000 },
    );
    for (const t of ['0', '42', '-0.25', '0.000001', '123456789012345']) expect(isCanonicalNumber(t, 0, t.length), t).toBe(true);
    for (const t of ['-0', '007', '1.50', '.5', '5.', '0.0000001', '1234567890123456', '1E+21', '+7', ' 1', '']) expect(isCanonicalNumber(t, 0, t.length), t).toBe(false);
  });

  it('a sheet whose XML ends inside a row or a tag is refused on both paths (rows were lost); a whole sheet with a trailing newline is not', () => {
    const head = '<?xml version="1.0"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    const whole = `${head}<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>\n`;
    for (const kind of ['fast', 'reference'] as const) {
      const ok = read(kind, whole, [17, 90], false);
      expect(ok.error, kind).toBeUndefined();
      expect(ok.rows.map((r) => r.row)).toEqual([1, 2]);
      // cut inside row 2's value, inside row 2's start tag, and inside a tag after the rows
      for (const [cut, message, rowsRead] of [
        [whole.indexOf('<v>2') + 4, "the sheet's XML ends inside row 2: the rest of the sheet is missing", [1]],
        [whole.indexOf('<row r="2"') + 5, "the sheet's XML ends inside a tag: the rest of the sheet is missing", [1]],
        [whole.indexOf('</worksheet>') + 4, "the sheet's XML ends inside a tag: the rest of the sheet is missing", [1, 2]],
      ] as const) {
        const r = read(kind, whole.slice(0, cut), [], false);
        expect(r.error, `${kind} cut at ${cut}`).toMatchObject({ code: 'input-format', message });
        expect(r.rows.map((x) => x.row), kind).toEqual(rowsRead);
      }
    }
  });

  it('a <row> outside <sheetData> (in <sheetPr>, an extension, after </sheetData>) is refused on both paths, saying where; the rows before it are read', () => {
    const head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
    const data = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData>';
    for (const [xml, message, rowsRead] of [
      [`${head}<sheetPr><row r="7"><c r="A7"><v>9</v></c></row></sheetPr>${data}</worksheet>`, 'row "7" is written before <sheetData>', []],
      [`${head}<row/>${data}</worksheet>`, 'a row without a number is written before <sheetData>', []],
      [`${head}<sheetData/><row r="1"><c r="A1"><v>1</v></c></row></worksheet>`, 'row "1" is written after </sheetData>', []],
      [`${head}${data}<row r="99"><c r="A99"><v>1</v></c></row></worksheet>`, 'row "99" is written after </sheetData>', [1, 2]],
      [`${head}${data}<extLst><ext uri="x"><x14:row r="3"/></ext></extLst></worksheet>`, 'row "3" is written after </sheetData>', [1, 2]],
    ] as const) {
      for (const kind of ['fast', 'reference'] as const) {
        for (const cuts of [[], [7, 60, 120, 200]]) {
          const r = read(kind, xml, cuts, false);
          expect(r.error, `${kind}: ${xml}`).toEqual({
            code: 'input-format',
            message: `${message}: a worksheet holds its rows only inside <sheetData>`,
            location: { file: 'gen.xlsx', sheet: 'S' },
          });
          expect(r.rows.map((x) => x.row), `${kind}: ${xml}`).toEqual(rowsRead);
        }
      }
    }
    // a sheet without <sheetData> rows, or with its rows inside, is not refused
    for (const xml of [`${head}<sheetData/></worksheet>`, `${head}<sheetPr><outlinePr/></sheetPr>${data}<extLst/></worksheet>`]) {
      for (const kind of ['fast', 'reference'] as const) expect(read(kind, xml, [], false).error, `${kind}: ${xml}`).toBeUndefined();
    }
  });

  it('a cell over the length limit gets the reference refusal, at its cell, on both paths', () => {
    for (const [t, body] of [
      ['', `<v>${'1'.repeat(MAX_CELL_CHARS + 1)}</v>`],
      ['inlineStr', `<is><t>${'x'.repeat(MAX_CELL_CHARS + 1)}</t></is>`],
    ] as const) {
      const xml = `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"${t ? ` t="${t}"` : ''}>${body}</c></row></sheetData>`;
      for (const cuts of [[], [5000, 300_000, 900_000]]) {
        const fast = read('fast', xml, cuts, false);
        const ref = read('reference', xml, cuts, false);
        expect(fast.error).toMatchObject({ code: 'input-too-large', location: { cell: 'B2' } });
        expect({ ...fast, fastRows: 0 }).toEqual({ ...ref, fastRows: 0 });
      }
    }
  });

  it('a row longer than the hand-over limit, cut in chunks, is read by the reference with the same result', () => {
    // 16,384 cells of 64 characters (read), and 40,000 cells (past XFD: the reference's refusal)
    for (const [count, refused] of [
      [16_384, false],
      [40_000, true],
    ] as const) {
      const cells = Array.from({ length: count }, (_, k) => `<c r="${columnLetter(k % 16_384)}2" t="inlineStr"><is><t>${String(k).padStart(64, '.')}</t></is></c>`).join('');
      expect(cells.length).toBeGreaterThan(HANDOVER_CHARS);
      const xml = `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2">${cells}</row><row r="3"><c r="A3"><v>3</v></c></row></sheetData>`;
      const cuts = Array.from({ length: Math.ceil(xml.length / 65_536) }, (_, k) => (k + 1) * 65_536);
      const fast = read('fast', xml, cuts, false);
      const ref = read('reference', xml, cuts, false);
      expect(fast.error?.code).toBe(refused ? 'input-format' : undefined);
      if (!refused) expect(fast.rows.map((r) => r.cells.length)).toEqual([1, 16_384, 1]);
      expect(fast.fastRows).toBe(1); // row 1; row 2 and after: the reference
      expect({ ...fast, fastRows: 0 }).toEqual({ ...ref, fastRows: 0 });
    }
  });
});

describe('whole workbooks on each path: same rows, records, exclusions and findings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-xlsx-fast-'));
  const header = `<row r="1"><c r="A1" t="inlineStr"><is><t>Owner</t></is></c><c r="B1" t="inlineStr"><is><t>Amount</t></is></c><c r="C1" t="inlineStr"><is><t>Date</t></is></c><c r="D1" t="inlineStr"><is><t>Stage</t></is></c></row>`;
  const value = fc.oneof(
    sharedIndex.map((i) => `t="s"><v>${i}</v>`),
    numberText.map((n) => `><v>${n}</v>`),
    numberText.map((n) => `s="1"><v>${n}</v>`),
    text.map((x) => `t="inlineStr"><is><t>${x}</t></is>`),
    fc.constantFrom('t="e"><v>#N/A</v>', '><f>1/0</f>', 't="b"><v>1</v>', '><v/>', '><v><![CDATA[7]]></v>'),
  );

  async function readBoth(path: string, kind: SheetScanner): Promise<unknown> {
    useSheetScanner(kind);
    try {
      const reader = await openExport(path, { source: undefined, displayName: 'gen.xlsx' });
      const rows: unknown[] = [];
      for await (const r of reader.rows()) rows.push({ source: r.source, excluded: r.excluded, fields: r.record ? JSON.stringify(r.record.fields) : undefined });
      return { rows, findings: reader.findings, sha256: reader.sha256() };
    } catch (e) {
      return { error: e instanceof SalesgradeError ? `${e.code} ${e.message}` : String(e) };
    } finally {
      useSheetScanner('fast');
    }
  }

  it('openExport gives the same result on the fast and the reference path (property, generated workbooks)', async () => {
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(value, value, value, value, fc.boolean()), { minLength: 1, maxLength: 25 }), fc.boolean(), async (rows, date1904) => {
        const body = rows
          .map((cs, k) => `<row r="${k + 2}">${cs.slice(0, 4).map((c, j) => (cs[4] && j === 3 ? '' : `<c r="${'ABCD'[j]}${k + 2}" ${c}</c>`)).join('')}</row>`)
          .join('');
        const path = join(dir, `wb${seq++}.xlsx`);
        writeFileSync(path, zipBuffer(xlsxParts([{ name: 'Data', xml: header + body }], { sharedStrings: SHARED.map((s) => `<si><t>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></si>`).join(''), xfs: [0, 14], date1904: date1904 ? '1' : undefined })));
        expect(await readBoth(path, 'fast')).toEqual(await readBoth(path, 'reference'));
      }),
      { numRuns: 60 },
    );
  });

  it('the bench-shaped sheet is read row by row by the fast path', async () => {
    const body = Array.from({ length: 200 }, (_, k) => `<row r="${k + 2}" spans="1:4" x14ac:dyDescent="0.25"><c r="A${k + 2}" t="s"><v>${k % 4}</v></c><c r="B${k + 2}"><v>${k * 10.5}</v></c><c r="C${k + 2}" s="1"><v>${46000 + k}</v></c></row>`).join('');
    const path = join(dir, 'bench-shaped.xlsx');
    writeFileSync(path, zipBuffer(xlsxParts([{ name: 'Data', xml: header + body }], { sharedStrings: SHARED.slice(0, 4).map((s) => `<si><t>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></si>`).join(''), xfs: [0, 14] })));
    const cells = async (kind: SheetScanner): Promise<RawRow[]> => {
      const book = await openXlsx(path, undefined, kind);
      const out: RawRow[] = [];
      for await (const r of book.rows('Data')) out.push(r);
      await book.close();
      return out;
    };
    const fast = await cells('fast');
    expect(fast).toHaveLength(201);
    expect(fast[1]!.cells[2]).toEqual({ t: 'd', v: '2025-12-09', serial: '46000', fmt: 'yyyy-mm-dd' });
    expect(fast).toEqual(await cells('reference'));
  });
});
