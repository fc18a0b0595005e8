/**
 * What `evaluate` does with an evaluation: render it in the chosen format, and write the annotated
 * workbook (atomically, never over an input, byte-identical for the same inputs).
 */
import { basename, extname, resolve } from 'node:path';
import type { Evaluation } from '../../engine/types.js';
import type { ReportLocale } from '../../report/labels.js';
import type { DataSheetInput } from '../../report/workbook.js';
import { SalesgradeError } from '../../shared/errors.js';
import { collectBeforeWorkbook, collectGarbage, collectYoung } from './heap.js';
import { displayPath } from './paths.js';


export const EVALUATE_FORMATS = ['table', 'json', 'csv', 'md'] as const;
export type EvaluateFormat = (typeof EVALUATE_FORMATS)[number];

export async function renderEvaluation(
  format: EvaluateFormat,
  ev: Evaluation,
  options: { locale: ReportLocale; color: boolean; width?: number; inspectable?: boolean },
): Promise<string | Iterable<string>> {
  switch (format) {
    case 'json':
      // In pieces: 200,000 reps are over 500 MB of JSON, past the longest string V8 can hold.
      return (await import('../../report/evaluation-json.js')).renderEvaluationJsonChunks(ev);
    case 'csv':
      return (await import('../../report/evaluation-csv.js')).renderEvaluationCsvChunks(ev, { locale: options.locale });
    case 'md':
      return (await import('../../report/evaluation-md.js')).renderEvaluationMarkdownChunks(ev, { locale: options.locale });
    case 'table':
      // In chunks of lines made as they are written: the leaderboard of 61,000 reps is never held whole.
      return (await import('../../report/terminal.js')).renderTerminalChunks(ev, {
        color: options.color,
        locale: options.locale,
        ...(options.width !== undefined ? { width: options.width } : {}),
        ...(options.inspectable === false ? { inspectTarget: null } : {}),
      });
  }
}

/**
 * Start loading `format`'s renderer and the CLI's notes, not waiting (`--engine duckdb` asks while DuckDB
 * runs the query: ~70 KB of report modules, ~15 CPU-ms, off the path after it). A module that fails to
 * load fails again, and is reported, where it is imported for use.
 */
export function preloadRenderer(format: EvaluateFormat): void {
  const renderer =
    format === 'json'
      ? import('../../report/evaluation-json.js')
      : format === 'csv'
        ? import('../../report/evaluation-csv.js')
        : format === 'md'
          ? import('../../report/evaluation-md.js')
          : import('../../report/terminal.js');
  renderer.catch(() => undefined);
  import('../../report/cli-notes.js').catch(() => undefined);
}

/** Refuses, before any input is read, a workbook path that cannot be written or is an input. */
export async function preflightEvaluationWorkbook(cwd: string, out: string, inputs: string[]): Promise<void> {
  const { preflightWorkbook } = await import('../../io/xlsx-write.js');
  await preflightWorkbook(resolve(cwd, out), inputs.map((p) => resolve(cwd, p)), displayPath(cwd, out));
}

/**
 * Refuses a workbook with more reps than a sheet has rows, or more KPI columns than a sheet has;
 * says what to do instead. (The Scorecard is streamed: the number of reps costs it no memory.)
 */
export async function assertWorkbookSize(cwd: string, out: string, ev: Evaluation): Promise<void> {
  const { MAX_SHEET_COLS, MAX_SHEET_ROWS } = await import('../../shared/sheet-model.js');
  // The Scorecard has 3 name columns, 4 per KPI and 9 after them; a sheet ends at column XFD (16,384).
  const columns = 3 + 4 * ev.kpis.length + 9;
  if (columns > MAX_SHEET_COLS) {
    throw new SalesgradeError('output-unwritable', `cannot write the workbook: ${ev.kpis.length.toLocaleString('en-US')} KPIs need ${columns.toLocaleString('en-US')} Scorecard columns, past the 16,384 a sheet holds`, {
      location: { file: displayPath(cwd, resolve(cwd, out)) },
      hint: 'run with --no-workbook, and -f csv or -f json for the full result',
    });
  }
  // Two header rows, then one row per rep.
  const maxReps = MAX_SHEET_ROWS - 2;
  if (ev.reps.length <= maxReps) return;
  throw new SalesgradeError(
    'output-unwritable',
    `cannot write the workbook: ${ev.reps.length.toLocaleString('en-US')} reps need more Scorecard rows than the ${MAX_SHEET_ROWS.toLocaleString('en-US')} a sheet holds`,
    { location: { file: displayPath(cwd, resolve(cwd, out)) }, hint: 'run with --no-workbook, and -f csv or -f json for the full result' },
  );
}

/** `<first input's name>.salesgrade.xlsx` in the working directory. */
export function defaultWorkbookPath(cwd: string, firstInput: string): string {
  return resolve(cwd, `${basename(firstInput, extname(firstInput))}.salesgrade.xlsx`);
}

/** Build and write the workbook; returns the path written, as the user should see it. */
export async function writeEvaluationWorkbook(
  ev: Evaluation,
  options: { cwd: string; out: string; locale: ReportLocale; inputs: string[]; dataSheets?: DataSheetInput[] },
): Promise<string> {
  const [{ buildEvaluationWorkbook }, { writeWorkbookAtomic }] = await Promise.all([
    import('../../report/workbook.js'),
    import('../../io/xlsx-write.js'),
  ]);
  const big = collectBeforeWorkbook(ev.reps.length);
  const wb = buildEvaluationWorkbook(ev, { locale: options.locale, ...(options.dataSheets ? { dataSheets: options.dataSheets } : {}) });
  const out = resolve(options.cwd, options.out);
  // The document date is the as-of date or the period's last day, never the clock: same inputs, same bytes.
  const date = new Date(`${ev.manifest.asOf ?? ev.period.end}T00:00:00Z`);
  await writeWorkbookAtomic(wb, out, { inputs: options.inputs, date, ...(big ? { collect: { young: collectYoung, full: collectGarbage } } : {}) });
  return displayPath(options.cwd, out);
}
