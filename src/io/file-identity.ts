/**
 * Whether a file stayed the same while it was read: its size, mtime and inode (and device) before the
 * read vs after it. A file that changed is refused (`input-changed`, exit 2): what was graded and what
 * the manifest's sha256 says would not be the same bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SalesgradeError } from '../shared/errors.js';

/** The file's sha256 (hex), read as a stream. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) h.update(chunk);
  return h.digest('hex');
}

/** The file's stats, or undefined when it cannot be stat'ed (the reader reports that itself). */
export async function statOf(path: string): Promise<Stats | undefined> {
  return stat(path).catch(() => undefined);
}

/** Why the file read is not the file that was there when the read began, or undefined when it is. */
export function changedWhy(before: Stats | undefined, after: Stats | undefined, bytesRead?: number): string | undefined {
  if (!before || !after) return 'it was removed or replaced';
  if (before.ino !== after.ino || before.dev !== after.dev) return 'it was replaced by another file';
  if (before.size !== after.size) return `its size went from ${before.size} to ${after.size} bytes`;
  if (bytesRead !== undefined && bytesRead !== before.size) return `${bytesRead} bytes were read of ${before.size}`;
  if (before.mtimeMs !== after.mtimeMs) return 'it was modified';
  return undefined;
}

/** Throws `input-changed` when the file at `path` is no longer the one `before` describes. */
export async function assertUnchanged(path: string, shown: string, before: Stats | undefined, bytesRead?: number): Promise<void> {
  const why = changedWhy(before, await statOf(path), bytesRead);
  if (why) {
    throw new SalesgradeError('input-changed', `the file changed while it was read (${why}); nothing from it is graded`, {
      location: { file: shown },
      hint: 'wait until the export is written completely, or copy it and read the copy',
    });
  }
}
