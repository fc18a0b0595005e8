/**
 * The one diagnostic shape shared by rubric lint (`salesgrade check`) and data findings
 * (`inspect`, `evaluate`). Positions are 0-based inside the program and shown 1-based.
 */
import type { MessageParams } from './message-template.js';

export type Severity = 'error' | 'warning' | 'info';

/** 0-based line and character, as in the Language Server Protocol and SARIF (after +1). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  /** Rule id or finding code, kebab-case (`weights-sum-to-100`, `totals-row`). */
  code: string;
  message: string;
  severity: Severity;
  /** The file the problem is in, as the user named it (or `<stdin>`). */
  source: string;
  /** JSON path inside a rubric (`['kpis', 2, 'weight']`). */
  path?: (string | number)[];
  /** Text position (rubric YAML, CSV line/column), 0-based. */
  range?: Range;
  /** Spreadsheet position: sheet name and A1 cell (`C12`), or a whole row when only `row` is set. */
  sheet?: string;
  cell?: string;
  /** 1-based row in the sheet, or 1-based line in a CSV where the record starts. */
  row?: number;
  /**
   * A data finding's facts (names, numbers, places) beside its English `message`, from which report/
   * renders the message in the report's language (src/report/finding-messages.ts).
   */
  data?: FindingData;
  /**
   * A rubric lint finding's message id and facts (`messageId` of its rule's `meta.messages`): `message`
   * is the English text; report/lint-messages.ts renders it in the report's language from these.
   */
  messageId?: string;
  params?: MessageParams;
}

/** Parameters of a finding's message: plain values only, so JSON can carry them as they are. */
export type FindingData = Readonly<Record<string, string | number | boolean>>;

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** File, then position, then code, then message: the order every formatter prints in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  const la = a.range?.start.line ?? (a.row !== undefined ? a.row - 1 : -1);
  const lb = b.range?.start.line ?? (b.row !== undefined ? b.row - 1 : -1);
  if (la !== lb) return la - lb;
  const ca = a.range?.start.character ?? -1;
  const cb = b.range?.start.character ?? -1;
  if (ca !== cb) return ca - cb;
  if ((a.sheet ?? '') !== (b.sheet ?? '')) return (a.sheet ?? '') < (b.sheet ?? '') ? -1 : 1;
  if ((a.cell ?? '') !== (b.cell ?? '')) return cellOrder(a.cell) - cellOrder(b.cell);
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

function cellOrder(cell: string | undefined): number {
  if (!cell) return -1;
  const m = /^([A-Z]+)(\d+)$/.exec(cell);
  if (!m) return 0;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return Number(m[2]) * 20_000 + col;
}

/**
 * `file:line:col`, `file Sheet!C12`, `file Sheet row 12` or `file`, all 1-based. `rowWord` words a
 * sheet row in the report's language (report/finding-messages.ts `findingPlace`: `第 12 行`).
 */
export function formatLocation(d: Pick<Diagnostic, 'source' | 'range' | 'sheet' | 'cell' | 'row'>, rowWord: (row: number) => string = (row) => `row ${row}`): string {
  if (d.range) return `${d.source}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
  if (d.sheet !== undefined && d.cell) return `${d.source} ${quoteSheet(d.sheet)}!${d.cell}`;
  if (d.sheet !== undefined && d.row !== undefined) return `${d.source} ${quoteSheet(d.sheet)} ${rowWord(d.row)}`;
  if (d.row !== undefined) return `${d.source}:${d.row}`;
  return d.source;
}

function quoteSheet(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
