/**
 * `salesgrade sql`: the rubric's metrics as one SQL query that returns the MetricTable (rep, team,
 * region and company rows per period, plus the rows no metric could place), for the engine where the
 * data lives. The query goes to stdout; nothing is run here.
 */
import { Option, type Command } from 'commander';
import { warningLine } from '../messages.js';
import { addOutputOption, emitPayload, payloadFormat, preflightPayload } from '../output.js';
import { resolve } from 'node:path';
import type { CliContext, RegisterCommand } from '../context.js';
import { UsageError } from '../../shared/errors.js';
import { DIALECTS, type DialectName } from '../../engine/sql/dialects.js';

interface SqlCliOptions {
  rubric?: string;
  dialect: DialectName;
  from: string;
  rosterTable?: string;
  roster?: string | false;
  period?: string;
  periods?: string;
  scale: string;
  output?: string;
}

const EXAMPLES = `
The table's columns are named like the export's headers: each source field's \`column:\`, else its
first \`headers\` entry (dates as DATE, money and numbers as numeric columns, text as text). Without
--roster-table the rubric's roster file (or --roster FILE) is inlined as VALUES; --no-roster leaves
teams and regions to the data's own team/region columns.

Output columns: level (rep | team | region | company | no-rep | no-date), period, rep, team, region,
rows, then per metric <id>__rows and, by kind, <id>__sum (sum, avg), <id>__min, <id>__max,
<id>__distinct (counted over each group's rows: a union, not a sum). Ratios and averages are computed
by salesgrade from these parts. A rubric feature the dialect cannot express is refused with the reason.

Examples:
  $ salesgrade sql -r rubric.yaml --dialect duckdb --from "read_parquet('deals/*.parquet')" > metrics.sql
  $ duckdb -csv < metrics.sql > metrics.csv
  $ salesgrade sql -r rubric.yaml --dialect spark --from crm.activities --periods 2026-01..2026-12 > m.sql
  $ spark-sql -f m.sql
  $ salesgrade sql -r rubric.yaml --dialect bigquery --from crm.activities --roster-table crm.roster
  $ salesgrade sql -r rubric.yaml --dialect postgres --from activities --period 2026-Q3

Exit codes: 0 the query is printed · 2 usage, rubric or roster error, or a feature the dialect cannot express`;

async function action(ctx: CliContext, o: SqlCliOptions, cmd: Command): Promise<void> {
  payloadFormat(cmd, ['table'] as const, 'table', o.output);
  const scale = Number(o.scale);
  if (!/^\d+$/.test(o.scale) || scale > 18) throw new UsageError(`--scale: expected a whole number 0–18, got "${o.scale}"`);
  if (o.period !== undefined && o.periods !== undefined) throw new UsageError('give --period or --periods, not both');
  let periods: [string, string] | undefined;
  if (o.periods !== undefined) {
    const m = /^(.+?)\.\.(.+)$/.exec(o.periods.trim());
    if (!m) throw new UsageError(`--periods: expected FIRST..LAST (e.g. 2026-01..2026-12), got "${o.periods}"`);
    periods = [m[1]!, m[2]!];
  }
  if (o.rosterTable !== undefined && typeof o.roster === 'string') throw new UsageError('give --roster-table or --roster, not both');
  await preflightPayload(ctx, o.output, [o.rubric, typeof o.roster === 'string' ? o.roster : undefined]);
  const cwd = ctx.io.cwd;
  const [{ loadRubric, discoverRubric }, { compileSql }] = await Promise.all([import('../../rubric/load.js'), import('../../engine/sql/compile.js')]);
  const rubricPath = o.rubric ?? (await discoverRubric(cwd));
  const loaded = await loadRubric(rubricPath, { cwd });
  if (loaded.warnings?.length) {
    const { lintMessage } = await import('../../report/lint-messages.js');
    for (const w of loaded.warnings) ctx.note(warningLine(lintMessage(w, ctx.globals().locale ?? loaded.rubric.locale), w.source, w.code));
  }
  const rubric = loaded.rubric;

  let roster: Parameters<typeof compileSql>[1]['roster'];
  if (o.rosterTable !== undefined) {
    const first = (f: string): string | undefined => {
      const spec = rubric.roster?.fields[f];
      if (spec === undefined) return undefined;
      return Array.isArray(spec) ? spec[0] : (spec.column ?? spec.headers[0]);
    };
    roster = { table: o.rosterTable, columns: { rep: first('rep') ?? 'rep', team: first('team') ?? 'team', region: first('region') ?? 'region' } };
  } else if (o.roster !== false) {
    const file = typeof o.roster === 'string' ? resolve(cwd, o.roster) : rubric.roster ? resolve(loaded.dir, rubric.roster.file) : undefined;
    if (file !== undefined) {
      const { readRoster } = await import('../../io/roster.js');
      const r = await readRoster(file, rubric.roster, rubric.tiers);
      for (const f of r.findings) if (f.severity === 'error') ctx.note(warningLine(f.message, f.source, f.code));
      roster = {
        entries: r.entries.map((e) => ({ rep: e.rep, ...(e.team !== undefined ? { team: e.team } : {}), ...(e.region !== undefined ? { region: e.region } : {}) })),
      };
    }
  }
  const compiled = compileSql(rubric, {
    dialect: o.dialect,
    from: o.from,
    scale,
    ...(roster ? { roster } : {}),
    ...(o.period !== undefined ? { period: o.period } : {}),
    ...(periods ? { periods } : {}),
  });
  await emitPayload(ctx, o.output, compiled.sql, [rubricPath, ...(loaded.sources ?? []).map((s) => resolve(cwd, s.path))]);
  ctx.setExitCode(0);
}

export const registerSql: RegisterCommand = (program, ctx) => {
  const cmd = program
    .command('sql')
    .description("print the rubric's metrics as one SQL query returning the MetricTable, for a warehouse or DuckDB to run")
    .option('-r, --rubric <file>', 'rubric file (default: ./salesgrade.yaml, then the one in ./rules/)')
    .addOption(new Option('--dialect <dialect>', 'SQL dialect').choices([...DIALECTS]).makeOptionMandatory())
    .requiredOption('--from <table>', 'the table or view holding the export rows (written into the query as given)')
    .option('--roster-table <table>', 'a roster table or view (columns named like roster.fields, default rep, team, region)')
    .option('--roster <file>', "a roster file to inline as VALUES (default: the rubric's roster.file)")
    .option('--no-roster', 'no roster: teams and regions come from the data')
    .option('--period <label>', 'only this period, e.g. 2026-Q3')
    .option('--periods <first..last>', 'only these periods, e.g. 2026-01..2026-12')
    .option('--scale <n>', 'decimals kept for money and numbers: DECIMAL(38, n)', '4');
  addOutputOption(cmd)
    .addHelpText('after', EXAMPLES)
    .action((o: SqlCliOptions, c: Command) => action(ctx, o, c));
};
