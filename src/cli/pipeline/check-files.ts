/**
 * What `check` finds on disk for the files a rubric names: exists / readable, and for a calendar file
 * every bad row (read through io/ exactly as `evaluate` and `quota` read it). The lint rules
 * (`file-exists`, `calendar-file-valid`) turn these facts into findings at the key's line:col.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FileFacts, FileRef } from '../../rubric/lint/file-refs.js';
import { fileRefKey } from '../../rubric/lint/file-refs.js';
import { formatErrorLocation, SalesgradeError } from '../../shared/errors.js';
import { displayPath } from './evaluate.js';

async function look(abs: string, shown: string): Promise<FileFacts> {
  try {
    const st = await stat(abs);
    if (!st.isFile()) return { status: 'unreadable', shown, reason: st.isDirectory() ? 'a directory, not a file' : 'not a regular file' };
    await access(abs, constants.R_OK);
    return { status: 'ok', shown };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing', shown };
    return { status: 'unreadable', shown, reason: code === 'EACCES' ? 'permission denied' : (code ?? String(e)) };
  }
}

/** The probe `lintRubricFile` calls: one look per referenced file, a calendar file read in full. */
export function makeFileProbe(cwd: string): (refs: FileRef[], dir: string) => Promise<ReadonlyMap<string, FileFacts>> {
  return async (refs, dir) => {
    const out = new Map<string, FileFacts>();
    for (const ref of refs) {
      const abs = resolve(dir, ref.file);
      const shown = displayPath(cwd, abs);
      const facts = await look(abs, shown);
      if (facts.status === 'ok' && ref.kind === 'calendar') {
        const { readCalendarFile } = await import('../../io/calendar-file.js');
        try {
          const read = await readCalendarFile(abs);
          const problems = read.findings.map((f) => {
            const at = formatErrorLocation({
              file: shown,
              ...(f.sheet !== undefined ? { sheet: f.sheet } : {}),
              ...(f.cell !== undefined ? { cell: f.cell } : {}),
              ...(f.range ? { line: f.range.start.line + 1, column: f.range.start.character + 1 } : {}),
            });
            return `${at}: ${f.message}`;
          });
          if (problems.length) facts.problems = problems;
        } catch (e) {
          if (!(e instanceof SalesgradeError)) throw e;
          facts.problems = [`${shown}${e.location?.sheet !== undefined ? ` ${e.location.sheet}` : ''}: ${e.message}`];
        }
      }
      out.set(fileRefKey(ref.path), facts);
    }
    return out;
  };
}
