/**
 * Opening an export: its kind (zip, HTML, text), encoding and delimiter, the sheet to read and its
 * header row. Reads the first rows to find the header and hands on the generator of the rest.
 */
import { createHash } from 'node:crypto';
import { SalesgradeError } from '../shared/errors.js';
import { DELIMITERS, headRows, openCsv, readHeadText, sniffDelimiter, type Delimiter, type RawRow } from './csv.js';
import { detectEncoding, type EncodingInfo } from './decode.js';
import { sniffReadable } from './detect.js';
import { detectHeader, HEADER_SCAN_ROWS, type FieldRule, type HeaderMatch } from './header.js';
import { htmlHiddenColumn, openHtmlTables, type HtmlTable } from './html.js';
import { chooseHtmlTable, exportHeaderGood, styleNotes, type HtmlChoice } from './html-choice.js';
import { distinctHeaders } from './unmapped.js';
import type { Opened, ReadOptions } from './read-types.js';
import { cellText } from './values.js';
import { openXlsx, type XlsxBook, type XlsxSheet } from './xlsx-read.js';
import { isHiddenColumn } from './xlsx-sheet.js';

/** Batches → the first `n` rows, and the rest of the last batch read; the generator continues after. */
async function scan(gen: AsyncGenerator<RawRow[]>, n: number): Promise<{ head: RawRow[]; extra: RawRow[] }> {
  const head: RawRow[] = [];
  let extra: RawRow[] = [];
  while (head.length < n) {
    const r = await gen.next();
    if (r.done) break;
    const batch = r.value;
    const take = Math.min(batch.length, n - head.length);
    for (let i = 0; i < take; i++) head.push(batch[i]!);
    if (take < batch.length) extra = batch.slice(take);
  }
  return { head, extra };
}

/** One-row batches of a row generator (HTML tables: small, read whole). */
async function* oneByOne(gen: AsyncGenerator<RawRow>): AsyncGenerator<RawRow[]> {
  try {
    for await (const r of gen) yield [r];
  } finally {
    await gen.return(undefined);
  }
}

/** A delimiter as a message shows it. */
function showDelimiter(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

/**
 * The delimiter of a CSV: the rubric's (`source.delimiter`), else, of the delimiters met in its first
 * 64 KB, the one whose header row matches the fields best (a header with the rep column first, then
 * the match score); a tie keeps the sniffed one (most fields per line, consistently). Counting alone
 * chose `;` for an export whose first rows hold a Zoho multi-select list `a;b;c`.
 */
async function chooseDelimiter(
  path: string,
  enc: EncodingInfo,
  rules: FieldRule[],
  source: ReadOptions['source'],
): Promise<{ delimiter: Delimiter; tried: Delimiter[] }> {
  const declared = source?.delimiter;
  if (declared !== undefined) {
    const d = declared === 'tab' ? '\t' : declared;
    return { delimiter: d, tried: [d] };
  }
  const { text, complete } = await readHeadText(path, enc);
  const sniffed = sniffDelimiter(text);
  const tried = [sniffed, ...DELIMITERS.filter((d) => d !== sniffed && text.includes(d))];
  let best: { d: Delimiter; rep: boolean; score: number } | undefined;
  for (const d of tried) {
    const m = detectHeader(headRows(text, complete, d, HEADER_SCAN_ROWS + 1, source?.quote), rules, source?.header_row);
    if (!m) continue;
    const rep = m.mapping.has('rep');
    if (!best || (rep && !best.rep) || (rep === best.rep && m.score > best.score)) best = { d, rep, score: m.score };
  }
  return { delimiter: best?.d ?? sniffed, tried };
}

/**
 * No header row found. `inspect` (options.allowMissing) names every header the rep answers to, in
 * both languages (the user is mapping a new export); the other commands the first four.
 */
function headerNotFound(path: string, options: ReadOptions, rules: FieldRule[], head: RawRow[], sheet?: string, delimiters?: Delimiter[], hiddenMatch?: string): SalesgradeError {
  const rep = rules.find((r) => r.field === 'rep');
  const aliases = distinctHeaders(rep?.headers ?? []);
  const seen = head.find((r) => r.cells.some((c) => c && c.t === 's'));
  const texts = seen ? seen.cells.map((c) => cellText(c)).filter(Boolean).slice(0, 8) : [];
  const found = seen ? texts.join(', ') : 'no text at all';
  const expected = options.allowMissing ? aliases : aliases.slice(0, 4);
  // facts: the rows scanned, the delimiters tried (`tab` is a code), the headers expected and found (none: no text at all)
  const tried = delimiters?.map(showDelimiter);
  return new SalesgradeError(
    'header-not-found',
    `no header row in the first ${HEADER_SCAN_ROWS} rows${delimiters ? ` (delimiter${delimiters.length > 1 ? 's' : ''} tried: ${tried!.join(', ')})` : ''}: expected a column like ${expected.join(', ')}; found ${found}`,
    {
      location: sheet !== undefined ? { file: path, sheet } : { file: path },
      hint:
        hiddenMatch !== undefined
          ? `the hidden sheet "${hiddenMatch}" has a matching header: name it in source.sheet (inspect --sheet shows it)`
          : `name the columns in source.fields, or set source.header_row${delimiters ? ' or source.delimiter' : ''}`,
      ...(expected.length && (!seen || texts.length)
        ? { facts: { id: 'header-not-found' as const, params: { rows: HEADER_SCAN_ROWS, expected, found: texts, ...(tried ? { tried } : {}), ...(hiddenMatch !== undefined ? { hidden: hiddenMatch } : {}) } } }
        : {}),
    },
  );
}

/** Open the export at `path`: a workbook, an HTML table saved as .xls, or delimited text. */
export async function openSource(path: string, options: ReadOptions, rules: FieldRule[]): Promise<Opened> {
  const sniff = await sniffReadable(path);
  if (sniff.kind === 'zip') return openWorkbook(path, options, rules);
  return openText(path, options, rules, { kind: sniff.kind, head: sniff.head, size: sniff.size });
}

/** A sheet whose first rows were read: the header found in them, and the generator of the rest. */
interface SheetHead {
  name: string;
  head: RawRow[];
  extra: RawRow[];
  match: HeaderMatch;
  rest: AsyncGenerator<RawRow[]>;
}

/** An XLSX: the sheet to read (named, or the first visible one with a good header) and its header. */
async function openWorkbook(path: string, options: ReadOptions, rules: FieldRule[]): Promise<Opened> {
  const book = await openXlsx(path);
  const notes: Opened['notes'] = [];
  const wanted = options.sheet ?? options.source?.sheet;
  const chosen = wanted !== undefined ? await namedSheet(path, book, wanted, options, rules) : await firstGoodSheet(path, book, options, rules, notes);
  const sheetList = book.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows }));
  if (options.countSheetRows) {
    for (const s of sheetList) if (s.name !== chosen.name) s.rows = await book.countRows(s.name);
  }
  return {
    layout: { file: path, format: 'xlsx', sheets: sheetList, sheet: chosen.name, date1904: book.date1904 },
    head: chosen.head,
    extra: chosen.extra,
    match: chosen.match,
    rest: chosen.rest,
    total: book.sheetBytes(chosen.name),
    book,
    notes,
  };
}

/** A sheet's hidden columns (known once its first rows were read), for the header to prefer visible ones. */
function hiddenColumns(s: XlsxSheet): ((col: number) => boolean) | undefined {
  const ranges = s.hiddenCols;
  return ranges !== undefined && ranges.length > 0 ? (col) => isHiddenColumn(ranges, col) : undefined;
}

/** The sheet the rubric or `--sheet` names (exactly, else ignoring case and outer spaces). */
async function namedSheet(path: string, book: XlsxBook, wanted: string, options: ReadOptions, rules: FieldRule[]): Promise<SheetHead> {
  const sheets = book.sheets;
  const s = sheets.find((x) => x.name === wanted) ?? sheets.find((x) => x.name.trim().toLowerCase() === wanted.trim().toLowerCase());
  if (!s) {
    await book.close();
    const names = sheets.map((x) => `"${x.name}"`);
    throw new SalesgradeError('sheet-not-found', `no sheet named "${wanted}"; the sheets are ${names.join(', ')}`, {
      location: { file: path },
      facts: { id: 'sheet-missing', params: { name: wanted, sheets: names } },
    });
  }
  const gen = book.batches(s.name, progressCounter(options, book.sheetBytes(s.name)));
  const { head, extra } = await scan(gen, HEADER_SCAN_ROWS + 1);
  const match = detectHeader(head, rules, options.source?.header_row, hiddenColumns(s));
  if (!match) {
    await gen.return(undefined);
    await book.close();
    throw headerNotFound(path, options, rules, head, s.name);
  }
  return { name: s.name, head, extra, match, rest: gen };
}

/**
 * The first visible sheet whose header is good (rep and enough fields); else the best header found.
 * The sheets after it are looked at too, so that a second sheet with a good header is not ignored
 * without a word (`sheet-ambiguous`, added to `notes`).
 */
async function firstGoodSheet(path: string, book: XlsxBook, options: ReadOptions, rules: FieldRule[], notes: Opened['notes']): Promise<SheetHead> {
  const sheets = book.sheets;
  let chosen: SheetHead | undefined;
  let fallback: SheetHead | undefined;
  let firstHead: { head: RawRow[]; name: string } | undefined;
  const alsoGood: string[] = [];
  for (const s of sheets) {
    if (s.hidden) continue;
    const gen = book.batches(s.name, chosen ? undefined : progressCounter(options, book.sheetBytes(s.name)));
    const { head, extra } = await scan(gen, HEADER_SCAN_ROWS + 1);
    firstHead ??= { head, name: s.name };
    const match = detectHeader(head, rules, options.source?.header_row, hiddenColumns(s));
    const good = match !== undefined && exportHeaderGood(rules)(match);
    if (chosen) {
      await gen.return(undefined);
      if (good) alsoGood.push(s.name);
      continue;
    }
    if (match && good) {
      if (fallback) await fallback.rest.return(undefined);
      fallback = undefined;
      chosen = { name: s.name, head, extra, match, rest: gen };
      continue;
    }
    if (match && (!fallback || match.score > fallback.match.score)) {
      if (fallback) await fallback.rest.return(undefined);
      fallback = { name: s.name, head, extra, match, rest: gen };
    } else await gen.return(undefined);
  }
  if (chosen && alsoGood.length > 0) notes.push(sheetAmbiguous(chosen, alsoGood));
  chosen ??= fallback;
  if (!chosen) {
    // no visible sheet has a header: a hidden one that does (the data behind a cover sheet) is named
    let hiddenMatch: string | undefined;
    for (const s of sheets) {
      if (!s.hidden || hiddenMatch !== undefined) continue;
      const gen = book.batches(s.name);
      const { head } = await scan(gen, HEADER_SCAN_ROWS + 1);
      await gen.return(undefined);
      const match = detectHeader(head, rules, options.source?.header_row);
      if (match && exportHeaderGood(rules)(match)) hiddenMatch = s.name;
    }
    await book.close();
    if (!sheets.some((s) => !s.hidden)) throw new SalesgradeError('sheet-not-found', 'every sheet is hidden; name one in source.sheet', { location: { file: path }, facts: { id: 'sheets-hidden' } });
    throw headerNotFound(path, options, rules, firstHead?.head ?? [], firstHead?.name, undefined, hiddenMatch);
  }
  return chosen;
}

/** An error: the rows of the other matching sheets (one sheet per month, say) are not graded. */
function sheetAmbiguous(chosen: SheetHead, alsoGood: string[]): Opened['notes'][number] {
  const fields = [...chosen.match.mapping.keys()].filter((f) => f !== 'rep');
  return {
    code: 'sheet-ambiguous',
    severity: 'error',
    message:
      `read sheet "${chosen.name}", the first visible sheet whose header has rep and ${fields.length} more field${fields.length === 1 ? '' : 's'} (${fields.slice(0, 4).join(', ')}${fields.length > 4 ? ', …' : ''}); ` +
      `${alsoGood.map((n) => `"${n}"`).join(', ')} ${alsoGood.length === 1 ? 'has' : 'have'} a matching header too and ${alsoGood.length === 1 ? 'is' : 'are'} not read, so ${alsoGood.length === 1 ? 'its' : 'their'} rows are not graded (name the sheet to read in the rubric's source.sheet; to grade several sheets, save each as its own file and give them all)`,
    data: { sheet: chosen.name, fields: `${fields.slice(0, 4).join(', ')}${fields.length > 4 ? ', …' : ''}`, more: fields.length, others: alsoGood.map((n) => `"${n}"`).join(', ') },
  };
}

/** Delimited text (hashed as it streams) or an HTML table: encoding, delimiter and header. */
async function openText(path: string, options: ReadOptions, rules: FieldRule[], sniff: { kind: 'html' | 'text'; head: Buffer; size: number }): Promise<Opened> {
  const src = options.source;
  const enc = await detectEncoding(path, sniff.head, options.encoding ?? src?.encoding);
  let gen: AsyncGenerator<RawRow[]>;
  let delimiter: string | undefined;
  let hashed: Opened['hashed'];
  let tried: Delimiter[] | undefined;
  let html: Omit<HtmlTable, 'rows'> | undefined;
  const notes: Opened['notes'] = [];
  let htmlChoice: HtmlChoice | undefined;
  if (sniff.kind === 'html') {
    const doc = await openHtmlTables(path, enc);
    htmlChoice = chooseHtmlTable(doc.tables, rules, src?.header_row, exportHeaderGood(rules));
    if (htmlChoice.ambiguous) notes.push(htmlChoice.ambiguous);
    for (const note of styleNotes(doc)) notes.push(note);
    const { rows, ...table } = htmlChoice.table;
    html = table;
    gen = oneByOne(
      (async function* () {
        yield* rows;
      })(),
    );
  } else {
    const h = createHash('sha256');
    hashed = { hash: h, bytes: 0 };
    const sink = hashed;
    const hash = { update: (b: Buffer) => { h.update(b); sink.bytes += b.length; } };
    const chosen = await chooseDelimiter(path, enc, rules, src);
    tried = chosen.tried;
    const csv = await openCsv(path, enc, { delimiter: chosen.delimiter, ...(src?.quote ? { quote: src.quote } : {}), onBytes: progressCounter(options, sniff.size), hash });
    delimiter = csv.delimiter;
    gen = csv.batches();
  }
  const { head, extra } = await scan(gen, HEADER_SCAN_ROWS + 1);
  let match = htmlChoice ? htmlChoice.match : detectHeader(head, rules, src?.header_row, html && htmlHiddenColumn(html, []));
  if (!match) {
    await gen.return(undefined);
    throw headerNotFound(path, options, rules, head, undefined, tried);
  }
  if (html) {
    // a column is hidden by a <col>, or by its cell in the header row (known once the header is found):
    // the header is matched again with those, as an XLSX's is with its hidden columns
    const headerRows = match.headerRows === 2 ? [match.headerRow, match.headerRow + 1] : [match.headerRow];
    const hidden = html.hiddenCells.size > 0 ? htmlHiddenColumn(html, headerRows) : undefined;
    const again = hidden && detectHeader(head, rules, src?.header_row, hidden);
    if (again && again.headerRow === match.headerRow && again.headerRows === match.headerRows) match = again;
  }
  const layout: Opened['layout'] = { file: path, format: sniff.kind === 'html' ? 'html' : 'csv', encoding: enc.encoding + (enc.bom ? ' (BOM)' : '') };
  if (delimiter !== undefined) layout.delimiter = delimiter;
  const table = html;
  const tail = table ? () => ({ hiddenRows: table.hiddenRows, merged: table.merged }) : undefined;
  return { layout, head, extra, match, rest: gen, total: sniff.size, notes, ...(hashed ? { hashed } : {}), ...(tail ? { tail } : {}) };
}

function progressCounter(options: ReadOptions, total: number): ((n: number) => void) | undefined {
  const cb = options.onProgress;
  if (!cb) return undefined;
  let done = 0;
  return (n) => {
    done += n;
    cb(done, total);
  };
}
