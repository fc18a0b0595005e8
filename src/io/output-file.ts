/**
 * Where an output goes, checked before any work: never an input (also through a symlink, a hard link
 * or `..`), the folder exists and is writable, the path is not a folder. And the text payload written
 * to a file (`-o`) atomically: a temp file beside it, fsync, rename; an interrupted or failed write
 * leaves the old file (or none) and no temp file.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OUTPUT_REASONS } from '../shared/error-templates.js';
import { templatedError, type SalesgradeError } from '../shared/errors.js';
import { writeFileAtomic } from './atomic-write.js';

/** What is written and the flag that chooses its path, for the messages. */
export interface OutputKind {
  /** What is written, a code the messages word in each language (`workbook`: `the workbook` / `工作簿`). */
  what: 'workbook' | 'output' | 'statement' | 'rubric' | 'schema';
  /** `-w`, `-o` … */
  flag: string;
}

export const WORKBOOK_OUTPUT: OutputKind = { what: 'workbook', flag: '-w' };

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch {
    return null;
  }
}

/** The file's device, inode and kind; null when it does not exist or cannot be read. */
export async function statOrNull(p: string): Promise<{ dev: number; ino: number; isDirectory: boolean } | null> {
  try {
    const s = await fs.stat(p);
    return { dev: s.dev, ino: s.ino, isDirectory: s.isDirectory() };
  } catch {
    return null;
  }
}

/** Throws `output-is-input` when `outPath` is, or links to, one of `inputs` (symlinks, hard links, `..`). */
export async function assertNotAnInput(outPath: string, inputs: readonly string[], shown = outPath, kind: OutputKind = WORKBOOK_OUTPUT): Promise<void> {
  const abs = resolve(outPath);
  const outDir = (await realpathOrNull(dirname(abs))) ?? dirname(abs);
  const outReal = (await realpathOrNull(abs)) ?? join(outDir, basename(abs));
  const outStat = await statOrNull(abs);
  for (const input of inputs) {
    const inAbs = resolve(input);
    const inReal = (await realpathOrNull(inAbs)) ?? inAbs;
    const inStat = outStat ? await statOrNull(inAbs) : null;
    const sameInode = outStat && inStat && outStat.dev === inStat.dev && outStat.ino === inStat.ino;
    if (inReal === outReal || sameInode) {
      const location = { file: shown };
      throw inAbs === abs
        ? templatedError('output-is-input', 'output-is-input', { what: kind.what, flag: kind.flag }, { location })
        : templatedError('output-is-input', 'output-is-other-input', { what: kind.what, flag: kind.flag, input }, { location });
    }
  }
}

/** `output-unwritable` with the reason in words. */
export function unwritable(shown: string, err: unknown, kind: OutputKind = WORKBOOK_OUTPUT): SalesgradeError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  // a system code the templates word (ENOENT: `the folder does not exist`), else the error's own message
  const why = Object.hasOwn(OUTPUT_REASONS, code) ? code : err instanceof Error ? err.message : String(err);
  return templatedError('output-unwritable', 'output-unwritable', { what: kind.what, why, flag: kind.flag }, { location: { file: shown }, cause: err });
}

/**
 * Checks, before any input is read, that an output can be written at `outPath`: the folder exists and
 * is writable, the path is not a folder, an existing file there is writable, and it is none of
 * `inputs`. A run that can only fail at the end is refused at the start (`output-unwritable`,
 * `output-is-input`), not after a long evaluation and a full report on stdout.
 */
export async function preflightOutput(outPath: string, inputs: readonly string[], shown = outPath, kind: OutputKind = WORKBOOK_OUTPUT): Promise<void> {
  await assertNotAnInput(outPath, inputs, shown, kind);
  const abs = resolve(outPath);
  const existing = await statOrNull(abs);
  if (existing?.isDirectory) throw unwritable(shown, Object.assign(new Error('is a directory'), { code: 'EISDIR' }), kind);
  const dir = dirname(abs);
  try {
    const info = await fs.stat(dir);
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await fs.access(dir, fsConstants.W_OK | fsConstants.X_OK);
    if (existing) await fs.access(abs, fsConstants.W_OK);
  } catch (err) {
    throw unwritable(shown, err, kind);
  }
}

/**
 * Writes text (one string, or pieces: a JSON of 200,000 reps is past the longest string V8 holds) to
 * `outPath` atomically, after checking again that it is not an input.
 */
export async function writeTextAtomic(outPath: string, text: string | Iterable<string>, inputs: readonly string[], shown = outPath, kind: OutputKind): Promise<void> {
  await assertNotAnInput(outPath, inputs, shown, kind);
  await writeFileAtomic(resolve(outPath), text, (err) => unwritable(shown, err, kind));
}
