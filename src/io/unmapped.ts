/**
 * The one finding `inspect` gives for a table (an export or a roster) whose rep column is not mapped:
 * what columns were found and every header the reader would have taken as the rep, in both
 * languages — instead of one "found an empty cell" per row, which blames the data for a mapping gap.
 */
import type { Diagnostic } from '../shared/diagnostic.js';
import { normalizeHeader } from '../shared/text.js';

/** At most this many found columns are named; the rest are counted. */
const MAX_FOUND = 20;

/** Headers once each (by their normalised form, as the matcher compares them), in the order tried. */
export function distinctHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const h of headers) {
    const n = normalizeHeader(h);
    if (!n || seen.has(n)) continue;
    seen.add(n);
    out.push(h);
  }
  return out;
}

export interface RepNotMappedInput {
  /** The file as the user named it. */
  source: string;
  table: 'export' | 'roster';
  /** The header row's column names, or undefined when no row looks like a header. */
  found: readonly string[] | undefined;
  /** Every header the rep field answers to (the rubric's first, then the built-in aliases). */
  aliases: readonly string[];
  /** Where the header is: a CSV line, or a sheet row. */
  at: { line?: number; sheet?: string; row?: number };
}

export function repNotMapped(input: RepNotMappedInput): Diagnostic {
  const names = input.found?.filter((h) => h !== '') ?? [];
  const listed = names.slice(0, MAX_FOUND).join(', ');
  const more = names.length - Math.min(names.length, MAX_FOUND);
  const found = more > 0 ? `${listed}, … (${more} more)` : listed;
  const aliases = distinctHeaders(input.aliases).join(', ');
  const setting = input.table === 'roster' ? 'roster.fields.rep' : 'source.fields.rep';
  const seen = input.found === undefined ? 'no header row with column names' : names.length ? `found columns: ${found}` : 'the header row is empty';
  const consequence = input.table === 'roster' ? 'no roster line can be read without it' : 'no row can be counted without it';
  const d: Diagnostic = {
    code: 'rep-not-mapped',
    severity: 'error',
    message: `the rep column is not mapped (${seen}); add one of the headers ${aliases} to the rep column, or map it in ${setting}; ${consequence}`,
    source: input.source,
    data: { table: input.table, found: listed, more, header: input.found !== undefined, aliases, setting },
  };
  if (input.at.line !== undefined) d.range = { start: { line: input.at.line - 1, character: 0 }, end: { line: input.at.line - 1, character: 0 } };
  if (input.at.sheet !== undefined) d.sheet = input.at.sheet;
  if (input.at.row !== undefined) d.row = input.at.row;
  return d;
}
