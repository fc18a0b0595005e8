/**
 * An HTML table saved with an .xls extension (what many CRMs and old report tools export). The first
 * `<table>` with rows is read; a row is a `<tr>`, numbered from 1 in document order; `colspan` cells
 * leave blank cells after them, as a merged cell does in a workbook.
 */
import { SalesgradeError, templatedError } from '../shared/errors.js';
import type { RawRow } from './csv.js';
import { decodedChunks, type EncodingInfo } from './decode.js';
import type { RawCell } from './values.js';

const MAX_HTML_CHARS = 64 * 1024 * 1024;

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

/** Parse the rows of the first table in an HTML document. */
export function htmlTableRows(html: string): RawRow[] {
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '');
  const start = body.search(/<table\b/i);
  if (start < 0) return [];
  const end = body.indexOf('</table', start);
  const table = body.slice(start, end < 0 ? undefined : end);
  const rows: RawRow[] = [];
  const trRe = /<tr\b[^>]*>([\s\S]*?)(?=<tr\b|<\/table|$)/gi;
  let n = 0;
  for (const tr of table.matchAll(trRe)) {
    n++;
    const cells: (RawCell | undefined)[] = [];
    const tdRe = /<t([dh])\b([^>]*)>([\s\S]*?)(?=<t[dh]\b|<\/tr|$)/gi;
    for (const td of tr[1]!.matchAll(tdRe)) {
      const attrs = td[2] ?? '';
      const text = decodeEntities(
        (td[3] ?? '')
          .replace(/<br\s*\/?>/gi, '\n')
          .replace(/<\/t[dh]>[\s\S]*$/i, '')
          .replace(/<[^>]*>/g, ''),
      )
        .replace(/[ \t\r\n]+/g, ' ')
        .trim();
      cells.push(text === '' ? undefined : { t: 's', v: text });
      const span = /colspan\s*=\s*["']?(\d+)/i.exec(attrs);
      const extra = span ? Math.min(Number(span[1]) - 1, 1000) : 0;
      for (let i = 0; i < extra; i++) cells.push(undefined);
    }
    rows.push({ row: n, cells, width: cells.length });
  }
  return rows;
}

export async function openHtmlTable(path: string, enc: EncodingInfo): Promise<AsyncGenerator<RawRow>> {
  let html = '';
  for await (const chunk of decodedChunks(path, enc)) {
    html += chunk;
    if (html.length > MAX_HTML_CHARS) {
      throw templatedError('input-too-large', 'html-too-large', {}, { location: { file: path } });
    }
  }
  const rows = htmlTableRows(html);
  if (rows.length === 0) throw new SalesgradeError('input-format', 'an HTML file with no table rows', { location: { file: path }, facts: { id: 'html-no-rows' } });
  return (async function* () {
    yield* rows;
  })();
}
