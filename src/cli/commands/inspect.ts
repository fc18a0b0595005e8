import { Option, type Command } from 'commander';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload } from '../output.js';
import { resolve } from 'node:path';
import type { CliContext, RegisterCommand } from '../context.js';
import { useColor } from '../context.js';
import { warningLine } from '../messages.js';
import { displayPath } from '../pipeline/paths.js';
import type { Rubric } from '../../rubric/schema.js';
import { UsageError } from '../../shared/errors.js';
import { reportWidth } from '../io.js';

interface InspectCliOptions {
  rubric?: string;
  roster?: string;
  format: 'table' | 'json';
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  sheet?: string;
  output?: string;
}

async function action(ctx: CliContext, file: string | undefined, o: InspectCliOptions, cmd: Command): Promise<void> {
  if (file === undefined && o.roster === undefined) {
    throw new UsageError('inspect needs an export, a roster (--roster FILE), or both', 'e.g. salesgrade inspect export.xlsx --roster roster.csv');
  }
  const format = payloadFormat(cmd, ['table', 'json'] as const, o.format, o.output);
  const inputs = [file, o.rubric, o.roster].filter((f): f is string => f !== undefined);
  await preflightPayload(ctx, o.output, inputs);
  const [{ summarizeExport }, report] = await Promise.all([import('../../io/inspect.js'), import('../../report/inspect.js')]);
  let source;
  let rubricName: string | undefined;
  let rosterSpec: { roster: Rubric['roster']; tiers: Rubric['tiers'] } | undefined;
  let money: { currency: string; locale: string; fx: Record<string, number | string> | undefined } | undefined;
  let locale = ctx.globals().locale;
  if (o.rubric !== undefined) {
    const { loadRubric } = await import('../../rubric/load.js');
    const loaded = await loadRubric(o.rubric, { cwd: ctx.io.cwd });
    ctx.rubricLocale(loaded.rubric.locale);
    const { lintMessage } = await import('../../report/lint-messages.js');
    for (const w of loaded.warnings ?? []) ctx.note(warningLine(lintMessage(w, locale ?? loaded.rubric.locale), w.source, w.code));
    source = loaded.rubric.source;
    money = { currency: loaded.rubric.currency, locale: loaded.rubric.locale, fx: loaded.rubric.fx };
    rubricName = `${o.rubric} ("${loaded.rubric.name}")`;
    rosterSpec = { roster: loaded.rubric.roster, tiers: loaded.rubric.tiers };
    locale ??= loaded.rubric.locale;
  }
  let summary;
  if (file !== undefined) {
    const { createProgress } = await import('../progress.js');
    const progress = createProgress(ctx.io, file, { quiet: ctx.globals().quiet });
    const { withStdin } = await import('../stdin.js');
    const input = await withStdin([file], ctx.io);
    try {
      summary = await summarizeExport(resolve(ctx.io.cwd, input.data[0]!), {
        source,
        ...(money ? { money } : {}),
        encoding: o.encoding,
        sheet: o.sheet,
        displayName: input.displayNames[input.data[0]!] ?? file,
        onProgress: (done, total) => progress.update(done, total),
        ...(rubricName !== undefined ? { rubricName } : {}),
      });
    } finally {
      progress.finish();
      await input.cleanup();
    }
  }
  let roster;
  if (o.roster !== undefined) {
    const { inspectRoster } = await import('../../io/roster.js');
    const abs = resolve(ctx.io.cwd, o.roster);
    // the rubric's roster.sheet / roster.fields and tiers when -r is given; else the built-in aliases
    roster = await inspectRoster(abs, rosterSpec?.roster, rosterSpec?.tiers, displayPath(ctx.io.cwd, abs));
    if (rubricName !== undefined) roster.rubric = rubricName;
  }
  const renderOptions = {
    color: o.output === undefined && useColor(ctx),
    ...(locale ? { locale } : {}),
    width: reportWidth(ctx.io.stdout),
  };
  const text =
    format === 'json'
      ? report.renderInspectJson(summary, roster)
      : [summary && report.renderInspectTable(summary, renderOptions), roster && report.renderRosterTable(roster, renderOptions)].filter(Boolean).join('\n');
  await emitPayload(ctx, o.output, text, inputs);
  ctx.setExitCode(0);
}

export const registerInspect: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('inspect')
    .description('show what salesgrade reads in an export (and a roster): sheets, header row, column → field mapping, types, date ranges, row counts and data findings')
    .argument('[file]', 'a CRM export: .xlsx, .csv/.tsv (UTF-8, UTF-16, GB18030), or an HTML table saved as .xls; - reads it from stdin')
    .option('-r, --rubric <file>', "map columns by this rubric's source.fields and roster.fields (default: the built-in header aliases)")
    .option('--roster <file>', 'also (or only) show how a roster file is read: which columns became rep, team, region, manager…, lines read, problems')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'));
  addOutputOption(cmd)
    .addOption(new Option('--encoding <encoding>', 'force the text encoding of a CSV').choices(['utf-8', 'utf-16le', 'utf-16be', 'gb18030']))
    .option('--sheet <name>', 'read this sheet (hidden sheets too) instead of the first matching one')
    .addHelpText(
      'after',
      `
Examples:
  $ salesgrade inspect export.xlsx                  columns, types and findings with the built-in aliases
  $ salesgrade inspect q3.csv -r salesgrade.yaml    the same, mapped by a rubric's source.fields
  $ salesgrade inspect q3.xlsx --sheet 商机明细 -f json
  $ salesgrade inspect wps-export.csv --encoding gb18030
  $ salesgrade inspect q3.xlsx --roster roster.csv  the export, then the roster's column mapping
  $ salesgrade inspect --roster roster.xlsx -r salesgrade.yaml   the roster alone, by the rubric's roster.fields

The file is only read, never modified. Exit code 0 when the file could be read (findings or not),
2 when it cannot (wrong format, encoding, no header, unsafe zip).`,
    )
    .action(async (file: string | undefined, o: InspectCliOptions, c: Command) => action(ctx, file, o, c));
};
