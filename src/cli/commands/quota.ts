import { Option } from 'commander';
import type { CliContext, RegisterCommand } from '../context.js';
import { useColor } from '../context.js';
import { UsageError } from '../../shared/errors.js';
import { WEEKDAY_FALLBACK_HELP } from './evaluation-input.js';

interface QuotaCliOptions {
  rubric?: string;
  roster?: string;
  year?: string;
  by: 'week' | 'month' | 'quarter';
  output?: string;
  format: 'table' | 'json' | 'csv';
  history?: string;
  weekdayFallback?: boolean;
}

async function action(ctx: CliContext, o: QuotaCliOptions): Promise<void> {
  let year: number | undefined;
  if (o.year !== undefined) {
    if (!/^\d{4}$/.test(o.year)) throw new UsageError(`--year expects a year like 2026, got "${o.year}"`);
    year = Number(o.year);
  }
  if (o.output !== undefined && !/\.xlsx$/i.test(o.output)) {
    throw new UsageError(`-o writes a workbook and needs a .xlsx name, got "${o.output}"`, 'for CSV or JSON use -f csv / -f json and redirect stdout');
  }
  const g = ctx.globals();
  if (o.output !== undefined) {
    // Checked before the rubric and roster are read: never a run that fails only at the end.
    const [{ preflightWorkbook }, { resolve }] = await Promise.all([import('../../io/xlsx-write.js'), import('node:path')]);
    const cwd = ctx.io.cwd;
    await preflightWorkbook(resolve(cwd, o.output), [o.rubric, o.roster, o.history].filter((p): p is string => p !== undefined).map((p) => resolve(cwd, p)), o.output);
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
  });
  const { plan } = outcome;
  if (outcome.yearDefaulted) ctx.note(`year ${plan.label}: the current one (choose another with --year)`);
  const locale = g.locale ?? outcome.rubric.rubric.locale;
  const currency = outcome.rubric.rubric.currency;
  const { tierLabel } = await import('../../rubric/schema.js');
  const tierLabels = Object.fromEntries(outcome.rubric.rubric.tiers.map((t) => [t.id, tierLabel(t, locale)]));
  const { renderQuota, writeQuotaWorkbook } = await import('../pipeline/quota-output.js');
  ctx.io.stdout.write(
    await renderQuota(o.format, plan, {
      locale,
      currency,
      color: useColor(ctx),
      tierLabels,
      meta: outcome,
    }),
  );
  if (o.output !== undefined) {
    const written = await writeQuotaWorkbook(plan, { cwd: ctx.io.cwd, out: o.output, locale, currency, inputs: outcome.inputs, rubricName: outcome.rubric.rubric.name, tierLabels });
    ctx.note(`wrote ${written}`);
  }
}

export const registerQuota: RegisterCommand = (program, ctx) => {
  program
    .command('quota')
    .description("split the rubric's annual target down the hierarchy (company → region → team → rep) and across time, exactly")
    .option('-r, --rubric <file>', 'rubric file (default: ./salesgrade.yaml, then the single rules/*.yaml)')
    .option('--roster <file>', 'roster (.xlsx/.csv); default: roster.file in the rubric')
    .option('--year <year>', 'the (fiscal) year to plan; default: the current one')
    .addOption(new Option('--by <period>', 'period columns').choices(['week', 'month', 'quarter']).default('month'))
    .option('-o, --output <file.xlsx>', 'also write the plan as a workbook: one sheet per level, periods as columns')
    .addOption(new Option('-f, --format <format>', 'stdout format').choices(['table', 'json', 'csv']).default('table'))
    .option('--history <file>', "last year's actuals (rep, month, one column per metric) for split.by / seasonality from history")
    .option('--weekday-fallback', WEEKDAY_FALLBACK_HELP)
    .addHelpText(
      'after',
      `
Examples:
  $ salesgrade quota --year 2026                         the plan by month on the terminal
  $ salesgrade quota --year 2026 --by week -o quotas.xlsx   ISO weeks, and the workbook
  $ salesgrade quota --year 2026 -f csv > quotas.csv     long format: entity, level, period, start, end, working_days, quota
  $ salesgrade quota --history last-year.xlsx            split and seasonality from last year's actuals

Every level sums exactly to its parent (largest remainder to quota.rounding); see README "Quota".`,
    )
    .action(async (o: QuotaCliOptions) => action(ctx, o));
};
