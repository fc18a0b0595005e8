/**
 * `salesgrade init`: write a starter rubric copied from a shipped preset in rules/. Never overwrites
 * an existing file without --force.
 */
import type { RegisterCommand } from '../context.js';
import { SalesgradeError, UsageError } from '../../shared/errors.js';

const EXAMPLES = `
Examples:
  $ salesgrade init                                  ./salesgrade.yaml from the preset for the locale (default zh-CN)
  $ salesgrade init --locale en                      the English inside-sales preset
  $ salesgrade init --template managers -o team.yaml team-level KPIs for managers
  $ salesgrade init --force                          overwrite an existing ./salesgrade.yaml

Templates: zh-CN-field-sales (zh-CN), en-inside-sales (en), managers (zh-CN)`;

const DEFAULT_BY_LOCALE = { 'zh-CN': 'zh-CN-field-sales', en: 'en-inside-sales' } as const;

export const registerInit: RegisterCommand = (program, ctx) => {
  program
    .command('init')
    .description('write a starter rubric from a shipped preset (never overwrites without --force)')
    .option('-t, --template <name>', 'preset name from rules/ (default: by --locale)')
    .option('-o, --output <path>', 'where to write', 'salesgrade.yaml')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: { template?: string; output: string; force?: boolean }) => {
      const [{ readdir, readFile, writeFile }, { resolve }, { fileURLToPath }] = await Promise.all([
        import('node:fs/promises'),
        import('node:path'),
        import('node:url'),
      ]);
      // rules/ sits at the package root: three levels up from src/cli/commands and dist/cli/commands.
      const dir = fileURLToPath(new URL('../../../rules/', import.meta.url));
      const available = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -5)).sort();
      const locale = ctx.globals().locale ?? 'zh-CN';
      const name = opts.template ?? DEFAULT_BY_LOCALE[locale];
      if (!available.includes(name)) throw new UsageError(`--template: no preset "${name}"`, `available: ${available.join(', ')}`);
      let text = await readFile(resolve(dir, `${name}.yaml`), 'utf8');
      // The preset points at the schema inside the package; a copy points next to itself.
      text = text.replace(/^# yaml-language-server: \$schema=.*$/m, '# yaml-language-server: $schema=./rubric.schema.json');
      const out = resolve(ctx.io.cwd, opts.output);
      try {
        // 'wx' fails if the file exists: no check-then-write race.
        await writeFile(out, text, { encoding: 'utf8', flag: opts.force ? 'w' : 'wx' });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new SalesgradeError('output-exists', `${opts.output} already exists`, { hint: 'pass --force to overwrite it' });
        throw new SalesgradeError('output-unwritable', `cannot write ${opts.output}: ${code ?? (err instanceof Error ? err.message : String(err))}`);
      }
      ctx.note(`wrote ${opts.output} from the ${name} preset; next: salesgrade check ${opts.output}`);
      ctx.note('for editor completion: salesgrade schema > rubric.schema.json');
      ctx.setExitCode(0);
    });
};
