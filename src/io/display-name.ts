/**
 * Readers open a file by its absolute path (resolved against the CLI's `io.cwd`, never the process's
 * working directory) and name it in messages as the user did. `renamed` fixes up an error thrown on
 * the way: its location names the file as shown.
 */
import { SalesgradeError } from '../shared/errors.js';

export function renamed(e: unknown, path: string, shown: string): unknown {
  if (path !== shown && e instanceof SalesgradeError && e.location?.file === path) e.location.file = shown;
  return e;
}

/** Runs `read`, naming `path` as `shown` in the location of an error it throws. */
export async function readAs<T>(path: string, shown: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    throw renamed(e, path, shown);
  }
}
