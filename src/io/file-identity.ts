/**
 * Whether a file stayed the same while it was read: its size, mtime and inode (and device) before the
 * read vs after it. A file that changed is refused (`input-changed`, exit 2): what was graded and what
 * the manifest's sha256 says would not be the same bytes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { templatedError, type SalesgradeError } from '../shared/errors.js';

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

/** Why the file read is not the file that was there when the read began (an error to throw), or undefined when it is. */
function changedError(shown: string, before: Stats | undefined, after: Stats | undefined, bytesRead?: number): SalesgradeError | undefined {
  const location = { file: shown };
  if (!before || !after) return templatedError('input-changed', 'input-changed', { why: 'removed' }, { location });
  if (before.ino !== after.ino || before.dev !== after.dev) return templatedError('input-changed', 'input-changed', { why: 'replaced' }, { location });
  if (before.size !== after.size) return templatedError('input-changed', 'input-changed-size', { before: before.size, after: after.size }, { location });
  if (bytesRead !== undefined && bytesRead !== before.size) return templatedError('input-changed', 'input-changed-read', { read: bytesRead, size: before.size }, { location });
  if (before.mtimeMs !== after.mtimeMs) return templatedError('input-changed', 'input-changed', { why: 'modified' }, { location });
  return undefined;
}

/** Throws `input-changed` when the file at `path` is no longer the one `before` describes. */
export async function assertUnchanged(path: string, shown: string, before: Stats | undefined, bytesRead?: number): Promise<void> {
  const changed = changedError(shown, before, await statOf(path), bytesRead);
  if (changed) throw changed;
}
