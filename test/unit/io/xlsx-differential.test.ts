// Our XLSX reader against two reference readers, exceljs (a dependency) and SheetJS (`xlsx`, a dev
// dependency), cell by cell: every .xlsx fixture and sample, and a seeded set of generated workbooks
// written as raw zip + XML (shared and inline strings, rich text with phonetic runs, entities and
// _xHHHH_ escapes, 1904 dates, date formats, formulas with cached values of every type, formulas with
// none, empty <v/> of every type, booleans, errors, float noise, special numbers, sparse cells).
// The values must be the same; where salesgrade is deliberately different, the case is listed in
// DELIBERATE with its reason, and our value is checked to be the deliberate one.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { openXlsx } from '../../../src/io/xlsx-read.js';
import { cellRef } from '../../../src/io/xlsx-sheet.js';
import type { RawCell } from '../../../src/io/values.js';
import { columnLetter } from '../../../src/shared/text.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
// @ts-expect-error: a plain .mjs script without types
import { zipBuffer } from '../../../scripts/make-fixtures-zip.mjs';

/** A cell value all three readers can be brought to: dates as their serial number. */
type Value = null | string | number | boolean | { error: string };
type Grid = Map<string, Value>; // "Sheet!A1" → value (empty cells absent)

const put = (g: Grid, sheet: string, ref: string, v: Value): void => {
  if (v !== null) g.set(`${sheet}!${ref}`, v);
};

function fromOurs(c: RawCell | undefined): Value {
  if (!c) return null;
  switch (c.t) {
    case 's':
      return c.v;
    case 'n':
      return Number(c.v);
    case 'd':
      return Number(c.serial);
    case 'b':
      return c.v;
    case 'e':
      return { error: c.v };
    case 'f':
      return null; // a formula with no cached value: no value (we also report it at its cell)
  }
}

async function ours(path: string): Promise<Grid> {
  const g: Grid = new Map();
  const book = await openXlsx(path);
  try {
    for (const s of book.sheets) {
      for await (const row of book.rows(s.name)) {
        row.cells.forEach((c, i) => put(g, s.name, `${columnLetter(i)}${row.row}`, fromOurs(c)));
      }
    }
  } finally {
    await book.close();
  }
  return g;
}

function sheetjs(buf: Buffer): Grid {
  const g: Grid = new Map();
  const wb = XLSX.read(buf, { type: 'buffer', cellDates: false, cellFormula: false, cellHTML: false, WTF: true });
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name]!;
    for (const [ref, cell] of Object.entries(ws)) {
      if (ref.startsWith('!')) continue;
      const c = cell as XLSX.CellObject;
      let v: Value;
      switch (c.t) {
        case 'e':
          v = { error: c.w ?? '' };
          break;
        case 'z':
          v = null;
          break;
        default:
          v = (c.v ?? null) as Value;
      }
      put(g, name, ref, v);
    }
  }
  return g;
}

async function exceljs(buf: Buffer): Promise<Grid> {
  const g: Grid = new Map();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const epoch = wb.properties.date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const norm = (x: unknown): Value => {
    if (x === null || x === undefined) return null;
    if (x instanceof Date) return (x.getTime() - epoch) / 86_400_000;
    if (typeof x !== 'object') return x as Value;
    const o = x as Record<string, unknown>;
    if ('error' in o) return { error: String(o.error) };
    if ('richText' in o) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('formula' in o || 'sharedFormula' in o) return norm(o.result);
    if ('text' in o) return norm(o.text);
    return JSON.stringify(o);
  };
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        // exceljs copies a merged range's value into every cell of it; the file has it once
        if (cell.type !== ExcelJS.ValueType.Merge) put(g, ws.name, cell.address, norm(cell.value));
      });
    });
  }
  return g;
}

const same = (a: Value | undefined, b: Value | undefined, who?: 'sheetjs' | 'exceljs'): boolean => {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(a)); // exceljs dates: ms
  // an empty cached string (<c t="str"><v></v></c>) is a blank cell to us as to exceljs, '' to SheetJS
  if ((a === '' && (b === null || b === undefined)) || (b === '' && (a === null || a === undefined))) return true;
  // deliberate: OOXML's _xHHHH_ escapes (ST_Xstring) are decoded in inline and formula strings, as
  // Excel and SheetJS do; exceljs decodes them only in shared strings
  if (who === 'exceljs' && typeof a === 'string' && typeof b === 'string' && /_x[0-9A-Fa-f]{4}_/.test(b)) {
    return a === b.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
};

// ---------------------------------------------------------------------------------------------------------
// the generated workbooks

type Kind =
  | 'sst'
  | 'inline'
  | 'inline-rich'
  | 'number'
  | 'noise'
  | 'exponent'
  | 'date'
  | 'bool'
  | 'error'
  | 'f-number'
  | 'f-str'
  | 'f-bool'
  | 'f-error'
  | 'f-none'
  | 'empty-v-s'
  | 'empty-v-n'
  | 'empty-v-b'
  | 'empty-v-e'
  | 'empty-v-str'
  | 'special'
  | 'bool-other';

/**
 * Where salesgrade reads differently from a reference on purpose, per kind of cell: the reason,
 * which reference differs, and the value we give instead.
 */
const DELIBERATE: Partial<Record<Kind, { reason: string; differs: ('sheetjs' | 'exceljs')[]; ours: (v: Value) => boolean }>> = {
  special: {
    reason: 'Infinity, NaN, 0x10, 1e400 are not numbers (issue 9 item 4): SheetJS gives null or 0, exceljs parseFloat (0, Infinity, NaN); we give #NUM! so the row is excluded with a finding',
    differs: ['sheetjs', 'exceljs'],
    ours: (v) => JSON.stringify(v) === '{"error":"#NUM!"}',
  },
  'empty-v-b': {
    reason: 'an empty <v></v> of a boolean is empty (issue 9 item 1), not FALSE as SheetJS reads it',
    differs: ['sheetjs'],
    ours: (v) => v === null,
  },
  'empty-v-e': {
    reason: 'an empty <v></v> of an error cell is empty (as exceljs reads it), not an error without a text (SheetJS)',
    differs: ['sheetjs'],
    ours: (v) => v === null,
  },
  'bool-other': {
    reason: 'a boolean written 2 or yes is #VALUE!, not FALSE (SheetJS) or the text (exceljs): never a guessed value',
    differs: ['sheetjs', 'exceljs'],
    ours: (v) => JSON.stringify(v) === '{"error":"#VALUE!"}',
  },
};

const ERRORS = ['#DIV/0!', '#N/A', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#NULL!'];
const SPECIALS = ['Infinity', '-Infinity', 'NaN', '0x10', '0b1', '1e400', '-1e999999999', 'INF'];
const TEXTS = ['张三', 'A&amp;B 公司', '&lt;tag&gt;', 'line_x000D_ break', ' padded ', 'Ünïcode ✓', '1.234', '007', 'TRUE', '#N/A', '\u3000全角', 'x_x0041_y'];

interface GenCell {
  kind: Kind;
  xml: (ref: string) => string;
}

/** A seeded random workbook: its parts and the kind of every cell written. */
function generate(seed: number): { buf: Buffer; kinds: Map<string, Kind> } {
  const rand = mulberry32(seed);
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const date1904 = rand() < 0.3;
  const sst: string[] = [];
  const sstIndex = (xml: string): number => {
    sst.push(xml);
    return sst.length - 1;
  };
  const gens: (() => GenCell)[] = [
    () => {
      const rich = rand() < 0.3;
      const t = pick(TEXTS);
      const xml = rich
        ? `<r><t>${t}</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 2</t></r><rPh sb="0" eb="1"><t>ヨミ</t></rPh>`
        : `<t xml:space="preserve">${t}</t>`;
      const i = sstIndex(xml);
      return { kind: 'sst', xml: (r) => `<c r="${r}" t="s"><v>${i}</v></c>` };
    },
    () => ({ kind: 'inline', xml: (r) => `<c r="${r}" t="inlineStr"><is><t>${pick(TEXTS)}</t></is></c>` }),
    () => ({ kind: 'inline-rich', xml: (r) => `<c r="${r}" t="inlineStr"><is><r><t>${pick(TEXTS)}</t></r><r><t>…</t></r></is></c>` }),
    () => {
      const n = pick([0, 1, -1, 42, 1234567, 0.5, -0.25, 99.99, 1e15, 123456789012]);
      return { kind: 'number', xml: (r) => `<c r="${r}"><v>${n}</v></c>` };
    },
    () => {
      const n = Math.round(rand() * 1e6) / 100;
      return { kind: 'noise', xml: (r) => `<c r="${r}"><v>${n.toPrecision(17)}</v></c>` };
    },
    () => {
      const t = pick(['1.5E-3', '1E+21', '-2.5e2', '6.02214076E23', '1e-7', '+7']);
      return { kind: 'exponent', xml: (r) => `<c r="${r}"><v>${t}</v></c>` };
    },
    () => {
      const serial = 1 + Math.floor(rand() * 60000) + pick([0, 0, 0.5, 0.25]);
      return { kind: 'date', xml: (r) => `<c r="${r}" s="${pick([1, 2])}"><v>${serial}</v></c>` };
    },
    () => ({ kind: 'bool', xml: (r) => `<c r="${r}" t="b"><v>${pick(['0', '1'])}</v></c>` }),
    () => ({ kind: 'error', xml: (r) => `<c r="${r}" t="e"><v>${pick(ERRORS)}</v></c>` }),
    () => ({ kind: 'f-number', xml: (r) => `<c r="${r}"><f>1+1</f><v>${pick(['2', '261.95999999999998', '-0.5'])}</v></c>` }),
    () => ({ kind: 'f-str', xml: (r) => `<c r="${r}" t="str"><f>A1&amp;"x"</f><v>${pick(TEXTS)}</v></c>` }),
    () => ({ kind: 'f-bool', xml: (r) => `<c r="${r}" t="b"><f>TRUE()</f><v>1</v></c>` }),
    () => ({ kind: 'f-error', xml: (r) => `<c r="${r}" t="e"><f>1/0</f><v>${pick(ERRORS)}</v></c>` }),
    () => ({ kind: 'f-none', xml: (r) => `<c r="${r}"><f>SUM(A1:A2)</f></c>` }),
    () => ({ kind: 'empty-v-s', xml: (r) => `<c r="${r}" t="s">${pick(['<v/>', '<v></v>'])}</c>` }),
    () => ({ kind: 'empty-v-n', xml: (r) => `<c r="${r}">${pick(['<v/>', '<v></v>'])}</c>` }),
    () => ({ kind: 'empty-v-b', xml: (r) => `<c r="${r}" t="b"><v></v></c>` }),
    () => ({ kind: 'empty-v-e', xml: (r) => `<c r="${r}" t="e"><v></v></c>` }),
    () => ({ kind: 'empty-v-str', xml: (r) => `<c r="${r}" t="str"><v></v></c>` }),
    () => ({ kind: 'special', xml: (r) => `<c r="${r}"><v>${pick(SPECIALS)}</v></c>` }),
    () => ({ kind: 'bool-other', xml: (r) => `<c r="${r}" t="b"><v>${pick(['2', 'yes'])}</v></c>` }),
  ];
  const kinds = new Map<string, Kind>();
  const sheets: { name: string; xml: string }[] = [];
  const nSheets = 1 + Math.floor(rand() * 2);
  for (let s = 0; s < nSheets; s++) {
    const name = `S${s + 1}`;
    let rowNo = 0;
    let xml = '';
    const nRows = 1 + Math.floor(rand() * 12);
    for (let r = 0; r < nRows; r++) {
      rowNo += rand() < 0.2 ? 2 + Math.floor(rand() * 5) : 1; // sparse rows
      let col = -1;
      let cells = '';
      const nCells = Math.floor(rand() * 8);
      for (let c = 0; c < nCells; c++) {
        col += rand() < 0.25 ? 2 + Math.floor(rand() * 30) : 1; // sparse columns
        const g = pick(gens)();
        const ref = `${columnLetter(col)}${rowNo}`;
        kinds.set(`${name}!${ref}`, g.kind);
        cells += g.xml(ref);
      }
      xml += `<row r="${rowNo}">${cells}</row>`;
    }
    sheets.push({ name, xml });
  }
  return { buf: zipBuffer(workbookParts(sheets, sst, date1904)), kinds };
}

/** A complete workbook (full styles: exceljs needs fonts, fills and borders), date style 1 = 14, 2 = yyyy-mm-dd. */
function workbookParts(sheets: { name: string; xml: string }[], sst: string[], date1904: boolean): { name: string; data: string }[] {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns}><workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="${rel}/styles" Target="styles.xml"/><Relationship Id="rIdT" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
    },
    {
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="${sst.length}" uniqueCount="${sst.length}">${sst.map((x) => `<si>${x}</si>`).join('')}</sst>`,
    },
    ...sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${ns}><sheetData>${s.xml}</sheetData></worksheet>`,
    })),
  ];
}

function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sg-xlsx-diff-'));

/** Differences between our grid and a reference's, as "Sheet!A1 kind: ours | theirs" lines. */
function differences(mine: Grid, theirs: Grid, who: 'sheetjs' | 'exceljs', kinds?: Map<string, Kind>): string[] {
  const out: string[] = [];
  for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
    const a = mine.get(key);
    const b = theirs.get(key);
    const kind = kinds?.get(key);
    const deliberate = kind ? DELIBERATE[kind] : undefined;
    if (deliberate?.differs.includes(who)) {
      if (!deliberate.ours(a ?? null)) out.push(`${key} ${kind}: ours ${JSON.stringify(a)} is not the deliberate value (${deliberate.reason})`);
      continue;
    }
    if (!same(a, b, who)) out.push(`${key} ${kind ?? ''}: ours ${JSON.stringify(a)} | ${who} ${JSON.stringify(b)}`);
  }
  return out;
}

describe('the XLSX reader = exceljs = SheetJS, cell by cell', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const fixtures = [
    ...readdirSync(join(root, 'test/fixtures/exports')).filter((f) => f.endsWith('.xlsx')).map((f) => `test/fixtures/exports/${f}`),
    ...readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.xlsx')).map((f) => `samples/${f}`),
  ];

  // not workbooks at all: every reader refuses them; ours with its typed error
  const UNREADABLE = new Set(['encrypted.xlsx', 'garbage.xlsx', 'not-xlsx.xlsx', 'zip-bomb.xlsx']);

  // hand-made minimal workbooks (scripts/make-fixtures-zip.mjs) whose styles part has no fonts, fills or
  // borders: Excel, LibreOffice, SheetJS and we open them; exceljs's style reader throws
  const EXCELJS_CANNOT_OPEN = new Set(['date-formats.xlsx', 'date1904-1.xlsx', 'date1904-true.xlsx', 'formulas.xlsx', 'two-row-header.xlsx']);

  it.each(fixtures)('%s', async (file) => {
    const path = join(root, file);
    const base = file.split('/').pop()!;
    if (UNREADABLE.has(base)) {
      await expect(ours(path)).rejects.toBeInstanceOf(SalesgradeError);
      return;
    }
    const buf = readFileSync(path);
    const mine = await ours(path);
    expect(mine.size).toBeGreaterThan(0);
    expect(differences(mine, sheetjs(buf), 'sheetjs')).toEqual([]);
    if (EXCELJS_CANNOT_OPEN.has(base)) await expect(exceljs(buf)).rejects.toThrow();
    else expect(differences(mine, await exceljs(buf), 'exceljs')).toEqual([]);
  });

  // The 60 generated workbooks as we and both references read them, once for the two tests below
  // (each read them all again before).
  const generated = new Map<number, Promise<{ kinds: Map<string, Kind>; mine: Grid; refs: { sheetjs: Grid; exceljs: Grid } }>>();
  const readGenerated = (seed: number) => {
    let got = generated.get(seed);
    if (!got) {
      const { buf, kinds } = generate(seed);
      const path = join(dir, `gen${seed}.xlsx`);
      writeFileSync(path, buf);
      got = (async () => ({ kinds, mine: await ours(path), refs: { sheetjs: sheetjs(buf), exceljs: await exceljs(buf) } }))();
      generated.set(seed, got);
    }
    return got;
  };

  it('on 60 seeded generated workbooks (every kind of cell, sparse rows and columns, 1904 dates)', async () => {
    const seen = new Set<Kind>();
    const diffs: string[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const { kinds, mine, refs } = await readGenerated(seed);
      for (const k of kinds.values()) seen.add(k);
      for (const d of [...differences(mine, refs.sheetjs, 'sheetjs', kinds), ...differences(mine, refs.exceljs, 'exceljs', kinds)]) diffs.push(`seed ${seed} ${d}`);
      // every cell written is read by us at its own reference (nothing moved)
      for (const key of mine.keys()) expect(kinds.has(key), key).toBe(true);
    }
    expect(diffs).toEqual([]);
    expect(seen.size).toBe(21); // every kind was generated
  });

  it('the deliberate differences are real: each reference reads those cells otherwise', async () => {
    // a guard against a DELIBERATE entry that has become stale (the references changed, or we did)
    const stillDiffer = new Map<string, boolean>();
    for (let seed = 1; seed <= 60; seed++) {
      const { kinds, mine, refs } = await readGenerated(seed);
      for (const [key, kind] of kinds) {
        for (const who of DELIBERATE[kind]?.differs ?? []) {
          const id = `${kind}/${who}`;
          if (!same(mine.get(key), refs[who].get(key), who)) stillDiffer.set(id, true);
          else if (!stillDiffer.has(id)) stillDiffer.set(id, false);
        }
      }
    }
    expect([...stillDiffer].filter(([, v]) => !v).map(([k]) => k)).toEqual([]);
  });
});

describe('deliberate differences on single cells, documented one by one', () => {
  const one = (row: string): string => {
    const path = join(dir, `one${Math.random().toString(36).slice(2)}.xlsx`);
    writeFileSync(path, zipBuffer(workbookParts([{ name: 'S', xml: row }], ['<t>zero</t>', '<t>one</t>'], false)));
    return path;
  };
  const refs = async (path: string): Promise<{ sheetjs: string; exceljs: string }> => {
    const buf = readFileSync(path);
    const show = (g: Grid): string => JSON.stringify(Object.fromEntries(g));
    let sj: string;
    let ej: string;
    try {
      sj = show(sheetjs(buf));
    } catch (e) {
      sj = `throws ${(e as Error).name}`;
    }
    try {
      ej = show(await exceljs(buf));
    } catch (e) {
      ej = `throws ${(e as Error).name}`;
    }
    return { sheetjs: sj, exceljs: ej };
  };

  it('a shared-string index past the table: #REF! at the cell; SheetJS drops the whole sheet (throws with WTF), exceljs throws', async () => {
    const path = one('<row r="1"><c r="A1" t="s"><v>5</v></c><c r="B1"><v>1</v></c></row>');
    expect(await ours(path)).toEqual(new Map<string, Value>([['S!A1', { error: '#REF!' }], ['S!B1', 1]]));
    expect(await refs(path)).toEqual({ sheetjs: 'throws TypeError', exceljs: 'throws TypeError' });
    const silent = XLSX.read(readFileSync(path), { type: 'buffer' });
    expect(Object.keys(silent.Sheets)).toEqual([]); // without WTF: no sheet, no error
  });

  it('an inline string written as <v>: its text, as exceljs reads it; SheetJS loses it ("")', async () => {
    const path = one('<row r="1"><c r="A1" t="inlineStr"><v>iv</v></c></row>');
    expect(await ours(path)).toEqual(new Map([['S!A1', 'iv']]));
    expect(await refs(path)).toEqual({ sheetjs: '{"S!A1":""}', exceljs: '{"S!A1":"iv"}' });
  });

  it('a cell written twice, or cells out of order: refused (both references keep the last / read by reference, silently)', async () => {
    for (const [row, sheetjsSays, exceljsSays] of [
      ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="A1" t="s"><v>1</v></c></row>', '{"S!A1":"one"}', '{"S!A1":"one"}'],
      ['<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>', '{"S!B1":1,"S!A1":2}', '{"S!A1":2,"S!B1":1}'],
    ] as const) {
      const path = one(row);
      await expect(ours(path)).rejects.toBeInstanceOf(SalesgradeError);
      expect(await refs(path)).toEqual({ sheetjs: sheetjsSays, exceljs: exceljsSays });
    }
  });

  it('an ISO date cell (t="d"): its text, for the date reader to parse; SheetJS gives a serial, exceljs parseFloat (2026)', async () => {
    const path = one('<row r="1"><c r="A1" t="d"><v>2026-07-01T00:00:00</v></c></row>');
    expect(await ours(path)).toEqual(new Map([['S!A1', '2026-07-01T00:00:00']]));
    const r = await refs(path);
    expect(r.exceljs).toBe('{"S!A1":2026}');
    // SheetJS reads the ISO text in the process's local time zone: the serial 46204 (2026-07-01) in UTC,
    // 46203.42 under the suite's Pacific/Kiritimati (UTC+14) — within a day of it either way
    const serial = (JSON.parse(r.sheetjs) as Record<string, number>)['S!A1']!;
    expect(Math.abs(serial - 46204)).toBeLessThan(1);
  });
});

// keep the imports honest (cellRef is our own A1 parser: the generator's references are valid ones)
describe('generator sanity', () => {
  it('writes only valid, ascending references', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (seed) => {
        for (const key of generate(seed).kinds.keys()) expect(cellRef(key.split('!')[1]!)).toBeDefined();
      }),
      { numRuns: 20 },
    );
  });
});
