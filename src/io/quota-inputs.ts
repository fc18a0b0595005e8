/**
 * The quota plan's input files, read with the same rules as exports (they were parsed in cli/ with a
 * normaliser, aliases, an amount parser and a totals regex of their own):
 *
 * - `readAnnualTargets`: `quota.annual: { file, level }` — one row per company / region / team / rep,
 *   one column per metric (its id, label or labels).
 * - `readQuotaHistory`: `--history last-year.xlsx` — rows with a rep, a month and one column per
 *   metric (or one `amount` column for a single metric), for `split: { by: history }` and
 *   `seasonality: { from: history }`.
 *
 * The header is found below title rows and matched by the reader's normalisation (units in brackets
 * allowed); values are coerced like export numbers (`1,234`, `¥1.2万`; the column's decimal separator
 * decided from its values; another currency's sign is an error unless the rubric gives a rate);
 * totals rows are recognised like an export's (`合计`, `Total`, `张三 小计`, or a row with no name whose
 * values equal the sums of the rows above). Every row not used says why, located (`file:line:col` or
 * `Sheet!C4`). A file without the columns it needs throws (one line, exit 2).
 */
import { Decimal } from 'decimal.js';
import type { Diagnostic, FindingData } from '../shared/diagnostic.js';
import { SalesgradeError, templatedError, quotedList } from '../shared/errors.js';
import { cleanIdentifier } from '../shared/text.js';
import { clipValue, exponentEn, flatData, foundEn, foundWithHintEn, mergedTargetsNoNameEn, type ValueProblem } from '../shared/value-problem.js';
import { BUILTIN_ROSTER_FIELDS } from './aliases.js';
import type { RawRow } from './csv.js';
import { FindingList } from './findings.js';
import { detectHeader, HEADER_SCAN_ROWS, type FieldRule, type HeaderMatch } from './header.js';
import { foldWidth } from './normalize.js';
import { hiddenColumnFindings, sheetTailFindings } from './merged-ranges.js';
import { NumberColumn, tieBreak } from './number-columns.js';
import { cellAt, openRawTable, tableNotes, type RawTable } from './table.js';
import { isTotalLabel } from './totals.js';
import { cellText, coerce, isBlankCell, type CoerceOptions } from './values.js';

export type AnnualLevel = 'company' | 'region' | 'team' | 'rep';

/** One metric's column: the key the value is stored under, the headers it answers to, its kind. */
export interface QuotaColumnSpec {
  id: string;
  headers: string[];
  unit: 'money' | 'count';
}

/** Shared reading options: the rubric's money conventions, as for exports and target files. */
export interface QuotaReadOptions {
  /** The file's name in findings and errors. */
  shown: string;
  sheet?: string | undefined;
  currency?: string | undefined;
  fx?: CoerceOptions['fx'];
  decimalSeparator?: '.' | ',' | undefined;
  locale?: string | undefined;
}

const LEVEL_HEADERS: Record<'region' | 'team' | 'rep', string[]> = {
  region: ['region', '区域', '大区', ...BUILTIN_ROSTER_FIELDS.region!.headers],
  team: ['team', '团队', '小组', '部门', ...BUILTIN_ROSTER_FIELDS.team!.headers],
  rep: ['rep', '销售代表', '销售', '负责人', 'Sales Rep', 'Owner', 'name', '姓名', ...BUILTIN_ROSTER_FIELDS.rep!.headers],
};
const MONTH_HEADERS = ['month', '月份', 'period', '期间', 'date', '日期'];
/** A lone metric's column when none is named after it. */
const LONE_HEADERS = ['target', '目标', 'amount', '金额', 'actual', '实绩', 'quota', 'value'];

interface Opened {
  table: RawTable;
  match: HeaderMatch | undefined;
  rows: RawRow[];
}

/**
 * The header among the first rows, and every row below it (these files are small). An HTML file's
 * table is the first whose header is `good`, as an export's is.
 */
async function openQuotaTable(path: string, sheet: string | undefined, rules: FieldRule[], good: (m: HeaderMatch) => boolean, label: (field: string) => string | undefined): Promise<Opened> {
  const table = await openRawTable(path, { sheet, header: { rules, good, label } });
  const head: RawRow[] = [];
  while (head.length <= HEADER_SCAN_ROWS) {
    const next = await table.rows.next();
    if (next.done) break;
    head.push(next.value);
  }
  const match = detectHeader(head, rules, undefined, table.hiddenColumn);
  if (!match) {
    await table.rows.return(undefined);
    return { table, match, rows: [] };
  }
  const rows = head.slice(match.dataIndex);
  for await (const r of table.rows) rows.push(r);
  return { table, match, rows };
}

const rule = (field: string, headers: string[], type: FieldRule['type']): FieldRule => ({ field, headers, type, required: false, ownHeaders: headers.length });

/** Coercion options per value column: its decimal separator decided from all its values, as in target files. */
function valueOptions(rows: RawRow[], cols: { spec: QuotaColumnSpec; col: number }[], o: QuotaReadOptions): CoerceOptions[] {
  const tie = tieBreak(o.currency, o.locale);
  return cols.map(({ spec, col }) => {
    const texts = rows.flatMap((r) => {
      const c = r.cells[col];
      return c !== undefined && c.t === 's' ? [c.v] : [];
    });
    const num = new NumberColumn(spec.id, texts, o.decimalSeparator, tie);
    return { decimalSeparator: num.sep, ...(spec.unit === 'money' ? { currency: o.currency, fx: o.fx } : {}) };
  });
}

/** A value that is not used: the English `found …` and the facts (the cell's problem, or a negative value). */
interface BadValue {
  found: string;
  data: FindingData;
}

/**
 * A value cell: a Decimal ≥ 0, null when empty, or the finding's facts. `exponents[j]` gets the text of
 * a value written with a short exponent (`1.2E+05`, read as written; a longer mantissa is a bad value).
 */
function readValue(cell: RawRow['cells'][number], spec: QuotaColumnSpec, options: CoerceOptions, exponents: (string | undefined)[], j: number): Decimal | null | BadValue {
  const res = coerce(cell, spec.unit === 'money' ? 'money' : 'number', options);
  exponents[j] = res.ok ? res.exponent : undefined;
  if (!res.ok) return { found: foundWithHintEn(res.problem), data: flatData(res.problem) };
  if (res.value === null) return null;
  if (!(res.value instanceof Decimal)) {
    const problem: ValueProblem = { expected: 'number', found: 'text', text: clipValue(cellText(cell)) };
    return { found: foundEn(problem), data: flatData(problem) };
  }
  if (res.value.isNegative()) return { found: res.value.toString(), data: { value: res.value.toString() } };
  return res.value;
}

/** The `exponent-number` warning of a value read as written from a short exponent (as an export's). */
function exponentFinding(findings: FindingList, field: string, text: string, v: Decimal, at: ReturnType<typeof cellAt>): void {
  findings.add('exponent-number', 'warning', exponentEn(field, text, v.toFixed()), at, { field, value: text, read: v.toFixed(), outcome: 'none' });
}

/** The totals label in a row's text cells (`合计`, `Total`; in the key column also `张三 小计`), if any. */
function totalsLabel(r: RawRow, keyCol: number | undefined): { label: string; col: number } | undefined {
  for (let i = 0; i < r.cells.length; i++) {
    const c = r.cells[i];
    if (c && c.t === 's' && isTotalLabel(c.v, i === 0 || i === keyCol)) return { label: cleanIdentifier(c.v), col: i };
  }
  return undefined;
}

export interface AnnualTargetsRead {
  /** Metric ids the file has a column for, in rubric order. */
  metricIds: string[];
  /** Entity name ('' for the company) → metric id → the annual target, as an exact decimal string. */
  byEntity: Record<string, Record<string, string>>;
  findings: Diagnostic[];
}

/**
 * An annual-targets file at `level`. Throws `quota-invalid` when it has no column for the level's names
 * or for any metric; bad rows are findings (errors: the plan would be wrong without them).
 */
export async function readAnnualTargets(path: string, level: AnnualLevel, metrics: QuotaColumnSpec[], o: QuotaReadOptions): Promise<AnnualTargetsRead> {
  const rules = [...(level === 'company' ? [] : [rule('key', LEVEL_HEADERS[level], 'text')]), ...metrics.map((m) => rule(`m:${m.id}`, m.headers, 'number'))];
  const label = (f: string): string | undefined => (f === 'key' ? level : f.startsWith('m:') ? f.slice(2) : undefined);
  // the level's names (unless the company's) and a metric's column
  const good = (m: HeaderMatch): boolean => (level === 'company' || m.mapping.has('key')) && metrics.some((s) => m.mapping.has(`m:${s.id}`));
  const { table, match, rows } = await openQuotaTable(path, o.sheet, rules, good, label);
  const location = table.sheet !== undefined ? { file: o.shown, sheet: table.sheet } : { file: o.shown };
  const keyCol = match?.mapping.get('key');
  if (level !== 'company' && keyCol === undefined) {
    const expected = quotedList(LEVEL_HEADERS[level].slice(0, 4));
    throw match
      ? templatedError('quota-invalid', 'annual-no-level-column-found', { level, expected, row: match.headerRow, found: quotedList(match.columns.map((c) => c.header)) }, { location })
      : templatedError('quota-invalid', 'annual-no-level-column', { level, expected }, { location });
  }
  const cols = metrics.flatMap((spec) => {
    const col = match?.mapping.get(`m:${spec.id}`);
    return col === undefined ? [] : [{ spec, col }];
  });
  if (cols.length === 0) {
    throw templatedError('quota-invalid', 'annual-no-metric-column', { metrics: metrics.map((m) => m.id) }, { location });
  }
  const options = valueOptions(rows, cols, o);
  const findings = new FindingList(o.shown);
  tableNotes(findings, table);
  if (match) hiddenColumnFindings(findings, table, match, label);
  const byEntity: Record<string, Record<string, string>> = {};
  const firstRow = new Map<string, number>();
  const unit = table.format === 'xlsx' ? 'row' : 'line';
  let sums = cols.map(() => new Decimal(0));
  let rowsAbove = 0;
  for (const r of rows) {
    if (r.cells.every((c) => isBlankCell(c))) continue;
    const total = totalsLabel(r, keyCol);
    if (total) {
      findings.add('totals-row', 'info', `a totals row ("${total.label}") is not read as a target`, cellAt(table, r, total.col), { label: total.label, target: true });
      sums = cols.map(() => new Decimal(0));
      rowsAbove = 0;
      continue;
    }
    const exponents: (string | undefined)[] = [];
    const values = cols.map(({ spec, col }, j) => readValue(r.cells[col], spec, options[j]!, exponents, j));
    const name = keyCol === undefined ? '' : cleanIdentifier(cellText(r.cells[keyCol]));
    if (level !== 'company' && !name) {
      if (rowsAbove > 0 && values.some((v) => v instanceof Decimal) && values.every((v, j) => v === null || (v instanceof Decimal && v.eq(sums[j]!)))) {
        findings.add('totals-row', 'info', `a row with no name whose values equal the sums of the ${rowsAbove} rows above is read as a totals row, not a target`, cellAt(table, r), { rowsAbove, target: true });
        continue;
      }
      findings.add('quota-no-name', 'error', `expected a ${level} name, found an empty cell; the row's targets are not used`, cellAt(table, r, keyCol), { level });
      continue;
    }
    rowsAbove++;
    const first = firstRow.get(name);
    if (first !== undefined && level !== 'company') {
      findings.add('quota-duplicate', 'warning', `${level} "${name}" is listed again (first on ${unit} ${first}); its targets are added`, cellAt(table, r, keyCol), { level, name, firstRow: first });
    } else firstRow.set(name, r.row);
    const entry = (byEntity[name] ??= {});
    for (const [j, { spec, col }] of cols.entries()) {
      const v = values[j]!;
      if (v === null) continue;
      if (!(v instanceof Decimal)) {
        findings.add('quota-bad-value', 'error', `${spec.id}: expected an annual target ≥ 0, found ${v.found}`, cellAt(table, r, col), { metric: spec.id, want: 'annual-target', ...v.data });
        continue;
      }
      if (exponents[j] !== undefined) exponentFinding(findings, spec.id, exponents[j]!, v, cellAt(table, r, col));
      sums[j] = sums[j]!.plus(v);
      entry[spec.id] = entry[spec.id] === undefined ? v.toFixed() : new Decimal(entry[spec.id]!).plus(v).toFixed();
    }
  }
  // an XLSX file's hidden rows (read like every row) and name cells a merged range left empty, said as in exports
  if (match) {
    sheetTailFindings(findings, table, {
      headerEnd: match.headerRow + match.headerRows - 1,
      dataRows: new Set(),
      names: { cols: keyCol === undefined ? [] : [keyCol], code: 'quota-no-name', message: (range, top) => mergedTargetsNoNameEn(level, range, top) },
      fields: [],
    });
  }
  findings.finish();
  return { metricIds: cols.map((c) => c.spec.id), byEntity, findings: findings.items };
}

export interface QuotaHistoryRead {
  /** Metric ids the file has a column for. */
  metricIds: string[];
  /** metric id → rep → last year's total, as an exact decimal string. */
  byRep: Record<string, Record<string, string>>;
  /** metric id → twelve totals in fiscal-month order (the month column's months), as exact decimal strings. */
  months: Record<string, string[]>;
  findings: Diagnostic[];
}

/** The month (1–12) a history cell names: an Excel date, `2025-01`, `2025/1`, `2025年1月`, `2025-01-15`. */
export function monthOfCell(cell: RawRow['cells'][number]): number | undefined {
  if (!cell) return undefined;
  const text = cell.t === 'd' ? cell.v : cell.t === 's' ? foldWidth(cell.v) : undefined;
  if (text === undefined) return undefined;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*月)?(?:\s*[-/.]\s*\d{1,2}\s*日?)?(?:[ T].*)?$/.exec(text.trim());
  if (!m) return undefined;
  const mo = Number(m[2]);
  return mo >= 1 && mo <= 12 ? mo : undefined;
}

/**
 * A history export. `metrics`: the metrics wanted (with `lone`, a single metric also reads a plain
 * `amount` / `target` column). Throws `history-invalid` when no metric has a column; bad rows are
 * findings (errors: shares and seasonality would be wrong without them).
 */
export async function readQuotaHistory(path: string, metrics: QuotaColumnSpec[], fiscalYearStart: number, o: QuotaReadOptions): Promise<QuotaHistoryRead> {
  const lone = metrics.length === 1;
  const rules = [
    rule('rep', LEVEL_HEADERS.rep, 'text'),
    rule('month', MONTH_HEADERS, 'text'),
    ...metrics.map((m) => rule(`m:${m.id}`, lone ? [...m.headers, ...LONE_HEADERS] : m.headers, 'number')),
  ];
  const label = (f: string): string => (f.startsWith('m:') ? f.slice(2) : f);
  // a metric's column, and rep and month
  const good = (m: HeaderMatch): boolean => m.mapping.has('rep') && m.mapping.has('month') && metrics.some((s) => m.mapping.has(`m:${s.id}`));
  const { table, match, rows } = await openQuotaTable(path, o.sheet, rules, good, label);
  const location = table.sheet !== undefined ? { file: o.shown, sheet: table.sheet } : { file: o.shown };
  const cols = metrics.flatMap((spec) => {
    const col = match?.mapping.get(`m:${spec.id}`);
    return col === undefined ? [] : [{ spec, col }];
  });
  if (cols.length === 0) {
    throw templatedError('history-invalid', 'history-no-column', { metrics: metrics.map((m) => m.id) }, { location });
  }
  const repCol = match?.mapping.get('rep');
  const monthCol = match?.mapping.get('month');
  const options = valueOptions(rows, cols, o);
  const findings = new FindingList(o.shown);
  tableNotes(findings, table);
  if (match) hiddenColumnFindings(findings, table, match, label);
  const byRep: Record<string, Record<string, Decimal>> = {};
  const months: Record<string, Decimal[]> = {};
  for (const { spec } of cols) {
    byRep[spec.id] = {};
    months[spec.id] = Array.from({ length: 12 }, () => new Decimal(0));
  }
  let sums = cols.map(() => new Decimal(0));
  let rowsAbove = 0;
  for (const r of rows) {
    if (r.cells.every((c) => isBlankCell(c))) continue;
    const total = totalsLabel(r, repCol);
    if (total) {
      findings.add('totals-row', 'info', `a totals row ("${total.label}") is not counted`, cellAt(table, r, total.col), { label: total.label });
      sums = cols.map(() => new Decimal(0));
      rowsAbove = 0;
      continue;
    }
    const exponents: (string | undefined)[] = [];
    const values = cols.map(({ spec, col }, j) => readValue(r.cells[col], spec, options[j]!, exponents, j));
    const rep = repCol === undefined ? '' : cleanIdentifier(cellText(r.cells[repCol]));
    if (repCol !== undefined && !rep && rowsAbove > 0 && values.some((v) => v instanceof Decimal) && values.every((v, j) => v === null || (v instanceof Decimal && v.eq(sums[j]!)))) {
      findings.add('totals-row', 'info', `a row with no rep whose values equal the sums of the ${rowsAbove} rows above is read as a totals row, not counted`, cellAt(table, r), { rowsAbove });
      continue;
    }
    let month: number | undefined;
    if (monthCol !== undefined) {
      month = monthOfCell(r.cells[monthCol]);
      if (month === undefined) {
        const raw = clipValue(cellText(r.cells[monthCol]).trim());
        const found = raw ? JSON.stringify(raw) : 'an empty cell';
        findings.add('quota-bad-month', 'error', `month: expected a month like 2025-01, found ${found}; the row is not counted`, cellAt(table, r, monthCol), { text: raw });
        continue;
      }
    }
    rowsAbove++;
    for (const [j, { spec, col }] of cols.entries()) {
      const v = values[j]!;
      if (v === null) continue;
      if (!(v instanceof Decimal)) {
        findings.add('quota-bad-value', 'error', `${spec.id}: expected an amount ≥ 0, found ${v.found}`, cellAt(table, r, col), { metric: spec.id, want: 'amount', ...v.data });
        continue;
      }
      if (exponents[j] !== undefined) exponentFinding(findings, spec.id, exponents[j]!, v, cellAt(table, r, col));
      sums[j] = sums[j]!.plus(v);
      if (rep) byRep[spec.id]![rep] = (byRep[spec.id]![rep] ?? new Decimal(0)).plus(v);
      if (month !== undefined) {
        const i = (month - fiscalYearStart + 12) % 12;
        months[spec.id]![i] = months[spec.id]![i]!.plus(v);
      }
    }
  }
  if (match) sheetTailFindings(findings, table, { headerEnd: match.headerRow + match.headerRows - 1, dataRows: new Set(), names: { cols: [], code: 'quota-no-name', message: () => '' }, fields: [] });
  findings.finish();
  const text = (o: Record<string, Decimal>): Record<string, string> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.toFixed()]));
  return {
    metricIds: cols.map((c) => c.spec.id),
    byRep: Object.fromEntries(Object.entries(byRep).map(([id, reps]) => [id, text(reps)])),
    months: Object.fromEntries(Object.entries(months).map(([id, ms]) => [id, ms.map((m) => m.toFixed())])),
    findings: findings.items,
  };
}
