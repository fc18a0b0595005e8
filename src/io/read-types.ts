/**
 * The export reader's shapes: what `openExport` takes (`ReadOptions`), what it returns
 * (`ExportReader`, its `ExportLayout` and `ReadRow`s), and what opening a source hands on (`Opened`).
 */
import type { Hash } from 'node:crypto';
import type { Decimal } from 'decimal.js';
import type { ActivityRecord, ExclusionReason, FieldValue, SourceRef } from '../engine/types.js';
import type { Rubric } from '../rubric/schema.js';
import type { Diagnostic, FindingData } from '../shared/diagnostic.js';
import type { SourceValue } from '../shared/sheet-model.js';
import type { FindingCode } from '../shared/finding-codes.js';
import type { RawRow } from './csv.js';
import type { Encoding } from './decode.js';
import type { FindingAt } from './findings.js';
import type { ColumnInfo, HeaderMatch } from './header.js';
import type { SeenRows } from './seen-rows.js';
import type { XlsxBook } from './xlsx-read.js';

export interface ReadOptions {
  /** Field specs (aliases, types), sheet, header_row, date_format, decimal_separator, unique_key. */
  source: Rubric['source'] | undefined;
  /** Overrides detection (and `source.encoding`). */
  encoding?: Encoding | undefined;
  /** Attach each row's values as read (for the workbook's data sheets). */
  keepRaw?: boolean;
  /** Attach each row's width: how many values `raw` would hold (the data sheets' first read counts, the second copies). */
  keepWidth?: boolean;
  /**
   * Only each row's place and values as read (`source` and `raw`, neither `record` nor `excluded`), no
   * row rules: a second read of a file whose rows were already judged (the workbook's data sheets, each
   * row annotated by what the first read found at the same place in the row order). The rows are the
   * very rows `read` would give, in the same order; no findings.
   */
  rawOnly?: boolean;
  /** Bytes read so far, of the total. */
  onProgress?: (done: number, total: number) => void;
  /** Overrides `source.sheet`. */
  sheet?: string | undefined;
  /** For inspect: do not fail when `rep` (or a required field) has no column. */
  allowMissing?: boolean;
  /** For inspect: count the rows of every sheet (reads each sheet once). */
  countSheetRows?: boolean;
  /** The file's name in findings and source references (default: `path`). */
  displayName?: string;
  /**
   * The rows and unique keys of the run's earlier files: pass one `SeenRows` to every file of a run
   * so that a row repeated across files is excluded as a duplicate (default: this file alone).
   */
  seen?: SeenRows;
  /** The rubric's currency: other currencies' signs and codes are errors unless `fx` has a rate. Undefined: not checked. */
  currency?: string | undefined;
  /** Units of `currency` per one unit of a foreign currency (the rubric's `fx`). */
  fx?: Readonly<Record<string, Decimal>> | undefined;
  /** The rubric's locale (with `currency`, breaks the tie for a column whose values fit both decimal separators). */
  locale?: string | undefined;
}

export interface ExportLayout {
  file: string;
  format: 'csv' | 'xlsx' | 'html';
  encoding?: string;
  delimiter?: string;
  sheets?: { name: string; hidden: boolean; rows: number }[];
  sheet?: string;
  /** 1-based. */
  headerRow: number;
  /** 1, or 2 for a two-row header with merged group cells. */
  headerRows: number;
  /**
   * `inferred`: an unmapped column's type as its first rows suggest; `exponent`: such a column's first
   * value written with an exponent (`1.23457E+11`, as a CSV saved by Excel writes a long number), and where.
   */
  columns: (ColumnInfo & { inferred?: string; exponent?: { text: string; at: FindingAt } })[];
  missingFields: string[];
  /** XLSX: the workbook uses the 1904 date system. */
  date1904?: boolean;
}

export interface ReadRow {
  source: SourceRef;
  record?: ActivityRecord;
  excluded?: { reason: ExclusionReason; detail?: string };
  /**
   * no-rep and bad-value rows: the fields as read (a bad value as null) and the fields that were bad,
   * so the engine can tell whether money or counts that feed a KPI were lost.
   */
  lost?: { fields: Record<string, FieldValue>; badFields?: string[] };
  raw?: SourceValue[];
  /** With `keepWidth`: the length `raw` has (the header's width, or the row's when wider). */
  width?: number;
}

export interface ExportReader {
  layout: ExportLayout;
  /** Rows one at a time; `batches()` gives the same rows a chunk at a time (cheaper). Use one, once. */
  rows(): AsyncIterable<ReadRow>;
  batches(): AsyncIterable<ReadRow[]>;
  /** Complete once rows() is exhausted. */
  findings: Diagnostic[];
  /** Of the file's bytes, once rows() is exhausted. */
  sha256(): string;
}

export interface Opened {
  layout: Omit<ExportLayout, 'headerRow' | 'headerRows' | 'columns' | 'missingFields'>;
  head: RawRow[];
  /** Rows read past the head with it (the rest of its batch). */
  extra: RawRow[];
  match: HeaderMatch;
  rest: AsyncGenerator<RawRow[]>;
  total: number;
  book?: XlsxBook;
  /** Findings about the choice made (another sheet that matches too). */
  notes: { code: FindingCode; severity: 'error' | 'warning' | 'info'; message: string; data?: FindingData }[];
  /** HTML: once the rows were read, its hidden rows holding a value and its merged (rowspan/colspan) ranges, as an XLSX sheet's. */
  tail?: () => { hiddenRows?: { count: number; first: number } | undefined; merged?: string[] | undefined };
  /** CSV: the sha256 of the bytes as the graded read streams them (no second read). */
  hashed?: { hash: Hash; bytes: number };
}

