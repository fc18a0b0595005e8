/**
 * One output contract for every command that writes (README "Outputs"):
 * - `-f, --format` chooses the payload; it goes to stdout,
 * - `-o, --output FILE` writes that same payload to FILE instead (atomically); without `-f`, the
 *   format follows FILE's extension (`-o ranks.csv` is `-f csv`); an extension that contradicts `-f`
 *   is a usage error,
 * - the workbook has its own flag, `-w, --workbook [FILE]` (and `--no-workbook`),
 * - every output path is checked before any input is read and before anything is printed: never an
 *   input (also through a link), its folder exists and is writable.
 */
import type { Command } from 'commander';
import { extname, resolve } from 'node:path';
import { UsageError } from '../shared/errors.js';
import type { CliContext } from './context.js';
import type { ReportLocale } from '../report/labels.js';

/** The file extensions each payload format is written under. */
const FORMAT_EXTENSIONS: Record<string, readonly string[]> = {
  table: ['.txt'],
  stylish: ['.txt'],
  github: ['.txt'],
  json: ['.json'],
  csv: ['.csv'],
  md: ['.md', '.markdown'],
  sarif: ['.sarif', '.json'],
  junit: ['.xml'],
};
/** Extensions that name a known kind of file: one that is not the format's own contradicts it. */
const KNOWN = new Set([...Object.values(FORMAT_EXTENSIONS).flat(), '.xlsx', '.xls', '.xlsm', '.yaml', '.yml', '.tsv', '.html']);

const FORMAT_NAMES: Record<string, string> = { json: 'JSON', csv: 'CSV', md: 'Markdown', table: 'a text table', sarif: 'SARIF', junit: 'JUnit XML' };

/** The `-o` option, with the same words on every command. */
export function addOutputOption(cmd: Command): Command {
  return cmd.option('-o, --output <file>', 'write the -f payload to this file instead of stdout (the format follows the extension when -f is not given)');
}

/**
 * The payload format for `-f`/`-o`: `-f` when given (an `-o` extension that contradicts it is a usage
 * error), else the one `-o`'s extension names, else the default.
 */
export function payloadFormat<F extends string>(cmd: Command, formats: readonly F[], format: F, output: string | undefined): F {
  if (output === undefined) return format;
  const ext = extname(output).toLowerCase();
  const given = cmd.getOptionValueSource('format') !== 'default' && cmd.getOptionValueSource('format') !== undefined;
  if (ext === '.xlsx') {
    throw new UsageError(`-o ${output}: -o writes the ${format} payload, not a workbook`, cmd.options.some((o) => o.long === '--workbook') ? `the workbook is -w ${output}` : `${cmd.name()} writes no workbook`);
  }
  if (given) {
    if (KNOWN.has(ext) && !(FORMAT_EXTENSIONS[format] ?? []).includes(ext)) {
      const fits = formats.filter((f) => (FORMAT_EXTENSIONS[f] ?? []).includes(ext));
      throw new UsageError(
        `-o ${output}: a ${ext} name, but -f ${format} writes ${FORMAT_NAMES[format] ?? format}`,
        fits.length ? `use -f ${fits[0]}, or a name ending ${(FORMAT_EXTENSIONS[format] ?? ['.txt'])[0]}` : `name it ${(FORMAT_EXTENSIONS[format] ?? ['.txt'])[0]}`,
      );
    }
    return format;
  }
  const inferred = formats.find((f) => f !== 'table' && (FORMAT_EXTENSIONS[f] ?? []).includes(ext));
  if (inferred) return inferred;
  if (KNOWN.has(ext) && !(FORMAT_EXTENSIONS[format] ?? []).includes(ext)) {
    throw new UsageError(`-o ${output}: ${cmd.name()} writes no ${ext} file`, `formats: ${formats.join(', ')} (-f)`);
  }
  return format;
}

const REPORT = { what: 'output', flag: '-o' } as const;

/** Refuses, before any work, an `-o` path that is an input or cannot be written. */
export async function preflightPayload(ctx: CliContext, output: string | undefined, inputs: readonly (string | undefined)[]): Promise<void> {
  if (output === undefined) return;
  const { preflightOutput } = await import('../io/output-file.js');
  const cwd = ctx.io.cwd;
  await preflightOutput(resolve(cwd, output), await withDiscoveredRubric(cwd, inputs), output, REPORT);
}

/**
 * The inputs as paths, plus the rubric that would be discovered (./salesgrade.yaml or the single
 * rules/*.yaml) when none was named: `-o salesgrade.yaml` must not be found out at the end.
 */
export async function withDiscoveredRubric(cwd: string, inputs: readonly (string | undefined)[]): Promise<string[]> {
  const paths = inputs.filter((p): p is string => p !== undefined && p !== '-').map((p) => resolve(cwd, p));
  const { discoverRubric } = await import('../rubric/load.js');
  const found = await discoverRubric(cwd).catch(() => undefined);
  if (found) paths.push(found);
  return paths;
}

/** The payload's pieces are joined up to about this many characters a write to stdout. */
export const PAYLOAD_WRITE_CHARS = 1 << 20;

/**
 * The payload to stdout, or (with `-o`) to the file, atomically, re-checked against every input the
 * run read (`inputs`: the rubric's `extends`, targets and calendar files are known only now).
 */
export async function emitPayload(ctx: CliContext, output: string | undefined, text: string | Iterable<string>, inputs: readonly string[], locale?: ReportLocale): Promise<void> {
  if (output === undefined) {
    if (typeof text === 'string') {
      ctx.io.stdout.write(text);
      return;
    }
    // Pieces joined up to ~1 MB a write: few system calls, no string near V8's limit. A piece is made
    // only when the stream has room (a slow pipe or terminal holds the rendering back, not a growing
    // buffer of the whole payload); every write is still checked (io.ts: a failure exits 2, one line).
    const writeChars = ctx.io.stdout.writeChars ?? PAYLOAD_WRITE_CHARS;
    let buffered: string[] = [];
    let size = 0;
    for (const piece of text) {
      buffered.push(piece);
      size += piece.length;
      if (size >= writeChars) {
        ctx.io.stdout.write(buffered.join(''));
        buffered = [];
        size = 0;
        await ctx.io.stdout.ready?.();
        // the reader went away (`| head`) or a write failed (reported at exit): render no more
        if (ctx.io.stdout.closed?.()) return;
      }
    }
    if (buffered.length) ctx.io.stdout.write(buffered.join(''));
    return;
  }
  const { writeTextAtomic } = await import('../io/output-file.js');
  const cwd = ctx.io.cwd;
  await writeTextAtomic(resolve(cwd, output), text, await withDiscoveredRubric(cwd, inputs), output, REPORT);
  const { cliNotes } = await import('../report/cli-notes.js');
  ctx.note(cliNotes(locale).wrote({ file: output }));
}
