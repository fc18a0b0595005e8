/**
 * `evaluate --metrics m.csv --query m.sql`: the query that produced the table (what `salesgrade sql`
 * printed, saved with `-o`), hashed into the manifest (`files`, role `query`) so a report says which
 * query made its numbers. The file must be a `salesgrade sql` query for this rubric's metrics: its
 * header comment names them.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { compileMetrics } from '../../engine/metrics.js';
import type { Rubric } from '../../rubric/schema.js';
import { SalesgradeError } from '../../shared/errors.js';

const HINT = 'give the file `salesgrade sql -r <this rubric> … -o FILE` wrote, the query that produced the table';

/** The query file's sha256, after checking that it is `salesgrade sql`'s query for `rubric`'s metrics. */
export async function readQueryFile(abs: string, shown: string, rubric: Rubric): Promise<string> {
  const buf = await readFile(abs).catch((e: NodeJS.ErrnoException) => {
    throw new SalesgradeError('input-format', `--query: cannot read: ${e.code ?? e.message}`, { location: { file: shown } });
  });
  const lines = buf.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/, 4);
  if (!/^-- salesgrade MetricTable v\d+ for rubric /.test(lines[0] ?? '')) {
    throw new SalesgradeError('input-format', '--query: not a query `salesgrade sql` printed (its first line is not the "-- salesgrade MetricTable" header)', { location: { file: shown, line: 1 }, hint: HINT });
  }
  const at = lines.findIndex((l) => l.startsWith('-- metrics: '));
  const listed = at < 0 ? [] : lines[at]!.slice('-- metrics: '.length).split(',').map((x) => x.trim());
  const want = compileMetrics(rubric).map((m) => m.id);
  if (listed.join(',') !== want.join(',')) {
    throw new SalesgradeError('input-format', `--query: the query computes the metrics ${listed.join(', ') || '(none listed)'}, the rubric defines ${want.join(', ')}`, {
      location: { file: shown, line: at < 0 ? 1 : at + 1 },
      hint: HINT,
    });
  }
  return createHash('sha256').update(buf).digest('hex');
}
