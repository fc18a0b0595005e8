import type { Diagnostic } from './diagnostic.js';

/**
 * What `inspect --roster` shows of a roster: the reader's view, laid out like an export's. Built by
 * io/roster.ts (`inspectRoster`), rendered by report/inspect.ts (`renderRosterTable`, the JSON).
 */
export interface RosterSummary {
  layout: {
    file: string;
    format: 'csv' | 'xlsx' | 'html';
    encoding?: string;
    delimiter?: string;
    sheets?: { name: string; hidden: boolean }[];
    sheet?: string;
    /** 0 when no row looks like a header. */
    headerRow: number;
    headerRows: number;
    columns: { index: number; letter: string; header: string; field?: string; alias?: string; sample?: string }[];
    missingFields: string[];
  };
  sha256: string;
  rubric?: string;
  /** Non-blank lines below the header; `entries` of them became roster entries. */
  rows: { read: number; entries: number; skipped: number };
  /** Distinct teams, regions and managers named. */
  groups: { teams: number; regions: number; managers: number };
  findings: Diagnostic[];
}
