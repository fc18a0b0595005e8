import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { CliContext, RegisterCommand } from '../context.js';
import { warningLine } from '../messages.js';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload, withDiscoveredRubric } from '../output.js';
import { addFailOnOptions, failPolicy, failReason, type FailOnCliOptions, type FailPolicy } from './fail-on.js';
import type { EvaluateRequest } from '../pipeline/evaluate.js';
import { withStdin } from '../stdin.js';
import { useColor } from '../context.js';
import { countBySeverity } from '../../shared/diagnostic.js';
import { ExitCode, UsageError } from '../../shared/errors.js';
import { evaluationRequest, ENGINE_HELP, METRICS_HELP, notePeriod, QUERY_HELP, WEEKDAY_FALLBACK_HELP, withEarlyDuckDb, type EvaluationInputOptions } from './evaluation-input.js';
import { reportWidth } from '../io.js';

/** The payload formats (pipeline/evaluate-output.ts renders them; not imported here: start-up stays lean). */
const EVALUATE_FORMATS = ['table', 'json', 'csv', 'md'] as const;

export interface EvaluateCliOptions extends EvaluationInputOptions, FailOnCliOptions {
  format: 'table' | 'json' | 'csv' | 'md';
  output?: string;
  /** `-w FILE`, `-w` (the default name), `--no-workbook` (false), or not given. */
  workbook?: string | boolean;
  dataRows: string;
  statements?: string;
  statementsFormat: 'xlsx' | 'md';
  statementsBy: 'rep' | 'team';
}

/**
 * Where the workbook goes, or undefined for none: `-w FILE`; `-w` alone, or by default with the table
 * format on stdout, `<first input>.salesgrade.xlsx` in the current directory; never with
 * `--no-workbook`, `-f json|csv|md` or `-o` unless `-w` asks for it. The same command line writes the
 * same files in a terminal and in a script.
 */
function workbookTarget(ctx: CliContext, data: string[], workbook: string | boolean | undefined, format: string, output: string | undefined, defaultPath: (cwd: string, first: string) => string): string | undefined {
  if (workbook === false) return undefined;
  if (typeof workbook === 'string') {
    if (!/\.xlsx$/i.test(workbook)) throw new UsageError(`-w ${workbook}: the workbook is an .xlsx file`, `name it ${workbook.replace(/\.[^./\\]*$/, '')}.xlsx, or use -o ${workbook} for the ${format} payload`);
    return workbook;
  }
  if (workbook === true || (format === 'table' && output === undefined)) return defaultPath(ctx.io.cwd, data[0] === '-' ? 'stdin' : data[0]!);
  return undefined;
}

async function action(ctx: CliContext, data: string[], o: EvaluateCliOptions, cmd: Command): Promise<void> {
  let output = o.output;
  let workbook = o.workbook;
  if (output !== undefined && /\.xlsx$/i.test(output)) {
    // -o used to name the workbook: still read so for a .xlsx name, with a warning, until scripts move to -w.
    if (workbook !== undefined) throw new UsageError(`-o ${output} and ${workbook === false ? '--no-workbook' : '-w'} contradict each other`, 'the workbook is -w FILE.xlsx; -o writes the -f payload');
    ctx.note(warningLine('-o FILE.xlsx is read as -w FILE.xlsx for now: the workbook\'s flag is -w, and -o writes the -f payload', `-o ${output}`));
    workbook = output;
    output = undefined;
  }
  const format = payloadFormat(cmd, EVALUATE_FORMATS, o.format, output);
  const policy = failPolicy(o);
  const keepRows = Number(o.dataRows);
  if (!Number.isInteger(keepRows) || keepRows < 0) throw new UsageError(`--data-rows expects a whole number ≥ 0, got "${o.dataRows}"`);
  // --engine duckdb: DuckDB is loaded in a worker thread while this thread checks the outputs and loads
  // the rubric; the data is read only once they pass (withEarlyDuckDb).
  await withEarlyDuckDb(ctx, evaluationRequest(ctx, data, o), (request) => checkAndEvaluate(ctx, data, o, { request, output, workbook, format, policy, keepRows }));
}

async function checkAndEvaluate(
  ctx: CliContext,
  data: string[],
  o: EvaluateCliOptions,
  { request, output, workbook, format, policy, keepRows }: { request: Omit<EvaluateRequest, 'keepRows'>; output: string | undefined; workbook: string | boolean | undefined; format: (typeof EVALUATE_FORMATS)[number]; policy: FailPolicy | undefined; keepRows: number },
): Promise<void> {
  const out = await import('../pipeline/evaluate-output.js');
  const workbookPath = workbookTarget(ctx, o.metrics !== undefined ? [o.metrics] : data, workbook, format, output, out.defaultWorkbookPath);
  // Every output's place is checked before anything is read or printed: never a long run that fails
  // at the end, never a report on stdout followed by exit 2.
  const given = [...data, o.metrics, o.query, o.rubric, o.roster, ...(o.history ?? [])];
  await preflightPayload(ctx, output, given);
  if (workbookPath !== undefined) {
    if (output !== undefined && resolve(ctx.io.cwd, output) === resolve(ctx.io.cwd, workbookPath)) throw new UsageError(`-o and -w name the same file: ${output}`);
    await out.preflightEvaluationWorkbook(ctx.io.cwd, workbookPath, await withDiscoveredRubric(ctx.io.cwd, given));
  }
  if (o.statements !== undefined) await (await import('../pipeline/statements.js')).preflightStatementsDir(ctx.io.cwd, o.statements);
  // `-`: the export from stdin, spooled to a temp file that lives until the workbook has read it again.
  const input = await withStdin(data, ctx.io);
  try {
    await evaluateAndWrite(ctx, { ...request, data: input.data, displayNames: input.displayNames, keepRows: workbookPath !== undefined ? keepRows : 0, ...(policy ? { strict: true } : {}) }, {
      format,
      output,
      workbookPath,
      policy,
      statements: o,
      // the footer's `salesgrade inspect <file>` hint only for files inspect can open again
      inspectable: o.metrics === undefined && !data.includes('-'),
    });
  } finally {
    await input.cleanup();
  }
}

async function evaluateAndWrite(
  ctx: CliContext,
  request: EvaluateRequest,
  {
    format,
    output,
    workbookPath,
    policy,
    statements: o,
    inspectable,
  }: {
    format: (typeof EVALUATE_FORMATS)[number];
    output: string | undefined;
    workbookPath: string | undefined;
    policy: FailPolicy | undefined;
    /** `--statements DIR` and its format and grouping. */
    statements: Pick<EvaluateCliOptions, 'statements' | 'statementsFormat' | 'statementsBy'>;
    inspectable: boolean;
  },
): Promise<void> {
  const g = ctx.globals();
  const [{ runEvaluation }, out] = await Promise.all([import('../pipeline/evaluate.js'), import('../pipeline/evaluate-output.js')]);
  // (--engine duckdb: the renderer loaded while DuckDB runs the query)
  const outcome = await runEvaluation({ ...request, duringQuery: () => out.preloadRenderer(format) });
  const locale = g.locale ?? outcome.rubric.rubric.locale;
  await notePeriod(ctx, outcome, locale);
  const notes = (await import('../../report/cli-notes.js')).cliNotes(locale);
  const ev = outcome.evaluation;
  // Known only now, but still before the report goes out: a workbook too big to build.
  if (workbookPath !== undefined) await out.assertWorkbookSize(ctx.io.cwd, workbookPath, ev);
  const text = await out.renderEvaluation(format, ev, {
    locale,
    color: output === undefined && useColor(ctx),
    width: output === undefined ? reportWidth(ctx.io.stdout) : 100,
    inspectable,
  });
  // The statements before the report: a statement that cannot be written (it would replace an input)
  // ends the run with exit 2 and no report, never a report followed by exit 2.
  if (o.statements !== undefined) {
    const { writeStatements } = await import('../pipeline/statements.js');
    const st = await writeStatements(ev, { cwd: ctx.io.cwd, dir: o.statements, format: o.statementsFormat, by: o.statementsBy, locale, inputs: outcome.inputs });
    ctx.note(notes.wroteStatements({ count: st.files.length, dir: st.dir }));
  }
  await emitPayload(ctx, output, text, outcome.inputs, locale);
  if (workbookPath !== undefined) {
    const written = await out.writeEvaluationWorkbook(ev, {
      cwd: ctx.io.cwd,
      out: workbookPath,
      locale,
      inputs: outcome.inputs,
      ...(outcome.dataSheets ? { dataSheets: outcome.dataSheets } : {}),
    });
    ctx.note(notes.wrote({ file: written }));
  }
  // Any error finding fails the run under --strict / --fail-on / --max-warnings; rows that would feed a
  // KPI but were lost to a data problem are one (kpi-rows-lost is an error then), so the grades it could
  // have changed fail the run.
  const lost = ev.dataLoss ? `; ${ev.dataLoss.rows} row${ev.dataLoss.rows === 1 ? '' : 's'} that would feed a KPI not counted` : '';
  const fail = failReason(policy, countBySeverity(ev.findings), 'data ', lost);
  if (fail) {
    // Not a note: -q silences notes, not the reason the run fails.
    ctx.io.stderr.write(`${fail.line}\n`);
    ctx.setExitCode(ExitCode.Findings);
  }
}

export const registerEvaluate: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('evaluate')
    .description('score every rep against the rubric: KPIs, attainment, score, tier, movement, roll-ups; writes the annotated workbook')
    .argument('[data...]', 'CRM exports (.xlsx, .csv), read as one; - reads one from stdin')
    .option('--metrics <file>', METRICS_HELP)
    .option('--query <file>', QUERY_HELP)
    .addOption(new Option('--engine <engine>', ENGINE_HELP).choices(['js', 'duckdb']).default('js'))
    .option('-r, --rubric <file>', 'rubric file (default: ./salesgrade.yaml, then the single rules/*.yaml)')
    .option('--roster <file>', 'roster file (default: roster.file in the rubric)')
    .option('--period <label>', 'period to evaluate, e.g. 2026-Q3, 2026-07, 2026-W27; another kind than the rubric\'s period is a view: targets converted, no movement (default: the latest holding at least a tenth of the busiest period\'s rows)')
    .option('--as-of <date>', 'evaluate an open period up to this date (YYYY-MM-DD): pacing and projected attainment; rows dated later are not counted')
    .option('--history <files...>', 'earlier results (evaluate -f json) that give the tier history')
    .addOption(new Option('-f, --format <format>', 'report format on stdout (or in the -o file)').choices([...EVALUATE_FORMATS]).default('table'));
  addOutputOption(cmd)
    .option('-w, --workbook [file]', 'write the annotated workbook (.xlsx; default name <first input>.salesgrade.xlsx in the current directory); written by default with -f table and no -o')
    .option('--no-workbook', 'do not write the workbook')
    .option('--data-rows <n>', 'source rows copied into the workbook data sheets, all inputs together (at most a sheet\'s 1,048,575 by default); past it the data sheets are left out', '1048575')
    .option('--statements <dir>', "write each rep's own statement into this folder (their numbers only), with a manifest.json")
    .addOption(new Option('--statements-format <format>', 'statement file format').choices(['xlsx', 'md']).default('xlsx'))
    .addOption(new Option('--statements-by <who>', 'one statement per rep, or per team for its manager').choices(['rep', 'team']).default('rep'));
  addFailOnOptions(
    cmd,
    'the same as --fail-on error: exit 1 when the data has errors, rows that would feed a KPI were lost to a data problem (no rep, bad value, no date), a where value matches no row, a rep differs from a roster name only by case, width or spaces, an amount was written with an exponent, hidden sheet rows or a hidden column were read, or merged cells left roster or target cells empty',
  )
    .option('--weekday-fallback', WEEKDAY_FALLBACK_HELP)
    .addOption(new Option('--encoding <encoding>', 'CSV encoding (default: detected)').choices(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']))
    .addHelpText(
      'after',
      `
Examples:
  $ salesgrade evaluate q3.xlsx -r salesgrade.yaml               report, and q3.salesgrade.xlsx
  $ salesgrade evaluate jul.csv aug.csv sep.csv --period 2026-Q3  several exports read as one
  $ salesgrade evaluate q3.xlsx --as-of 2026-08-15 --no-workbook  pacing inside an open quarter
  $ salesgrade evaluate q3.xlsx -f json > 2026-Q3.json            for payroll / BI (no workbook), and as history:
  $ salesgrade evaluate q4.xlsx --history 2026-Q3.json
  $ salesgrade evaluate q3.xlsx --statements out/ --statements-format md   one statement per rep
  $ salesgrade evaluate q3.xlsx -o ranks.csv -w                   the CSV to a file, and the workbook
  $ salesgrade evaluate --metrics metrics.csv -r salesgrade.yaml  grade a warehouse query's result (salesgrade sql)
  $ psql -c "\\copy (select …) to stdout csv header" | salesgrade evaluate -   the export from stdin

Exit codes: 0 ok · 1 data errors with --strict / --fail-on error (warnings too with --fail-on warning
or past --max-warnings) · 2 usage, rubric or input error`,
    )
    .action((data: string[], o: EvaluateCliOptions, c: Command) => action(ctx, data, o, c));
};
