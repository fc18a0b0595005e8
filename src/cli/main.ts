/**
 * The CLI entry: builds the commander program, registers one module per command, and maps every
 * outcome to an exit code. It never calls process.exit: bin/salesgrade.js sets process.exitCode.
 */
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, isSalesgradeError } from '../shared/errors.js';
import { terminalText } from '../report/safe-text.js';
import { commands } from './commands/index.js';
import { helpLocale, mayPrintHelp } from './commands/help-locale.js';
import type { CliContext, GlobalOptions } from './context.js';
import { processIo, writeErrorReason, type CliIo } from './io.js';
import { salesgradeVersion } from './version.js';

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  let rubricLocale: 'zh-CN' | 'en' | undefined;
  const program = new Command();
  const ctx: CliContext = {
    io,
    globals: () => {
      const o = program.opts<{ locale?: 'zh-CN' | 'en'; color: boolean; quiet?: boolean; verbose?: boolean }>();
      const g: GlobalOptions = { color: o.color, quiet: Boolean(o.quiet), verbose: Boolean(o.verbose) };
      if (o.locale) g.locale = o.locale;
      return g;
    },
    setExitCode: (code) => {
      exitCode = code;
    },
    rubricLocale: (locale) => {
      rubricLocale ??= locale;
    },
    note: (message) => {
      // Notes quote the rubric and the data: no escape sequences reach the terminal.
      if (!program.opts<{ quiet?: boolean }>().quiet) io.stderr.write(`${terminalText(message)}\n`);
    },
  };

  describeProgram(program, ctx);
  // --help in Chinese with --locale zh-CN or a zh LANG (the English texts are the ones registered above).
  if (helpLocale(argv, io.env) === 'zh-CN' && mayPrintHelp(argv)) {
    const [{ ZH_HELP, ZH_HELP_WORDS }, { localizeHelp }] = await Promise.all([import('./commands/help-zh.js'), import('./commands/help.js')]);
    localizeHelp(program, ZH_HELP, ZH_HELP_WORDS);
  }

  let code: number;
  try {
    await program.parseAsync(argv);
    code = exitCode;
  } catch (err) {
    // the run's language: --locale, else the rubric's when one was loaded before the error
    // (an invalid rubric says the language it declares, when its `locale` is valid)
    const locale = program.opts<{ locale?: 'zh-CN' | 'en' }>().locale ?? rubricLocale ?? (isSalesgradeError(err) ? err.facts?.locale : undefined) ?? 'en';
    code = await handleError(err, io, argv.includes('--verbose'), locale);
  }
  return checkWrites(io, code);
}

/**
 * A payload that did not reach stdout (a full disk, /dev/full) is a failed run, never exit 0 with
 * half a JSON file: one line on stderr and exit 2. When stderr itself fails, the exit code is all
 * that is left to tell.
 */
async function checkWrites(io: CliIo, code: number): Promise<number> {
  const failed = await io.flush?.();
  if (failed?.stdout) {
    io.stderr.write(`salesgrade: cannot write the output to stdout: ${writeErrorReason(failed.stdout)}; the output is incomplete\n`);
    return ExitCode.Fatal;
  }
  if (failed?.stderr) return ExitCode.Fatal;
  return code;
}

async function handleError(err: unknown, io: CliIo, verbose: boolean, locale: 'zh-CN' | 'en'): Promise<number> {
  if (err instanceof CommanderError) {
    // --help, `help` and --version end here with exit code 0; usage errors were already printed by
    // commander. `salesgrade` alone prints the help to stderr and is a usage error (exit 2), as git does:
    // a script that forgot the command must not pass.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.Ok;
    if (err.code === 'commander.help') return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Fatal;
    return ExitCode.Fatal;
  }
  if (isSalesgradeError(err)) {
    // an error with facts is worded in the run's language; any other as it was written
    const line = locale !== 'en' && err.facts ? (await import('../report/error-messages.js')).errorLine(err, locale) : err.toLine();
    io.stderr.write(`salesgrade: ${terminalText(line)}\n`);
    if (verbose && err.stack) io.stderr.write(`${err.stack}\n`);
    return ExitCode.Fatal;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`salesgrade: internal error: ${terminalText(e.message)}\n`);
  if (verbose) io.stderr.write(`${e.stack ?? ''}\n`);
  else io.stderr.write('Use --verbose to print the error stack, and report it with the command you ran.\n');
  return ExitCode.Fatal;
}

/** The program's flags, commands and help texts (English), as `--help` shows them; main and the help tests build it. */
export function describeProgram(program: Command, ctx: CliContext): void {
  const io = ctx.io;
  program
    .name('salesgrade')
    .description('Spreadsheet-driven sales management: evaluate reps against a YAML rubric, decompose quotas, lint rubrics.')
    .version(salesgradeVersion(), '-v, --version', 'print the version (-V too)')
    // -V (commander's default, kept for scripts that used it) does what -v does.
    .addOption(new Option('-V').hideHelp())
    .addOption(new Option('--locale <locale>', 'report language (default: the rubric\'s locale)').choices(['zh-CN', 'en']))
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'print only the payload and errors')
    .option('--verbose', 'print stack traces for errors')
    .showHelpAfterError('salesgrade: run with --help for usage')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One prefix for every error line: commander's own ("error: unknown option '-x'") too.
      // ("error: unknown command 'x'\n(Did you mean y?)": the suggestion line too).
      outputError: (s, write) =>
        write(
          s
            .replace(/^error: /, '')
            .split('\n')
            .map((line) => (line ? `salesgrade: ${line}` : line))
            .join('\n'),
        ),
    })
    .exitOverride();
  program.on('option:V', () => {
    io.stdout.write(`${salesgradeVersion()}\n`);
    throw new CommanderError(0, 'commander.version', salesgradeVersion());
  });

  for (const register of commands) register(program, ctx);

  program.addHelpText(
    'after',
    `
Examples:
  $ salesgrade inspect export.xlsx                 what the reader sees in a new export
  $ salesgrade evaluate q3.xlsx -r salesgrade.yaml scores, tiers and the annotated workbook
  $ salesgrade explain q3.xlsx --rep 张三            every step behind one rep's numbers
  $ salesgrade quota --year 2026 --by month        the annual target split down and across time
  $ salesgrade check rules/ -f github              lint rubric files in CI
  $ salesgrade diff main:rules/x.yaml rules/x.yaml q3.xlsx -f md   what a rubric change does to people
  $ salesgrade calibrate rules/x.yaml q3.xlsx --distribution senior=20,intermediate=60,junior=20

Exit codes: 0 ok · 1 findings (check, evaluate --strict, diff --fail-on-tier-change) · 2 usage, rubric, input or internal error`,
  );
}
