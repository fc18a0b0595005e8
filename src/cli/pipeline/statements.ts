/**
 * `evaluate --statements DIR`: one file per rep (or per team with `--statements-by team`), xlsx by
 * default or Markdown, each written atomically under a name safe for any rep name, never over an
 * input, and a `manifest.json` listing them (written last).
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Evaluation } from '../../engine/types.js';
import { assertNotAnInput, type OutputKind } from '../../io/output-file.js';
import { replaceFileAtomic } from '../../io/atomic-write.js';
import type { ReportLocale } from '../../report/labels.js';
import { SalesgradeError } from '../../shared/errors.js';
import { displayPath } from './paths.js';

export type StatementsFormat = 'xlsx' | 'md';
export type StatementsBy = 'rep' | 'team';

const STATEMENT_OUTPUT: OutputKind = { what: 'statement', flag: '--statements' };

// Windows device names: never a file's base name, whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name (without extension) for any rep or team name: path separators, characters Windows
 * refuses and control characters become `_`; leading and trailing dots and spaces go (so `..` is never a
 * path step); runs of spaces become one; at most 80 characters; Windows device names get a `_`. Chinese
 * and other letters stay as they are.
 */
export function safeFileName(name: string): string {
  let s = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  s = [...s].slice(0, 80).join('').replace(/[\s.]+$/, '');
  if (s === '') s = '_';
  if (RESERVED.test(s)) s = `_${s}`;
  return s;
}

/** Unique names, compared without case (a case-insensitive file system): a repeat gets `-2`, `-3`… */
export function uniqueFileNames(names: readonly string[]): string[] {
  const taken = new Set<string>(['manifest']);
  return names.map((n) => {
    const base = safeFileName(n);
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Before any input is read: the statements folder is a folder, or can be made. */
export async function preflightStatementsDir(cwd: string, dir: string): Promise<void> {
  const abs = resolve(cwd, dir);
  const st = await fs.stat(abs).catch(() => null);
  if (st && !st.isDirectory()) {
    throw new SalesgradeError('usage', `--statements ${dir}: not a folder`, { hint: 'name a folder (it is created when missing)' });
  }
}

export interface StatementsResult {
  dir: string;
  files: { subject: string; file: string }[];
}

export async function writeStatements(
  ev: Evaluation,
  options: { cwd: string; dir: string; format: StatementsFormat; by: StatementsBy; locale: ReportLocale; inputs: string[] },
): Promise<StatementsResult> {
  const [{ buildRepStatement, buildTeamStatement, renderStatementMarkdown }, { statementBytes }, { labels }] = await Promise.all([
    import('../../report/statement.js'),
    import('../../io/statement-xlsx.js'),
    import('../../report/labels.js'),
  ]);
  const dir = resolve(options.cwd, options.dir);
  const shownDir = displayPath(options.cwd, dir);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    throw new SalesgradeError('output-unwritable', `cannot create the statements folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { location: { file: shownDir } });
  }
  const inputs = options.inputs.map((p) => resolve(options.cwd, p));
  // `(unassigned)` has no manager: no team statement for it.
  const subjects = options.by === 'rep' ? ev.reps.slice().sort((a, b) => (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0)) : ev.teams.filter((g) => g.name !== '(unassigned)');
  const names = uniqueFileNames(subjects.map((s) => ('rep' in s ? s.rep : s.name)));
  const date = new Date(`${ev.manifest.asOf ?? ev.period.end}T00:00:00Z`);
  const t = labels(options.locale);
  const files: StatementsResult['files'] = [];
  // Every path is checked before the first is written: a statement that would replace an input stops
  // the run with no statement written.
  for (const n of [...names.map((x) => `${x}.${options.format}`), 'manifest.json']) {
    await assertNotAnInput(join(dir, n), inputs, displayPath(options.cwd, join(dir, n)), STATEMENT_OUTPUT);
  }
  for (const [i, s] of subjects.entries()) {
    const st = 'rep' in s ? buildRepStatement(ev, s, options.locale) : buildTeamStatement(ev, s, options.locale);
    const file = `${names[i]}.${options.format}`;
    const path = join(dir, file);
    const data = options.format === 'md' ? renderStatementMarkdown(st) : await statementBytes(st, t(st.kind === 'rep' ? 'statement.title' : 'statement.teamTitle'), date);
    await replaceFileAtomic(path, data, displayPath(options.cwd, path));
    files.push({ subject: 'rep' in s ? s.rep : s.name, file });
  }
  const manifest = {
    format: 'salesgrade-statements',
    formatVersion: 1,
    rubric: { name: ev.manifest.rubric.name, sha256: ev.manifest.rubric.sha256 },
    period: ev.period.label,
    asOf: ev.manifest.asOf ?? null,
    by: options.by,
    fileFormat: options.format,
    files: files.map((f) => ({ [options.by]: f.subject, file: f.file })),
  };
  const manifestPath = join(dir, 'manifest.json');
  await replaceFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, displayPath(options.cwd, manifestPath));
  return { dir: shownDir, files };
}
