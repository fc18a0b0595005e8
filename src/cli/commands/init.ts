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
      const [{ readdir, readFile, writeFile }, { dirname, relative, resolve, sep }, { fileURLToPath }, { rubricJsonSchemaText }] = await Promise.all([
        import('node:fs/promises'),
        import('node:path'),
        import('node:url'),
        import('../../rubric/json-schema.js'),
      ]);
      // rules/ and schema/ sit at the package root: three levels up from src/cli/commands and dist/cli/commands.
      const pkg = fileURLToPath(new URL('../../../', import.meta.url));
      const dir = resolve(pkg, 'rules');
      const available = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -5)).sort();
      const locale = ctx.globals().locale ?? 'zh-CN';
      const name = opts.template ?? DEFAULT_BY_LOCALE[locale];
      if (!available.includes(name)) throw new UsageError(`--template: no preset "${name}"`, `available: ${available.join(', ')}`);
      const out = resolve(ctx.io.cwd, opts.output);
      // The editor's $schema must resolve: the installed package's schema when salesgrade is a
      // dependency of this project (./node_modules/salesgrade/schema/…, the same for everyone who
      // runs npm install), else a copy of this version's schema written beside the rubric.
      const inProject = `${resolve(ctx.io.cwd, 'node_modules')}${sep}`;
      const packaged = resolve(pkg, 'schema', 'rubric.schema.json');
      const useInstalled = pkg.startsWith(inProject);
      const besideRubric = resolve(dirname(out), 'rubric.schema.json');
      const schemaRef = useInstalled ? relative(dirname(out), packaged).split(sep).join('/') : './rubric.schema.json';
      let text = await readFile(resolve(dir, `${name}.yaml`), 'utf8');
      text = text.replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=${schemaRef.startsWith('.') ? schemaRef : `./${schemaRef}`}`);
      const write = async (path: string, shown: string, content: string, force: boolean): Promise<boolean> => {
        try {
          // 'wx' fails if the file exists: no check-then-write race.
          await writeFile(path, content, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
          return true;
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') return false;
          const { unwritable } = await import('../../io/output-file.js');
          throw unwritable(shown, err, { what: shown === opts.output ? 'rubric' : 'schema', flag: '-o' });
        }
      };
      if (!(await write(out, opts.output, text, Boolean(opts.force)))) {
        throw new SalesgradeError('output-exists', `${opts.output} already exists`, { hint: 'pass --force to overwrite it' });
      }
      ctx.note(`wrote ${opts.output} from the ${name} preset; next: salesgrade check ${opts.output}`);
      if (!useInstalled) {
        const shown = relative(ctx.io.cwd, besideRubric).split(sep).join('/');
        const schema = rubricJsonSchemaText();
        const existing = await readFile(besideRubric, 'utf8').catch(() => undefined);
        if (existing === undefined || existing === schema || opts.force) {
          if (existing !== schema) await write(besideRubric, shown, schema, true);
          ctx.note(`wrote ${shown}: the JSON Schema the editor reads (# yaml-language-server line at the top)`);
        } else {
          ctx.note(`kept ${shown}, which differs from this version's schema (refresh it with: salesgrade schema > ${shown}, or init --force)`);
        }
      }
      ctx.setExitCode(0);
    });
};
