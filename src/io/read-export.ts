/**
 * `openExport`: a CRM export (CSV/TSV, XLSX, or an HTML table saved as .xls) → a stream of rows, each
 * either a coerced `ActivityRecord` with its source location or an excluded row with its reason, plus
 * the data findings met on the way. Memory does not grow with the number of rows (duplicate detection
 * keeps one 53-bit hash per row).
 */
import type { Diagnostic } from '../shared/diagnostic.js';
import { SalesgradeError } from '../shared/errors.js';
import type { RawRow } from './csv.js';
import { assertUnchanged, sha256File, statOf } from './file-identity.js';
import { fieldRules, type ColumnInfo, type FieldRule } from './header.js';
import { openSource } from './open-source.js';
import type { ExportLayout, ExportReader, Opened, ReadOptions, ReadRow } from './read-types.js';
import { RowRules } from './row-rules.js';
import { distinctHeaders } from './unmapped.js';
import { cellAt } from './table.js';
import { cellText, coerce, isBlankCell, type RawCell } from './values.js';

export type { ExportLayout, ExportReader, ReadOptions, ReadRow } from './read-types.js';
export { rowHash, rowHashFast, rowKeys } from './row-hash.js';
export { SeenRows } from './seen-rows.js';
export { isTotalLabel } from './totals.js';
export { fxRates } from './values.js';

// In file-identity.ts (a small module: --engine duckdb hashes its inputs without loading the readers).
export { sha256File } from './file-identity.js';

/**
 * Open an export: find its format, encoding, sheet and header (open-source.ts); rows stream from
 * `rows()` / `batches()`, each through the row rules (row-rules.ts).
 */
export async function openExport(path: string, options: ReadOptions): Promise<ExportReader> {
  const name = options.displayName ?? path;
  const rules = fieldRules(options.source);
  // the file as it was when the read began: it must be the same when the read ends
  const before = await statOf(path);
  let opened: Opened;
  try {
    opened = await openSource(path, options, rules);
  } catch (e) {
    throw rename(e, path, name);
  }
  const ruleOf = new Map(rules.map((r) => [r.field, r]));
  await requireFields(opened, rules, options, path, name);
  const { match } = opened;
  const dataRows = opened.head.slice(match.dataIndex);
  const layout: ExportLayout = {
    ...opened.layout,
    file: name,
    headerRow: match.headerRow,
    headerRows: match.headerRows,
    columns: describeColumns(opened, dataRows, ruleOf),
    missingFields: match.missingFields,
  };
  const sampleRows = opened.extra.length > 0 ? [...dataRows, ...opened.extra] : dataRows;
  const rowRules = new RowRules({ name, options, layout, match, ruleOf, sampleRows, headerRaw: opened.head[match.dataIndex - 1], notes: opened.notes });
  const resultFindings: Diagnostic[] = [];
  let digest: string | undefined;
  let consumed = false;

  async function* batches(): AsyncGenerator<ReadRow[]> {
    if (consumed) throw new Error('rows() can be iterated once');
    consumed = true;
    // a CSV is hashed as it is read; a zip is read by random access, so it is hashed by one
    // sequential read, and the size/mtime/inode check below makes sure both saw the same bytes
    const hashPromise = opened.hashed ? undefined : sha256File(path).catch(() => undefined);
    let complete = false;
    const readAll = (batch: RawRow[]): ReadRow[] => {
      const out: ReadRow[] = new Array(batch.length);
      if (options.rawOnly) for (let i = 0; i < batch.length; i++) out[i] = rowRules.rawRow(batch[i]!);
      else for (let i = 0; i < batch.length; i++) out[i] = rowRules.read(batch[i]!);
      return out;
    };
    try {
      const first = readAll(dataRows.length > 0 ? (opened.extra.length > 0 ? [...dataRows, ...opened.extra] : dataRows) : opened.extra);
      if (first.length > 0) yield first;
      for await (const batch of opened.rest) yield readAll(batch);
      complete = true;
    } catch (e) {
      throw rename(e, path, name);
    } finally {
      await opened.rest.return(undefined);
      await opened.book?.close();
      const chosen = layout.sheets?.find((s) => s.name === layout.sheet);
      if (chosen) chosen.rows = match.dataIndex + rowRules.rowsRead;
      const sheetRead = opened.book ? opened.book.sheets.find((s) => s.name === layout.sheet) : opened.tail?.();
      if (complete && sheetRead?.hiddenRows !== undefined) rowRules.hiddenRows(sheetRead.hiddenRows.count, sheetRead.hiddenRows.first);
      if (complete && sheetRead?.merged !== undefined) rowRules.mergedRepCells(sheetRead.merged);
      rowRules.finish();
      for (const f of rowRules.findings.items) resultFindings.push(f);
      if (hashPromise) digest = await hashPromise;
    }
    if (complete) {
      if (opened.hashed) digest = opened.hashed.hash.digest('hex');
      try {
        await assertUnchanged(path, name, before, opened.hashed?.bytes);
      } catch (e) {
        digest = undefined;
        throw e;
      }
    }
  }

  async function* rows(): AsyncGenerator<ReadRow> {
    for await (const batch of batches()) yield* batch;
  }

  return {
    layout,
    rows,
    batches,
    findings: resultFindings,
    sha256: () => {
      if (digest === undefined) throw new Error('sha256() is known once rows() is exhausted');
      return digest;
    },
  };
}

/** A required field (rep, and those the rubric's metrics need) without a column ends the read. */
async function requireFields(opened: Opened, rules: FieldRule[], options: ReadOptions, path: string, name: string): Promise<void> {
  const { match } = opened;
  for (const r of rules) {
    if (r.required && !match.mapping.has(r.field) && !options.allowMissing) {
      await opened.rest.return(undefined);
      await opened.book?.close();
      const expected = distinctHeaders(r.headers).slice(0, 6).map((h) => `"${h}"`);
      const found = match.columns.map((c) => `"${c.header}"`).filter((h) => h !== '""');
      throw rename(new SalesgradeError(
        'field-missing',
        `no column for ${r.field}: expected one of ${expected.join(', ')}; found ${found.join(', ')}`,
        {
          location: opened.layout.sheet !== undefined ? { file: path, sheet: opened.layout.sheet } : { file: path, line: match.headerRow },
          hint: `add the header to source.fields.${r.field} in the rubric`,
          // facts only when a list is not empty: an empty one is worded "" in the English message
          ...(expected.length && found.length ? { facts: { id: 'field-missing' as const, params: { field: r.field, expected, found } } } : {}),
        },
      ), path, name);
    }
  }
}

/** The header's columns with a sample value and the type the header-scan rows suggest (for inspect). */
function describeColumns(opened: Opened, dataRows: RawRow[], ruleOf: Map<string, FieldRule>): ExportLayout['columns'] {
  return opened.match.columns.map((c) => {
    const cells = dataRows.map((r) => r.cells[c.index]);
    const first = cells.find((x) => !isBlankCell(x));
    const rule = c.field ? ruleOf.get(c.field) : undefined;
    const info: ExportLayout['columns'][number] = { ...c, inferred: rule ? rule.type : inferType(cells) };
    if (!rule && (info.inferred === 'number' || info.inferred === 'money')) {
      // a number column written with exponents (`1.23457E+11`): said, at its first such cell
      const i = cells.findIndex((x) => x !== undefined && x.t === 's' && exponentText(x));
      if (i >= 0) info.exponent = { text: cellText(cells[i]), at: cellAt(opened.layout, dataRows[i]!, c.index) };
    }
    if (first) info.sample = cellText(first);
    return info;
  });
}

/** A text cell holding a number written with an exponent (`1.23457E+11`, `2.5E+05`), read or not. */
function exponentText(c: RawCell): boolean {
  if (c.t !== 's') return false;
  const res = coerce(c, 'money', { decimalSeparator: '.' });
  return res.ok ? res.exponent !== undefined : res.code === 'exponent-number';
}

function inferType(cells: (RawCell | undefined)[]): string {
  const vals = cells.filter((c) => !isBlankCell(c)) as RawCell[];
  if (vals.length === 0) return 'empty';
  if (vals.every((c) => c.t === 'd' || (c.t === 's' && coerce(c, 'date').ok && /\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}/.test(c.v)))) return 'date';
  // a long number Excel wrote with an exponent (`1.23457E+11`) is not read as an amount, but it is a number
  const isNumber = (c: RawCell): boolean =>
    c.t === 'n' || (c.t === 's' && (coerce(c, 'money', { decimalSeparator: '.' }).ok || coerce(c, 'money', { decimalSeparator: ',' }).ok || exponentText(c)));
  if (vals.every(isNumber)) {
    return vals.some((c) => c.t === 's' && /[¥$€£元]|rmb|cny|usd/i.test(c.v)) ? 'money' : 'number';
  }
  if (vals.every((c) => c.t === 'b')) return 'boolean';
  return 'text';
}

/** Errors name the file as the user did. */
function rename(e: unknown, path: string, name: string): unknown {
  if (e instanceof SalesgradeError && e.location?.file === path) e.location.file = name;
  return e;
}
