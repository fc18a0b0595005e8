/**
 * A targets file (`target: { file: targets.xlsx }` on a KPI): per-rep, per-team or per-region targets,
 * one column per KPI. Wide format, one shape:
 *
 *   | rep (销售代表) | team (团队) | region (区域) | revenue | new_customers | … |
 *
 * - Key columns: any of rep / team / region, found by the roster's built-in aliases. A row sets the
 *   targets of the most specific name it gives: its rep when the rep cell is filled, else its team,
 *   else its region (a team or region cell on a rep row is information only).
 * - Value columns: a KPI reads the column named by its `target.column`, else its KPI id, its metric id,
 *   the metric's label(s), else a lone `target` / `目标` column. Values are coerced like export numbers
 *   (`1,234`, `¥1.2万`, `30%`); an empty cell means "no target here" (the next rule applies).
 * - Header below title rows, header normalisation and totals rows (`合计`, `Total`, or a row with no
 *   name whose values equal the sum of the rows above) exactly as in exports.
 *
 * Every row that is not used says why, at its cell: a bad or non-positive value, a row with no name,
 * a name given twice (the first is used; an error when the values differ). Names that match nobody
 * are checked by the caller once it knows the reps (`unknownNames`).
 */
import { Decimal } from 'decimal.js';
import type { FileTargets } from '../engine/targets.js';
import type { InputFile } from '../engine/types.js';
import type { Diagnostic } from '../shared/diagnostic.js';
import { formatErrorLocation, quotedList, SalesgradeError, templatedError } from '../shared/errors.js';
import { BUILTIN_ROSTER_FIELDS, type BuiltinField } from './aliases.js';
import type { RawRow } from './csv.js';
import { FindingList, type FindingAt } from './findings.js';
import { detectHeader, fieldRules, HEADER_SCAN_ROWS, type HeaderMatch } from './header.js';
import { cleanIdentifier } from '../shared/text.js';
import { exponentEn, flatData, foundWithHintEn, mergedTargetsNoNameEn } from '../shared/value-problem.js';
import { hiddenColumnFindings, sheetTailFindings } from './merged-ranges.js';
import { NumberColumn, tieBreak } from './number-columns.js';
import { sha256File } from './read-export.js';
import { isTotalLabel } from './totals.js';
import { cellAt, openRawTable, tableNotes } from './table.js';
import { cellText, coerce, isBlankCell, type CoerceOptions } from './values.js';

export type TargetLevel = 'rep' | 'team' | 'region';
const LEVELS: readonly TargetLevel[] = ['rep', 'team', 'region'];

/** What one KPI looks for in the file. */
export interface TargetColumnSpec {
  /** The key the result is stored under (the KPI id, or `levels.team:<id>`). */
  key: string;
  /** What the user calls it in messages (`kpis[0] revenue`). */
  label: string;
  /** `target.column`: the only header tried when given. */
  column?: string | undefined;
  /** Headers tried in order when `column` is absent (KPI id, metric id, labels). */
  headers: string[];
}

export interface TargetFileEntry {
  level: TargetLevel;
  name: string;
  at: FindingAt;
}

export interface TargetFileResult {
  file: InputFile;
  /** By `TargetColumnSpec.key`. */
  targets: Record<string, FileTargets>;
  /** Every name the file gives a target to, with where (for `unknownNames`). */
  entries: TargetFileEntry[];
  findings: Diagnostic[];
  /** With `listMissingColumns`: the KPIs (by key) the file has no column for, with the message `evaluate` stops with. */
  missingColumns?: { key: string; message: string }[];
}

const KEY_FIELDS: Record<string, BuiltinField> = {
  rep: BUILTIN_ROSTER_FIELDS.rep!,
  team: BUILTIN_ROSTER_FIELDS.team!,
  region: BUILTIN_ROSTER_FIELDS.region!,
};
const LONE_TARGET = ['target', 'targets', 'quota', '目标', '目标值', '指标'];

/** `targets.xlsx Targets!C4` or `targets.csv:5:3`: where a value was read, for `targetSource`. */
function refOf(file: string, at: FindingAt): string {
  if (at.cell !== undefined) return formatErrorLocation(at.sheet !== undefined ? { file, sheet: at.sheet, cell: at.cell } : { file, cell: at.cell });
  return formatErrorLocation({ file, line: at.line ?? at.row ?? 0, column: at.column ?? 1 });
}

/**
 * Read a targets file for the KPIs that name it. Throws (one line, exit 2) when the file cannot be read,
 * has no rep/team/region column, or has no column for one of the KPIs; bad rows are findings.
 */
export interface TargetFileOptions {
  sheet?: string | undefined;
  columns: TargetColumnSpec[];
  /** The file's name in findings and target sources (default: `path`). */
  shown?: string;
  /** As for exports: the rubric's currency (another currency's sign is a bad value unless `fx` converts it) … */
  currency?: string | undefined;
  fx?: CoerceOptions['fx'];
  /** … and, for `1.234` vs `1,234`, the declared `source.decimal_separator`, else the column's values, else currency + locale. */
  decimalSeparator?: '.' | ',' | undefined;
  locale?: string | undefined;
  /** `check`: a KPI without a column is listed in `missingColumns` (and skipped) instead of stopping the read. */
  listMissingColumns?: boolean;
}

export async function readTargetFile(path: string, options: TargetFileOptions): Promise<TargetFileResult> {
  const shown = options.shown ?? path;
  const kpiRules = options.columns.map((c) => ({ field: `kpi:${c.key}`, headers: c.column !== undefined ? [c.column] : [...c.headers, ...(options.columns.length === 1 ? LONE_TARGET : [])] }));
  const rules = [
    ...fieldRules({ fields: {} }, KEY_FIELDS),
    ...kpiRules.map((r) => ({ field: r.field, headers: r.headers, type: 'number' as const, required: true, ownHeaders: r.headers.length })),
  ];
  const label = (f: string): string | undefined => (f.startsWith('kpi:') ? options.columns.find((c) => `kpi:${c.key}` === f)?.label : f);
  // an HTML file's table: the first with a rep/team/region column and every KPI's column
  const good = (m: HeaderMatch): boolean => LEVELS.some((l) => m.mapping.has(l)) && kpiRules.every((r) => m.mapping.has(r.field));
  const table = await openRawTable(path, { sheet: options.sheet, header: { rules, good, label } });
  const head: RawRow[] = [];
  while (head.length <= HEADER_SCAN_ROWS) {
    const next = await table.rows.next();
    if (next.done) break;
    head.push(next.value);
  }
  const match = detectHeader(head, rules, undefined, table.hiddenColumn);
  const location = table.sheet !== undefined ? { file: shown, sheet: table.sheet } : { file: shown };
  const keyCols = LEVELS.map((l) => [l, match?.mapping.get(l)] as const).filter((x): x is readonly [TargetLevel, number] => x[1] !== undefined);
  if (!match || keyCols.length === 0) {
    await table.rows.return(undefined);
    const expected = quotedList(KEY_FIELDS.rep!.headers.slice(0, 3));
    throw match
      ? templatedError('targets-invalid', 'targets-no-key-found', { expected, found: quotedList(match.columns.map((c) => c.header)) }, { location })
      : templatedError('targets-invalid', 'targets-no-key', { expected }, { location });
  }
  const missing = options.columns.filter((c) => !match.mapping.has(`kpi:${c.key}`));
  const triedHeaders = (m: TargetColumnSpec): readonly string[] => (m.column !== undefined ? [m.column] : kpiRules.find((r) => r.field === `kpi:${m.key}`)!.headers);
  const missingMessage = (m: TargetColumnSpec): string => `the targets file has no column for ${m.label} (tried: ${triedHeaders(m).map((h) => `"${h}"`).join(', ')})`;
  if (missing.length && !options.listMissingColumns) {
    await table.rows.return(undefined);
    const m = missing[0]!;
    throw templatedError('targets-invalid', 'targets-no-column', { label: m.label, tried: quotedList(triedHeaders(m)), row: match.headerRow, found: quotedList(match.columns.map((c) => c.header)) }, { location });
  }

  const findings = new FindingList(shown);
  tableNotes(findings, table);
  hiddenColumnFindings(findings, table, match, label);
  const result: TargetFileResult = { file: { path: shown, sha256: '', rows: 0 }, targets: {}, entries: [], findings: [] };
  if (missing.length) result.missingColumns = missing.map((m) => ({ key: m.key, message: missingMessage(m) }));
  const valueCols = options.columns.filter((c) => match.mapping.has(`kpi:${c.key}`)).map((c) => ({ spec: c, col: match.mapping.get(`kpi:${c.key}`)! }));
  for (const { spec } of valueCols) result.targets[spec.key] = { source: shown, byRep: {}, byTeam: {}, byRegion: {}, cells: { rep: {}, team: {}, region: {} } };
  const firstAt = new Map<string, { row: number; values: (string | undefined)[] }>();
  const sums = valueCols.map(() => new Decimal(0));
  let rowsAbove = 0;
  const unit = table.format === 'xlsx' ? 'row' : 'line';

  // Every row first (a targets file is small): each value column's decimal separator is decided from
  // all its values, as an export's is from its sample (number-columns.ts).
  const rows: RawRow[] = head.slice(match.dataIndex);
  for await (const r of table.rows) rows.push(r);
  const tie = tieBreak(options.currency, options.locale);
  const coerceOptions = valueCols.map(({ spec, col }): CoerceOptions => {
    const texts = rows.map((r) => r.cells[col]).flatMap((c) => (c !== undefined && c.t === 's' ? [c.v] : []));
    const num = new NumberColumn(spec.label, texts, options.decimalSeparator, tie);
    return { decimalSeparator: num.sep, currency: options.currency, fx: options.fx };
  });
  const dataRows = new Set<number>();
  const handle = (r: RawRow): void => {
    if (r.cells.every((c) => isBlankCell(c))) return;
    result.file.rows++;
    // totals rows by label, as in exports: any text cell, the key columns and the first also by suffix
    for (let i = 0; i < r.cells.length; i++) {
      const c = r.cells[i];
      if (c && c.t === 's' && isTotalLabel(c.v, i === 0 || keyCols.some(([, k]) => k === i))) {
        findings.add('totals-row', 'info', `a totals row ("${cleanIdentifier(c.v)}") is not read as a target`, cellAt(table, r, i), { label: cleanIdentifier(c.v), target: true });
        for (let j = 0; j < sums.length; j++) sums[j] = new Decimal(0);
        rowsAbove = 0;
        return;
      }
    }
    let level: TargetLevel | undefined;
    let name = '';
    let keyCol = 0;
    for (const [l, c] of keyCols) {
      const v = cleanIdentifier(cellText(r.cells[c]));
      if (v) {
        level = l;
        name = v;
        keyCol = c;
        break;
      }
    }
    // values first: a row with no name whose values are the sums of the rows above is a totals row
    // `exponents[j]`: the value was written with a short exponent (`1.2E+05`) and read as written
    const exponents: (string | undefined)[] = [];
    const values: (Decimal | null | 'bad')[] = valueCols.map(({ col }, j) => {
      const res = coerce(r.cells[col], 'number', coerceOptions[j]);
      if (!res.ok) return 'bad';
      exponents[j] = res.exponent;
      return res.value instanceof Decimal ? res.value : null;
    });
    if (!level) {
      const given = values.filter((v): v is Decimal => v instanceof Decimal);
      if (rowsAbove > 0 && given.length > 0 && values.every((v, j) => v === null || (v instanceof Decimal && v.eq(sums[j]!)))) {
        findings.add('totals-row', 'info', `a row with no name whose values equal the sums of the ${rowsAbove} rows above is read as a totals row, not a target`, cellAt(table, r), { rowsAbove, target: true });
        return;
      }
      const levels = keyCols.map(([l]) => l);
      findings.add('targets-no-name', 'error', `expected a ${levels.join(' or ')} name, found empty cells; the row's targets are not used`, cellAt(table, r, keyCols[0]![1]), { levels: levels.join(',') });
      return;
    }
    rowsAbove++;
    dataRows.add(r.row);
    const key = `${level}\u0000${name}`;
    const first = firstAt.get(key);
    if (first) {
      const same = valueCols.every((_, j) => {
        const v = values[j];
        return (v instanceof Decimal ? v.toString() : undefined) === first.values[j];
      });
      findings.add(
        'targets-duplicate',
        same ? 'warning' : 'error',
        `${level} "${name}" is listed again (first on ${unit} ${first.row})${same ? '' : ' with different targets'}; the first row is used`,
        cellAt(table, r, keyCol),
        { level, name, firstRow: first.row, same },
      );
      return;
    }
    firstAt.set(key, { row: r.row, values: values.map((v) => (v instanceof Decimal ? v.toString() : undefined)) });
    result.entries.push({ level, name, at: cellAt(table, r, keyCol) });
    const byLevel = level === 'rep' ? 'byRep' : level === 'team' ? 'byTeam' : 'byRegion';
    for (const [j, { spec, col }] of valueCols.entries()) {
      const v = values[j]!;
      const at = cellAt(table, r, col);
      if (v === 'bad' || (v instanceof Decimal && !v.gt(0))) {
        const res = coerce(r.cells[col], 'number', coerceOptions[j]);
        // facts (the KPI, the name, what was found: a value ≤ 0 or the cell's problem), worded by report/
        const found = res.ok ? String(res.value) : foundWithHintEn(res.problem);
        findings.add(
          'targets-bad-value',
          'error',
          `${spec.label}: expected a target > 0, found ${found}; ${level} "${name}" is not given this target (the next rule — team, region, tier or default — applies)`,
          at,
          { kpi: spec.label, level, name, ...(res.ok ? { value: String(res.value) } : flatData(res.problem)) },
        );
        continue;
      }
      if (v === null) continue;
      // as in exports: a short exponent is read as written, with a warning (an error under --strict):
      // Excel's General format also writes 250,123 as 2.5E+05 in a narrow column
      const exp = exponents[j];
      if (exp !== undefined) findings.add('exponent-number', 'warning', exponentEn(spec.label, exp, v.toFixed()), at, { field: spec.label, value: exp, read: v.toFixed(), outcome: 'none' });
      sums[j] = sums[j]!.plus(v);
      const t = result.targets[spec.key]!;
      t[byLevel]![name] = v;
      t.cells![level]![name] = refOf(shown, at);
    }
  };
  for (const r of rows) handle(r);
  // an XLSX file's hidden rows and merged cells, as an export's (known once the sheet is read): a name
  // cell left empty by a merged range is a `targets-no-name` naming the range; a value cell, `merged-cells`
  sheetTailFindings(findings, table, {
    headerEnd: match.headerRow + match.headerRows - 1,
    dataRows,
    names: { cols: keyCols.map(([, c]) => c), code: 'targets-no-name', message: (range, top) => mergedTargetsNoNameEn(keyCols.map(([l]) => l).join(','), range, top) },
    // a rep (team) cell left empty above a team (region) name: the row was read at the broader level
    fields: [
      ...keyCols.slice(0, -1).map(([level, col]) => ({ col, field: level, effect: 'target-name' as const })),
      ...valueCols.map(({ spec, col }) => ({ col, field: spec.label, effect: 'target' as const })),
    ],
  });
  findings.finish();
  result.findings = findings.items;
  result.file.sha256 = await sha256File(path);
  return result;
}

/**
 * Findings for names the file gives targets to that match nobody evaluated or on the roster: a typo
 * here leaves the intended rep on the rubric's default target.
 */
export function unknownNames(result: Pick<TargetFileResult, 'entries' | 'file'>, known: Record<TargetLevel, ReadonlySet<string>>, period: string): Diagnostic[] {
  const list = new FindingList(result.file.path);
  for (const e of result.entries) {
    if (known[e.level].has(e.name)) continue;
    const near = [...known[e.level]].filter((k) => k.toLowerCase() === e.name.toLowerCase() || k.replace(/\s/g, '') === e.name.replace(/\s/g, ''));
    list.add(
      'targets-unknown-name',
      'warning',
      `${e.level} "${e.name}" has a target but is not on the roster nor evaluated in ${period}${near.length ? ` (did you mean "${near[0]}"?)` : ''}; the target is not used`,
      e.at,
      { level: e.level, name: e.name, period, ...(near.length ? { near: near[0]! } : {}) },
    );
  }
  list.finish();
  return list.items;
}
