/**
 * The one atomic file writer: write a temp file beside the target, fsync, rename over it. On any
 * failure the temp file is removed and the target is left as it was; the target's permission bits are
 * kept. The temp path is claimed, so Ctrl-C or SIGTERM mid-write removes it (io/temp-files.ts).
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { templatedError, type SalesgradeError } from '../shared/errors.js';
import { claimTempPath, releaseTempPath } from './temp-files.js';

/** Text pieces are joined into strings of at most this many UTF-16 units (64 KB two-byte: a young object). */
const JOIN_UNITS = 1 << 15;
/** …encoded into one reused buffer, written out when it holds this many bytes. */
const WRITE_BYTES = 1 << 20;

/** Writes `bytes[0, n)` at the handle's position, all of it. */
async function writeAll(handle: Pick<fs.FileHandle, 'write'>, bytes: Buffer, n: number): Promise<void> {
  for (let at = 0; at < n; ) at += (await handle.write(bytes, at, n - at)).bytesWritten;
}

/**
 * Writes `data` to the absolute path `abs` atomically. Text may come in pieces (a JSON of 200,000 reps
 * is past the longest string V8 holds): they are joined ~32 K units at a time and encoded into one
 * reused 1 MB buffer, written as it fills (issue 10 item 16: pieces joined into ~1 MB strings were
 * large objects, which V8 frees only in a full collection — a 900 MB JSON of 61,000 reps left over
 * 1 GB of them to the old generation — and each was copied into a fresh buffer to be written). A
 * failure is thrown as `failure(err)`.
 */
export async function writeData(handle: Pick<fs.FileHandle, 'write' | 'writeFile'>, data: string | Buffer | Iterable<string>): Promise<void> {
  if (typeof data === 'string' || Buffer.isBuffer(data)) {
    await handle.writeFile(data);
    return;
  }
  const out = Buffer.allocUnsafe(WRITE_BYTES + 3 * JOIN_UNITS);
  let at = 0;
  const put = async (text: string): Promise<void> => {
    if (3 * text.length > out.length - at) {
      await writeAll(handle, out, at);
      at = 0;
      // a piece longer than the buffer holds (one long text): written as it is
      if (3 * text.length > out.length) {
        const big = Buffer.from(text, 'utf8');
        await writeAll(handle, big, big.length);
        return;
      }
    }
    at += out.write(text, at, 'utf8');
    if (at >= WRITE_BYTES) {
      await writeAll(handle, out, at);
      at = 0;
    }
  };
  let buffered: string[] = [];
  let size = 0;
  for (const piece of data) {
    buffered.push(piece);
    size += piece.length;
    if (size >= JOIN_UNITS) {
      await put(buffered.length === 1 ? buffered[0]! : buffered.join(''));
      buffered = [];
      size = 0;
    }
  }
  if (buffered.length) await put(buffered.join(''));
  if (at > 0) await writeAll(handle, out, at);
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
