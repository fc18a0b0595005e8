/** The record a counted row becomes, with its cell references built only when asked for. */
import type { ActivityRecord, FieldValue, SourceRef } from '../engine/types.js';
import { CsvRow, type RawRow } from './csv.js';
import { columnLetter } from '../shared/text.js';

/** Where a record's mapped fields are, shared by the records of one file. */
export interface CellPlaces {
  csv: boolean;
  /** An HTML table: no text positions; a cell is at its table row and column. */
  html?: boolean;
  mapped: { field: string; col: number }[];
}

/**
 * A record whose cell references (`cells`) are worked out only when asked for: most records never
 * need them, and building a string per field per row was a good part of the reading time. It keeps
 * only the row number and, for a CSV, the record's field columns and lines (not the row's cells: the
 * evaluate pipeline may keep 200,000 records for the workbook).
 */
export class ReadRecord implements ActivityRecord {
  readonly #places: CellPlaces;
  readonly #row: number;
  readonly #cols: number[] | undefined;
  readonly #lines: number[] | undefined;
  #cells: Record<string, string> | undefined;

  constructor(
    public rep: string,
    public fields: Record<string, FieldValue>,
    public source: SourceRef,
    row: RawRow,
    places: CellPlaces,
  ) {
    this.#places = places;
    this.#row = row.row;
    if (row instanceof CsvRow) {
      this.#cols = row.cols;
      this.#lines = row.lines;
    }
  }

  get cells(): Record<string, string> {
    if (this.#cells === undefined) {
      const cells: Record<string, string> = {};
      const row = this.#row;
      const cols = this.#cols;
      for (const m of this.#places.mapped) {
        if (!this.#places.csv) cells[m.field] = `${columnLetter(m.col)}${row}`;
        else if (cols !== undefined && m.col < cols.length) cells[m.field] = `${this.#lines ? this.#lines[m.col]! : row}:${cols[m.col]!}`;
        else cells[m.field] = `${row}:${this.#places.html === true ? m.col + 1 : 1}`;
      }
      this.#cells = cells;
    }
    return this.#cells;
  }
}
