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
import { inspectCatalogs, type InspectWords } from './inspect-labels.js';
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
    columns: { index: number; letter: string; header: string; field?: string; alias?: string; type?: string; inferred?: string; sample?: string; hidden?: boolean }[];
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
  const locale = options.locale ?? 'en';
  const t = labels(locale);
  const w = inspectCatalogs[locale];
  const width = options.width ?? 100;
  const L = s.layout;
  const out: string[] = [];
  const kv = (k: string, v: string): void => void out.push(kvLine(c, k, v));

  kv(w.file, `${L.file}${w.paren(formatText(L, w))}`);
  kv('sha256', s.sha256);
  kv(w.mapping, s.rubric !== undefined ? w.mappingRubric(s.rubric) : w.mappingBuiltin);
  if (L.sheets) {
    L.sheets.forEach((sh, i) => {
      const mark = sh.name === L.sheet ? c.green(w.readMark) : '';
      kv(i === 0 ? w.sheets : '', `${w.sheet(sh.name, sh.hidden, sh.rows)}${mark}`);
    });
  }
  const unit = L.format === 'xlsx' ? 'row' : L.format === 'html' ? 'table row' : 'line';
  kv(w.header, `${w.headerAt(unit, L.headerRow, L.headerRows, L.sheet)}${L.headerRow > 1 ? w.skippedAbove(unit, L.headerRow - 1) : ''}`);

  out.push('', c.bold(w.columns));
  const rows: string[][] = [[...w.columnHeads]];
  for (const col of L.columns) {
    rows.push([
      col.letter,
      `${col.header || w.blank}${col.hidden === true ? w.hiddenMark : ''}`,
      col.field ?? '-',
      col.alias ?? '-',
      col.field ? (col.type ?? '') : `${col.inferred ?? 'text'}?`,
      col.sample ?? '',
    ]);
  }
  pushAll(out, table(rows, '  ', width));
  const unmapped = L.columns.filter((x) => !x.field && x.header);
  out.push('');
  kv(w.unmapped, unmapped.length ? unmapped.map((x) => `${x.letter} ${x.header}`).join(w.list) : w.none);
  kv(w.missing, L.missingFields.length ? `${L.missingFields.join(w.list)}${w.noColumnMatched}` : w.none);
  if (s.dateRanges.length) {
    s.dateRanges.forEach((r, i) => {
      const range = r.min !== undefined ? `${r.min} … ${r.max}` : w.noDates;
      kv(i === 0 ? w.dates : '', `${r.field}: ${range}${w.dateRows(r.rows, r.empty)}`);
    });
  }
  const excluded = REASONS.filter((r) => r !== 'blank' && s.rows.excluded[r]);
  const excludedTotal = excluded.reduce((a, r) => a + (s.rows.excluded[r] ?? 0), 0);
  const parts = excluded.map((r) => `${t(`excluded.${r}` as Parameters<typeof t>[0])} ${s.rows.excluded[r]}`);
  kv(
    w.rows,
    `${w.read} ${s.rows.read} · ${w.counted} ${s.rows.counted} · ${w.excluded} ${excludedTotal}${parts.length ? w.parts(parts) : ''}${s.rows.excluded.blank ? ` · ${w.blankSkipped(s.rows.excluded.blank)}` : ''}`,
  );

  out.push('');
  pushAll(out, findingLines(s.findings, c, options));
  return `${out.join('\n')}\n`;
}

const kvLine = (c: InstanceType<typeof Chalk>, k: string, v: string): string => `${c.bold(padEnd(k, 10))}${v}`;

/** The `Findings` line (counts by severity) and the findings, one a line, up to `maxFindings`. */
function findingLines(findings: readonly Diagnostic[], c: InstanceType<typeof Chalk>, options: InspectRenderOptions): string[] {
  const locale = options.locale ?? 'en';
  const w = inspectCatalogs[locale];
  const out: string[] = [];
  const counts = countBySeverity(findings);
  out.push(
    kvLine(
      c,
      w.findings,
      findings.length === 0
        ? c.green(w.none)
        : [counts.error && c.red(w.errors(counts.error)), counts.warning && c.yellow(w.warnings(counts.warning)), counts.info && w.infos(counts.info)].filter(Boolean).join(w.join),
    ),
  );
  const max = options.maxFindings ?? 50;
  const shown = findings.slice(0, max);
  const locW = maxOf(shown, (d) => displayWidth(findingPlace(d, locale)), 0);
  const codeW = maxOf(shown, (d) => d.code.length, 0);
  for (const d of shown) {
    const sev = d.severity === 'error' ? c.red(w.severity.error) : d.severity === 'warning' ? c.yellow(w.severity.warning) : c.dim(w.severity.info);
    out.push(`  ${padEnd(findingPlace(d, locale), locW)}  ${sev}  ${c.dim(padEnd(d.code, codeW))}  ${findingMessage(d, locale)}`);
  }
  if (findings.length > max) out.push(`  ${w.more(findings.length - max)}`);
  return out;
}

/** A table file's format as the File line says it. */
function formatText(L: { format: 'csv' | 'xlsx' | 'html'; encoding?: string; delimiter?: string; date1904?: boolean }, w: InspectWords): string {
  return L.format === 'csv'
    ? w.csv(L.encoding ?? 'utf-8', w.delimiters[L.delimiter ?? ','] ?? JSON.stringify(L.delimiter))
    : L.format === 'html'
      ? w.html(L.encoding ?? 'utf-8')
      : w.xlsx(L.date1904 === true);
}

/**
 * The roster section of `inspect --roster`: which columns became rep, team, region, manager…, the
 * lines read and the problems, laid out as the export's summary.
 */
export function renderRosterTable(summary: RosterSummary, options: InspectRenderOptions): string {
  const s = cleanStrings(summary);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const w = inspectCatalogs[options.locale ?? 'en'];
  const width = options.width ?? 100;
  const L = s.layout;
  const out: string[] = [];
  const kv = (k: string, v: string): void => void out.push(kvLine(c, k, v));
  kv(w.roster, `${L.file}${w.paren(formatText(L, w))}`);
  kv('sha256', s.sha256);
  kv(w.mapping, s.rubric !== undefined ? w.mappingRosterRubric(s.rubric) : w.mappingRosterBuiltin);
  if (L.sheets) {
    L.sheets.forEach((sh, i) => kv(i === 0 ? w.sheets : '', `${w.sheet(sh.name, sh.hidden, undefined)}${sh.name === L.sheet ? c.green(w.readMark) : ''}`));
  }
  const unit = L.format === 'xlsx' ? 'row' : L.format === 'html' ? 'table row' : 'line';
  kv(w.header, L.headerRow === 0 ? w.headerNone : w.headerAt(unit, L.headerRow, L.headerRows, L.sheet));
  if (L.columns.length) {
    out.push('', c.bold(w.columns));
    const [col, header, field, alias, , sample] = w.columnHeads;
    const rows: string[][] = [[col, header, field, alias, sample]];
    for (const x of L.columns) rows.push([x.letter, x.header || w.blank, x.field ?? '-', x.alias ?? '-', x.sample ?? '']);
    pushAll(out, table(rows, '  ', width));
  }
  const unmapped = L.columns.filter((x) => !x.field && x.header);
  out.push('');
  kv(w.unmapped, unmapped.length ? unmapped.map((x) => `${x.letter} ${x.header}`).join(w.list) : w.none);
  kv(w.missing, L.missingFields.length ? `${L.missingFields.join(w.list)}${w.noColumnMatched}` : w.none);
  const g = s.groups;
  kv(w.rows, w.rosterRows({ read: s.rows.read, entries: s.rows.entries, skipped: s.rows.skipped, teams: g.teams, regions: g.regions, managers: g.managers }));
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
      // XLSX: hidden in the sheet (read like every column); only when it is
      ...(x.hidden === true ? { hidden: true } : {}),
    })),
    unmapped: L.columns.filter((x) => !x.field && x.header).map((x) => x.letter),
    missingFields: L.missingFields,
    dateRanges: s.dateRanges.map((r) => ({ field: r.field, min: r.min ?? null, max: r.max ?? null, rows: r.rows, empty: r.empty })),
    rows: { read: s.rows.read, counted: s.rows.counted, excluded: Object.fromEntries(REASONS.filter((r) => s.rows.excluded[r]).map((r) => [r, s.rows.excluded[r]])) },
    findings: s.findings.map(findingJson),
  };
}
