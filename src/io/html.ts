/**
 * An HTML table saved with an .xls extension (what many CRMs and old report tools export, and Excel's
 * or WPS's "Save as Web Page"). Every top-level `<table>` with rows is parsed (an export picks one as
 * an XLSX's sheet is picked: open-source.ts); a table nested in a cell is that cell's text. A row is a
 * `<tr>`, numbered from 1 in document order across the tables (hidden rows included, as Excel writes
 * them: row n is the sheet's row n). `colspan`/`rowspan` cells leave blank cells in the columns and rows
 * they cover, as a merged cell does in a workbook (a rowspan no longer shifts the cells of the rows below
 * it to the left); `rowspan="0"` spans to the end of its row group.
 *
 * Hidden parts are read like every row and column — data is data — and reported as the XLSX reader
 * reports them: a row is hidden when the `<tr>` (or the `<tbody>`/`<thead>`/`<tfoot>`/`<table>` around
 * it) has the `hidden` attribute or a style `display:none` / `visibility:hidden|collapse` (Excel and
 * WPS write `<tr height=0 style='display:none;…'>`); a column is hidden when a `<col>` or `<colgroup>`
 * (with its `span`) is hidden the same way (Excel: `<col width=0 style='display:none;…'>`), or when
 * its cell in the header row is (a web table hiding a column writes `<th style="display:none">`).
 * A class the document's `<style>` sheets hide hides the same way (`.h{display:none}` … `<tr class="h">`,
 * Excel's `.xl65{visibility:hidden}`: html-style.ts); a hiding rule whose selector is not understood is
 * listed (`unreadStyles`) for a finding. LibreOffice leaves hidden rows and columns out of its HTML:
 * nothing to tell.
 */
import { SalesgradeError, templatedError } from '../shared/errors.js';
import { columnLetter } from '../shared/text.js';
import type { RawRow } from './csv.js';
import { decodedChunks, type EncodingInfo } from './decode.js';
import { parseStyleSheets, sheetMatters, sheetValues, type StyleSheet } from './html-style.js';
import type { RawCell } from './values.js';

const MAX_HTML_CHARS = 64 * 1024 * 1024;
/** At most this many columns or rows are spanned by one cell (as `colspan` was capped before). */
const MAX_SPAN = 1000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', yen: '¥', ensp: ' ', emsp: ' ', mdash: '—', ndash: '–' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const ATTR_RE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * Whether a tag's attributes hide the element: the `hidden` attribute, or an inline style whose last
 * `display` is `none` or whose last `visibility` is `hidden` or `collapse` (any case and spacing,
 * `!important` or not). Classes are `hiderOf`'s.
 */
export function hiddenByAttributes(attrs: string): boolean {
  if (!/hidden|none|collapse/i.test(attrs)) return false;
  const a = inlineOf(attrs);
  return a.hidden || hidingValues(a.display, a.visibility);
}

const hidingValues = (display: string | undefined, visibility: string | undefined): boolean => display === 'none' || visibility === 'hidden' || visibility === 'collapse';

/** A tag's `hidden` attribute, its class list, and its inline style's last `display` and `visibility`. */
function inlineOf(attrs: string): { hidden: boolean; classList: string | undefined; display: string | undefined; visibility: string | undefined } {
  const out: ReturnType<typeof inlineOf> = { hidden: false, classList: undefined, display: undefined, visibility: undefined };
  for (const m of attrs.matchAll(ATTR_RE)) {
    const name = m[1]!.toLowerCase();
    if (name === 'hidden') out.hidden = true;
    else if (name === 'class') out.classList = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
    else if (name === 'style') {
      for (const decl of decodeEntities(m[2] ?? m[3] ?? m[4] ?? '').split(';')) {
        const i = decl.indexOf(':');
        if (i < 0) continue;
        const prop = decl.slice(0, i).trim().toLowerCase();
        const value = decl
          .slice(i + 1)
          .replace(/!\s*important\s*$/i, '')
          .trim()
          .toLowerCase();
        if (prop === 'display') out.display = value;
        else if (prop === 'visibility') out.visibility = value;
      }
    }
  }
  return out;
}

/** Whether an element (its tag, lower case, and attributes) is hidden. */
type Hides = (tag: string, attrs: string) => boolean;

/**
 * The test of hiding for a document: its inline styles and `hidden` attributes, and the classes its
 * `<style>` sheets hide (html-style.ts; an inline style overrides a sheet's value unless `!important`).
 */
function hiderOf(sheet: StyleSheet): Hides {
  if (!sheetMatters(sheet)) return (_tag, attrs) => hiddenByAttributes(attrs);
  const tagRules = new Set(sheet.byTag.keys());
  // the same attributes recur on every row and cell (Excel: `class=xl65`): each is worked out once
  const known = new Map<string, boolean>();
  return (tag, attrs) => {
    if (!tagRules.has(tag) && !/class/i.test(attrs)) return hiddenByAttributes(attrs);
    const key = `${tag} ${attrs}`;
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    const a = inlineOf(attrs);
    const v = sheetValues(sheet, tag, a.classList);
    const display = v.display?.important ? v.display.value : (a.display ?? v.display?.value);
    const visibility = v.visibility?.important ? v.visibility.value : (a.visibility ?? v.visibility?.value);
    const hidden = a.hidden || hidingValues(display, visibility);
    if (known.size < 10_000) known.set(key, hidden);
    return hidden;
  };
}

const SPAN_RE = {
  colspan: /(?:^|[\s"'])colspan\s*=\s*["']?(\d+)/i,
  rowspan: /(?:^|[\s"'])rowspan\s*=\s*["']?(\d+)/i,
  span: /(?:^|[\s"'])span\s*=\s*["']?(\d+)/i,
};

/** The index of the first of the ascending `xs` greater than `x` (`xs.length` when none is). */
function firstAbove(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const ROWSPAN_ZERO = /(?:^|[\s"'])rowspan\s*=\s*["']?0+(?![\d])/i;

function spanOf(attrs: string, name: keyof typeof SPAN_RE): number {
  if (!/span/i.test(attrs)) return 1;
  const m = SPAN_RE[name].exec(attrs);
  const n = m ? Number(m[1]) : 1;
  return n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

/** The rows of an HTML table, and what of it is hidden. */
export interface HtmlTable {
  rows: RawRow[];
  /** 0-based columns hidden by a `<col>` or `<colgroup>`. */
  hiddenCols: ReadonlySet<number>;
  /** Row number → the 0-based columns whose cell is hidden (`<td style="display:none">`). */
  hiddenCells: ReadonlyMap<number, ReadonlySet<number>>;
  /** Hidden rows holding a value (each read as data): how many, and the first one's number. */
  hiddenRows: { count: number; first: number } | undefined;
  /** The ranges `rowspan` cells (with their `colspan`) cover (`A2:B3`), as a workbook's merged ranges. */
  merged: string[];
  /** The number of the first row holding a value. */
  firstRow: number | undefined;
}

/** The columns `<col>`/`<colgroup>` (before the first row) hide. */
function hiddenColumnsOf(head: string, hides: Hides): Set<number> {
  const hidden = new Set<number>();
  let col = 0;
  let group: { hidden: boolean; span: number; cols: boolean } | undefined;
  const mark = (n: number, yes: boolean): void => {
    for (let i = 0; i < n; i++, col++) if (yes) hidden.add(col);
  };
  const closeGroup = (): void => {
    if (group && !group.cols) mark(group.span, group.hidden);
    group = undefined;
  };
  for (const m of head.matchAll(/<(\/?)(colgroup|col)\b([^>]*)>/gi)) {
    const attrs = m[3] ?? '';
    if (m[2]!.toLowerCase() === 'colgroup') {
      closeGroup();
      if (m[1] === '') group = { hidden: hides('colgroup', attrs), span: spanOf(attrs, 'span'), cols: false };
    } else if (m[1] === '') {
      if (group) group.cols = true;
      mark(spanOf(attrs, 'span'), hides('col', attrs) || (group?.hidden ?? false));
    }
  }
  closeGroup();
  return hidden;
}

/** Where the `<thead>`/`<tbody>`/`<tfoot>` sections that are hidden begin and end in `table`. */
function hiddenSections(table: string, hides: Hides): [number, number][] {
  const out: [number, number][] = [];
  let open: number | undefined;
  for (const m of table.matchAll(/<(\/?)(thead|tbody|tfoot)\b([^>]*)>/gi)) {
    if (m[1] === '') {
      if (open !== undefined) out.push([open, m.index]);
      open = hides(m[2]!.toLowerCase(), m[3] ?? '') ? m.index : undefined;
    } else if (open !== undefined) {
      out.push([open, m.index]);
      open = undefined;
    }
  }
  if (open !== undefined) out.push([open, table.length]);
  return out;
}

/**
 * The top-level tables of a document, each with its nested tables flattened to their text: a cell
 * holding a table reads as that table's text, its cells joined by spaces (a layout table around a
 * name, say). Before, the reader stopped at the first `</table>`, the nested one's, and every row of
 * the outer table after it was dropped. An unclosed table runs to the end of the document.
 */
function topLevelTables(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let flat = '';
  let nestedFrom = 0;
  for (const m of body.matchAll(/<(\/?)table\b[^>]*>?/gi)) {
    if (m[1] === '') {
      if (depth === 0) {
        start = m.index;
        flat = '';
      } else if (depth === 1) {
        flat += body.slice(start, m.index);
        nestedFrom = m.index;
      }
      depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 1) {
        flat += ' ' + body.slice(nestedFrom, m.index + m[0].length).replace(/<[^>]*>?/g, ' ') + ' ';
        start = m.index + m[0].length;
      } else if (depth === 0) out.push(flat + body.slice(start, m.index));
    }
  }
  if (depth === 1) out.push(flat + body.slice(start));
  else if (depth > 1) out.push(flat + ' ' + body.slice(nestedFrom).replace(/<[^>]*>?/g, ' '));
  return out;
}

/** One top-level table of a document: its ordinal among them (1-based) and how many rows it has. */
export interface NumberedHtmlTable extends HtmlTable {
  ordinal: number;
}

/**
 * Every top-level table with rows, in document order. Rows are numbered in document order across the
 * tables (a second table's first row follows the first table's last), as Excel lays them out on one
 * sheet when it opens the file.
 */
export function htmlTables(html: string): NumberedHtmlTable[] {
  return htmlDocument(html).tables;
}

/** The tables of a document, and the selectors of its `<style>` rules that hide and are not interpreted. */
export interface HtmlDocument {
  tables: NumberedHtmlTable[];
  unreadStyles: string[];
}

/** `htmlTables`, with what of the document's `<style>` sheets was not interpreted. */
export function htmlDocument(html: string): HtmlDocument {
  const sheet = parseStyleSheets(html);
  const hides = hiderOf(sheet);
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '');
  const out: NumberedHtmlTable[] = [];
  let offset = 0;
  topLevelTables(body).forEach((t, i) => {
    const parsed = parseTable(t, offset, hides);
    offset += parsed.rows.length;
    if (parsed.rows.length > 0) out.push({ ...parsed, ordinal: i + 1 });
  });
  return { tables: out, unreadStyles: sheet.unread };
}

/** The first table with rows of an HTML document: its rows, and its hidden rows, columns and cells. */
export function htmlTable(html: string): HtmlTable {
  const none: HtmlTable = { rows: [], hiddenCols: new Set(), hiddenCells: new Map(), hiddenRows: undefined, merged: [], firstRow: undefined };
  const first = htmlTables(html)[0];
  if (!first) return none;
  const { rows, hiddenCols, hiddenCells, hiddenRows, merged, firstRow } = first;
  return { rows, hiddenCols, hiddenCells, hiddenRows, merged, firstRow };
}

/** Parse one table (nested tables already flattened); its rows are numbered from `offset + 1`. */
function parseTable(table: string, offset: number, hides: Hides): HtmlTable {
  const tableHidden = hides('table', /^<table\b([^>]*)>/i.exec(table)?.[1] ?? '');
  const firstTr = table.search(/<tr\b/i);
  const hiddenCols = hiddenColumnsOf(firstTr < 0 ? table : table.slice(0, firstTr), hides);
  const sections = hiddenSections(table, hides);
  // `rowspan="0"`: the cell spans to the end of its <thead>/<tbody>/<tfoot> (or of the table), as
  // browsers and Excel read it (HTML: "the cell is to span all the remaining rows in the row group")
  // (found only when one is met: most tables have none)
  let trAt: number[] | undefined;
  let groupEnds: number[] = [];
  const rowsToGroupEnd = (at: number): number => {
    if (!trAt) {
      trAt = [...table.matchAll(/<tr\b/gi)].map((m) => m.index);
      groupEnds = [...table.matchAll(/<\/?(?:thead|tbody|tfoot)\b/gi)].map((m) => m.index);
    }
    const end = groupEnds[firstAbove(groupEnds, at)] ?? table.length;
    return firstAbove(trAt, end - 1) - firstAbove(trAt, at - 1);
  };
  const hiddenCells = new Map<number, Set<number>>();
  const merged: string[] = [];
  const rows: RawRow[] = [];
  // rowspan: how many more rows each column is covered by a cell of a row above
  const covered: number[] = [];
  let hiddenCount = 0;
  let firstHidden = 0;
  let firstRow: number | undefined;
  const trRe = /<tr\b([^>]*)>([\s\S]*?)(?=<tr\b|$)/gi;
  let n = offset;
  let si = 0;
  for (const tr of table.matchAll(trRe)) {
    n++;
    const at = tr.index;
    // the sections are in document order, as the rows are: one pass over both
    while (si < sections.length && sections[si]![1] <= at) si++;
    const inHiddenSection = si < sections.length && sections[si]![0] <= at;
    const rowHidden = tableHidden || inHiddenSection || hides('tr', tr[1] ?? '');
    const cells: (RawCell | undefined)[] = [];
    const skipCovered = (): void => {
      while ((covered[cells.length] ?? 0) > 0) {
        covered[cells.length]!--;
        cells.push(undefined);
      }
    };
    const tdRe = /<t([dh])\b([^>]*)>([\s\S]*?)(?=<t[dh]\b|<\/tr|$)/gi;
    for (const td of tr[2]!.matchAll(tdRe)) {
      skipCovered();
      const attrs = td[2] ?? '';
      const text = decodeEntities(
        (td[3] ?? '')
          .replace(/<br\s*\/?>/gi, '\n')
          .replace(/<\/t[dh]>[\s\S]*$/i, '')
          .replace(/<[^>]*>/g, ''),
      )
        .replace(/[ \t\r\n]+/g, ' ')
        .trim();
      const col = cells.length;
      const colspan = spanOf(attrs, 'colspan');
      const rowspan = ROWSPAN_ZERO.test(attrs) ? Math.max(1, rowsToGroupEnd(at)) : spanOf(attrs, 'rowspan');
      if (hides(td[1]!.toLowerCase() === 'h' ? 'th' : 'td', attrs)) {
        let set = hiddenCells.get(n);
        if (!set) hiddenCells.set(n, (set = new Set()));
        for (let i = 0; i < colspan; i++) set.add(col + i);
      }
      cells.push(text === '' ? undefined : { t: 's', v: text });
      for (let i = 1; i < colspan; i++) cells.push(undefined);
      for (let i = 0; i < colspan; i++) covered[col + i] = Math.max(covered[col + i] ?? 0, rowspan - 1);
      // only ranges over several rows matter (a rep cell left empty below its top); Excel writes a
      // colspan over every run of empty cells, on every row
      if (rowspan > 1) merged.push(`${columnLetter(col)}${n}:${columnLetter(col + colspan - 1)}${n + rowspan - 1}`);
    }
    // columns covered from above after the row's last cell: blank cells too
    for (let c = cells.length; c < covered.length; c++) {
      if ((covered[c] ?? 0) === 0) continue;
      while (cells.length < c) cells.push(undefined);
      skipCovered();
    }
    const any = cells.some((c) => c !== undefined);
    if (any) firstRow ??= n;
    if (rowHidden && any && hiddenCount++ === 0) firstHidden = n;
    rows.push({ row: n, cells, width: cells.length });
  }
  return { rows, hiddenCols, hiddenCells, hiddenRows: hiddenCount > 0 ? { count: hiddenCount, first: firstHidden } : undefined, merged, firstRow };
}

/**
 * Whether a column is hidden, for a header in rows `headerRows`: by a `<col>`, or its cell in a header
 * row is hidden. Undefined when nothing is hidden.
 */
export function htmlHiddenColumn(t: Pick<HtmlTable, 'hiddenCols' | 'hiddenCells'>, headerRows: readonly number[]): ((col: number) => boolean) | undefined {
  const cells = headerRows.map((r) => t.hiddenCells.get(r)).filter((s) => s !== undefined);
  if (t.hiddenCols.size === 0 && cells.length === 0) return undefined;
  return (col) => t.hiddenCols.has(col) || cells.some((s) => s.has(col));
}

/** The tables with rows of an HTML file (an error when none has rows), and its `<style>` rules not interpreted. */
export async function openHtmlTables(path: string, enc: EncodingInfo): Promise<HtmlDocument> {
  let html = '';
  for await (const chunk of decodedChunks(path, enc)) {
    html += chunk;
    if (html.length > MAX_HTML_CHARS) {
      throw templatedError('input-too-large', 'html-too-large', {}, { location: { file: path } });
    }
  }
  const doc = htmlDocument(html);
  if (doc.tables.length === 0) throw new SalesgradeError('input-format', 'an HTML file with no table rows', { location: { file: path }, facts: { id: 'html-no-rows' } });
  return doc;
}
