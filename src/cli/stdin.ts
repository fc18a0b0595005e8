/**
 * `-` as a data file: the export is read from stdin (CSV, or XLSX bytes), so salesgrade composes with
 * curl, `psql \copy … to stdout`, `duckdb -csv`. The bytes are spooled to a private temporary file
 * (mode 0600; XLSX is read by random access, and every export is hashed and re-checked as a file),
 * named `<stdin>` in every message and the manifest, and removed when the command ends.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { templatedError } from '../shared/errors.js';
import type { CliIo } from './io.js';

export const STDIN_NAME = '<stdin>';

export interface StdinData {
  /** The data list with `-` replaced by the spool file. */
  data: string[];
  /** Spool file → `<stdin>`, for EvaluateRequest.displayNames. */
  displayNames: Record<string, string>;
  cleanup: () => Promise<void>;
}

/**
 * Spools stdin when `data` holds `-` (at most once); otherwise returns `data` as it is. The stream and
 * the temporary directory (`TMPDIR`) come from the command's io, as everything at the process boundary.
 */
export async function withStdin(data: string[], io: Pick<CliIo, 'stdin' | 'env'>): Promise<StdinData> {
  const stdin = io.stdin ?? process.stdin;
  const dashes = data.filter((d) => d === '-').length;
  if (dashes === 0) return { data, displayNames: {}, cleanup: async () => undefined };
  if (dashes > 1) throw templatedError('usage', 'stdin-twice');
  if (stdin.isTTY) throw templatedError('usage', 'stdin-terminal');
  const dir = await mkdtemp(join(io.env.TMPDIR || tmpdir(), 'salesgrade-stdin-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const spool = join(dir, 'stdin');
    await pipeline(stdin, createWriteStream(spool, { mode: 0o600 }));
    // The reader tells CSV from XLSX by the name: a zip (PK\3\4) is an XLSX, anything else CSV text.
    const head = Buffer.alloc(4);
    const fh = await open(spool, 'r');
    let size: number;
    try {
      size = (await fh.stat()).size;
      await fh.read(head, 0, 4, 0);
    } finally {
      await fh.close();
    }
    // not "the file is empty": there is no file, and nothing came down the pipe
    if (size === 0) throw templatedError('no-data', 'stdin-empty', {}, { location: { file: STDIN_NAME } });
    const path = join(dir, head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? 'stdin.xlsx' : 'stdin.csv');
    await rename(spool, path);
    return { data: data.map((d) => (d === '-' ? path : d)), displayNames: { [path]: STDIN_NAME }, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
