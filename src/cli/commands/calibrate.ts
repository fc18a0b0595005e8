import { Option, type Command } from 'commander';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload } from '../output.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { UsageError } from '../../shared/errors.js';
import { ENGINE_HELP, evaluationRequest, withEarlyDuckDb, type EvaluationInputOptions } from './evaluation-input.js';

interface CalibrateCliOptions extends Omit<EvaluationInputOptions, 'rubric' | 'period'> {
  distribution: string;
  period: string[];
  periods?: string;
  write?: boolean;
  format: 'table' | 'json';
  output?: string;
}

async function action(ctx: CliContext, rubric: string, data: string[], o: CalibrateCliOptions, cmd: Command): Promise<void> {
  const format = payloadFormat(cmd, ['table', 'json'] as const, o.format, o.output);
  if (data.length === 0) throw new UsageError('calibrate needs the data to grade: salesgrade calibrate <rubric> <data...> --distribution …');
  const { period: _period, ...rest } = o;
  const [{ renderCalibrationTable, renderCalibrationJson }, report] = await withEarlyDuckDb(ctx, evaluationRequest(ctx, data, rest), async (request) => {
    // --engine duckdb: opened as the run starts, as evaluate does (withEarlyDuckDb).
    await preflightPayload(ctx, o.output, [rubric, ...data, o.roster, ...(o.history ?? [])]);
    const [{ runCalibrate }, render] = await Promise.all([import('../pipeline/calibrate.js'), import('../../report/calibrate-report.js')]);
    const done = await runCalibrate({
      ...request,
      rubric,
      distribution: o.distribution,
      periods: o.period,
      ...(o.periods !== undefined ? { range: o.periods } : {}),
      write: Boolean(o.write),
    });
    return [render, done] as const;
  });
  const notes = (await import('../../report/cli-notes.js')).cliNotes(ctx.globals().locale);
  if (!o.period.length && o.periods === undefined) ctx.note(notes.periodsLatest({ period: report.periods[0]! }));
  await emitPayload(ctx, o.output, format === 'json' ? renderCalibrationJson(report) : renderCalibrationTable(report), [rubric, ...data]);
  if (report.wrote) ctx.note(notes.wroteThresholds(report.wrote));
}

export const registerCalibrate: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('calibrate')
    .description('tier min_score thresholds that give a wanted tier distribution on the data (or the closest achievable)')
    .argument('<rubric>', 'the rubric file')
    .argument('<data...>', 'CRM exports (.xlsx, .csv), read once')
    .requiredOption('--distribution <shares>', 'wanted shares in percent by tier id or label, e.g. senior=20,intermediate=60,junior=20')
    .option('--period <label>', 'a period to pool (repeat for several; default: the latest in the data)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--periods <first..last>', 'pool every period of a range, e.g. 2026-Q1..2026-Q3')
    .option('--write', 'write the suggested thresholds into the rubric file (only the min_score values change)')
    .option('--roster <file>', 'roster file (default: roster.file in the rubric)')
    .addOption(new Option('--engine <engine>', ENGINE_HELP).choices(['js', 'duckdb']).default('js'))
    .option('--history <files...>', 'earlier results (evaluate -f json) that give the tier history')
    .addOption(new Option('-f, --format <format>', 'report format on stdout (or in the -o file)').choices(['table', 'json']).default('table'));
  addOutputOption(cmd)
    .addOption(new Option('--encoding <encoding>', 'CSV encoding (default: detected)').choices(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']))
    .addHelpText(
      'after',
      `
The counts are of the tier the score and gates qualify for (highest first: score ≥ min_score and every
gate passes), before the movement rules. Equal scores never straddle a boundary; thresholds are rounded
to the rubric's precision, strictly descending, and the lowest tier keeps its min_score.

Examples:
  $ salesgrade calibrate rules/x.yaml q3.xlsx --distribution senior=20,intermediate=60,junior=20
  $ salesgrade calibrate rules/x.yaml fy.xlsx --distribution 高级=15,中级=60,初级=25 --periods 2026-Q1..2026-Q3
  $ salesgrade calibrate rules/x.yaml q3.xlsx --distribution senior=20,intermediate=60,junior=20 --write

Exit codes: 0 ok · 2 usage, rubric or input error (and --write on a file whose tiers live in its base)`,
    )
    .action((rubric: string, data: string[], o: CalibrateCliOptions, c: Command) => action(ctx, rubric, data, o, c));
};
