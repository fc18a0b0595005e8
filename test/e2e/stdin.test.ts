// `-` reads the export from stdin (issue 16, item 4): CSV text or XLSX bytes, so salesgrade composes
// with curl, `psql \copy … to stdout`, `duckdb -csv`. Named `<stdin>` everywhere; the spool file is
// removed. `piped()` runs the CLI in-process with the bytes as io.stdin; one case spawns the real
// binary with a pipe, for the process's own stdin.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyInto, normalise, ownerDateAmountRubric, repoRoot, run, runInProcess, workdir } from './evaluate-helpers.js';

const CSV = 'Owner,Date,Amount\nrep0,2026-07-01,100\nrep0,2026-07-02,200\nrep1,2026-07-03,abc\n,2026-07-04,300\nrep1,2026-07-05,400\n';

let w: { dir: string; cleanup: () => void };
let tmp: string;
beforeAll(() => {
  w = workdir({ 'd.csv': CSV, 'salesgrade.yaml': ownerDateAmountRubric('Stdin') });
  copyInto(w.dir, 'samples', 'samples');
  copyInto(w.dir, 'rules', 'rules');
  tmp = join(w.dir, 'tmp');
  mkdirSync(tmp);
});
afterAll(() => w.cleanup());

/** The CLI in-process with `input` on stdin and a private TMPDIR (what the spool leaves behind is seen). */
function piped(args: string[], input: Buffer | string) {
  return runInProcess(w.dir, args, { TMPDIR: tmp }, undefined, input);
}

/** The real binary, its stdin a pipe. */
function spawnPiped(args: string[], input: Buffer | string) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'salesgrade.js'), ...args], {
    cwd: w.dir,
    input,
    encoding: 'utf8',
    // a private TMPDIR: what the spool leaves behind is seen
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', TMPDIR: tmp },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('evaluate - / explain - / inspect -', () => {
  it('CSV on stdin grades exactly as the file does; it is named <stdin>; nothing is left in TMPDIR', () => {
    const fromFile = run(w.dir, ['evaluate', 'd.csv', '-f', 'json']);
    const fromStdin = piped(['evaluate', '-', '-f', 'json'], CSV);
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(fromFile.status).toBe(0);
    // the process's own stdin (a pipe) reads the same
    const fromProcess = spawnPiped(['evaluate', '-', '-f', 'json'], CSV);
    expect(fromProcess.status, fromProcess.stderr).toBe(0);
    expect(normalise(fromProcess.stdout)).toBe(normalise(fromStdin.stdout));
    expect(normalise(fromStdin.stdout)).toBe(normalise(fromFile.stdout).replaceAll('d.csv', '<stdin>'));
    expect(JSON.parse(fromStdin.stdout).manifest.inputs[0].path).toBe('<stdin>');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('the terminal report from stdin gives no "salesgrade inspect <stdin>" hint (not a runnable command); from a file it does', () => {
    const fromFile = run(w.dir, ['evaluate', 'd.csv', '--no-workbook']);
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toContain('salesgrade inspect d.csv');
    const fromStdin = piped(['evaluate', '-', '--no-workbook'], CSV);
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toContain('<stdin>'); // the findings are still located
    expect(fromStdin.stdout).not.toContain('salesgrade inspect');
  });

  it('XLSX bytes on stdin (the sample export), by the zip signature', () => {
    const bytes = readFileSync(join(w.dir, 'samples', 'east-china-2026.xlsx'));
    const fromFile = run(w.dir, ['evaluate', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '-f', 'csv', '-q']);
    const fromStdin = piped(['evaluate', '-', '-r', 'samples/salesgrade.yaml', '-f', 'csv', '-q'], bytes);
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('explain - and inspect - read stdin too; findings are located in <stdin>', () => {
    const ex = piped(['explain', '-', '--rep', 'rep0'], CSV);
    expect(ex.status, ex.stderr).toBe(0);
    expect(ex.stdout).toContain('rep0');
    const ins = piped(['inspect', '-', '-f', 'json'], CSV);
    expect(ins.status, ins.stderr).toBe(0);
    expect(ins.stdout).toContain('"<stdin>');
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('- twice is a usage error; the default workbook of - is stdin.salesgrade.xlsx', () => {
    expect(piped(['evaluate', '-', '-'], CSV)).toMatchObject({ status: 2, stdout: '' });
    const table = piped(['evaluate', '-', '-q'], CSV);
    expect(table.status, table.stderr).toBe(0);
    expect(readdirSync(w.dir)).toContain('stdin.salesgrade.xlsx');
  });
});
