import { Decimal } from 'decimal.js';
import { fileURLToPath } from 'node:url';
import { openExport, type ReadOptions, type ReadRow } from '../../../src/io/read-export.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/exports/${name}`, import.meta.url));

/** Decimal → string so records compare with toEqual. */
export function plainFields(fields: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Decimal ? v.toString() : (v as string | null);
  return out;
}

export async function readAll(name: string, options: Partial<ReadOptions> = {}) {
  const reader = await openExport(fixture(name), { source: undefined, displayName: name, ...options });
  const rows: ReadRow[] = [];
  for await (const r of reader.rows()) rows.push(r);
  return {
    layout: reader.layout,
    rows,
    records: rows.filter((r) => r.record).map((r) => ({ row: r.source.row, ...plainFields(r.record!.fields) }) as Record<string, string | number | null>),
    excluded: rows.filter((r) => r.excluded).map((r) => ({ row: r.source.row, ...r.excluded! })),
    findings: reader.findings,
    sha256: reader.sha256(),
  };
}
