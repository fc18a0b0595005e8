import { Option, type Command } from 'commander';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload } from '../output.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { ExitCode, UsageError } from '../../shared/errors.js';
import { ENGINE_HELP, evaluationRequest, withEarlyDuckDb, type EvaluationInputOptions } from './evaluation-input.js';
import { reportWidth } from '../io.js';

export const DIFF_FORMATS = ['table', 'json', 'md', 'github'] as const;

interface DiffCliOptions extends Omit<EvaluationInputOptions, 'rubric'> {
  format: (typeof DIFF_FORMATS)[number];
  top: string;
  output?: string;
  failOnTierChange?: boolean;
}

async function action(ctx: CliContext, before: string, after: string, data: string[], o: DiffCliOptions, cmd: Command): Promise<void> {
  const format = payloadFormat(cmd, DIFF_FORMATS, o.format, o.output);
  const top = Number(o.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top expects a whole number ≥ 0, got "${o.top}"`);
  if (data.length === 0) throw new UsageError('diff needs the data to grade: salesgrade diff <old-rubric> <new-rubric> <data...>');
  // --engine duckdb: opened as the run starts, as evaluate does (withEarlyDuckDb).
  const { report, after: out } = await withEarlyDuckDb(ctx, evaluationRequest(ctx, data, o), async (request) => {
    // rev:path names no file here; a plain path is an input.
    await preflightPayload(ctx, o.output, [...data, before, after, o.roster, ...(o.history ?? [])]);
    const { runDiff } = await import('../pipeline/diff.js');
    return runDiff({ ...request, before, after, top });
  });
  if (out.periodDefaulted) ctx.note((await import('../../report/cli-notes.js')).cliNotes(ctx.globals().locale).periodLatest({ period: report.period }));
  let text: string;
  switch (format) {
    case 'json':
      text = (await import('../../report/diff-json.js')).renderDiffJson(report);
      break;
    case 'md':
      text = (await import('../../report/diff-md.js')).renderDiffMarkdown(report);
      break;
    case 'github':
      text = (await import('../../report/diff-github.js')).renderDiffGithub(report);
      break;
    case 'table':
      text = (await import('../../report/diff-table.js')).renderDiffTable(report, {
        width: o.output !== undefined ? 100 : reportWidth(ctx.io.stdout),
      });
      break;
  }
  await emitPayload(ctx, o.output, text, [...data, before, after]);
  const changed = report.diff.tierChanges.length;
  if (o.failOnTierChange && changed > 0) {
    // Not a note: -q silences notes, not the reason the run fails.
    ctx.io.stderr.write(`salesgrade: --fail-on-tier-change: ${changed} rep${changed === 1 ? '' : 's'} change tier\n`);
    ctx.setExitCode(ExitCode.Findings);
  }
}

export const registerDiff: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('diff')
    .description('what a rubric change does to people: rubric changes, tier changes, score movers, distributions before and after')
    .argument('<old-rubric>', 'the rubric before: a file, or a git revision of one (HEAD~1:rules/x.yaml, main:rules/x.yaml)')
    .argument('<new-rubric>', 'the rubric after: a file, or a git revision of one')
    .argument('<data...>', 'CRM exports (.xlsx, .csv), read once and graded under both rubrics')
    .option('--roster <file>', 'roster file for both sides (default: roster.file in each rubric)')
    .addOption(new Option('--engine <engine>', ENGINE_HELP).choices(['js', 'duckdb']).default('js'))
    .option('--period <label>', 'period to compare, e.g. 2026-Q3 (default: the latest in the data)')
    .option('--as-of <date>', 'compare an open period up to this date (YYYY-MM-DD)')
    .option('--history <files...>', 'earlier results (evaluate -f json): the same tier history for both sides')
    .addOption(new Option('-f, --format <format>', 'report format on stdout (or in the -o file)').choices([...DIFF_FORMATS]).default('table'));
  addOutputOption(cmd)
    .option('--top <n>', 'score movers listed (the count is always given)', '10')
    .option('--fail-on-tier-change', 'exit 1 when any rep changes tier (a human signs off on people-affecting changes)')
    .addOption(new Option('--encoding <encoding>', 'CSV encoding (default: detected)').choices(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']))
    .addHelpText(
      'after',
      `
A git revision is read with git show, and what the rubric extends is read at the same revision;
rev:path is relative to the repository root (./path: to the current directory). Roster, calendar and
target files named in the rubric are read from the working tree for both sides.

Examples:
  $ salesgrade diff HEAD~1:rules/x.yaml rules/x.yaml q3.xlsx          this commit's change, on q3
  $ salesgrade diff main:rules/x.yaml rules/x.yaml q3.xlsx -f md      a pull-request comment
  $ salesgrade diff old.yaml new.yaml q3.xlsx --fail-on-tier-change   CI: sign-off when tiers move
  $ salesgrade diff a.yaml b.yaml q4.xlsx --history 2026-Q3.json      the same history on both sides

Exit codes: 0 ok · 1 a tier changes with --fail-on-tier-change · 2 usage, rubric, git or input error`,
    )
    .action((before: string, after: string, data: string[], o: DiffCliOptions, c: Command) => action(ctx, before, after, data, o, c));
};
