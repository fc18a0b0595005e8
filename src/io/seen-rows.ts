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
  readonly rows: HashIndex;
  /** Hash of a `source.unique_key` value → reference of the first row with it. */
  readonly keys: HashIndex;
  /**
   * Hash of a `source.unique_key` value → the other mapped fields of its first row (`field U+0001 value`, joined by U+0000),
   * so that a repeat whose content differs is told from a plain re-export and named field by field.
   */
  readonly keyContent: Map<number, string>;
  private readonly files: SeenFile[];
  /**
   * On a replay (`replay()`) the run's files are read again in the same order, and each row is told a
   * repeat by the index the first read filled, not by a second one (which would hold as much again:
   * 32 MB at a million rows): the next file id to match. -1 on a first read.
   */
  private replayFrom: number;

  constructor(first?: SeenRows) {
    this.rows = first?.rows ?? new HashIndex();
    this.keys = first?.keys ?? new HashIndex();
    this.keyContent = first?.keyContent ?? new Map<number, string>();
    this.files = first?.files ?? [];
    this.replayFrom = first ? 0 : -1;
  }

  /**
   * This index, to read the same files again (the workbook's data sheets): a row is a repeat exactly
   * when the first read found it one — the first row with its hash (or unique key) is the one the
   * index holds — and nothing is added. Use it once the first read is over.
   */
  replay(): SeenRows {
    return new SeenRows(this);
  }

  get replaying(): boolean {
    return this.replayFrom >= 0;
  }

  /** Register a file about to be read; its id goes into references (on a replay: its id from the first read). */
  addFile(file: SeenFile): number {
    if (this.replayFrom >= 0) {
      for (let id = this.replayFrom; id < this.files.length; id++) {
        const f = this.files[id]!;
        if (f.file === file.file && f.sheet === file.sheet && f.csv === file.csv) {
          this.replayFrom = id + 1;
          return id;
        }
      }
      // a file the first read did not meet: nothing of it is in the index, so nothing is a repeat of it
      this.files.push(file);
      this.replayFrom = this.files.length;
      return this.files.length - 1;
    }
    this.files.push(file);
    return this.files.length - 1;
  }

  /** The first row with this row hash, or undefined when it is the row at `ref` (recorded now on a first read). */
  firstRow(hash: number, ref: number): number | undefined {
    if (this.replayFrom < 0) return this.rows.getOrSet(hash, ref);
    const first = this.rows.get(hash);
    return first === ref ? undefined : first;
  }

  /** The first row with this unique-key hash, or undefined when it is the row at `ref` (the caller records it on a first read). */
  firstKey(hash: number, ref: number): number | undefined {
    const first = this.keys.get(hash);
    return this.replayFrom >= 0 && first === ref ? undefined : first;
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
