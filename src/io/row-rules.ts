/**
 * How a data row becomes a record: `RowRules.read` runs one small rule after another (blank row,
 * repeated header's cells, unclosed quote, ragged row, totals label, field values, no rep / totals by
 * sum, exact duplicate, repeated unique key, bad values) and the first that excludes the row decides;
 * a row no rule excludes becomes a `ReadRecord`. The rules' findings go to one `FindingList`; what
 * can only be said once every row is read is said by `finish()`.
 */
import { conversionEn, exponentEn, hiddenColumnEn, hiddenRowsEn, mangledIdEn, mergedNoRepEn, mergedTotalsEn, valueMessageEn } from '../shared/value-problem.js';
import { Decimal } from 'decimal.js';
import type { ExclusionReason, FieldValue, SourceRef } from '../engine/types.js';
import { addExact, exactValue, type ExactSum } from '../shared/scaled.js';
import { CsvRow, type RawRow } from './csv.js';
import { FindingList, type FindingAt } from './findings.js';
import { cellRef } from './xlsx-sheet.js';
import { ROW_CURRENCY_FIELD, type FieldRule, type HeaderMatch } from './header.js';
import { cleanIdentifier, columnLetter, normalizeHeader } from '../shared/text.js';
import { stripHeaderUnit } from './normalize.js';
import { NumberColumn, tieBreak, type Report } from './number-columns.js';
import { ReadRecord, type CellPlaces } from './read-record.js';
import type { ExportLayout, Opened, ReadOptions, ReadRow } from './read-types.js';
import { hash53, rowHashFast, rowKeys, type RowKeys } from './row-hash.js';
import { SeenRows } from './seen-rows.js';
import { TotalLabels } from './totals.js';
import { cellText, coerce, coercedData, coerceFast, currencyOf, isBlankCell, rowCurrencyCode, type CoerceOptions, type RawCell } from './values.js';
import { isoDateToSerial, type SourceValue } from '../shared/sheet-model.js';

const NUMBER_TYPES = new Set(['money', 'number', 'integer', 'percent']);
/** An id or name Excel turned into a float: `1.23457E+11`. */
const MANGLED_ID = /^[-+]?\d(?:\.\d+)?E\+\d{1,3}$/i;
function mangledId(v: string): boolean {
  const c = v.charCodeAt(0);
  return v.length >= 5 && ((c >= 48 && c <= 57) || c === 43 || c === 45) && MANGLED_ID.test(v);
}
/** A numeric cell of 16 or more digits: Excel keeps 15 significant digits, the rest of an id is gone. */
const LONG_NUMBER = /^-?(?:\d{16,}(?:\.\d*)?|\d(?:\.\d+)?e\+\d+)$/i;

/** True when a text holds a `.` or `,` (full-width too): only such a number says which is the decimal separator. */
function hasSeparator(v: string): boolean {
  return v.indexOf('.') >= 0 || v.indexOf(',') >= 0 || v.indexOf('．') >= 0 || v.indexOf('，') >= 0;
}

/** The text cells of one column in the sample rows. */
function sampleTexts(rows: RawRow[], col: number): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const c = r.cells[col];
    if (c !== undefined && c.t === 's') out.push(c.v);
  }
  return out;
}

/** A mapped field: its column, rule, coercion options and (number columns) decimal-separator state. */
interface MappedField {
  field: string;
  col: number;
  rule: FieldRule;
  options: CoerceOptions;
  num: NumberColumn | undefined;
}

/** A header that appears twice: the first column is read, the other compared with it row by row. */
interface DuplicateHeader {
  field: string;
  col: number;
  other: number;
  header: string;
  differ: number;
  /** The column not read is hidden in the sheet (the visible one was taken). */
  otherHidden: boolean;
  first?: RawRow;
  a?: string;
  b?: string;
}

export interface RowRulesInput {
  /** The file's name in findings and source references. */
  name: string;
  options: ReadOptions;
  layout: ExportLayout;
  match: HeaderMatch;
  ruleOf: Map<string, FieldRule>;
  /** The data rows of the header scan and the rest of their batch: they decide number columns and wide rows. */
  sampleRows: RawRow[];
  /** The header row as read (CSV: its width; findings about a column point at it). */
  headerRaw: RawRow | undefined;
  notes: Opened['notes'];
}

export class RowRules {
  readonly findings: FindingList;
  /** Rows read so far (every row handed to `read`). */
  rowsRead = 0;

  private readonly name: string;
  private readonly keepRaw: boolean;
  private readonly keepWidth: boolean;
  /** CSV: the columns of date fields, whose ISO dates the data sheet writes as dates. */
  private readonly csvDateCols: ReadonlySet<number>;
  private readonly isCsv: boolean;
  /** An HTML table (read as a CSV is, `isCsv`): no text positions, a cell is at its table row and column. */
  private readonly isHtml: boolean;
  private readonly delimiter: string | undefined;
  private readonly sheet: string | undefined;
  private readonly width: number;
  private readonly headerWidth: number;
  private readonly match: HeaderMatch;
  private readonly mapped: MappedField[];
  private readonly fieldCount: number;
  private readonly repCol: number | undefined;
  private readonly amountField: string | undefined;
  private readonly uniqueKey: string | undefined;
  private readonly uniqueCol: number | undefined;
  /** The row's currency column (rubric fields with money and a rubric currency), and what it is checked against. */
  private readonly currencyCol: number | undefined;
  private readonly currency: string | undefined;
  private readonly fx: CoerceOptions['fx'];
  /** The last currency cell's text and the foreign currency it named (undefined: the rubric's). */
  private lastCurrency: { text: string; foreign: string | undefined } = { text: '', foreign: undefined };
  /** The mapped fields other than the unique key, compared when a unique key repeats. */
  private readonly otherFields: string[];
  private readonly dupHeaders: DuplicateHeader[] = [];
  private readonly seen: SeenRows;
  private readonly fileId: number;
  private readonly keysOfRow: RowKeys;
  private readonly totals = new TotalLabels();
  private readonly places: CellPlaces;
  private readonly sampleRows: RawRow[];
  private readonly wideOk = new Map<number, boolean>();
  private readonly makeFields: (vals: FieldValue[]) => Record<string, FieldValue>;
  /** The coerced values of the row being read, in `mapped` order (reused). */
  private readonly vals: FieldValue[];
  private readonly report: Report;
  // running sums of the amount column, exact: four-decimal values add as scaled safe integers
  private readonly grandSum: ExactSum = { sum: new Decimal(0), cents: 0 };
  private readonly segmentSum: ExactSum = { sum: new Decimal(0), cents: 0 };
  private counted = 0;
  private segmentCount = 0;

  constructor(input: RowRulesInput) {
    const { options, layout, match } = input;
    const src = options.source;
    this.name = input.name;
    this.keepRaw = options.keepRaw ?? false;
    this.keepWidth = options.keepWidth ?? false;
    this.findings = new FindingList(input.name);
    this.report = (code, severity, message, where, data) => this.findings.add(code, severity, message, where, data);
    this.isCsv = layout.format !== 'xlsx';
    this.delimiter = layout.delimiter;
    this.sheet = layout.sheet;
    this.match = match;
    this.width = layout.columns.length;
    this.sampleRows = input.sampleRows;
    this.mapped = mapFields(input);
    this.fieldCount = this.mapped.length;
    this.repCol = match.mapping.get('rep');
    this.amountField = match.mapping.has('amount') ? 'amount' : this.mapped.find((m) => m.rule.type === 'money')?.field;
    this.uniqueKey = src?.unique_key;
    this.uniqueCol = this.uniqueKey !== undefined ? match.mapping.get(this.uniqueKey) : undefined;
    this.currency = input.options.currency;
    this.fx = input.options.fx;
    this.currencyCol = this.currency !== undefined && this.mapped.some((m) => m.rule.type === 'money') ? match.mapping.get(ROW_CURRENCY_FIELD) : undefined;
    this.otherFields = this.uniqueKey === undefined ? [] : this.mapped.map((m) => m.field).filter((f) => f !== this.uniqueKey);
    this.isHtml = layout.format === 'html';
    this.places = { csv: this.isCsv, ...(this.isHtml ? { html: true } : {}), mapped: this.mapped.map((m) => ({ field: m.field, col: m.col })) };
    this.makeFields = fieldMaker(this.mapped);
    this.csvDateCols = new Set(this.isCsv ? this.mapped.filter((m) => m.rule.type === 'date').map((m) => m.col) : []);
    this.vals = new Array<FieldValue>(this.fieldCount).fill(null);
    // A CSV row wider than the header whose extra fields are all empty is read only when that width is
    // the file's own (see wideAccepted)
    this.headerWidth = this.isCsv ? (input.headerRaw?.width ?? this.width) : this.width;

    for (const n of input.notes) this.findings.add(n.code, n.severity, n.message, this.sheet !== undefined ? { sheet: this.sheet } : {}, n.data);
    this.headerFindings(layout.columns, input.headerRaw);
    // duplicates are looked for across every file of the run (options.seen), or in this file alone
    this.seen = options.seen ?? new SeenRows();
    this.fileId = this.seen.addFile({ file: input.name, sheet: this.sheet, csv: this.isCsv });
    this.keysOfRow = rowKeys(layout.columns.map((c) => c.header));
  }

  /** Findings about the header itself: a header given twice, a header naming a unit (`金额（万元）`). */
  private headerFindings(columns: ExportLayout['columns'], headerRaw: RawRow | undefined): void {
    // a column read for a field that is hidden in the sheet: read like every column (data is data), said
    for (const m of this.mapped) {
      const c = columns[m.col];
      if (c?.hidden !== true) continue;
      const sheet = this.sheet;
      // an HTML table (no sheet): at its header row and column, as its other findings are at their row
      const at = headerRaw ? this.at(headerRaw, m.col) : sheet === undefined ? { row: this.match.headerRow, line: this.match.headerRow, column: m.col + 1 } : { sheet };
      this.findings.add('hidden-column', 'warning', hiddenColumnEn(m.field, c.letter, c.header, sheet), at, { field: m.field, column: c.letter, header: c.header, ...(sheet !== undefined ? { sheet } : {}) });
    }
    // a header that appears twice: the first column is read for the field (the visible one when the
    // other is hidden), the other is compared row by row (a difference is an error at the end of the
    // read; a warning when the column not read is hidden: the user hid it)
    for (const m of this.mapped) {
      const n = normalizeHeader(columns[m.col]?.header ?? '');
      if (n === '') continue;
      for (const c of columns) {
        if (c.index === m.col || normalizeHeader(c.header) !== n) continue;
        const otherHidden = c.hidden === true && columns[m.col]?.hidden !== true;
        const d: DuplicateHeader = { field: m.field, col: m.col, other: c.index, header: columns[m.col]!.header, differ: 0, otherHidden };
        this.dupHeaders.push(d);
        const [read, other] = this.isCsv ? [String(m.col + 1), String(c.index + 1)] : [columnLetter(m.col), c.letter];
        this.findings.add(
          'duplicate-header',
          'warning',
          otherHidden
            ? `${m.field}: columns ${read} and ${other} are both headed "${d.header}"; column ${other} is hidden: the visible column ${read} is read, ${other} is only compared with it (delete the hidden column if it is old)`
            : `${m.field}: columns ${read} and ${other} are both headed "${d.header}"; the first is read, the other is only compared with it (rename or delete one)`,
          headerRaw ? this.at(headerRaw, c.index) : {},
          { field: m.field, first: read, other, header: d.header, csv: this.isCsv, ...(otherHidden ? { hidden: other } : {}) },
        );
      }
    }
    // a money or number column whose header names a unit of ten thousand etc.
    for (const m of this.mapped) {
      if (m.rule.type !== 'money' && m.rule.type !== 'number') continue;
      const header = columns[m.col]?.header ?? '';
      const unit = stripHeaderUnit(header.split(' / ').pop() ?? header).unit;
      if (unit && /万|千|百万|亿|^k|^m|thousand|million/i.test(unit)) {
        this.findings.add(
          'header-unit',
          'warning',
          `${m.field}: the header "${header}" gives the unit ${unit}; values are read as written, not scaled (convert the column, or write 12.5万 in the cells)`,
          headerRaw ? this.at(headerRaw, m.col) : {},
          { field: m.field, header, unit },
        );
      }
    }
  }

  /** Where a finding about the row (and one of its columns) points. */
  private at(row: RawRow, col?: number): FindingAt {
    if (this.isCsv) {
      const p = col !== undefined ? row.positions?.[col] : undefined;
      return p ? { row: row.row, line: p[0], column: p[1] } : { row: row.row, line: row.row, column: this.isHtml && col !== undefined ? col + 1 : 1 };
    }
    return col !== undefined ? { sheet: this.sheet, cell: `${columnLetter(col)}${row.row}`, row: row.row } : { sheet: this.sheet, row: row.row };
  }

  /** A cell as a message names it: `B12`, or `line:column` in a CSV. */
  private cellRef(row: RawRow, col: number): string {
    if (this.isCsv) {
      const p = row.positions?.[col];
      return p ? `${p[0]}:${p[1]}` : `${row.row}:${this.isHtml ? col + 1 : 1}`;
    }
    return `${columnLetter(col)}${row.row}`;
  }

  /** One row → a record or an exclusion (findings added on the way). Synchronous: called per batch. */
  read(row: RawRow): ReadRow {
    this.rowsRead++;
    const source: SourceRef = this.sheet !== undefined ? { file: this.name, sheet: this.sheet, row: row.row } : { file: this.name, row: row.row };
    const out: ReadRow = { source };
    if (this.keepRaw) out.raw = rawValues(row.cells, this.width, this.csvDateCols);
    if (this.keepWidth) out.width = Math.max(this.width, row.cells.length);
    if (isBlankRow(row.cells)) return excluded(out, 'blank');
    this.compareDuplicateHeaders(row);
    const shape = this.unclosedQuote(row, out) ?? this.ragged(row, out) ?? this.totalsByLabel(row, out);
    if (shape !== undefined) return shape;
    const bad = this.coerceFields(row);
    const fields = this.makeFields(this.vals);
    const rep = fields.rep;
    if (typeof rep !== 'string' || rep === '') return this.noRep(row, out, fields, bad);
    const repeated = this.duplicateRow(row, out) ?? this.repeatedKey(row, out, fields);
    if (repeated !== undefined) return repeated;
    if (bad !== undefined) {
      out.lost = { fields, badFields: bad };
      return excluded(out, 'bad-value', bad.map((f) => `${f} at ${this.cellRef(row, this.match.mapping.get(f)!)}`).join(', '));
    }
    this.count(fields);
    out.record = new ReadRecord(rep, fields, source, row, this.places);
    return out;
  }

  /** `read`'s `source` and `raw` alone, without the rules (`ReadOptions.rawOnly`). */
  rawRow(row: RawRow): ReadRow {
    this.rowsRead++;
    const source: SourceRef = this.sheet !== undefined ? { file: this.name, sheet: this.sheet, row: row.row } : { file: this.name, row: row.row };
    return { source, raw: rawValues(row.cells, this.width, this.csvDateCols) };
  }

  /** A repeated header's two columns: count the rows where they differ (said at the end). */
  private compareDuplicateHeaders(row: RawRow): void {
    for (const d of this.dupHeaders) {
      const a = cleanIdentifier(cellText(row.cells[d.col]));
      const b = cleanIdentifier(cellText(row.cells[d.other]));
      if (a !== b && d.differ++ === 0) {
        d.first = row;
        d.a = a;
        d.b = b;
      }
    }
  }

  /**
   * A quote left open swallows the rows below it into one field (CSV): the record is not counted, and
   * the finding says how many lines that look like rows went into it.
   */
  private unclosedQuote(row: RawRow, out: ReadRow): ReadRow | undefined {
    if (!(row instanceof CsvRow) || row.endLine <= row.row || this.width < 4 || this.delimiter === undefined) return undefined;
    const sw = swallowedRows(row.cells, this.delimiter, this.width);
    if (!sw) return undefined;
    const from = row.lines ? row.lines[sw.col]! : row.row;
    this.findings.add(
      'unclosed-quote',
      'error',
      `a quoted field opened on line ${from} runs to line ${row.endLine} and holds ${sw.count} line${sw.count === 1 ? '' : 's'} that look${sw.count === 1 ? 's' : ''} like rows (${JSON.stringify(sw.sample)}): a quote is probably not closed; the record is not counted, nor are those lines`,
      this.at(row, sw.col),
      { from, to: row.endLine, count: sw.count, sample: sw.sample },
    );
    return excluded(out, 'bad-value', `a quoted field spans lines ${from}–${row.endLine}`);
  }

  /** A CSV row with more or fewer fields than the header. */
  private ragged(row: RawRow, out: ReadRow): ReadRow | undefined {
    const width = this.width;
    if (!this.isCsv || row.width === undefined || row.width === width) return undefined;
    const extra = row.cells.slice(width).some((c) => !isBlankCell(c));
    if (row.width > width && extra) {
      this.findings.add('ragged-row', 'error', `expected ${width} fields as in the header, found ${row.width}; the row is not counted (a stray delimiter or quote?)`, this.at(row, width), { expected: width, found: row.width });
      return excluded(out, 'bad-value', `${row.width} fields, header has ${width}`);
    }
    if (row.width > width && !this.wideAccepted(row.width)) {
      this.findings.add(
        'ragged-row',
        'error',
        `expected ${width} fields as in the header, found ${row.width}, the last ${row.width - width === 1 ? 'one' : `${row.width - width}`} empty, unlike the header and most rows; the row is not counted (an unquoted value holding the delimiter, like 1,2345, shifts the fields after it)`,
        this.at(row, width),
        { expected: width, found: row.width },
      );
      return excluded(out, 'bad-value', `${row.width} fields, header has ${width}`);
    }
    if (row.width < width) this.findings.add('ragged-row', 'warning', `expected ${width} fields as in the header, found ${row.width}; the missing fields are read as empty`, this.at(row), { expected: width, found: row.width });
    return undefined;
  }

  /**
   * A CSV row wider than the header whose extra fields are all empty is read only when that width is
   * the file's own: the header line itself has that many fields (trailing empty headers), or most rows
   * of the header-scan sample are at least that wide (an export that ends every data line with a
   * delimiter). Otherwise the extra empty field is a sign that a value was split (`1,2345` unquoted),
   * which shifts every field after it: a `ragged-row` error, the row not counted.
   */
  private wideAccepted(w: number): boolean {
    if (w <= this.headerWidth) return true;
    let ok = this.wideOk.get(w);
    if (ok === undefined) {
      let rows = 0;
      let wide = 0;
      for (const r of this.sampleRows) {
        if (r.width === undefined || r.cells.every((c) => isBlankCell(c))) continue;
        rows++;
        if (r.width >= w) wide++;
      }
      ok = rows > 0 && wide * 2 > rows;
      this.wideOk.set(w, ok);
    }
    return ok;
  }

  /**
   * Totals and subtotals by label: in the rep column, or (when the rep cell is empty or itself a
   * label) in any column. A row whose rep cell holds a name is a deal even when another column reads
   * `Total` (an account named Total): it is read as data.
   */
  private totalsByLabel(row: RawRow, out: ReadRow): ReadRow | undefined {
    const rowCells = row.cells;
    const repCol = this.repCol;
    let totalLabel: string | undefined;
    const repCell = repCol !== undefined ? rowCells[repCol] : undefined;
    const named = repCell !== undefined && !isBlankCell(repCell) && (repCell.t !== 's' || this.totals.of(repCell.v, true) === undefined);
    if (!named) {
      for (let i = 0; i < rowCells.length && totalLabel === undefined; i++) {
        const c = rowCells[i];
        if (c && c.t === 's') totalLabel = this.totals.of(c.v, i === repCol || i === 0);
      }
    }
    if (totalLabel === undefined) return undefined;
    Object.assign(this.segmentSum, { sum: new Decimal(0), cents: 0 });
    this.segmentCount = 0;
    this.findings.add('totals-row', 'info', `a totals row ("${totalLabel}") is not counted`, this.at(row), { label: totalLabel });
    return excluded(out, 'totals-row', totalLabel);
  }

  /** The mapped fields' values into `vals` (null when bad); the fields that were bad, if any. */
  private coerceFields(row: RawRow): string[] | undefined {
    const rowCells = row.cells;
    const vals = this.vals;
    let bad: string[] | undefined;
    // The row's currency, when its currency column names another than the rubric's: its amounts are in it.
    let rowCurrency: string | undefined;
    if (this.currencyCol !== undefined) {
      const c = rowCells[this.currencyCol];
      const text = c !== undefined && !isBlankCell(c) ? cellText(c) : '';
      // a currency column mostly repeats one value: decided once per distinct run of it
      if (text !== this.lastCurrency.text) {
        const code = text === '' ? undefined : rowCurrencyCode(text);
        this.lastCurrency = { text, foreign: code !== undefined && currencyOf(code, this.currency!, this.fx) !== this.currency ? code : undefined };
      }
      rowCurrency = this.lastCurrency.foreign;
    }
    for (let j = 0; j < this.fieldCount; j++) {
      const m = this.mapped[j]!;
      const cell = rowCells[m.col];
      const num = m.num;
      const foreign = rowCurrency !== undefined && m.rule.type === 'money';
      if (m.rule.type === 'text' && cell !== undefined && ((cell.t === 's' && mangledId(cell.v)) || (cell.t === 'n' && LONG_NUMBER.test(cell.v)))) {
        this.findings.add('mangled-id', 'warning', mangledIdEn(m.field, cell.v), this.at(row, m.col), { field: m.field, value: cell.v });
      }
      // a column not yet decided by its values: a value with a separator may decide it
      if (num !== undefined && num.pending && cell !== undefined && cell.t === 's' && hasSeparator(cell.v)) {
        num.observe(cell.v, this.at(row, m.col), this.cellRef(row, m.col), this.report);
        m.options.decimalSeparator = num.sep;
        m.options.refuseEither = num.refuse;
      }
      const sep = m.options.decimalSeparator;
      // a column that refuses values fitting both readings: `1.234` must not take the fast path
      const fast = foreign ? undefined : coerceFast(cell, m.rule.type, sep === '.' && m.options.refuseEither !== undefined ? undefined : sep);
      if (fast !== undefined) {
        vals[j] = fast;
        continue;
      }
      const res = coerce(cell, m.rule.type, foreign ? { ...m.options, rowCurrency } : m.options);
      if (res.ok) {
        vals[j] = res.value;
        if (res.exponent !== undefined) this.findings.add('exponent-number', 'warning', exponentEn(m.field, res.exponent, String(res.value)), this.at(row, m.col), { field: m.field, value: res.exponent, read: String(res.value), outcome: 'none' });
        if (res.conversion !== undefined) this.findings.add('currency-converted', 'info', conversionEn(m.field, res.conversion), this.at(row, m.col), { field: m.field, ...res.conversion });
      } else {
        vals[j] = null;
        (bad ??= []).push(m.field);
        if (res.code !== 'ambiguous-number' || num === undefined || num.ambiguousError()) {
          this.findings.add(res.code, 'error', valueMessageEn(m.field, res.problem, 'row-not-counted'), this.at(row, m.col), coercedData(m.field, res, 'row-not-counted'));
        }
      }
    }
    return bad;
  }

  /**
   * A row with no rep: a totals row when its amount equals the sum of the rows above (since the last
   * totals row, or from the top); else not counted (`no-rep`), keeping its fields for the KPI-loss check.
   */
  private noRep(row: RawRow, out: ReadRow, fields: Record<string, FieldValue>, bad: string[] | undefined): ReadRow {
    const amountField = this.amountField;
    const amount = amountField ? fields[amountField] : null;
    if (amount instanceof Decimal && this.counted > 0 && (amount.eq(exactValue(this.grandSum)) || (this.segmentCount > 0 && amount.eq(exactValue(this.segmentSum))))) {
      const which = this.segmentCount > 0 && amount.eq(exactValue(this.segmentSum)) && this.segmentCount !== this.counted ? this.segmentCount : this.counted;
      this.findings.add('totals-row', 'info', `a row with no rep whose ${amountField} ${amount.toString()} equals the sum of the ${which} rows above is read as a totals row and not counted`, this.at(row), { field: amountField!, amount: amount.toString(), rowsAbove: which });
      Object.assign(this.segmentSum, { sum: new Decimal(0), cents: 0 });
      this.segmentCount = 0;
      return excluded(out, 'totals-row', `sum of ${which} rows above`);
    }
    // No rep column at all (inspect before the mapping is right): one rep-not-mapped finding says so
    // (io/inspect.ts), not one "empty cell" per row
    if (this.repCol !== undefined) this.findings.add('no-rep', 'warning', `rep: expected a name, found an empty cell; the row is not counted`, this.at(row, this.repCol), { field: 'rep' });
    out.lost = bad !== undefined ? { fields, badFields: bad } : { fields };
    return excluded(out, 'no-rep');
  }

  /** An exact duplicate of an earlier row, in this file or an earlier one of the run. */
  private duplicateRow(row: RawRow, out: ReadRow): ReadRow | undefined {
    const seen = this.seen;
    const first = seen.firstRow(rowHashFast(row.cells, this.keysOfRow), seen.ref(this.fileId, row.row));
    if (first === undefined) return undefined;
    const where = seen.describe(first, this.fileId);
    this.findings.add('duplicate-row', 'warning', `an exact duplicate of ${where}; the duplicate is not counted`, this.at(row), seen.place(first, this.fileId));
    return excluded(out, 'duplicate', `duplicate of ${where}`);
  }

  /**
   * A unique key met before (in this file or an earlier one): the first row counts; a repeat whose
   * other fields differ is an error (which one is right is not known: a later export may hold the
   * deal's newer state), an identical one a warning. Compared by field name: another export may map
   * its fields in another order, or lack one.
   */
  private repeatedKey(row: RawRow, out: ReadRow, fields: Record<string, FieldValue>): ReadRow | undefined {
    const uniqueKey = this.uniqueKey;
    if (this.uniqueCol === undefined || uniqueKey === undefined) return undefined;
    const key = fields[uniqueKey];
    if (key === null || key === undefined) return undefined;
    const seen = this.seen;
    const ks = key.toString();
    const kh = hash53([ks]);
    const firstKey = seen.firstKey(kh, seen.ref(this.fileId, row.row));
    if (firstKey === undefined) {
      if (seen.replaying) return undefined;
      seen.keys.set(kh, seen.ref(this.fileId, row.row));
      seen.keyContent.set(kh, this.contentOf(fields).map((v, j) => `${this.otherFields[j]}\u0001${v}`).join('\u0000'));
      return undefined;
    }
    const where = seen.describe(firstKey, this.fileId);
    const before = new Map<string, string>();
    for (const pair of (seen.keyContent.get(kh) ?? '').split('\u0000')) {
      const eq = pair.indexOf('\u0001');
      if (eq > 0) before.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const now = this.contentOf(fields);
    const diffs: string[] = [];
    this.otherFields.forEach((f, j) => {
      const b = before.get(f);
      if (b !== undefined && b !== now[j]) diffs.push(`${f} ${b || '(empty)'} → ${now[j] || '(empty)'}`);
    });
    if (diffs.length > 0) {
      this.findings.add(
        'duplicate-unique-key',
        'error',
        `${uniqueKey} "${ks}" repeats ${where} with different values (${diffs.join(', ')}); only the first row (${where}) is counted — remove the stale row, or keep one export per period`,
        this.at(row, this.uniqueCol),
        { field: uniqueKey, value: ks, changed: diffs.join(', '), ...seen.place(firstKey, this.fileId) },
      );
    } else {
      this.findings.add('duplicate-unique-key', 'warning', `${uniqueKey} "${ks}" repeats ${where}; the repeat is not counted`, this.at(row, this.uniqueCol), { field: uniqueKey, value: ks, ...seen.place(firstKey, this.fileId) });
    }
    return excluded(out, 'duplicate', `${uniqueKey} ${ks} repeats ${where}`);
  }

  /** The other fields' values as text, compared when a unique key repeats. */
  private contentOf(fields: Record<string, FieldValue>): string[] {
    return this.otherFields.map((f) => {
      const v = fields[f];
      return v === null || v === undefined ? '' : v.toString();
    });
  }

  /** A counted row: its amount joins the running sums a totals row is compared with. */
  private count(fields: Record<string, FieldValue>): void {
    const amount = this.amountField ? fields[this.amountField] : null;
    if (amount instanceof Decimal) {
      addExact(this.grandSum, amount);
      addExact(this.segmentSum, amount);
    }
    this.counted++;
    this.segmentCount++;
  }

  /**
   * The sheet had rows hidden (by a filter or Hide in Excel/WPS) that hold values: they were read as
   * data like every row; one `hidden-rows` warning at the first says how many, so a user who filtered
   * rows out to leave them uncounted learns that they were counted.
   */
  hiddenRows(count: number, first: number): void {
    const sheet = this.sheet;
    if (sheet === undefined) this.findings.add('hidden-rows', 'warning', hiddenRowsEn(undefined, count, first), { row: first, line: first, column: 1 }, { count, first });
    else this.findings.add('hidden-rows', 'warning', hiddenRowsEn(sheet, count, first), { sheet, row: first, cell: `A${first}` }, { sheet, count, first });
  }

  /**
   * The sheet's merged ranges, known only once it is read (`<mergeCells>` follows `<sheetData>`): a
   * `no-rep` finding at a rep cell inside a merged range below its top cell (a hand-kept sheet merging a
   * rep's name down over their rows) says so, and how to fix it. The value is not filled down: the rows
   * were already read and handed on when the ranges are known.
   */
  mergedRepCells(refs: readonly string[]): void {
    const col = this.repCol;
    if (col === undefined) return;
    const spans: { top: number; bottom: number; ref: string; topCell: string }[] = [];
    for (const ref of refs) {
      const [a, b] = ref.split(':');
      const p = a !== undefined ? cellRef(a) : undefined;
      const q = b !== undefined ? cellRef(b) : undefined;
      if (p && q && p.col <= col && col <= q.col && q.row > p.row) spans.push({ top: p.row, bottom: q.row, ref, topCell: `${columnLetter(p.col)}${p.row}` });
    }
    if (spans.length === 0) return;
    for (const f of this.findings.items) {
      const row = f.row;
      // a no-rep row, or one read as a totals row because its amount equals the sum above (`100` under a
      // merged name whose first row is `100`): both are a rep's rows under the merged name
      const sumTotals = f.code === 'totals-row' && typeof f.data?.rowsAbove === 'number' && typeof f.data.field === 'string' && typeof f.data.amount === 'string';
      if ((f.code !== 'no-rep' && !sumTotals) || row === undefined) continue;
      const span = spans.find((s) => s.top < row && row <= s.bottom);
      if (span === undefined) continue;
      if (sumTotals) {
        f.severity = 'warning';
        f.message = mergedTotalsEn(span.ref, span.topCell, f.data!.field as string, f.data!.amount as string);
        f.data = { ...f.data, merged: span.ref, top: span.topCell };
      } else {
        f.message = mergedNoRepEn(span.ref, span.topCell);
        f.data = { field: 'rep', merged: span.ref, top: span.topCell };
      }
    }
  }

  /** Once every row is read: number columns' last word, and repeated headers whose columns differ. */
  finish(): void {
    for (const m of this.mapped) m.num?.finish(this.report);
    for (const d of this.dupHeaders) {
      if (d.differ === 0) continue;
      // a CSV's (or an HTML table's) columns by number, a sheet's by letter, as the header's finding names them
      const [read, other] = this.isCsv ? [String(d.col + 1), String(d.other + 1)] : [columnLetter(d.col), columnLetter(d.other)];
      const cols = `${read} and ${other}`;
      const differ = `${d.field}: columns ${cols}, both headed "${d.header}", differ on ${d.differ} row${d.differ === 1 ? '' : 's'} (first here: "${d.a}" vs "${d.b}"); `;
      this.findings.add(
        'duplicate-header',
        d.otherHidden ? 'warning' : 'error',
        d.otherHidden
          ? `${differ}column ${other} is hidden: the visible column ${read} was read (delete the hidden column if it is old)`
          : `${differ}the first column was read — which one is right cannot be told (rename or delete one)`,
        this.at(d.first!, d.other),
        {
          field: d.field,
          first: read,
          other,
          header: d.header,
          csv: this.isCsv,
          differ: d.differ,
          a: String(d.a),
          b: String(d.b),
          ...(d.otherHidden ? { hidden: other } : {}),
        },
      );
    }
    this.findings.finish();
  }
}

/**
 * The mapped fields with their coercion options. Number columns: the decimal separator of each, from
 * the declaration, its values in the header-scan sample, or the rubric's currency and locale (see
 * number-columns.ts).
 */
function mapFields(input: RowRulesInput): MappedField[] {
  const { options } = input;
  const src = options.source;
  const tie = tieBreak(options.currency ?? 'CNY', options.locale ?? 'en');
  return [...input.match.mapping.entries()].map(([field, col]) => {
    const rule = input.ruleOf.get(field)!;
    const numeric = NUMBER_TYPES.has(rule.type);
    const num = numeric ? new NumberColumn(field, sampleTexts(input.sampleRows, col), src?.decimal_separator, tie, options.currency !== undefined) : undefined;
    const coerceOptions: CoerceOptions = { decimalSeparator: num ? num.sep : src?.decimal_separator, refuseEither: num?.refuse, dateFormat: rule.dateFormat, currency: options.currency, fx: options.fx };
    return { field, col, rule, options: coerceOptions, num };
  });
}

/**
 * The record's fields from the coerced values, as one object literal of a fixed shape (the same keys
 * in the same order for every row; cheaper than a copy plus a keyed store per field). A field named
 * `__proto__` keeps the copy-and-store path.
 */
function fieldMaker(mapped: MappedField[]): (vals: FieldValue[]) => Record<string, FieldValue> {
  if (mapped.some((m) => m.field === '__proto__')) {
    const template: Record<string, FieldValue> = {};
    for (const m of mapped) template[m.field] = null;
    return (vals) => {
      const f: Record<string, FieldValue> = { ...template };
      for (let j = 0; j < mapped.length; j++) f[mapped[j]!.field] = vals[j]!;
      return f;
    };
  }
  return new Function('v', `return { ${mapped.map((m, j) => `[${JSON.stringify(m.field)}]: v[${j}]`).join(', ')} };`) as (vals: FieldValue[]) => Record<string, FieldValue>;
}

function excluded(out: ReadRow, reason: ExclusionReason, detail?: string): ReadRow {
  out.excluded = detail === undefined ? { reason } : { reason, detail };
  return out;
}

/** Blank and delimiter-only rows. */
function isBlankRow(cells: (RawCell | undefined)[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isBlankCell(cells[i])) return false;
  return true;
}

/**
 * The row's values as read, for the workbook's data sheets: numbers keep their number format, dates
 * stay dates (an XLSX date cell; in a CSV, a `YYYY-MM-DD` in a date field's column).
 */
function rawValues(cells: (RawCell | undefined)[], width: number, csvDateCols: ReadonlySet<number>): SourceValue[] {
  const raw: SourceValue[] = new Array<SourceValue>(Math.max(width, cells.length));
  for (let i = 0; i < raw.length; i++) raw[i] = rawValue(cells[i]);
  if (csvDateCols.size > 0) {
    for (const c of csvDateCols) {
      const v = raw[c];
      if (typeof v !== 'string') continue;
      const serial = isoDateToSerial(v);
      if (serial !== undefined) raw[c] = { n: serial, fmt: 'yyyy-mm-dd' };
    }
  }
  return raw;
}

function rawValue(cell: RawCell | undefined): SourceValue {
  if (!cell) return null;
  switch (cell.t) {
    case 's':
    case 'e':
      return cell.v;
    case 'd': {
      // from the ISO date (the 1900 system, whatever the source's), plus the serial's time of day
      const day = isoDateToSerial(cell.v.slice(0, 10));
      const serial = Number(cell.serial);
      if (day === undefined || !Number.isFinite(serial)) return cell.v;
      return { n: day + (serial - Math.floor(serial)), fmt: cell.fmt ?? 'yyyy-mm-dd' };
    }
    case 'n': {
      const n = Number(cell.v);
      if (!Number.isFinite(n)) return cell.v;
      return cell.fmt === undefined ? n : { n, fmt: cell.fmt };
    }
    case 'b':
      return cell.v;
    case 'f':
      return null;
  }
}

/**
 * The lines inside a multi-line field that have exactly as many delimiters as a row of the header's
 * width: rows swallowed by a quote left open. Undefined when no field holds such a line.
 */
function swallowedRows(cells: (RawCell | undefined)[], delimiter: string, width: number): { col: number; count: number; sample: string } | undefined {
  for (let col = 0; col < cells.length; col++) {
    const c = cells[col];
    if (c === undefined || c.t !== 's' || (c.v.indexOf('\n') < 0 && c.v.indexOf('\r') < 0)) continue;
    const lines = c.v.split(/\r\n|\r|\n/);
    let count = 0;
    let sample = '';
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (l.split(delimiter).length === width) {
        if (count++ === 0) sample = l.length > 60 ? `${l.slice(0, 60)}…` : l;
      }
    }
    if (count > 0) return { col, count, sample };
  }
  return undefined;
}
