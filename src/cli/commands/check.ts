/**
 * `salesgrade check [paths...]`: lint rubric files the way a CI pipeline trusts ESLint. Schema pass,
 * then semantic rules; sorted findings in one of five formats. Exit 0 clean, 1 errors (or more
 * warnings than --max-warnings), 2 usage error or unreadable path. No exceljs on this path.
 */
import { Option, type Command } from 'commander';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload } from '../output.js';
import { UsageError } from '../../shared/errors.js';
import { addFailOnOptions, failPolicy, failReason, type FailOnCliOptions } from './fail-on.js';
import { LINT_FORMATS, type LintFormat } from '../../report/formatters/types.js';
import { useColor, type RegisterCommand } from '../context.js';

const EXAMPLES = `
Examples:
  $ salesgrade check                          the discovered rubric (./salesgrade.yaml or the one in ./rules/)
  $ salesgrade check rules/ --year 2027       also: does a cn calendar cover 2027 (calendar-years)?
  $ salesgrade check rules/                   every rubric under rules/ (files with a top-level salesgrade: key)
  $ salesgrade check rules/ -f github         annotations on the pull request in GitHub Actions
  $ salesgrade check rules/ -f sarif > salesgrade.sarif   for GitHub code scanning
  $ salesgrade check a.yaml --fail-on warning fail on warnings too (= --max-warnings 0)

Exit codes: 0 no errors (and warnings within --max-warnings) · 1 errors, or too many warnings · 2 usage error or unreadable path`;

function parseYears(v: string): number[] {
  const years = v.split(',').map((x) => x.trim());
  if (years.some((y) => !/^\d{4}$/.test(y))) throw new UsageError(`--year: expected years like 2027 or 2026,2027, got "${v}"`);
  return years.map(Number);
}

export const registerCheck: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('check')
    .description('lint rubric files: schema, then semantic rules, with file:line:col findings')
    .argument('[paths...]', 'rubric files or folders (default: the discovered rubric)')
    .option('-r, --rubric <file>', 'a rubric file to check, the same as giving it as a path (as on every other command)', (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .addOption(new Option('-f, --format <format>', 'output format').choices(LINT_FORMATS).default('stylish'));
  addOutputOption(cmd);
  addFailOnOptions(cmd, 'the same as --fail-on error (the default here; accepted so one flag works on evaluate and check)')
    .option('--year <years>', 'years about to be graded or planned, for calendar-years (default: this year); e.g. 2027 or 2026,2027', parseYears)
    .addHelpText('after', EXAMPLES)
    .action(async (given: string[], opts: { format: LintFormat; rubric?: string[]; year?: number[]; output?: string } & FailOnCliOptions, c: Command) => {
      const policy = failPolicy(opts, 'error');
      const format = payloadFormat(c, LINT_FORMATS, opts.format, opts.output);
      const paths = [...given, ...(opts.rubric ?? [])];
      const [{ collectRubricFiles, discoverRubric, lintRubricFile }, { allRuleMeta }, { formatters }, { compareDiagnostics, countBySeverity }, { salesgradeVersion }, { relative }, { makeFileProbe }, { localizeLint }] =
        await Promise.all([
          import('../../rubric/load.js'),
          import('../../rubric/lint/index.js'),
          import('../../report/formatters/index.js'),
          import('../../shared/diagnostic.js'),
          import('../version.js'),
          import('node:path'),
          import('../pipeline/check-files.js'),
          import('../../report/lint-messages.js'),
        ]);
      const { CN_YEARS, CN_FEWEST_WEEKDAY_HOLIDAYS } = await import('../../quota/calendar.js');
      const years = { check: opts.year ?? [ctx.io.now().getFullYear()], cn: CN_YEARS, cnFewestWeekdayHolidays: CN_FEWEST_WEEKDAY_HOLIDAYS };
      const cwd = ctx.io.cwd;
      const targets = paths.length ? paths : [relative(cwd, await discoverRubric(cwd)) || '.'];
      const files = await collectRubricFiles(targets, cwd);
      // Before any file is linted: -o is never one of them.
      await preflightPayload(ctx, opts.output, files);
      // A base reached through `extends` and also checked itself would report its findings twice.
      const seen = new Set<string>();
      const diagnostics = [];
      // the report language: --locale, else the one the checked rubrics declare (when they agree), else English
      const declared = new Set<'zh-CN' | 'en'>();
      for (const file of files) {
        const linted = await lintRubricFile(file, { cwd, probeFiles: makeFileProbe(cwd), years });
        if (linted.locale) declared.add(linted.locale);
        for (const d of linted.diagnostics) {
          const key = JSON.stringify([d.source, d.range?.start, d.code, d.message]);
          if (!seen.has(key)) diagnostics.push(d);
          seen.add(key);
        }
      }
      diagnostics.sort(compareDiagnostics);
      const locale = ctx.globals().locale ?? (declared.size === 1 ? [...declared][0]! : 'en');

      const out = formatters[format](localizeLint(diagnostics, locale), {
        color: opts.output === undefined && useColor(ctx),
        files,
        rules: allRuleMeta(),
        version: salesgradeVersion(),
        locale,
      });
      // With -o the file is written even when empty (a clean run): CI reads what it asked for.
      if (out || opts.output !== undefined) await emitPayload(ctx, opts.output, out, files);

      const fail = failReason(policy, countBySeverity(diagnostics), '');
      if (diagnostics.length === 0) {
        ctx.note(locale === 'zh-CN' ? `✔ 已检查 ${files.length} 个规则文件，没有问题` : `✔ ${files.length} rubric file${files.length === 1 ? '' : 's'} checked, no problems`);
      }
      // Errors are in the report itself; a failure by the warning count is said on stderr, even with -q.
      if (fail?.by === 'warnings') ctx.io.stderr.write(`${fail.line}\n`);
      ctx.setExitCode(fail ? 1 : 0);
    });
};
