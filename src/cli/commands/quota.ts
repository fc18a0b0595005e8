import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { CliContext, RegisterCommand } from '../context.js';
import { warningLine } from '../messages.js';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload, withDiscoveredRubric } from '../output.js';
import { useColor } from '../context.js';
import { UsageError } from '../../shared/errors.js';
import { WEEKDAY_FALLBACK_HELP } from './evaluation-input.js';

interface QuotaCliOptions {
  rubric?: string;
  roster?: string;
  year?: string;
  by: 'week' | 'month' | 'quarter';
  output?: string;
  /** `-w FILE`, `-w` (quotas.xlsx), `--no-workbook`, or not given (none). */
  workbook?: string | boolean;
  format: 'table' | 'json' | 'csv';
  history?: string;
  weekdayFallback?: boolean;
}

const QUOTA_FORMATS = ['table', 'json', 'csv'] as const;

async function action(ctx: CliContext, o: QuotaCliOptions, cmd: Command): Promise<void> {
  let year: number | undefined;
  if (o.year !== undefined) {
    if (!/^\d{4}$/.test(o.year)) throw new UsageError(`--year expects a year like 2026, got "${o.year}"`);
    year = Number(o.year);
  }
  let output = o.output;
  let workbook = o.workbook;
  if (output !== undefined && /\.xlsx$/i.test(output)) {
    // -o used to name the workbook: still read so for a .xlsx name, with a warning, until scripts move to -w.
    if (workbook !== undefined) throw new UsageError(`-o ${output} and ${workbook === false ? '--no-workbook' : '-w'} contradict each other`, 'the workbook is -w FILE.xlsx; -o writes the -f payload');
    ctx.note(warningLine('-o FILE.xlsx is read as -w FILE.xlsx for now: the workbook\'s flag is -w, and -o writes the -f payload', `-o ${output}`));
    workbook = output;
    output = undefined;
  }
  const format = payloadFormat(cmd, QUOTA_FORMATS, o.format, output);
  const workbookPath = workbook === true ? 'quotas.xlsx' : typeof workbook === 'string' ? workbook : undefined;
  if (workbookPath !== undefined && !/\.xlsx$/i.test(workbookPath)) throw new UsageError(`-w ${workbookPath}: the workbook is an .xlsx file`, `use -o ${workbookPath} for the ${format} payload`);
  const g = ctx.globals();
  // Checked before the rubric and roster are read: never a run that fails only at the end.
  const given = [o.rubric, o.roster, o.history];
  await preflightPayload(ctx, output, given);
  if (workbookPath !== undefined) {
    if (output !== undefined && resolve(ctx.io.cwd, output) === resolve(ctx.io.cwd, workbookPath)) throw new UsageError(`-o and -w name the same file: ${output}`);
    const { preflightWorkbook } = await import('../../io/xlsx-write.js');
    await preflightWorkbook(resolve(ctx.io.cwd, workbookPath), await withDiscoveredRubric(ctx.io.cwd, given), workbookPath);
  }
  const { runQuota } = await import('../pipeline/quota.js');
  const outcome = await runQuota({
    io: ctx.io,
    ...(o.rubric !== undefined ? { rubric: o.rubric } : {}),
    ...(o.roster !== undefined ? { roster: o.roster } : {}),
    ...(year !== undefined ? { year } : {}),
    ...(o.history !== undefined ? { history: o.history } : {}),
    ...(o.weekdayFallback ? { weekdayFallback: true } : {}),
    by: o.by,
    ...(g.locale ? { locale: g.locale } : {}),
    note: ctx.note,
    rubricLocale: ctx.rubricLocale,
  });
  const { plan } = outcome;
  const locale = g.locale ?? outcome.rubric.rubric.locale;
  const { cliNotes } = await import('../../report/cli-notes.js');
  const notes = cliNotes(locale);
  if (outcome.yearDefaulted) ctx.note(notes.yearCurrent({ year: plan.label }));
  const currency = outcome.rubric.rubric.currency;
  const { tierLabel } = await import('../../rubric/schema.js');
  const tierLabels = Object.fromEntries(outcome.rubric.rubric.tiers.map((t) => [t.id, tierLabel(t, locale)]));
  const { renderQuota, writeQuotaWorkbook } = await import('../pipeline/quota-output.js');
  const text = await renderQuota(format, plan, {
    locale,
    currency,
    color: output === undefined && useColor(ctx),
    tierLabels,
    meta: outcome,
  });
  await emitPayload(ctx, output, text, outcome.inputs, locale);
  if (workbookPath !== undefined) {
    const written = await writeQuotaWorkbook(plan, { cwd: ctx.io.cwd, out: workbookPath, locale, currency, inputs: outcome.inputs, rubricName: outcome.rubric.rubric.name, tierLabels });
    ctx.note(notes.wrote({ file: written }));
  }
}

export const registerQuota: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('quota')
    .description("split the rubric's annual target down the hierarchy (company → region → team → rep) and across time, exactly")
    .option('-r, --rubric <file>', 'rubric file (default: ./salesgrade.yaml, then the single rules/*.yaml)')
    .option('--roster <file>', 'roster (.xlsx/.csv); default: roster.file in the rubric')
    .option('--year <year>', 'the (fiscal) year to plan; default: the current one')
    .addOption(new Option('--by <period>', 'period columns').choices(['week', 'month', 'quarter']).default('month'))
    .addOption(new Option('-f, --format <format>', 'payload format on stdout (or in the -o file)').choices([...QUOTA_FORMATS]).default('table'));
  addOutputOption(cmd)
    .option('-w, --workbook [file]', 'also write the plan as a workbook (.xlsx, default name quotas.xlsx): one sheet per level, periods as columns')
    .option('--no-workbook', 'no workbook (the default)')
    .option('--history <file>', "last year's actuals (rep, month, one column per metric) for split.by / seasonality from history")
    .option('--weekday-fallback', WEEKDAY_FALLBACK_HELP)
    .addHelpText(
      'after',
      `
Examples:
  $ salesgrade quota --year 2026                         the plan by month on the terminal
  $ salesgrade quota --year 2026 --by week -w quotas.xlsx   ISO weeks, and the workbook
  $ salesgrade quota --year 2026 -o quotas.csv          long format (the same as -f csv > quotas.csv): entity, level, period, start, end, working_days, quota
  $ salesgrade quota --history last-year.xlsx            split and seasonality from last year's actuals

Every level sums exactly to its parent (largest remainder to quota.rounding); see README "Quota".`,
    )
    .action(async (o: QuotaCliOptions, c: Command) => action(ctx, o, c));
};
