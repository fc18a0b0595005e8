import { Option } from 'commander';
import type { CliContext, RegisterCommand } from '../context.js';
import { useColor } from '../context.js';
import { countBySeverity } from '../../shared/diagnostic.js';
import { ExitCode, UsageError } from '../../shared/errors.js';
import { evaluationRequest, notePeriod, WEEKDAY_FALLBACK_HELP, type EvaluationInputOptions } from './evaluation-input.js';

export interface EvaluateCliOptions extends EvaluationInputOptions {
  format: 'table' | 'json' | 'csv' | 'md';
  output?: string;
  workbook: boolean;
  dataRows: string;
  strict?: boolean;
}

async function action(ctx: CliContext, data: string[], o: EvaluateCliOptions): Promise<void> {
  // -o names the workbook, never the report: a report path would get an XLSX zip under its name
  if (o.output !== undefined && !/\.xlsx$/i.test(o.output)) {
    throw new UsageError(`-o ${o.output}: the workbook is an .xlsx file; to save the ${o.format} report use shell redirection (> ${o.output})`);
  }
  const keepRows = Number(o.dataRows);
  if (!Number.isInteger(keepRows) || keepRows < 0) throw new UsageError(`--data-rows expects a whole number ≥ 0, got "${o.dataRows}"`);
  const request = evaluationRequest(ctx, data, o);
  const g = ctx.globals();
  const [{ runEvaluation }, output] = await Promise.all([import('../pipeline/evaluate.js'), import('../pipeline/evaluate-output.js')]);
  const out = o.output ?? output.defaultWorkbookPath(ctx.io.cwd, data[0]!);
  // Where the workbook goes is checked before anything is read: never a long run that fails at the end.
  if (o.workbook) await output.preflightEvaluationWorkbook(ctx.io.cwd, out, [...data, ...(o.rubric ? [o.rubric] : []), ...(o.roster ? [o.roster] : []), ...(o.history ?? [])]);
  const outcome = await runEvaluation({ ...request, keepRows: o.workbook ? keepRows : 0, ...(o.strict ? { strict: true } : {}) });
  notePeriod(ctx, outcome);
  const ev = outcome.evaluation;
  // Known only now, but still before the report goes out: a workbook too big to build.
  if (o.workbook) await output.assertWorkbookSize(ctx.io.cwd, out, ev);
  const locale = g.locale ?? outcome.rubric.rubric.locale;
  const text = await output.renderEvaluation(o.format, ev, {
    locale,
    color: useColor(ctx),
    width: Math.min(ctx.io.stdout.isTTY ? (ctx.io.stdout.columns ?? 100) : 100, 100),
  });
  if (typeof text === 'string') ctx.io.stdout.write(text);
  else {
    // Pieces joined up to ~1 MB a write: few system calls, no string near V8's limit.
    let buffered: string[] = [];
    let size = 0;
    for (const piece of text) {
      buffered.push(piece);
      size += piece.length;
      if (size >= 1 << 20) {
        ctx.io.stdout.write(buffered.join(''));
        buffered = [];
        size = 0;
      }
    }
    if (buffered.length) ctx.io.stdout.write(buffered.join(''));
  }
  if (o.workbook) {
    const written = await output.writeEvaluationWorkbook(ev, {
      cwd: ctx.io.cwd,
      out,
      locale,
      inputs: outcome.inputs,
      ...(outcome.dataSheets ? { dataSheets: outcome.dataSheets } : {}),
    });
    ctx.note(`wrote ${written}`);
  }
  // --strict fails on any error finding; rows that would feed a KPI but were lost to a data problem
  // are one (kpi-rows-lost is an error under --strict), so the grades it could have changed fail the run.
  const errors = countBySeverity(ev.findings).error;
  if (o.strict && errors > 0) {
    const lost = ev.dataLoss ? `; ${ev.dataLoss.rows} row${ev.dataLoss.rows === 1 ? '' : 's'} that would feed a KPI not counted` : '';
    // Not a note: -q silences notes, not the reason the run fails.
    ctx.io.stderr.write(`--strict: ${errors} data error${errors === 1 ? '' : 's'} found${lost}\n`);
    ctx.setExitCode(ExitCode.Findings);
  }
}

export const registerEvaluate: RegisterCommand = (program, ctx) => {
  program
    .command('evaluate')
    .description('score every rep against the rubric: KPIs, attainment, score, tier, movement, roll-ups; writes the annotated workbook')
    .argument('<data...>', 'CRM exports (.xlsx, .csv), read as one')
    .option('-r, --rubric <file>', 'rubric file (default: ./salesgrade.yaml, then the single rules/*.yaml)')
    .option('--roster <file>', 'roster file (default: roster.file in the rubric)')
    .option('--period <label>', 'period to evaluate, e.g. 2026-Q3, 2026-07, 2026-W27 (default: the latest holding at least a tenth of the busiest period\'s rows)')
    .option('--as-of <date>', 'evaluate an open period up to this date (YYYY-MM-DD): pacing and projected attainment; rows dated later are not counted')
    .option('--history <files...>', 'earlier results (evaluate -f json) that give the tier history')
    .addOption(new Option('-f, --format <format>', 'report format on stdout').choices(['table', 'json', 'csv', 'md']).default('table'))
    .option('-o, --output <file>', 'workbook path, ending in .xlsx (default: <first input>.salesgrade.xlsx in the current directory); the report goes to stdout')
    .option('--no-workbook', 'do not write the workbook')
    .option('--data-rows <n>', 'source rows copied into the workbook data sheets, all inputs together (at most a sheet\'s 1,048,575 by default); past it the data sheets are left out', '1048575')
    .option('--strict', 'exit 1 when the data has errors, rows that would feed a KPI were lost to a data problem (no rep, bad value, no date), a where value matches no row, or a rep differs from a roster name only by case, width or spaces')
    .option('--weekday-fallback', WEEKDAY_FALLBACK_HELP)
    .addOption(new Option('--encoding <encoding>', 'CSV encoding (default: detected)').choices(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']))
    .addHelpText(
      'after',
      `
Examples:
  $ salesgrade evaluate q3.xlsx -r salesgrade.yaml               report, and q3.salesgrade.xlsx
  $ salesgrade evaluate jul.csv aug.csv sep.csv --period 2026-Q3  several exports read as one
  $ salesgrade evaluate q3.xlsx --as-of 2026-08-15 --no-workbook  pacing inside an open quarter
  $ salesgrade evaluate q3.xlsx -f json > 2026-Q3.json            for payroll / BI, and as history:
  $ salesgrade evaluate q4.xlsx --history 2026-Q3.json

Exit codes: 0 ok · 1 data errors with --strict · 2 usage, rubric or input error`,
    )
    .action((data: string[], o: EvaluateCliOptions) => action(ctx, data, o));
};
