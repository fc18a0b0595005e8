/**
 * What `salesgrade inspect` shows: the reader's view of an export (sheets, header, column mapping,
 * types, samples), the date range per date field, row counts by outcome and the findings. Reads the
 * whole file once, streaming.
 */
import type { ExclusionReason, IsoDate } from '../engine/types.js';
import type { Rubric } from '../rubric/schema.js';
import { pushAll } from '../shared/iter.js';
import { exponentColumnEn } from '../shared/value-problem.js';
import { compareDiagnostics, type Diagnostic } from '../shared/diagnostic.js';
import type { Encoding } from './decode.js';
import { FindingList } from './findings.js';
import { fieldRules } from './header.js';
import { openExport, type ExportLayout } from './read-export.js';
import { repNotMapped } from './unmapped.js';
import { fxRates } from './values.js';

export interface ExportSummary {
  layout: ExportLayout;
  sha256: string;
  rubric?: string;
  dateRanges: { field: string; min?: IsoDate; max?: IsoDate; rows: number; empty: number }[];
  rows: { read: number; counted: number; excluded: Partial<Record<ExclusionReason, number>> };
  findings: Diagnostic[];
}

export async function summarizeExport(
  path: string,
  options: {
    source?: Rubric['source'] | undefined;
    /** The rubric's currency, locale and exchange rates (how amounts are read), when a rubric is given. */
    money?: { currency: string; locale: string; fx: Readonly<Record<string, number | string>> | undefined };
    rubricName?: string;
    encoding?: Encoding | undefined;
    sheet?: string | undefined;
    displayName?: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ExportSummary> {
  const reader = await openExport(path, {
    source: options.source,
    ...(options.money ? { currency: options.money.currency, locale: options.money.locale, fx: fxRates(options.money.fx) } : {}),
    encoding: options.encoding,
    sheet: options.sheet,
    allowMissing: true,
    countSheetRows: true,
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const dateFields = reader.layout.columns.filter((c) => c.field && c.type === 'date').map((c) => c.field!);
  const ranges = new Map(dateFields.map((f) => [f, { field: f, min: undefined as string | undefined, max: undefined as string | undefined, rows: 0, empty: 0 }]));
  const rows: ExportSummary['rows'] = { read: 0, counted: 0, excluded: {} };
  for await (const batch of reader.batches()) {
    for (const row of batch) {
      if (row.excluded?.reason === 'blank') {
        rows.excluded.blank = (rows.excluded.blank ?? 0) + 1;
        continue;
      }
      rows.read++;
      if (row.excluded) {
        rows.excluded[row.excluded.reason] = (rows.excluded[row.excluded.reason] ?? 0) + 1;
        continue;
      }
      rows.counted++;
      const fields = row.record!.fields;
      for (const r of ranges.values()) {
        const v = fields[r.field];
        if (typeof v !== 'string') {
          r.empty++;
          continue;
        }
        r.rows++;
        if (r.min === undefined || v < r.min) r.min = v;
        if (r.max === undefined || v > r.max) r.max = v;
      }
    }
  }
  const findings = [...reader.findings];
  const L = reader.layout;
  // a column no field maps, made of numbers Excel wrote with an exponent: said, at its first such cell
  // (a mapped one says it per cell, from the row rules)
  const list = new FindingList(L.file);
  for (const c of L.columns) {
    if (c.field === undefined && c.exponent !== undefined) {
      list.add('exponent-number', 'warning', exponentColumnEn(c.letter, c.header, c.exponent.text), c.exponent.at, { column: c.letter, header: c.header, value: c.exponent.text, outcome: 'unmapped' });
    }
  }
  list.finish();
  pushAll(findings, list.items);
  if (!L.columns.some((c) => c.field === 'rep')) {
    // one finding for the mapping gap; the rows are still counted as excluded (no rep), without a
    // finding each (io/row-rules.ts)
    findings.push(
      repNotMapped({
        source: L.file,
        table: 'export',
        found: L.columns.map((c) => c.header),
        aliases: fieldRules(options.source).find((r) => r.field === 'rep')?.headers ?? [],
        at: L.format === 'csv' ? { line: L.headerRow } : L.sheet !== undefined ? { sheet: L.sheet, row: L.headerRow } : { row: L.headerRow },
      }),
    );
  }
  const summary: ExportSummary = {
    layout: reader.layout,
    sha256: reader.sha256(),
    dateRanges: [...ranges.values()].map((r) => {
      const out: ExportSummary['dateRanges'][number] = { field: r.field, rows: r.rows, empty: r.empty };
      if (r.min !== undefined) out.min = r.min;
      if (r.max !== undefined) out.max = r.max;
      return out;
    }),
    rows,
    findings: findings.sort(compareDiagnostics),
  };
  if (options.rubricName !== undefined) summary.rubric = options.rubricName;
  return summary;
}
