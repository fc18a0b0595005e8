/**
 * Replace a file atomically: write a temp file beside it, fsync, rename over it. On any failure the
 * temp file is removed and the file is left as it was. The file's permission bits are kept.
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { SalesgradeError } from '../shared/errors.js';
import { claimTempPath, releaseTempPath } from './temp-files.js';

export async function replaceFileAtomic(path: string, data: string | Buffer, shown = path): Promise<void> {
  const abs = resolve(path);
  let mode = 0o644;
  try {
    mode = (await fs.stat(abs)).mode & 0o777;
  } catch {
    // a new file: the default mode
  }
  // claimed: Ctrl-C or SIGTERM mid-write removes it (the same temp naming and cleanup as every other writer)
  const tmp = claimTempPath(abs);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, abs);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    throw new SalesgradeError('output-unwritable', `cannot write ${shown}: ${code ?? (err as Error).message}`);
  } finally {
    releaseTempPath(tmp);
  }
}
