/**
 * Rows and unique keys already met in a run, across all of its input files: a row repeated in a
 * second file (a renamed copy, overlapping monthly exports) is excluded like a repeat inside one file,
 * and the finding names where the first one is. One 53-bit hash per row (see `hash53`).
 */
import { HashIndex } from './hash-index.js';

/** Where a file's rows are named: CSV lines, or rows of a sheet. */
export interface SeenFile {
  file: string;
  sheet?: string | undefined;
  csv: boolean;
}

// a reference is file id × 2³² + row (rows and lines stay below 2³²; file ids below 2²¹)
const SPAN = 4294967296;

export class SeenRows {
  /** Row hash → reference of the first row with it. */
  readonly rows = new HashIndex();
  /** Hash of a `source.unique_key` value → reference of the first row with it. */
  readonly keys = new HashIndex();
  /**
   * Hash of a `source.unique_key` value → the other mapped fields of its first row (`field U+0001 value`, joined by U+0000),
   * so that a repeat whose content differs is told from a plain re-export and named field by field.
   */
  readonly keyContent = new Map<number, string>();
  private readonly files: SeenFile[] = [];

  /** Register a file about to be read; its id goes into references. */
  addFile(file: SeenFile): number {
    this.files.push(file);
    return this.files.length - 1;
  }

  ref(fileId: number, row: number): number {
    return fileId * SPAN + row;
  }

  /**
   * A reference as a message names it, seen from file `from`: `line 3` / `row 3` in the same file,
   * `jan.csv line 3` / `jan.xlsx 商机明细 row 3` in another.
   */
  /** The same place as `describe`, as finding data: `firstRow`, and `firstFile` when in another file. */
  place(ref: number, from: number): { firstRow: number; firstFile?: string } {
    const id = Math.floor(ref / SPAN);
    const row = ref - id * SPAN;
    const f = this.files[id]!;
    if (id === from) return { firstRow: row };
    return { firstRow: row, firstFile: f.csv || f.sheet === undefined ? f.file : `${f.file} ${f.sheet}` };
  }

  describe(ref: number, from: number): string {
    const id = Math.floor(ref / SPAN);
    const row = ref - id * SPAN;
    const f = this.files[id]!;
    const here = f.csv ? `line ${row}` : `row ${row}`;
    if (id === from) return here;
    return f.csv || f.sheet === undefined ? `${f.file} ${here}` : `${f.file} ${f.sheet} ${here}`;
  }
}
