/**
 * Data findings collected while reading: the shared `Diagnostic` shape, with a cap per code so that a
 * file where every row is bad does not hold a million findings in memory.
 */
import type { Diagnostic, FindingData, Severity } from '../shared/diagnostic.js';
import type { ErrorLocation } from '../shared/errors.js';
import type { FindingCode } from '../shared/finding-codes.js';

export const MAX_FINDINGS_PER_CODE = 200;

export interface FindingAt {
  sheet?: string | undefined;
  cell?: string | undefined;
  row?: number | undefined;
  /** CSV: 1-based line and column. */
  line?: number | undefined;
  column?: number | undefined;
}

export class FindingList {
  readonly items: Diagnostic[] = [];
  private readonly counts = new Map<FindingCode, number>();
  private readonly severities = new Map<FindingCode, Severity>();

  constructor(private readonly source: string) {}

  /** `data`: the message's facts, for a report in another language (see src/report/finding-messages.ts). */
  add(code: FindingCode, severity: Severity, message: string, at: FindingAt = {}, data?: FindingData): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    this.severities.set(code, severity);
    if (n > MAX_FINDINGS_PER_CODE) return;
    const d: Diagnostic = { code, severity, message, source: this.source };
    if (at.line !== undefined) {
      const ch = (at.column ?? 1) - 1;
      d.range = { start: { line: at.line - 1, character: ch }, end: { line: at.line - 1, character: ch } };
    }
    if (at.sheet !== undefined) d.sheet = at.sheet;
    if (at.cell !== undefined) d.cell = at.cell;
    if (at.row !== undefined) d.row = at.row;
    if (data !== undefined) d.data = data;
    this.items.push(d);
  }

  /** Add one summary finding per code that went over the cap. */
  finish(): void {
    for (const [code, n] of this.counts) {
      if (n > MAX_FINDINGS_PER_CODE) {
        this.items.push({
          code,
          severity: this.severities.get(code) ?? 'warning',
          message: `${n - MAX_FINDINGS_PER_CODE} more ${code} findings not listed (${n} in all)`,
          source: this.source,
          data: { moreNotListed: n - MAX_FINDINGS_PER_CODE, moreTotal: n },
        });
      }
    }
  }

  count(code: FindingCode): number {
    return this.counts.get(code) ?? 0;
  }
}

/** A finding's place as an error location (`file Sheet!C4` or `file:line:col`), for a fatal one-line error. */
export function findingLocation(d: Diagnostic): ErrorLocation {
  const loc: ErrorLocation = { file: d.source };
  if (d.sheet !== undefined) loc.sheet = d.sheet;
  if (d.cell !== undefined) loc.cell = d.cell;
  if (d.range) {
    loc.line = d.range.start.line + 1;
    loc.column = d.range.start.character + 1;
  } else if (d.row !== undefined && d.sheet === undefined) loc.line = d.row;
  return loc;
}
