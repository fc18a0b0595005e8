import { Option, type Command } from 'commander';
import { withStdin } from '../stdin.js';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload } from '../output.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { useColor } from '../context.js';
import { SalesgradeError, templatedError, UsageError } from '../../shared/errors.js';
import { evaluationRequest, ENGINE_HELP, METRICS_HELP, notePeriod, QUERY_HELP, WEEKDAY_FALLBACK_HELP, withEarlyDuckDb, type EvaluationInputOptions } from './evaluation-input.js';

interface ExplainCliOptions extends EvaluationInputOptions {
  rep?: string;
  team?: string;
  region?: string;
  output?: string;
  rows: string;
}

async function action(ctx: CliContext, data: string[], o: ExplainCliOptions, cmd: Command): Promise<void> {
  payloadFormat(cmd, ['table'] as const, 'table', o.output);
  const sampleRows = Number(o.rows);
  if (!Number.isInteger(sampleRows) || sampleRows < 0) throw new UsageError(`--rows expects a whole number ≥ 0, got "${o.rows}"`);
  const who = [o.rep !== undefined ? '--rep' : '', o.team !== undefined ? '--team' : '', o.region !== undefined ? '--region' : ''].filter(Boolean);
  if (who.length !== 1) {
    throw new UsageError(who.length === 0 ? 'explain needs --rep NAME, --team NAME or --region NAME' : `explain takes one of ${who.join(', ')}, not ${who.length}`);
  }
  // --engine duckdb: opened as the run starts, as evaluate does (withEarlyDuckDb).
  await withEarlyDuckDb(ctx, evaluationRequest(ctx, data, o), (request) => explainWith(ctx, data, o, request));
}

async function explainWith(ctx: CliContext, data: string[], o: ExplainCliOptions, request: ReturnType<typeof evaluationRequest>): Promise<void> {
  const sampleRows = Number(o.rows);
  if (o.metrics !== undefined) ctx.note(`note: ${o.metrics} is a MetricTable: the trace shows each metric's value from the query's parts, without source rows`);
  await preflightPayload(ctx, o.output, [...data, o.metrics, o.query, o.rubric, o.roster, ...(o.history ?? [])]);
  const g = ctx.globals();
  const [{ runEvaluation }, { findRep, renderExplain }, { findGroup, renderGroupExplain }] = await Promise.all([
    import('../pipeline/evaluate.js'),
    import('../../report/explain.js'),
    import('../../report/explain-group.js'),
  ]);
  const input = await withStdin(data, ctx.io);
  let outcome;
  try {
    outcome = await runEvaluation({ ...request, data: input.data, displayNames: input.displayNames, keepRows: 0, sampleRows });
  } finally {
    await input.cleanup();
  }
  const ev = outcome.evaluation;
  const locale = g.locale ?? outcome.rubric.rubric.locale;
  await notePeriod(ctx, outcome, locale);
  if (o.rep === undefined) {
    const level = o.team !== undefined ? 'team' : 'region';
    const name = (o.team ?? o.region)!;
    const { group, suggestions } = findGroup(ev, level, name);
    if (!group) {
      const names = (level === 'team' ? ev.teams : ev.regions).map((x) => x.name).sort();
      throw new SalesgradeError('usage', `no ${level} "${name}" in ${ev.period.label}`, {
        hint: suggestions.length ? `did you mean: ${suggestions.join(', ')}` : `${level}s: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, … (${names.length})` : ''}`,
      });
    }
    await emitPayload(ctx, o.output, renderGroupExplain(ev, group, { color: o.output === undefined && useColor(ctx), locale }), outcome.inputs, locale);
    return;
  }
  const { rep, suggestions } = findRep(ev, o.rep);
  if (!rep) {
    const names = ev.reps.map((r) => r.rep).sort();
    const params = { rep: o.rep, period: ev.period.label };
    throw suggestions.length
      ? templatedError('usage', 'explain-no-rep-suggest', { ...params, suggestions })
      : templatedError('usage', 'explain-no-rep', { ...params, reps: [...names.slice(0, 10), ...(names.length > 10 ? [`… (${names.length})`] : [])] });
  }
  await emitPayload(ctx, o.output, renderExplain(ev, rep, { color: o.output === undefined && useColor(ctx), locale }), outcome.inputs, locale);
}

export const registerExplain: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('explain')
    .description("every step behind one rep's numbers, with the source rows (sheet!row); or a team's or region's grade down to its members")
    .argument('[data...]', 'CRM exports (.xlsx, .csv), read as one; - reads one from stdin')
    .option('--metrics <file>', METRICS_HELP)
    .option('--query <file>', QUERY_HELP)
    .addOption(new Option('--engine <engine>', ENGINE_HELP).choices(['js', 'duckdb']).default('js'))
    .option('--rep <name>', 'the rep to explain')
    .option('--team <name>', "a team: its manager's grade, the level KPIs and each member's share")
    .option('--region <name>', 'a region, as --team')
    .option('-r, --rubric <file>', 'rubric file (default: ./salesgrade.yaml, then the single rules/*.yaml)')
    .option('--roster <file>', 'roster file (default: roster.file in the rubric)')
    .option('--period <label>', 'period, e.g. 2026-Q3; another kind than the rubric\'s period (2026, 2026-07) is a view (default: the latest in the data)')
    .option('--as-of <date>', 'evaluate an open period up to this date (YYYY-MM-DD)')
    .option('--history <files...>', 'earlier results (evaluate -f json) that give the tier history')
    .option('--rows <n>', 'source rows listed per metric', '5');
  addOutputOption(cmd)
    .option('--weekday-fallback', WEEKDAY_FALLBACK_HELP)
    .addOption(new Option('--encoding <encoding>', 'CSV encoding (default: detected)').choices(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']))
    .addHelpText(
      'after',
      `
Examples:
  $ salesgrade explain q3.xlsx --rep 张三 -r salesgrade.yaml
  $ salesgrade explain q3.xlsx --rep "Alice Chen" --rows 20 --period 2026-Q2
  $ salesgrade explain q3.xlsx --team 上海一组          the manager's grade down to the members`,
    )
    .action((data: string[], o: ExplainCliOptions, c: Command) => action(ctx, data, o, c));
};
