/**
 * `salesgrade check [paths...]`: lint rubric files the way a CI pipeline trusts ESLint. Schema pass,
 * then semantic rules; sorted findings in one of five formats. Exit 0 clean, 1 errors (or more
 * warnings than --max-warnings), 2 usage error or unreadable path. No exceljs on this path.
 */
import { Option } from 'commander';
import { UsageError } from '../../shared/errors.js';
import { LINT_FORMATS, type LintFormat } from '../../report/formatters/types.js';
import { useColor, type RegisterCommand } from '../context.js';

const EXAMPLES = `
Examples:
  $ salesgrade check                          the discovered rubric (./salesgrade.yaml or the one in ./rules/)
  $ salesgrade check rules/ --year 2027       also: does a cn calendar cover 2027 (calendar-years)?
  $ salesgrade check rules/                   every rubric under rules/ (files with a top-level salesgrade: key)
  $ salesgrade check rules/ -f github         annotations on the pull request in GitHub Actions
  $ salesgrade check rules/ -f sarif > salesgrade.sarif   for GitHub code scanning
  $ salesgrade check a.yaml --max-warnings 0  fail on warnings too

Exit codes: 0 no errors (and warnings within --max-warnings) · 1 errors, or too many warnings · 2 usage error or unreadable path`;

function parseMaxWarnings(v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings: expected a whole number ≥ 0, got "${v}"`);
  return Number(v);
}

function parseYears(v: string): number[] {
  const years = v.split(',').map((x) => x.trim());
  if (years.some((y) => !/^\d{4}$/.test(y))) throw new UsageError(`--year: expected years like 2027 or 2026,2027, got "${v}"`);
  return years.map(Number);
}

export const registerCheck: RegisterCommand = (program, ctx) => {
  program
    .command('check')
    .description('lint rubric files: schema, then semantic rules, with file:line:col findings')
    .argument('[paths...]', 'rubric files or folders (default: the discovered rubric)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(LINT_FORMATS).default('stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', parseMaxWarnings)
    .option('--year <years>', 'years about to be graded or planned, for calendar-years (default: this year); e.g. 2027 or 2026,2027', parseYears)
    .addHelpText('after', EXAMPLES)
    .action(async (paths: string[], opts: { format: LintFormat; maxWarnings?: number; year?: number[] }) => {
      const [{ collectRubricFiles, discoverRubric, lintRubricFile }, { allRuleMeta }, { formatters }, { compareDiagnostics, countBySeverity }, { salesgradeVersion }, { relative }, { makeFileProbe }] =
        await Promise.all([
          import('../../rubric/load.js'),
          import('../../rubric/lint/index.js'),
          import('../../report/formatters/index.js'),
          import('../../shared/diagnostic.js'),
          import('../version.js'),
          import('node:path'),
          import('../pipeline/check-files.js'),
        ]);
      const { CN_YEARS } = await import('../../quota/calendar.js');
      const years = { check: opts.year ?? [ctx.io.now().getFullYear()], cn: CN_YEARS };
      const cwd = ctx.io.cwd;
      const targets = paths.length ? paths : [relative(cwd, await discoverRubric(cwd)) || '.'];
      const files = await collectRubricFiles(targets, cwd);
      // A base reached through `extends` and also checked itself would report its findings twice.
      const seen = new Set<string>();
      const diagnostics = [];
      for (const file of files) {
        for (const d of (await lintRubricFile(file, { cwd, probeFiles: makeFileProbe(cwd), years })).diagnostics) {
          const key = JSON.stringify([d.source, d.range?.start, d.code, d.message]);
          if (!seen.has(key)) diagnostics.push(d);
          seen.add(key);
        }
      }
      diagnostics.sort(compareDiagnostics);

      const out = formatters[opts.format](diagnostics, { color: useColor(ctx), files, rules: allRuleMeta(), version: salesgradeVersion() });
      if (out) ctx.io.stdout.write(out);

      const n = countBySeverity(diagnostics);
      const tooManyWarnings = opts.maxWarnings !== undefined && n.warning > opts.maxWarnings;
      if (diagnostics.length === 0) ctx.note(`✔ ${files.length} rubric file${files.length === 1 ? '' : 's'} checked, no problems`);
      if (tooManyWarnings) ctx.note(`salesgrade: too many warnings (${n.warning}); --max-warnings allows ${opts.maxWarnings}`);
      ctx.setExitCode(n.error > 0 || tooManyWarnings ? 1 : 0);
    });
};
