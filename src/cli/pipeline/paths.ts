/**
 * Paths as the user sees them. Every pipeline resolves against `io.cwd` (never `process.cwd()`), hands
 * readers absolute paths, and names files in messages by `displayPath`.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { SalesgradeError } from '../../shared/errors.js';

/** A path as the user should see it: relative to the working directory when inside it, with `/`. */
export function displayPath(cwd: string, path: string): string {
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return shown.split(sep).join('/');
}

/**
 * Run a reader on `abs`, naming the file `shown` in the error it may throw (a reader names the path it
 * was given). Whatever the process's own working directory, messages say what the user typed.
 */
export async function readingAs<T>(abs: string, shown: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof SalesgradeError && e.location?.file === abs && abs !== shown) {
      const rename = (s: string): string => s.split(abs).join(shown);
      // the facts too, so the error is worded in the run's language with the same names
      const facts = e.facts && {
        ...e.facts,
        ...(e.facts.params ? { params: Object.fromEntries(Object.entries(e.facts.params).map(([k, v]) => [k, typeof v === 'string' ? rename(v) : typeof v === 'number' ? v : v.map(rename)])) } : {}),
      };
      throw new SalesgradeError(e.code, rename(e.message), {
        location: { ...e.location, file: shown },
        ...(e.hint !== undefined ? { hint: rename(e.hint) } : {}),
        cause: e,
        ...(facts ? { facts } : {}),
      });
    }
    throw e;
  }
}
