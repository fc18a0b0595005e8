/**
 * A field spec's normal form, without zod: io/header.ts needs it in the data sheet's reading thread
 * (cli/pipeline/raw-rows-worker.ts), which loaded zod through schema.ts for it (~0.1 CPU-s a thread).
 */
import type { FieldSpec, FieldType } from './schema.js';

/** Normalise a field spec: `[a, b]` → `{ headers: [a, b], type: 'text' }`. */
export function normalizeFieldSpec(spec: FieldSpec): {
  headers: string[];
  type: FieldType;
  date_format?: string | undefined;
  required?: boolean | undefined;
} {
  if (Array.isArray(spec)) return { headers: spec, type: 'text' };
  return spec;
}
