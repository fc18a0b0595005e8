import type { SourceRef } from './types.js';

/** Source rows in file, sheet and row order (samples and first rows keep the smallest). */
export function compareSource(a: SourceRef, b: SourceRef): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const sa = a.sheet ?? '';
  const sb = b.sheet ?? '';
  if (sa !== sb) return sa < sb ? -1 : 1;
  return a.row - b.row;
}
