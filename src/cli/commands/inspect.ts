import { Option, type Command } from 'commander';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload } from '../output.js';
import { resolve } from 'node:path';
import type { CliContext, RegisterCommand } from '../context.js';
import { useColor } from '../context.js';
import { warningLine } from '../messages.js';
import { reportWidth } from '../io.js';

interface InspectCliOptions {
  rubric?: string;
  format: 'table' | 'json';
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  sheet?: string;
  output?: string;
}

async function action(ctx: CliContext, file: string, o: InspectCliOptions, cmd: Command): Promise<void> {
  const format = payloadFormat(cmd, ['table', 'json'] as const, o.format, o.output);
  await preflightPayload(ctx, o.output, [file, o.rubric]);
  const [{ summarizeExport }, report] = await Promise.all([import('../../io/inspect.js'), import('../../report/inspect.js')]);
  let source;
  let rubricName: string | undefined;
  let money: { currency: string; locale: string; fx: Record<string, number | string> | undefined } | undefined;
  let locale = ctx.globals().locale;
  if (o.rubric !== undefined) {
    const { loadRubric } = await import('../../rubric/load.js');
    const loaded = await loadRubric(o.rubric, { cwd: ctx.io.cwd });
    for (const w of loaded.warnings ?? []) ctx.note(warningLine(w.message, w.source, w.code));
    source = loaded.rubric.source;
    money = { currency: loaded.rubric.currency, locale: loaded.rubric.locale, fx: loaded.rubric.fx };
    rubricName = `${o.rubric} ("${loaded.rubric.name}")`;
    locale ??= loaded.rubric.locale;
  }
  const { createProgress } = await import('../progress.js');
  const progress = createProgress(ctx.io, file, { quiet: ctx.globals().quiet });
  let summary;
  const { withStdin } = await import('../stdin.js');
  const input = await withStdin([file]);
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
  const text =
    format === 'json'
      ? report.renderInspectJson(summary)
      : report.renderInspectTable(summary, {
          color: o.output === undefined && useColor(ctx),
          ...(locale ? { locale } : {}),
          width: reportWidth(ctx.io.stdout),
        });
  await emitPayload(ctx, o.output, text, [file, ...(o.rubric !== undefined ? [o.rubric] : [])]);
  ctx.setExitCode(0);
}

export const registerInspect: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('inspect')
    .description('show what salesgrade reads in an export: sheets, header row, column → field mapping, types, date ranges, row counts and data findings')
    .argument('<file>', 'a CRM export: .xlsx, .csv/.tsv (UTF-8, UTF-16, GB18030), or an HTML table saved as .xls; - reads it from stdin')
    .option('-r, --rubric <file>', "map columns by this rubric's source.fields (default: the built-in header aliases)")
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

The file is only read, never modified. Exit code 0 when the file could be read (findings or not),
2 when it cannot (wrong format, encoding, no header, unsafe zip).`,
    )
    .action(async (file: string, o: InspectCliOptions, c: Command) => action(ctx, file, o, c));
};
