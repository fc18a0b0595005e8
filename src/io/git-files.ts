/**
 * Rubric files at a git revision: `HEAD~1:rules/x.yaml`, `main:rules/x.yaml`. The file and everything
 * it `extends` are read with `git show <rev>:<path>` at that same revision, so a base changed in the
 * same commit is compared as it was. The only place that spawns git.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { RubricFiles } from '../rubric/load.js';
import { templatedError } from '../shared/errors.js';

export interface RevisionPath {
  rev: string;
  path: string;
}

/**
 * `rev:path` when `arg` names a git revision of a file, else undefined: an existing file, a Windows
 * drive (`C:\…`) or an empty side is a plain path.
 */
export function parseRevisionPath(arg: string, cwd: string): RevisionPath | undefined {
  const at = arg.indexOf(':');
  if (at <= 0 || at === arg.length - 1) return undefined;
  if (/^[A-Za-z]:[\\/]/.test(arg)) return undefined;
  if (existsSync(resolve(cwd, arg))) return undefined;
  return { rev: arg.slice(0, at), path: arg.slice(at + 1) };
}

function git(args: string[], cwd: string): Promise<Buffer> {
  return new Promise((done, fail) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
        const why = e.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : stderr.toString('utf8').trim().split('\n')[0] || e.message;
        fail(Object.assign(new Error(why), { spawn: e.code === 'ENOENT' }));
        return;
      }
      done(stdout);
    });
  });
}

/**
 * The files of `spec` at its revision. Paths inside the revision are relative to the repository root
 * as git reads them, or to `cwd` when they start with `./` or `../`. Throws `git-revision` with one
 * line outside a repository, for an unknown revision, or for a path that the revision does not have.
 */
export async function gitRubricFiles(spec: RevisionPath, cwd: string): Promise<{ files: RubricFiles; abs: string; display: string }> {
  const shown = `${spec.rev}:${spec.path}`;
  let root: string;
  try {
    root = (await git(['rev-parse', '--show-toplevel'], cwd)).toString('utf8').trim();
  } catch (e) {
    const why = (e as Error).message;
    throw /not a git repository/i.test(why) ? templatedError('git-revision', 'git-not-repository', { file: shown }) : templatedError('git-revision', 'git-error', { file: shown, reason: why });
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', `${spec.rev}^{commit}`], cwd);
  } catch (e) {
    if ((e as { spawn?: boolean }).spawn) throw templatedError('git-revision', 'git-spawn', { file: shown });
    throw templatedError('git-revision', 'git-unknown-revision', { file: shown, rev: spec.rev });
  }
  const relToCwd = spec.path.startsWith('./') || spec.path.startsWith('../');
  const abs = relToCwd ? resolve(cwd, spec.path) : resolve(root, spec.path);
  const inRepo = (p: string): string | undefined => {
    const rel = relative(root, p);
    return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
  };
  if (inRepo(abs) === undefined) throw templatedError('git-revision', 'git-outside', { file: shown, root });
  const displayOf = (p: string): string => `${spec.rev}:${inRepo(p) ?? p}`;
  const files: RubricFiles = {
    displayOf,
    async read(p, _display, limit) {
      const rel = inRepo(p);
      if (rel === undefined) throw Object.assign(new Error(`outside the repository (${root})`), { code: 'EOUTSIDE' });
      let bytes: Buffer;
      try {
        bytes = await git(['show', `${spec.rev}:${rel}`], root);
      } catch (e) {
        if ((e as { spawn?: boolean }).spawn) throw e;
        throw Object.assign(new Error(`${spec.rev} has no file ${rel}`), { code: 'ENOENT' });
      }
      return bytes.length > limit ? { size: bytes.length } : { bytes };
    },
  };
  return { files, abs, display: displayOf(abs) };
}
