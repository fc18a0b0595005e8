/**
 * Temp files of our own naming, written beside an output and renamed over it when complete:
 * `.<name>.<pid>.<8 hex>.tmp`. The ones being written are registered here so that an interrupted run
 * (Ctrl-C, SIGTERM, SIGHUP) removes them on its way out; ones left by a run that could not (SIGKILL, a
 * power cut) are removed by a later write into the same folder — only files of exactly this naming,
 * regular files, whose process is gone or that are more than a day old.
 */
import { promises as fs, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const active = new Set<string>();
const OURS = /^\..+\.(\d{1,10})\.[0-9a-f]{8}\.tmp$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A fresh temp path beside `target`, registered for removal on an interrupt. */
export function claimTempPath(target: string): string {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  active.add(tmp);
  return tmp;
}

/** The temp file was renamed into place or removed: nothing to clean up any more. */
export function releaseTempPath(tmp: string): void {
  active.delete(tmp);
}

/** Removes every temp file still being written (synchronous: safe in a signal handler). */
export function removeActiveTempFilesSync(): number {
  let n = 0;
  for (const tmp of active) {
    try {
      rmSync(tmp, { force: true });
      n++;
    } catch {
      // nothing more can be done on the way out
    }
  }
  active.clear();
  return n;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but is someone else's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `name` is one of our temp files' names. */
export function isOurTempName(name: string): boolean {
  return OURS.test(name);
}

/**
 * Removes stale temp files of our naming from `dir`: regular files (not links, not folders) whose
 * writing process no longer runs, or older than a day. Returns the names removed. Never throws.
 */
export async function removeStaleTempFiles(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = OURS.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    if (active.has(path)) continue;
    try {
      const info = await fs.lstat(path);
      if (!info.isFile()) continue;
      const pid = Number(m[1]);
      if (processAlive(pid) && now - info.mtimeMs < DAY_MS) continue;
      await fs.rm(path);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
