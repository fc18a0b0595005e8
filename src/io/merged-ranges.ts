/**
 * An XLSX sheet's merged ranges (`<mergeCell ref="A2:A5"/>`, known once the sheet is read: they follow
 * `<sheetData>`) as spans over data rows: a merged range keeps its value in its top-left cell only, so
 * the cells below it read as empty. The small tables (roster, targets files) say so at those cells.
 */
import type { FindingCode } from '../shared/finding-codes.js';
import { columnLetter } from '../shared/text.js';
import { hiddenColumnEn, hiddenRowsEn, mergedCellsEn, type MergedEffect } from '../shared/value-problem.js';
import type { FindingAt, FindingList } from './findings.js';
import type { HeaderMatch } from './header.js';
import type { RawTable } from './table.js';
import { cellRef } from './xlsx-sheet.js';

interface MergedSpan {
  /** As written (`A2:A5`). */
  ref: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** The cell holding the value (`A2`). */
  topCell: string;
}

/** The ranges spanning more than one row whose rows below the top include a row after `headerEnd`. */
function verticalSpans(refs: readonly string[] | undefined, headerEnd: number): MergedSpan[] {
  const out: MergedSpan[] = [];
  for (const ref of refs ?? []) {
    const [a, b] = ref.split(':');
    const p = a !== undefined ? cellRef(a) : undefined;
    const q = b !== undefined ? cellRef(b) : undefined;
    if (!p || !q || q.row <= p.row || q.row <= headerEnd) continue;
    out.push({ ref, top: p.row, bottom: q.row, left: Math.min(p.col, q.col), right: Math.max(p.col, q.col), topCell: `${columnLetter(p.col)}${p.row}` });
  }
  return out;
}

/** Whether the cell at `row`, `col` lies below the top of a merged range (read empty: `merged-cells` names it). */
export function belowMergedTop(refs: readonly string[] | undefined, headerEnd: number, row: number, col: number): boolean {
  return verticalSpans(refs, headerEnd).some((s) => s.left <= col && col <= s.right && s.top < row && row <= s.bottom);
}

/** A cell of a sheet (`Sheet!C4`), or of an HTML table (no sheet: its row and column, as its other findings). */
function placeAt(sheet: string | undefined, row: number, col: number): FindingAt {
  return sheet !== undefined ? { sheet, row, cell: `${columnLetter(col)}${row}` } : { row, line: row, column: col + 1 };
}

/** `3–5`, `3` or `3, 5`: the rows of a span that were read as data. */
function rowsText(rows: number[]): string {
  if (rows.length === 1) return String(rows[0]);
  const contiguous = rows.every((r, i) => i === 0 || r === rows[i - 1]! + 1);
  return contiguous ? `${rows[0]}–${rows[rows.length - 1]}` : rows.join(', ');
}

export interface SheetTailOptions {
  /** The last header row: ranges ending on or above it are the header's own. */
  headerEnd: number;
  /** The rows read as data (not blank, not a totals row). */
  dataRows: ReadonlySet<number>;
  /** The name columns: their empty-cell finding (`roster-no-rep`, `targets-no-name`) is reworded inside a range. */
  names: { cols: readonly number[]; code: FindingCode; message: (range: string, top: string) => string };
  /** The other columns read: one `merged-cells` warning per range and column. */
  fields: readonly { col: number; field: string; effect: MergedEffect }[];
}

/**
 * A roster's or targets file's sheet, once read to its end (its hidden rows and merged ranges are known
 * only then): hidden rows holding values were read like every row — one `hidden-rows` warning, as for
 * exports; a merged range leaves the cells below its top empty — a name cell's finding names the range
 * and the fix, another column's empty cells get one `merged-cells` warning per range.
 */
export function sheetTailFindings(findings: FindingList, table: Pick<RawTable, 'sheet' | 'finished'>, o: SheetTailOptions): void {
  const done = table.finished?.();
  if (done === undefined) return;
  const sheet = table.sheet;
  if (done.hiddenRows !== undefined) {
    const { count, first } = done.hiddenRows;
    findings.add('hidden-rows', 'warning', hiddenRowsEn(sheet, count, first), placeAt(sheet, first, 0), { ...(sheet !== undefined ? { sheet } : {}), count, first });
  }
  const spans = verticalSpans(done.merged, o.headerEnd);
  if (spans.length === 0) return;
  for (const f of findings.items) {
    if (f.code !== o.names.code || f.row === undefined) continue;
    const row = f.row;
    const span = spans.find((s) => o.names.cols.some((c) => s.left <= c && c <= s.right) && s.top < row && row <= s.bottom);
    if (span === undefined) continue;
    f.message = o.names.message(span.ref, span.topCell);
    f.data = { ...f.data, merged: span.ref, top: span.topCell };
  }
  for (const span of spans) {
    const rows: number[] = [];
    for (let r = span.top + 1; r <= span.bottom; r++) if (o.dataRows.has(r)) rows.push(r);
    if (rows.length === 0) continue;
    for (const { col, field, effect } of o.fields) {
      if (col < span.left || col > span.right) continue;
      const text = rowsText(rows);
      findings.add('merged-cells', 'warning', mergedCellsEn(span.ref, span.topCell, field, text, effect), placeAt(sheet, rows[0]!, col), {
        field,
        merged: span.ref,
        top: span.topCell,
        rows: text,
        effect,
      });
    }
  }
}

/**
 * A roster's or targets file's columns read for a field that are hidden in the sheet (`<col hidden>`):
 * read like every column, one `hidden-column` warning each at its header, as for exports. `label`: the
 * field as messages name it (undefined: a column not read for a field).
 */
export function hiddenColumnFindings(findings: FindingList, table: Pick<RawTable, 'sheet' | 'hiddenColumn'>, match: HeaderMatch, label: (field: string) => string | undefined): void {
  if (table.hiddenColumn === undefined) return;
  const sheet = table.sheet;
  for (const [field, col] of [...match.mapping].sort((a, b) => a[1] - b[1])) {
    const name = label(field);
    if (name === undefined || !table.hiddenColumn(col)) continue;
    const c = match.columns.find((x) => x.index === col);
    const letter = columnLetter(col);
    findings.add('hidden-column', 'warning', hiddenColumnEn(name, letter, c?.header ?? '', sheet), placeAt(sheet, match.headerRow, col), {
      field: name,
      column: letter,
      header: c?.header ?? '',
      ...(sheet !== undefined ? { sheet } : {}),
    });
  }
}
