/**
 * The one atomic file writer: write a temp file beside the target, fsync, rename over it. On any
 * failure the temp file is removed and the target is left as it was; the target's permission bits are
 * kept. The temp path is claimed, so Ctrl-C or SIGTERM mid-write removes it (io/temp-files.ts).
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { templatedError, type SalesgradeError } from '../shared/errors.js';
import { claimTempPath, releaseTempPath } from './temp-files.js';

/**
 * Writes `data` to the absolute path `abs` atomically. Text may come in pieces (a JSON of 200,000 reps
 * is past the longest string V8 holds); pieces are written in ~1 MB batches. A failure is thrown as
 * `failure(err)`.
 */
async function writeData(handle: fs.FileHandle, data: string | Buffer | Iterable<string>): Promise<void> {
  if (typeof data === 'string' || Buffer.isBuffer(data)) {
    await handle.writeFile(data);
    return;
  }
  let buffered: string[] = [];
  let size = 0;
  for (const piece of data) {
    buffered.push(piece);
    size += piece.length;
    if (size >= 1 << 20) {
      await handle.writeFile(buffered.join(''), 'utf8');
      buffered = [];
      size = 0;
    }
  }
  if (buffered.length) await handle.writeFile(buffered.join(''), 'utf8');
}

/**
 * True when `abs` is a device, a named pipe or a socket (`-o /dev/null`, `-o /dev/stdout`, a FIFO):
 * such a target is written in place. A temp file renamed over it would replace the device with a
 * regular file — run as root, `-o /dev/full` replaced /dev/full and exited 0.
 */
export async function isSpecialFile(abs: string): Promise<boolean> {
  try {
    const s = await fs.stat(abs);
    return !s.isFile() && !s.isDirectory();
  } catch {
    return false;
  }
}

/** Writes into a device or pipe in place (see `isSpecialFile`); every write checked, a failure thrown as `failure(err)`. */
export async function writeSpecialFile(abs: string, write: (handle: fs.FileHandle) => Promise<void>, failure: (err: unknown) => Error): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(abs, 'w');
    await write(handle);
    await handle.close();
    handle = undefined;
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    throw failure(err);
  }
}

export async function writeFileAtomic(abs: string, data: string | Buffer | Iterable<string>, failure: (err: unknown) => Error): Promise<void> {
  if (await isSpecialFile(abs)) return writeSpecialFile(abs, (h) => writeData(h, data), failure);
  let mode = 0o644;
  try {
    mode = (await fs.stat(abs)).mode & 0o777;
  } catch {
    // a new file: the default mode
  }
  const tmp = claimTempPath(abs);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', mode);
    await writeData(handle, data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, abs);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw failure(err);
  } finally {
    releaseTempPath(tmp);
  }
}

/** Replaces `path` atomically; a failure is `output-unwritable` naming `shown` and the system's code. */
export async function replaceFileAtomic(path: string, data: string | Buffer, shown = path): Promise<void> {
  await writeFileAtomic(resolve(path), data, (err) => {
    const code = (err as NodeJS.ErrnoException).code;
    return templatedError('output-unwritable', 'file-unwritable', { file: shown, reason: code ?? (err as Error).message });
  });
}
