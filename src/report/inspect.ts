/**
 * The `salesgrade inspect` report: what the reader sees in an export. Pure: the summary in, a string
 * out; colour is a parameter. `json` is the summary itself with a stable key order.
 */
import { Chalk } from 'chalk';
import type { ExclusionReason, IsoDate } from '../engine/types.js';
import { countBySeverity, formatLocation, type Diagnostic } from '../shared/diagnostic.js';
import { maxOf, pushAll } from '../shared/iter.js';
import type { RosterSummary } from '../shared/roster-summary.js';
import { labels, type ReportLocale } from './labels.js';
import { findingMessage, findingPlace } from './finding-messages.js';
import { cleanStrings } from './safe-text.js';
import { displayWidth, padEnd, truncate } from './terminal.js';

/** The reader's summary of one export (built by io/inspect.ts; the same shape, declared here for report/). */
export interface InspectSummary {
  layout: {
    file: string;
    format: 'csv' | 'xlsx' | 'html';
    encoding?: string;
    delimiter?: string;
    sheets?: { name: string; hidden: boolean; rows: number }[];
    sheet?: string;
    headerRow: number;
    headerRows: number;
    date1904?: boolean;
    columns: { index: number; letter: string; header: string; field?: string; alias?: string; type?: string; inferred?: string; sample?: string }[];
    missingFields: string[];
  };
  sha256: string;
  rubric?: string;
  dateRanges: { field: string; min?: IsoDate; max?: IsoDate; rows: number; empty: number }[];
  rows: { read: number; counted: number; excluded: Partial<Record<ExclusionReason, number>> };
  findings: Diagnostic[];
}

export interface InspectRenderOptions {
  color: boolean;
  locale?: ReportLocale;
  /** Findings listed one per line; the rest are counted. Default 50. */
  maxFindings?: number;
  width?: number;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const REASONS: ExclusionReason[] = ['totals-row', 'duplicate', 'no-rep', 'bad-value', 'blank', 'out-of-period', 'filtered', 'no-date'];

function table(rows: string[][], indent: string, maxWidth: number): string[] {
  const widths = rows[0]!.map((_, c) => maxOf(rows, (r) => displayWidth(r[c] ?? '')));
  // the last column (sample) takes what is left
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, indent.length);
  widths[widths.length - 1] = Math.max(8, Math.min(widths[widths.length - 1]!, maxWidth - fixed));
  return rows.map((r) =>
    (indent + r.map((cell, c) => (c === r.length - 1 ? truncate(cell, widths[c]!) : padEnd(truncate(cell, widths[c]!), widths[c]!))).join('  ')).trimEnd(),
  );
}

export function renderInspectTable(summary: InspectSummary, options: InspectRenderOptions): string {
  const s = cleanStrings(summary);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const t = labels(options.locale ?? 'en');
  const width = options.width ?? 100;
  const L = s.layout;
  const out: string[] = [];
  const kv = (k: string, v: string): void => void out.push(kvLine(c, k, v));

  kv('File', `${L.file} (${formatText(L)})`);
  kv('sha256', s.sha256);
  kv('Mapping', s.rubric !== undefined ? `rubric ${s.rubric} (its headers, then the built-in aliases)` : 'built-in header aliases (no rubric given)');
  if (L.sheets) {
    L.sheets.forEach((sh, i) => {
      const mark = sh.name === L.sheet ? c.green(' ← read') : '';
      kv(i === 0 ? 'Sheets' : '', `${sh.name} (${sh.hidden ? 'hidden' : 'visible'}, ${sh.rows} ${sh.rows === 1 ? 'row' : 'rows'})${mark}`);
    });
  }
  const unit = L.format === 'xlsx' ? 'row' : L.format === 'html' ? 'table row' : 'line';
  const header = L.headerRows === 2 ? `${unit}s ${L.headerRow}–${L.headerRow + 1} (two-row header, merged cells)` : `${unit} ${L.headerRow}`;
  kv('Header', `${header}${L.sheet !== undefined ? ` of ${L.sheet}` : ''}${L.headerRow > 1 ? `; ${L.headerRow - 1} ${L.headerRow - 1 === 1 ? unit : `${unit}s`} above it skipped` : ''}`);

  out.push('', c.bold('Columns'));
  const rows: string[][] = [['col', 'header', 'field', 'matched alias', 'type', 'sample']];
  for (const col of L.columns) {
    rows.push([
      col.letter,
      col.header || '(blank)',
      col.field ?? '-',
      col.alias ?? '-',
      col.field ? (col.type ?? '') : `${col.inferred ?? 'text'}?`,
      col.sample ?? '',
    ]);
  }
  pushAll(out, table(rows, '  ', width));
  const unmapped = L.columns.filter((x) => !x.field && x.header);
  out.push('');
  kv('Unmapped', unmapped.length ? unmapped.map((x) => `${x.letter} ${x.header}`).join(', ') : 'none');
  kv('Missing', L.missingFields.length ? `${L.missingFields.join(', ')} (no column matched)` : 'none');
  if (s.dateRanges.length) {
    s.dateRanges.forEach((r, i) => {
      const range = r.min !== undefined ? `${r.min} … ${r.max}` : 'no dates';
      kv(i === 0 ? 'Dates' : '', `${r.field}: ${range} (${r.rows} counted rows${r.empty ? `, ${r.empty} empty` : ''})`);
    });
  }
  const excluded = REASONS.filter((r) => r !== 'blank' && s.rows.excluded[r]);
  const excludedTotal = excluded.reduce((a, r) => a + (s.rows.excluded[r] ?? 0), 0);
  const parts = excluded.map((r) => `${t(`excluded.${r}` as Parameters<typeof t>[0])} ${s.rows.excluded[r]}`);
  kv(
    'Rows',
    `${options.locale === 'zh-CN' ? t('rowsRead') : 'read'} ${s.rows.read} · ${options.locale === 'zh-CN' ? t('rowsCounted') : 'counted'} ${s.rows.counted} · ${options.locale === 'zh-CN' ? t('rowsExcluded') : 'excluded'} ${excludedTotal}${parts.length ? ` (${parts.join(', ')})` : ''}${s.rows.excluded.blank ? ` · ${s.rows.excluded.blank} blank skipped` : ''}`,
  );

  out.push('');
  pushAll(out, findingLines(s.findings, c, options));
  return `${out.join('\n')}\n`;
}

const kvLine = (c: InstanceType<typeof Chalk>, k: string, v: string): string => `${c.bold(padEnd(k, 10))}${v}`;

/** The `Findings` line (counts by severity) and the findings, one a line, up to `maxFindings`. */
function findingLines(findings: readonly Diagnostic[], c: InstanceType<typeof Chalk>, options: InspectRenderOptions): string[] {
  const out: string[] = [];
  const counts = countBySeverity(findings);
  out.push(
    kvLine(
      c,
      'Findings',
      findings.length === 0
        ? c.green('none')
        : [counts.error && c.red(`${counts.error} ${counts.error === 1 ? 'error' : 'errors'}`), counts.warning && c.yellow(`${counts.warning} ${counts.warning === 1 ? 'warning' : 'warnings'}`), counts.info && `${counts.info} info`]
            .filter(Boolean)
            .join(', '),
    ),
  );
  const max = options.maxFindings ?? 50;
  const shown = findings.slice(0, max);
  const locW = maxOf(shown, (d) => displayWidth(findingPlace(d, options.locale ?? 'en')), 0);
  const codeW = maxOf(shown, (d) => d.code.length, 0);
  for (const d of shown) {
    const sev = d.severity === 'error' ? c.red('error  ') : d.severity === 'warning' ? c.yellow('warning') : c.dim('info   ');
    out.push(`  ${padEnd(findingPlace(d, options.locale ?? 'en'), locW)}  ${sev}  ${c.dim(padEnd(d.code, codeW))}  ${findingMessage(d, options.locale ?? 'en')}`);
  }
  if (findings.length > max) out.push(`  … ${findings.length - max} more (use -f json for all)`);
  return out;
}

/** A table file's format as the File line says it. */
function formatText(L: { format: 'csv' | 'xlsx' | 'html'; encoding?: string; delimiter?: string; date1904?: boolean }): string {
  return L.format === 'csv'
    ? `CSV, ${L.encoding ?? 'utf-8'}, ${DELIMITER_NAMES[L.delimiter ?? ','] ?? JSON.stringify(L.delimiter)}-delimited`
    : L.format === 'html'
      ? `HTML table saved as a spreadsheet, ${L.encoding ?? 'utf-8'}`
      : `XLSX${L.date1904 ? ', 1904 date system' : ''}`;
}


/**
 * The roster section of `inspect --roster`: which columns became rep, team, region, manager…, the
 * lines read and the problems, laid out as the export's summary.
 */
export function renderRosterTable(summary: RosterSummary, options: InspectRenderOptions): string {
  const s = cleanStrings(summary);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const t = labels(options.locale ?? 'en');
  const zh = options.locale === 'zh-CN';
  const width = options.width ?? 100;
  const L = s.layout;
  const out: string[] = [];
  const kv = (k: string, v: string): void => void out.push(kvLine(c, k, v));
  kv('Roster', `${L.file} (${formatText(L)})`);
  kv('sha256', s.sha256);
  kv('Mapping', s.rubric !== undefined ? `rubric ${s.rubric} (its roster.fields, then the built-in aliases)` : 'built-in roster aliases (no rubric given)');
  if (L.sheets) {
    L.sheets.forEach((sh, i) => kv(i === 0 ? 'Sheets' : '', `${sh.name} (${sh.hidden ? 'hidden' : 'visible'})${sh.name === L.sheet ? c.green(' ← read') : ''}`));
  }
  const unit = L.format === 'xlsx' ? 'row' : L.format === 'html' ? 'table row' : 'line';
  kv(
    'Header',
    L.headerRow === 0
      ? 'none found (no row with column names)'
      : `${L.headerRows === 2 ? `${unit}s ${L.headerRow}–${L.headerRow + 1} (two-row header, merged cells)` : `${unit} ${L.headerRow}`}${L.sheet !== undefined ? ` of ${L.sheet}` : ''}`,
  );
  if (L.columns.length) {
    out.push('', c.bold('Columns'));
    const rows: string[][] = [['col', 'header', 'field', 'matched alias', 'sample']];
    for (const col of L.columns) rows.push([col.letter, col.header || '(blank)', col.field ?? '-', col.alias ?? '-', col.sample ?? '']);
    pushAll(out, table(rows, '  ', width));
  }
  const unmapped = L.columns.filter((x) => !x.field && x.header);
  out.push('');
  kv('Unmapped', unmapped.length ? unmapped.map((x) => `${x.letter} ${x.header}`).join(', ') : 'none');
  kv('Missing', L.missingFields.length ? `${L.missingFields.join(', ')} (no column matched)` : 'none');
  const g = s.groups;
  kv(
    'Rows',
    `${zh ? t('rowsRead') : 'read'} ${s.rows.read} · reps ${s.rows.entries} · skipped ${s.rows.skipped} · teams ${g.teams} · regions ${g.regions} · managers ${g.managers}`,
  );
  out.push('');
  pushAll(out, findingLines(s.findings, c, options));
  return `${out.join('\n')}\n`;
}

/**
 * The summary as JSON: stable key order, 2-space indent. With a roster, the export's document gains
 * a `roster` key; a roster alone is the document.
 */
export function renderInspectJson(s: InspectSummary | undefined, roster?: RosterSummary): string {
  const rosterDoc = roster ? rosterJson(roster) : undefined;
  const doc = s ? { ...exportJson(s), ...(rosterDoc ? { roster: rosterDoc } : {}) } : rosterDoc;
  return `${JSON.stringify(doc ?? null, null, 2)}\n`;
}

function findingJson(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    location: formatLocation(d),
    ...(d.sheet !== undefined ? { sheet: d.sheet } : {}),
    ...(d.cell !== undefined ? { cell: d.cell } : {}),
    ...(d.row !== undefined ? { row: d.row } : {}),
    ...(d.range ? { line: d.range.start.line + 1, column: d.range.start.character + 1 } : {}),
    ...(d.data !== undefined ? { data: d.data } : {}),
  };
}

function rosterJson(r: RosterSummary) {
  const L = r.layout;
  return {
    file: L.file,
    sha256: r.sha256,
    format: L.format,
    encoding: L.encoding ?? null,
    delimiter: L.delimiter ?? null,
    rubric: r.rubric ?? null,
    sheets: L.sheets ?? null,
    sheet: L.sheet ?? null,
    headerRow: L.headerRow === 0 ? null : L.headerRow,
    headerRows: L.headerRows,
    columns: L.columns.map((x) => ({ column: x.letter, header: x.header, field: x.field ?? null, alias: x.alias ?? null, sample: x.sample ?? null })),
    unmapped: L.columns.filter((x) => !x.field && x.header).map((x) => x.letter),
    missingFields: L.missingFields,
    rows: r.rows,
    groups: r.groups,
    findings: r.findings.map(findingJson),
  };
}

function exportJson(s: InspectSummary) {
  const L = s.layout;
  return {
    file: L.file,
    sha256: s.sha256,
    format: L.format,
    encoding: L.encoding ?? null,
    delimiter: L.delimiter ?? null,
    date1904: L.date1904 ?? null,
    rubric: s.rubric ?? null,
    sheets: L.sheets ?? null,
    sheet: L.sheet ?? null,
    headerRow: L.headerRow,
    headerRows: L.headerRows,
    columns: L.columns.map((x) => ({
      column: x.letter,
      header: x.header,
      field: x.field ?? null,
      alias: x.alias ?? null,
      type: x.field ? (x.type ?? null) : null,
      inferred: x.inferred ?? null,
      sample: x.sample ?? null,
    })),
    unmapped: L.columns.filter((x) => !x.field && x.header).map((x) => x.letter),
    missingFields: L.missingFields,
    dateRanges: s.dateRanges.map((r) => ({ field: r.field, min: r.min ?? null, max: r.max ?? null, rows: r.rows, empty: r.empty })),
    rows: { read: s.rows.read, counted: s.rows.counted, excluded: Object.fromEntries(REASONS.filter((r) => s.rows.excluded[r]).map((r) => [r, s.rows.excluded[r]])) },
    findings: s.findings.map(findingJson),
  };
}
